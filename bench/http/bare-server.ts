/**
 * Child process: the baseline for HTTP commands. A bare Fastify app whose routes turn the
 * JSON body into one event row and make it durable with raw better-sqlite3 on the store's
 * schema and pragmas (support/raw-sqlite.ts), with no validation, authentication, decider or
 * hash chain:
 *   POST /one-fsync/:stream      one transaction (one fsync) per request;
 *   POST /group-commit/:stream   requests arriving in the same tick share a transaction,
 *                                answered once it is durable (what SqliteEventStore does).
 */
import Fastify from 'fastify';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { setImmediate } from 'node:timers';
import { NewEvent } from '../../src/event-store/event-store';
import { EVENT_SCHEMA_VERSION } from '../../src/shared/command-handler';
import { RawLedger } from '../support/raw-sqlite';
import { announceReady, serveParent } from './child';

interface Pending {
  readonly stream: string;
  readonly event: NewEvent;
  readonly done: (error?: unknown) => void;
}

const toEvent = (type: string, body: unknown): NewEvent => {
  const commandId = randomUUID();
  return {
    eventId: randomUUID(),
    type,
    data: body,
    metadata: {
      actor: { id: 'bench', role: 'finance' },
      recordedAt: new Date().toISOString(),
      correlationId: randomUUID(),
      causationId: commandId,
      commandId,
      schemaVersion: EVENT_SCHEMA_VERSION,
    },
  };
};

/** Queues inserts and writes each tick's queue in one transaction. */
const groupCommitter = (raw: RawLedger) => {
  let queue: Pending[] = [];
  const flush = (): void => {
    const batch = queue;
    queue = [];
    try {
      raw.appendMany(batch);
      batch.forEach((pending) => pending.done());
    } catch (error) {
      batch.forEach((pending) => pending.done(error));
    }
  };
  return (stream: string, event: NewEvent): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      if (queue.length === 0) setImmediate(flush);
      queue.push({ stream, event, done: (error) => (error ? reject(error) : resolve()) });
    });
};

const main = async (): Promise<void> => {
  const dir = process.env.BENCH_BARE_DIR;
  if (dir === undefined) throw new Error('BENCH_BARE_DIR is required');
  const oneFsync = RawLedger.open(join(dir, 'bare-one-fsync.sqlite'));
  const grouped = RawLedger.open(join(dir, 'bare-group-commit.sqlite'));
  const groupAppend = groupCommitter(grouped);
  const app = Fastify({ logger: false });
  app.post<{ Params: { stream: string } }>('/one-fsync/:stream', async (request, reply) => {
    oneFsync.appendOne(request.params.stream, toEvent('FundsAllocated', request.body));
    return reply.code(201).send({ ok: true });
  });
  app.post<{ Params: { stream: string } }>('/group-commit/:stream', async (request, reply) => {
    await groupAppend(request.params.stream, toEvent('FundsAllocated', request.body));
    return reply.code(201).send({ ok: true });
  });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  serveParent(async () => {
    await app.close();
    oneFsync.close();
    grouped.close();
  });
  announceReady({ type: 'ready', url, credentials: {} });
};

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
