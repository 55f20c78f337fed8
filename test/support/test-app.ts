/**
 * Boots the real service (Fastify, real HTTP, real SQLite file in a temp folder) for e2e
 * specs, and offers a small client that speaks as a given actor: `as(id, role)` adds the
 * user (or grants the role) and issues a bearer token through the same UserService the
 * `ledger` CLI uses, once per id and role, and sends it as `Authorization: Bearer …`.
 */
import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Logger } from 'pino';
import request from 'supertest';
import { createApp } from '../../src/app';
import { isRole, Role } from '../../src/shared/roles';
import { UserService } from '../../src/auth/user.service';
import { USERS_STREAM } from '../../src/auth/users.events';
import { loadConfig } from '../../src/config/config';
import { ActorRef, EventStore } from '../../src/event-store/event-store';
import { createLogger } from '../../src/infra/logger';
import { Clock } from '../../src/infra/tokens';
import { openTestStore, TestStoreKind } from './esdb-test-store';
import { LINE_OWNER, OTHER_OWNER } from './investment.mothers';

/** The owners of the default benefit case's lines, registered in every test app. */
const CASE_OWNERS: readonly string[] = [LINE_OWNER, OTHER_OWNER];

export interface TestApp {
  readonly app: NestFastifyApplication;
  readonly store: EventStore;
  readonly url: string;
  readonly dir: string;
  readonly sqlitePath: string;
  /** The service behind `ledger users …` / `ledger tokens …`, inside the running app. */
  readonly users: UserService;
  /** Every route the app registered, as `METHOD /path/:param` (HEAD and OPTIONS left out). */
  readonly routes: readonly string[];
  as(actorId: string, role: string): ActorClient;
  /** The bearer token `as(actorId, role)` sends (issued on first use). */
  tokenFor(actorId: string, role: string): Promise<string>;
  anonymous(): request.Agent;
  close(): Promise<void>;
}

export interface ActorClient {
  get(path: string): request.Test;
  post(path: string, body?: object): request.Test;
  put(path: string, body?: object): request.Test;
}

export const startTestApp = async (
  options: {
    clock?: Clock;
    env?: Record<string, string>;
    logger?: Logger;
    /** The store to boot on, whatever TEST_STORE says (a spec that races both kinds). */
    store?: TestStoreKind;
  } = {},
): Promise<TestApp> => {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-e2e-'));
  const sqlitePath = join(dir, 'ledger.sqlite');
  // TEST_STORE picks the store (SQLite by default; the EventStoreDB adapter on its protocol fake).
  const testStore = await openTestStore(sqlitePath, options.store);
  const config = loadConfig({
    LEDGER_SQLITE_PATH: sqlitePath,
    PORT: '0',
    HOST: '127.0.0.1',
    // Every spec calls from 127.0.0.1 and many send bad tokens on purpose (the authorisation
    // matrix alone sends about eighty): the per-address failure limit is off unless a spec
    // sets it (test/auth/rate-limit.spec.ts does).
    LEDGER_AUTH_FAILURE_BURST: '0',
    // The chain watch verifies the chain in the background at a moment no spec chooses, taking
    // one of the service's verification slots: off unless a spec turns it on
    // (test/audit/chain-watch.e2e.spec.ts does).
    LEDGER_CHAIN_WATCH_MINUTES: '0',
    ...testStore.env,
    ...options.env,
  });
  const store = testStore.store;
  const app = await createApp({
    config,
    store,
    logger: options.logger ?? createLogger('silent'),
    clock: options.clock,
  });
  const routes = collectRoutes(app);
  await app.listen(0, '127.0.0.1');
  const url = await app.getUrl();
  const users = app.get(UserService);
  // Benefit owners must be registered users; the default case (investment.mothers) names these.
  for (const owner of CASE_OWNERS) await ensureUser(users, owner, 'project-lead');
  const tokenFor = tokenIssuer(users);
  const withActor = (t: request.Test, id: string, role: string): request.Test =>
    sendWhenReady(t, tokenFor(id, role));
  return {
    app,
    store,
    url,
    dir,
    sqlitePath,
    users,
    routes,
    tokenFor,
    as: (id, role) => ({
      get: (path) => withActor(request(url).get(path), id, role),
      post: (path, body) => withActor(request(url).post(path), id, role).send(body ?? {}),
      put: (path, body) => withActor(request(url).put(path), id, role).send(body ?? {}),
    }),
    anonymous: () => request.agent(url),
    close: async () => {
      await app.close();
      await testStore.release();
      rmSync(dir, { recursive: true, force: true });
    },
  };
};

/** Who the helper's own user set-up is recorded as. */
const SETUP_ACTOR: ActorRef = { id: 'test-setup', role: 'admin' };
/** Well-formed, held by nobody: what a client with an unknown role gets, so it is a 401. */
const UNKNOWN_TOKEN = `flt_${'A'.repeat(43)}`;

/** Adds the user or grants the role, whichever is needed; safe to run concurrently. */
const ensureUser = async (users: UserService, id: string, role: Role): Promise<void> => {
  try {
    await users.addUser(id, role, null, SETUP_ACTOR);
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'USER_ALREADY_EXISTS') throw error;
    await users.grantRole(id, role, SETUP_ACTOR);
  }
};

/** One token per id and role for the life of the app, issued on first use. */
const tokenIssuer = (users: UserService): ((id: string, role: string) => Promise<string>) => {
  const issued = new Map<string, Promise<string>>();
  return (id, role) => {
    const key = `${id} ${role}`;
    let token = issued.get(key);
    if (!token) {
      token = isRole(role)
        ? ensureUser(users, id, role).then(
            async () => (await users.issueToken(id, role, SETUP_ACTOR)).token,
          )
        : Promise.resolve(UNKNOWN_TOKEN);
      issued.set(key, token);
    }
    return token;
  };
};

/**
 * `as(...)` must hand back a supertest request at once, but the token is issued
 * asynchronously: the request is sent (its `end`, which `then` and `expect` go through) only
 * once the token is there.
 */
const sendWhenReady = (test: request.Test, token: Promise<string>): request.Test => {
  const end = test.end.bind(test);
  test.end = (callback) => {
    token.then(
      (value) => {
        test.set('Authorization', `Bearer ${value}`);
        end(callback);
      },
      (error: unknown) => callback?.(error, undefined as never),
    );
    return test;
  };
  return test;
};

const collectRoutes = (app: NestFastifyApplication): string[] => {
  const routes: string[] = [];
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRoute', (route) => {
      const methods = Array.isArray(route.method) ? route.method : [route.method];
      for (const method of methods)
        if (method !== 'HEAD' && method !== 'OPTIONS') routes.push(`${method} ${route.url}`);
    });
  return routes;
};

/**
 * Counts the events in the store, except the helper's own user set-up (the `users`
 * stream), which `as(...)` may record at any moment: refused commands must leave it unchanged.
 */
export const eventCount = async (store: EventStore): Promise<number> => {
  let count = 0;
  for await (const event of store.readAll()) if (event.streamId !== USERS_STREAM) count++;
  return count;
};

interface ProblemAnswer {
  status: number;
  headers: Record<string, string>;
  body: Record<string, unknown>;
}

/**
 * Sends a request that must be refused: checks status, problem+json and stable code, and
 * that the ledger holds exactly as many events afterwards. Returns the problem body.
 */
export const expectRefusal = async (
  t: TestApp,
  call: PromiseLike<ProblemAnswer>,
  status: number,
  code: string,
): Promise<Record<string, unknown>> => {
  const before = await eventCount(t.store);
  const res = await call;
  expect({ status: res.status, code: res.body.code }).toEqual({ status, code });
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(await eventCount(t.store)).toBe(before);
  return res.body;
};
