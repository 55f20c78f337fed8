/**
 * Service instances for the Idempotency-Key specs, without HTTP: the real command gateway,
 * command handler and persisted index on a real ledger (a SQLite file, or the EventStoreDB
 * adapter), each instance with its own connection to it and its own index file.
 *
 * The commands are deliberately not idempotent by themselves: every note gets a fresh id
 * from the "server" (as a correction or a reduction without a client id does), so only the
 * Idempotency-Key machinery can stop a repeat from recording a second note.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  AppendOptions,
  AppendResult,
  EventStore,
  NewEvent,
  ReadAllOptions,
  Readiness,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeOptions,
} from '../../src/event-store/event-store';
import { CommandCall, CommandGateway } from '../../src/http/command-gateway';
import { CommandAnswer, IdempotencyIndex } from '../../src/infra/idempotency';
import { IdempotencyDb } from '../../src/infra/idempotency-db';
import { CommandHandler } from '../../src/shared/command-handler';
import { append, Decider } from '../../src/shared/decider';
import { Actor } from '../../src/shared/roles';
import { Observable } from 'rxjs';

export const NOTES_STREAM = 'notes-1';

interface TakeNote {
  readonly noteId: string;
  readonly text: string;
  /** How many events the note takes (a command may append several). */
  readonly parts: number;
}
interface NoteTaken {
  readonly type: 'NoteTaken';
  readonly data: { readonly noteId: string; readonly text: string; readonly part: number };
}

/** Appends the note whatever the stream holds: nothing here recognises a repeat. */
export const notesDecider: Decider<TakeNote, NoteTaken, number> = {
  initialState: 0,
  decide: (command) =>
    append(
      ...Array.from({ length: command.parts }, (_, part) => ({
        type: 'NoteTaken' as const,
        data: { noteId: command.noteId, text: command.text, part },
      })),
    ),
  evolve: (count) => count + 1,
};

export const ANNA: Actor = { id: 'anna.berg', role: 'finance' };
export const ERIK: Actor = { id: 'erik.lund', role: 'finance' };

/** An event store that counts the events read from the whole ledger (readAll). */
export class CountingStore implements EventStore {
  eventsRead = 0;
  readonly readsAfter: bigint[] = [];

  constructor(private readonly inner: EventStore) {}

  append(
    stream: string,
    events: readonly NewEvent[],
    options: AppendOptions,
  ): Promise<AppendResult> {
    return this.inner.append(stream, events, options);
  }
  readStream(stream: string, options?: ReadStreamOptions): AsyncIterable<RecordedEvent> {
    return this.inner.readStream(stream, options);
  }
  async *readAll(options?: ReadAllOptions): AsyncIterable<RecordedEvent> {
    this.readsAfter.push(options?.after ?? 0n);
    for await (const event of this.inner.readAll(options)) {
      this.eventsRead += 1;
      yield event;
    }
  }
  subscribe(options?: SubscribeOptions): Observable<RecordedEvent> {
    return this.inner.subscribe(options);
  }
  streamRevision(stream: string): Promise<bigint | undefined> {
    return this.inner.streamRevision(stream);
  }
  headPosition(): Promise<bigint> {
    return this.inner.headPosition();
  }

  settleRecordedUpTo(instant: string): Promise<void> {
    return this.inner.settleRecordedUpTo(instant);
  }
  readiness(): Promise<Readiness> {
    return this.inner.readiness();
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}

export interface Instance {
  readonly store: CountingStore;
  readonly index: IdempotencyIndex;
  readonly handler: CommandHandler;
  readonly gateway: CommandGateway;
  /** POST /notes as `actor`, under `key` when given: what the controller would do. */
  note(
    actor: Actor,
    text: string,
    key?: string,
    parts?: number,
    stream?: string,
  ): Promise<CommandAnswer>;
  stop(): Promise<void>;
}

const callOf = (actor: Actor, body: object, key: string | undefined): CommandCall => ({
  actor,
  request: {
    method: 'POST',
    url: '/api/notes',
    body,
    headers: key === undefined ? {} : { 'idempotency-key': key },
    id: randomUUID(),
  } as unknown as FastifyRequest,
  reply: { header: () => undefined } as unknown as FastifyReply,
});

/**
 * One service instance on `store` with its index in `indexPath`. `guarded: false` leaves the
 * handler without the index's guard, to show what the derived event ids alone do.
 */
export const startInstance = async (
  store: EventStore,
  indexPath: string,
  options: { readonly guarded?: boolean } = {},
): Promise<Instance> => {
  const counting = new CountingStore(store);
  const index = await IdempotencyIndex.start(counting, IdempotencyDb.open(indexPath));
  const handler = new CommandHandler(
    counting,
    undefined,
    options.guarded === false ? undefined : index,
  );
  const gateway = new CommandGateway(handler, index);
  return {
    store: counting,
    index,
    handler,
    gateway,
    note: (actor, text, key, parts = 1, stream = NOTES_STREAM) => {
      const body = { text, parts };
      // The server picks the note's id, as for a correction: a blind retry would get a new one.
      const noteId = randomUUID();
      return gateway.run(callOf(actor, body, key), {
        stream,
        decider: notesDecider,
        id: noteId,
        command: () => ({ noteId, text, parts }),
      });
    },
    stop: async () => {
      await index.stop();
      await store.close();
    },
  };
};

/** The notes recorded in the stream, as [noteId, text, part]. */
export const notesIn = async (
  store: EventStore,
  stream = NOTES_STREAM,
): Promise<RecordedEvent[]> => {
  const events: RecordedEvent[] = [];
  for await (const event of store.readStream(stream)) events.push(event);
  return events;
};

/** The problem code a refused call carries. */
export const problemCode = async (call: Promise<unknown>): Promise<string> => {
  try {
    await call;
  } catch (error) {
    return String((error as { problem?: { code?: unknown } }).problem?.code ?? error);
  }
  throw new Error('the call was not refused');
};
