/**
 * Recorded times never go back along the ledger, also across a restart: a service (or the
 * CLI) started with its clock behind the ledger's last event stamps no earlier than it. Before,
 * the clamp started from nothing in every process, so such an event was stamped in the past:
 * as of a moment after it the ledger showed less than as of a moment before, and the change
 * list for its day left it out.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  collect,
  InvalidAppendError,
  NewEvent,
  RecordedBeforeHeadError,
} from '../../src/event-store/event-store';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import { CommandHandler } from '../../src/shared/command-handler';
import { ANNA, NOTES_STREAM, notesDecider } from '../idempotency/support';

const at = (instant: string) => () => new Date(instant);
const note = (handler: CommandHandler, text: string) =>
  handler.execute(
    NOTES_STREAM,
    notesDecider,
    { noteId: text, text, parts: 1 },
    { actor: ANNA, correlationId: text },
  );

describe('recorded time across processes', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-recorded-time-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is never earlier than the last event the ledger holds when the clock is behind it', async () => {
    const path = join(dir, 'ledger.sqlite');
    const first = SqliteEventStore.open(path);
    await note(new CommandHandler(first, at('2021-06-01T10:00:00.000Z')), 'before the restart');
    await first.close();

    // Restarted with the clock more than a year behind.
    const store = SqliteEventStore.open(path);
    await note(new CommandHandler(store, at('2020-03-01T12:00:00.000Z')), 'after the restart');
    const events = await collect(store.readAll());
    const stamps = events.map((e) => e.metadata.recordedAt);
    expect(stamps).toEqual(['2021-06-01T10:00:00.000Z', '2021-06-01T10:00:00.000Z']);
    // As of the clock's moment nothing is recorded yet, as of the first event's both are.
    expect(await store.lastPositionRecordedAtOrBefore('2020-03-01T12:00:00.000Z')).toBe(0n);
    expect(await store.lastPositionRecordedAtOrBefore('2021-06-01T10:00:00.000Z')).toBe(2n);
    await store.close();
  });

  it('follows the clock when it is ahead, and starts from nothing on an empty ledger', async () => {
    const store = SqliteEventStore.open(join(dir, 'ledger.sqlite'));
    await note(new CommandHandler(store, at('2020-01-01T00:00:00.000Z')), 'first');
    await note(new CommandHandler(store, at('2022-01-01T00:00:00.000Z')), 'second');
    const stamps = (await collect(store.readAll())).map((e) => e.metadata.recordedAt);
    expect(stamps).toEqual(['2020-01-01T00:00:00.000Z', '2022-01-01T00:00:00.000Z']);
    await store.close();
  });
});

describe('recorded time with two writers on one ledger file', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-recorded-time-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const anEvent = (recordedAt?: string): NewEvent => ({
    eventId: randomUUID(),
    type: 'NoteTaken',
    data: { noteId: randomUUID() },
    metadata: {
      actor: ANNA,
      correlationId: 'c',
      ...(recordedAt === undefined ? {} : { recordedAt }),
    } as NewEvent['metadata'],
  });

  it('refuses an append stamped before the last event, or without a stamp, writing nothing', async () => {
    const store = SqliteEventStore.open(join(dir, 'ledger.sqlite'));
    await store.append('notes-a', [anEvent('2024-05-01T10:00:05.000Z')], {
      expectedRevision: 'any',
    });
    const refused = store.append(
      'notes-b',
      [anEvent('2024-05-01T10:00:05.000Z'), anEvent('2024-05-01T10:00:01.000Z')],
      { expectedRevision: 'any' },
    );
    await expect(refused).rejects.toBeInstanceOf(RecordedBeforeHeadError);
    await expect(refused).rejects.toMatchObject({
      stream: 'notes-b',
      recordedAt: '2024-05-01T10:00:01.000Z',
      headRecordedAt: '2024-05-01T10:00:05.000Z',
    });
    expect(await store.headPosition()).toBe(1n);
    // An event without one would be a broken link of the chain (hash-chain.ts recordedTimeBroken).
    const unstamped = store.append('notes-b', [anEvent('2024-05-01T10:00:05.000Z'), anEvent()], {
      expectedRevision: 'any',
    });
    await expect(unstamped).rejects.toBeInstanceOf(InvalidAppendError);
    expect(await store.headPosition()).toBe(1n);
    // The same instant is not earlier.
    await store.append('notes-b', [anEvent('2024-05-01T10:00:05.000Z')], {
      expectedRevision: 'any',
    });
    expect(await store.headPosition()).toBe(2n);
    await store.close();
  });

  it('a writer that stamped before the other committed stamps again, after it', async () => {
    const path = join(dir, 'ledger.sqlite');
    // Two connections to one file, as the service and the CLI beside it have.
    const service = SqliteEventStore.open(path);
    const cli = SqliteEventStore.open(path);
    const cliHandler = new CommandHandler(cli, at('2024-05-01T10:00:01.000Z'));
    await note(cliHandler, 'from the CLI, first');
    await note(new CommandHandler(service, at('2024-05-01T10:00:05.000Z')), 'from the service');
    // The CLI's clock is still at its moment: before the service's event, committed since.
    await note(cliHandler, 'from the CLI, second');
    const stamps = (await collect(service.readAll())).map((e) => e.metadata.recordedAt);
    expect(stamps).toEqual([
      '2024-05-01T10:00:01.000Z',
      '2024-05-01T10:00:05.000Z',
      '2024-05-01T10:00:05.000Z',
    ]);
    await cli.close();
    await service.close();
  });
});
