/**
 * Starts the service: validated configuration, the event store, the HTTP app, and a
 * graceful shutdown that lets in-flight requests (and their appends) finish on SIGTERM.
 */
import 'reflect-metadata';
import { createApp } from './app';
import { ConfigError, loadConfig } from './config/config';
import { createLogger } from './infra/logger';
import { openStore } from './infra/open-store';
import { missingTokenFileProblem } from './auth/token-file-check';
import { startupProblem } from './infra/startup-problems';

const main = async (): Promise<void> => {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
  const logger = createLogger(config.logLevel);
  const configured = config;
  /** A configuration mistake met while starting: named by its variable, exit 2. */
  const refuse = (error: unknown, where: 'listen' | 'ledger'): never => {
    const problem = startupProblem(error, where, configured);
    if (problem === undefined) throw error;
    console.error(new ConfigError([problem]).message);
    process.exit(2);
  };
  const store = await openStore(config).catch((error: unknown) => refuse(error, 'ledger'));
  if (config.auth === 'tokens') {
    const problem = await missingTokenFileProblem(config.tokensPath, store, 'the service');
    if (problem !== undefined) {
      console.error(new ConfigError([problem]).message);
      await store.close();
      process.exit(2);
    }
  }
  const app = await createApp({ config, store, logger });
  // SIGTERM/SIGINT: stop taking requests, let in-flight ones (and their appends) finish,
  // then close the store; a stuck request cannot hold the process past the grace period.
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      logger.info({ signal, graceMs: config.shutdownGraceMs }, 'shutting down');
      setTimeout(() => {
        logger.error({ graceMs: config.shutdownGraceMs }, 'shutdown grace period over; exiting');
        process.exit(1);
      }, config.shutdownGraceMs).unref();
    });
  }
  await app.listen(config.port, config.host).catch(async (error: unknown) => {
    if (startupProblem(error, 'listen', configured) !== undefined) await app.close();
    return refuse(error, 'listen');
  });
  logger.info(
    { port: config.port, store: config.store, sqlitePath: config.sqlitePath },
    `fund ledger listening on http://localhost:${config.port} (API docs at /docs)`,
  );
};

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
