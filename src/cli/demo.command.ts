/**
 * `ledger demo [--path <file>] [--no-serve]`: builds the demo ledger of Örebro's fund into a
 * fresh file (default ./data/demo.sqlite; a ledger that is not a demo is never overwritten,
 * nor a demo a running service has open), prints a bearer token for every demo user, and
 * starts the service on it. The tokens are the last thing printed before the service's log,
 * so they stay in view; the address comes just before them.
 */
import { createServer } from 'node:net';
import { createApp } from '../app';
import {
  buildDemoLedger,
  DEFAULT_DEMO_PATH,
  demoConfig,
  DemoBuild,
  DemoInUseError,
  DemoRefusedError,
} from '../demo/demo-runner';
import { AppConfig } from '../config/config';
import { createLogger } from '../infra/logger';
import { openStore } from '../infra/open-store';
import { CliIo, CommandGroup, EXIT_OK, parseCommand, stringOption, UsageError } from './cli';
import { progressBar } from './progress-bar';

const SHUTDOWN_SIGNALS = ['SIGTERM', 'SIGINT'] as const;

const build = async (path: string): Promise<DemoBuild> => {
  const bar = progressBar('building the demo ledger');
  try {
    return await buildDemoLedger({ path, onProgress: bar.listener });
  } catch (error) {
    if (error instanceof DemoRefusedError || error instanceof DemoInUseError)
      throw new UsageError(error.message);
    throw error;
  } finally {
    bar.finish();
  }
};

/** Whether the service could listen where it is configured to, before minutes of building. */
const portIsFree = (port: number, host: string): Promise<boolean> =>
  new Promise((resolve) => {
    const probe = createServer()
      .once('error', () => resolve(false))
      .listen(port, host, () => probe.close(() => resolve(true)));
  });

const checkPort = async (config: AppConfig): Promise<void> => {
  if (config.port === 0 || (await portIsFree(config.port, config.host))) return;
  throw new UsageError(
    `port ${config.port} is in use (is the demo already running?). Stop that service (Ctrl-C in its terminal) or choose another port: PORT=3001 npm run demo`,
  );
};

const address = (config: AppConfig): string =>
  config.port === 0 ? 'a free port (see the log)' : `http://localhost:${config.port}/`;

const printCredentials = (result: DemoBuild, io: CliIo, serving: AppConfig | undefined): void => {
  io.err(`demo ledger ${result.path}: ${result.events} events from ${result.requests} requests`);
  if (serving)
    io.err(`the service starts on it at ${address(serving)} (API docs at /docs); Ctrl-C stops it`);
  io.err('demo users and their bearer tokens (Authorization: Bearer <token>):');
  for (const user of result.credentials) io.out(`${user.userId}\t${user.role}\t${user.token}`);
};

/** The service on the demo file, as `npm start` would run it, with a bounded graceful stop. */
const serve = async (config: AppConfig): Promise<void> => {
  const logger = createLogger(config.logLevel);
  const store = await openStore(config);
  const app = await createApp({ config, store, logger });
  app.enableShutdownHooks([...SHUTDOWN_SIGNALS]);
  for (const signal of SHUTDOWN_SIGNALS) {
    process.once(signal, () => setTimeout(() => process.exit(1), config.shutdownGraceMs).unref());
  }
  await app.listen(config.port, config.host);
  logger.info(
    { port: config.port, sqlitePath: config.sqlitePath },
    `the service runs on the demo ledger: ${await app.getUrl()}/`,
  );
};

const run = async (args: readonly string[], io: CliIo): Promise<number> => {
  const parsed = parseCommand(
    args,
    { path: { type: 'string' }, 'no-serve': { type: 'boolean' } },
    0,
  );
  const path = stringOption(parsed, 'path') ?? DEFAULT_DEMO_PATH;
  const serving =
    parsed.values['no-serve'] === true ? undefined : demoConfig(process.env, path, false);
  if (serving) await checkPort(serving);
  const result = await build(path);
  printCredentials(result, io, serving);
  if (serving) await serve(serving);
  return EXIT_OK;
};

export const demoCommand: CommandGroup = {
  name: 'demo',
  summary:
    "build the demo ledger of Örebro's fund, print its users' tokens and start the service on it",
  usage: ['demo [--path <file>] [--no-serve]'],
  run,
};
