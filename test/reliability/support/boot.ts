/**
 * The real app over HTTP on an event store the spec hands in (a fault-injecting double, a
 * copy of a fixture), with bearer tokens for the workload's actors issued through UserService
 * and the default case's benefit owners registered (a case naming unknown owners is refused).
 */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { join } from 'node:path';
import { createApp } from '../../../src/app';
import { UserService } from '../../../src/auth/user.service';
import { loadConfig } from '../../../src/config/config';
import { EventStore } from '../../../src/event-store/event-store';
import { createLogger } from '../../../src/infra/logger';
import { send } from './http';
import { ACTORS, CASE_OWNERS, TestActor, Transport } from './workload';

export interface BootedApp {
  readonly app: NestFastifyApplication;
  readonly url: string;
  readonly transport: Transport;
  close(): Promise<void>;
}

const SETUP_ACTOR = { id: 'reliability-setup', role: 'admin' };

/**
 * Boots on `store`, keeping the read models in `dir`. Users are added unless they exist
 * already (a second boot on the same ledger); each boot issues fresh tokens.
 */
export const bootApp = async (
  store: EventStore,
  dir: string,
  env: Record<string, string> = {},
): Promise<BootedApp> => {
  const config = loadConfig({
    LEDGER_SQLITE_PATH: join(dir, 'ledger.sqlite'),
    PORT: '0',
    HOST: '127.0.0.1',
    LEDGER_RATE_LIMIT_BURST: '0',
    ...env,
  });
  const app = await createApp({ config, store, logger: createLogger('silent') });
  await app.listen(0, '127.0.0.1');
  const url = await app.getUrl();
  const users = app.get(UserService);
  const tokens = new Map<string, string>();
  for (const actor of [...ACTORS, ...CASE_OWNERS]) {
    try {
      await users.addUser(actor.id, actor.role, null, SETUP_ACTOR);
    } catch (error) {
      if ((error as { code?: unknown }).code !== 'USER_ALREADY_EXISTS') throw error;
    }
  }
  for (const actor of ACTORS)
    tokens.set(actor.id, (await users.issueToken(actor.id, actor.role, SETUP_ACTOR)).token);
  return {
    app,
    url,
    transport: (actor: TestActor, request) => send(url, tokens.get(actor.id), request),
    close: () => app.close(),
  };
};
