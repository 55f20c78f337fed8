/**
 * Child process: the real service (createApp, as main.ts builds it) on the SQLite file named
 * by BENCH_LEDGER_PATH, listening on a free loopback port, with bearer tokens issued for the
 * actors in BENCH_ACTORS (JSON [[id, role], …]) the way an administrator issues them. The
 * per-credential rate limit is switched off: the benchmark is one client per role pushing
 * as hard as it can, which the limit exists to stop.
 */
import 'reflect-metadata';
import { createApp } from '../../src/app';
import { isRole } from '../../src/shared/roles';
import { UserService } from '../../src/auth/user.service';
import { loadConfig } from '../../src/config/config';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import { createLogger } from '../../src/infra/logger';
import { requiredEnv } from '../support/config';
import { announceReady, Credentials, serveParent } from './child';

const SETUP_ACTOR = { id: 'bench-setup', role: 'admin' };

const issueCredentials = async (
  users: UserService,
  actors: readonly (readonly [string, string])[],
): Promise<Credentials> => {
  const credentials: Record<string, Record<string, string>> = {};
  for (const [id, role] of actors) {
    if (!isRole(role)) throw new Error(`BENCH_ACTORS: ${role} is not a role`);
    await users.addUser(id, role, null, SETUP_ACTOR);
    const issued = await users.issueToken(id, role, SETUP_ACTOR);
    credentials[`${id} ${role}`] = { authorization: `Bearer ${issued.token}` };
  }
  return credentials;
};

const main = async (): Promise<void> => {
  const sqlitePath = requiredEnv('BENCH_LEDGER_PATH');
  const actors = JSON.parse(process.env.BENCH_ACTORS ?? '[]') as [string, string][];
  const readModelPath = process.env.BENCH_READMODEL_PATH;
  const config = loadConfig({
    LEDGER_SQLITE_PATH: sqlitePath,
    ...(readModelPath ? { LEDGER_READMODEL_PATH: readModelPath } : {}),
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    LEDGER_RATE_LIMIT_BURST: '0',
    // A tool may turn the chain watch off (or space it), as a user would.
    ...(process.env.LEDGER_CHAIN_WATCH_MINUTES === undefined
      ? {}
      : { LEDGER_CHAIN_WATCH_MINUTES: process.env.LEDGER_CHAIN_WATCH_MINUTES }),
  });
  let close = async (): Promise<void> => undefined;
  serveParent(() => close());
  const store = SqliteEventStore.open(sqlitePath);
  const app = await createApp({ config, store, logger: createLogger('silent') });
  close = () => app.close();
  await app.listen(0, '127.0.0.1');
  const credentials = await issueCredentials(app.get(UserService), actors);
  announceReady({ type: 'ready', url: await app.getUrl(), credentials });
};

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
