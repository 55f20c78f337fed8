/** Structured logs (pino) for the service and an adapter so Nest's own messages use them. */
import { LoggerService } from '@nestjs/common';
import pino, { Logger } from 'pino';
import { LogLevel } from '../config/config';

export const createLogger = (level: LogLevel): Logger =>
  pino({ level, base: { service: 'fund-ledger' } });

/**
 * Nest's start-up chatter: a line per module initialised and per route mapped (well over a
 * hundred), which buried the lines that matter (listening, warnings). Debug level, not info.
 */
export const NEST_CHATTER_CONTEXTS: readonly string[] = [
  'InstanceLoader',
  'RoutesResolver',
  'RouterExplorer',
];

export class NestPinoLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}
  log(message: unknown, context?: string): void {
    if (context !== undefined && NEST_CHATTER_CONTEXTS.includes(context))
      this.logger.debug({ context }, String(message));
    else this.logger.info({ context }, String(message));
  }
  error(message: unknown, trace?: string, context?: string): void {
    this.logger.error({ context, trace }, String(message));
  }
  warn(message: unknown, context?: string): void {
    this.logger.warn({ context }, String(message));
  }
  debug(message: unknown, context?: string): void {
    this.logger.debug({ context }, String(message));
  }
  verbose(message: unknown, context?: string): void {
    this.logger.trace({ context }, String(message));
  }
}
