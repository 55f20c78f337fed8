/**
 * Nest's own messages through pino: its route-mapping and module lines at debug (a service's
 * start at info shows what matters), everything else at the level Nest meant.
 */
import { Writable } from 'node:stream';
import pino from 'pino';
import { NestPinoLogger } from '../../src/infra/logger';

const captured = (level: 'info' | 'debug') => {
  const lines: { level: number; msg: string; context?: string }[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()));
      done();
    },
  });
  return { logger: new NestPinoLogger(pino({ level }, sink)), lines };
};

const INFO = 30;
const DEBUG = 20;

describe('Nest messages in the service log', () => {
  it('puts route mapping and module initialisation at debug, the rest at info', () => {
    const { logger, lines } = captured('debug');
    logger.log('Mapped {/api/funds, POST} route', 'RouterExplorer');
    logger.log('FundController {/api/funds}:', 'RoutesResolver');
    logger.log('AppModule dependencies initialized', 'InstanceLoader');
    logger.log('Nest application successfully started', 'NestApplication');
    expect(lines.map((l) => [l.context, l.level])).toEqual([
      ['RouterExplorer', DEBUG],
      ['RoutesResolver', DEBUG],
      ['InstanceLoader', DEBUG],
      ['NestApplication', INFO],
    ]);
  });

  it('leaves them out of an info log', () => {
    const { logger, lines } = captured('info');
    logger.log('Mapped {/api/funds, POST} route', 'RouterExplorer');
    logger.warn('something to look at', 'NestApplication');
    expect(lines.map((l) => l.msg)).toEqual(['something to look at']);
  });
});
