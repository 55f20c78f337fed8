/**
 * `ledger demo [--path <file>] [--no-serve]`: builds the demo ledger of Örebro's fund into a
 * fresh file (default ./data/demo.sqlite; a ledger that is not a demo is never overwritten),
 * prints a bearer token for every demo user, and starts the service on it.
 */
import { createApp } from '../app';
import {
  buildDemoLedger,
  DEFAULT_DEMO_PATH,
  demoConfig,
  DemoBuild,
  DemoRefusedError,
} from '../demo/demo-runner';
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
    if (error instanceof DemoRefusedError) throw new UsageError(error.message);
    throw error;
  } finally {
    bar.finish();
  }
};

const printCredentials = (result: DemoBuild, io: CliIo): void => {
  io.err(`demo ledger ${result.path}: ${result.events} events from ${result.requests} requests`);
  io.err('demo users and their bearer tokens (Authorization: Bearer <token>):');
  for (const user of result.credentials) io.out(`${user.userId}\t${user.role}\t${user.token}`);
};

/** The service on the demo file, as `npm start` would run it, with a bounded graceful stop. */
const serve = async (path: string, io: CliIo): Promise<void> => {
  const config = demoConfig(process.env, path, false);
  const logger = createLogger(config.logLevel);
  const store = await openStore(config);
  const app = await createApp({ config, store, logger });
  app.enableShutdownHooks([...SHUTDOWN_SIGNALS]);
  for (const signal of SHUTDOWN_SIGNALS) {
    process.once(signal, () => setTimeout(() => process.exit(1), config.shutdownGraceMs).unref());
  }
  await app.listen(config.port, config.host);
  io.err(
    `the service runs on the demo ledger: http://localhost:${config.port}/ (API docs at /docs); Ctrl-C stops it`,
  );
};

const run = async (args: readonly string[], io: CliIo): Promise<number> => {
  const parsed = parseCommand(
    args,
    { path: { type: 'string' }, 'no-serve': { type: 'boolean' } },
    0,
  );
  const path = stringOption(parsed, 'path') ?? DEFAULT_DEMO_PATH;
  const result = await build(path);
  printCredentials(result, io);
  if (parsed.values['no-serve'] !== true) await serve(path, io);
  return EXIT_OK;
};

export const demoCommand: CommandGroup = {
  name: 'demo',
  summary:
    "build the demo ledger of Örebro's fund, print its users' tokens and start the service on it",
  usage: ['demo [--path <file>] [--no-serve]'],
  run,
};
