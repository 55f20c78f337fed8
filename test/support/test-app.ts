/**
 * Boots the real service (Fastify, real HTTP, real SQLite file in a temp folder) for e2e
 * specs, and offers a small client that speaks as a given actor.
 */
import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { createApp } from '../../src/app';
import { loadConfig } from '../../src/config/config';
import { EventStore } from '../../src/event-store/event-store';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import { createLogger } from '../../src/infra/logger';
import { Clock } from '../../src/infra/tokens';

export interface TestApp {
  readonly app: NestFastifyApplication;
  readonly store: EventStore;
  readonly url: string;
  readonly dir: string;
  readonly sqlitePath: string;
  as(actorId: string, role: string): ActorClient;
  anonymous(): request.Agent;
  close(): Promise<void>;
}

export interface ActorClient {
  get(path: string): request.Test;
  post(path: string, body?: object): request.Test;
  put(path: string, body?: object): request.Test;
}

export const startTestApp = async (
  options: { clock?: Clock; env?: Record<string, string> } = {},
): Promise<TestApp> => {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-e2e-'));
  const sqlitePath = join(dir, 'ledger.sqlite');
  const config = loadConfig({
    LEDGER_SQLITE_PATH: sqlitePath,
    PORT: '0',
    HOST: '127.0.0.1',
    ...options.env,
  });
  const store = SqliteEventStore.open(sqlitePath);
  const app = await createApp({
    config,
    store,
    logger: createLogger('silent'),
    clock: options.clock,
  });
  await app.listen(0, '127.0.0.1');
  const url = await app.getUrl();
  const withActor = (t: request.Test, id: string, role: string): request.Test =>
    t.set('X-Actor-Id', id).set('X-Actor-Role', role);
  return {
    app,
    store,
    url,
    dir,
    sqlitePath,
    as: (id, role) => ({
      get: (path) => withActor(request(url).get(path), id, role),
      post: (path, body) => withActor(request(url).post(path), id, role).send(body ?? {}),
      put: (path, body) => withActor(request(url).put(path), id, role).send(body ?? {}),
    }),
    anonymous: () => request.agent(url),
    close: async () => {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
};

/** Counts every event in the store: refused commands must leave it unchanged. */
export const eventCount = async (store: EventStore): Promise<number> => {
  let count = 0;
  for await (const _event of store.readAll()) count++;
  return count;
};
