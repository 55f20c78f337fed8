/**
 * The Idempotency-Key index in its own SQLite file: a restart resumes from the index's
 * checkpoint and reads only the ledger after it; an append the index never saw (the service
 * stopped between the append and the index write) is found by that catch-up; a key reused
 * for another request is still a 409; a file from another ledger is not trusted.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import { IdempotencyDb } from '../../src/infra/idempotency-db';
import { requestHash } from '../../src/infra/idempotency';
import { CommandHandler } from '../../src/shared/command-handler';
import {
  ANNA,
  ERIK,
  Instance,
  NOTES_STREAM,
  notesDecider,
  notesIn,
  problemCode,
  startInstance,
} from './support';

describe('the persisted Idempotency-Key index', () => {
  let dir: string;
  let ledgerPath: string;
  let indexPath: string;
  const running: Instance[] = [];

  const start = async (path = ledgerPath): Promise<Instance> => {
    const instance = await startInstance(SqliteEventStore.open(path), indexPath);
    running.push(instance);
    return instance;
  };
  const stop = async (instance: Instance): Promise<void> => {
    running.splice(running.indexOf(instance), 1);
    await instance.stop();
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-idempotency-'));
    ledgerPath = join(dir, 'ledger.sqlite');
    indexPath = join(dir, 'ledger.readmodels.idempotency.sqlite');
  });

  afterEach(async () => {
    for (const instance of running.splice(0)) await instance.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps its entries and checkpoint in a file readable by the service user only', async () => {
    const first = await start();
    await first.note(ANNA, 'kick-off', 'k-1');
    const head = await first.store.headPosition();
    await stop(first);

    const db = IdempotencyDb.open(indexPath);
    try {
      expect(db.checkpoint()?.position).toBe(head);
      expect(db.find(ANNA.id, 'k-1')).toMatchObject({
        answer: { revision: '0', position: String(head) },
      });
    } finally {
      db.close();
    }
    expect(statSync(indexPath).mode & 0o777).toBe(0o600);
  });

  it('answers a retry after a restart with the first answer, appending nothing', async () => {
    const first = await start();
    const answer = await first.note(ANNA, 'kick-off', 'k-1', 2);
    await stop(first);

    const second = await start();
    expect(await second.note(ANNA, 'kick-off', 'k-1', 2)).toEqual(answer);
    expect(await notesIn(second.store)).toHaveLength(2);
    expect(answer).toMatchObject({ revision: '1' });
  });

  it('refuses the key with another request after a restart: 409 IDEMPOTENCY_KEY_REUSED', async () => {
    const first = await start();
    await first.note(ANNA, 'kick-off', 'k-1');
    expect(await problemCode(first.note(ANNA, 'something else', 'k-1'))).toBe(
      'IDEMPOTENCY_KEY_REUSED',
    );
    await stop(first);

    const second = await start();
    expect(await problemCode(second.note(ANNA, 'something else', 'k-1'))).toBe(
      'IDEMPOTENCY_KEY_REUSED',
    );
    // A key is the caller's own: another caller may use the same one.
    await expect(second.note(ERIK, 'something else', 'k-1')).resolves.toMatchObject({
      revision: '1',
    });
    expect(await notesIn(second.store)).toHaveLength(2);
  });

  it('reads only the ledger after its checkpoint at start-up', async () => {
    const first = await start();
    for (let i = 0; i < 5; i++) await first.note(ANNA, `note ${i}`, `k-${i}`);
    const checkpoint = await first.store.headPosition();
    await stop(first);

    // Commands without a key, appended while the service (and its index) was down.
    const other = SqliteEventStore.open(ledgerPath);
    const handler = new CommandHandler(other);
    for (let i = 0; i < 7; i++) {
      await handler.execute(
        NOTES_STREAM,
        notesDecider,
        { noteId: `n-${i}`, text: 'later', parts: 1 },
        { actor: ERIK, correlationId: `c-${i}` },
      );
    }
    const head = await other.headPosition();
    await other.close();
    expect(head - checkpoint).toBe(7n);

    const second = await start();
    // The event at the checkpoint (is it still the same ledger?) and the seven after it.
    expect(second.store.eventsRead).toBe(1 + 7);
    expect(second.store.readsAfter).toEqual([checkpoint - 1n, checkpoint]);
    expect(second.index.position).toBe(head);
    const notesBefore = (await notesIn(second.store)).length;
    await expect(second.note(ANNA, 'note 3', 'k-3')).resolves.toMatchObject({ revision: '3' });
    expect(await notesIn(second.store)).toHaveLength(notesBefore);
  });

  it('recovers an append the index never saw (stopped between the append and the index write)', async () => {
    const first = await start();
    await first.note(ANNA, 'kick-off', 'k-1');
    await stop(first);

    // What the gateway appends under a key, written with no index running: as if the service
    // died right after the store acknowledged it, before the index heard of it.
    const crashed = SqliteEventStore.open(ledgerPath);
    const hash = requestHash('POST', '/api/notes', { text: 'lost answer', parts: 1 });
    const result = await new CommandHandler(crashed).execute(
      NOTES_STREAM,
      notesDecider,
      { noteId: 'note-lost', text: 'lost answer', parts: 1 },
      {
        actor: ANNA,
        correlationId: 'c-lost',
        metadata: { resourceId: 'note-lost', idempotencyKey: 'k-2', requestHash: hash },
      },
    );
    await crashed.close();
    const db = IdempotencyDb.open(indexPath);
    const checkpoint = db.checkpoint()?.position;
    db.close();
    expect(checkpoint).toBeLessThan(result.position);

    const second = await start();
    // The client retries: the answer the store acknowledged, and no second note.
    await expect(second.note(ANNA, 'lost answer', 'k-2')).resolves.toEqual({
      id: 'note-lost',
      revision: String(result.revision),
      position: String(result.position),
    });
    expect(await problemCode(second.note(ANNA, 'another', 'k-2'))).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await notesIn(second.store)).toHaveLength(2);
  });

  it('starts over when its file belongs to another ledger', async () => {
    const first = await start();
    await first.note(ANNA, 'kick-off', 'k-1');
    await first.note(ANNA, 'second', 'k-2');
    await stop(first);

    // A new ledger under the same index file (the old one was deleted or restored).
    const second = await start(join(dir, 'other-ledger.sqlite'));
    expect(second.index.position).toBe(0n);
    // k-1 is unknown to this ledger: carried out here, with this ledger's answer.
    await expect(second.note(ANNA, 'something else', 'k-1')).resolves.toMatchObject({
      revision: '0',
      position: '1',
    });
    expect(await notesIn(second.store)).toHaveLength(1);
  });

  it('refuses (503) to answer from the file once a service on another ledger has taken it over', async () => {
    // Two services, two ledgers, one LEDGER_IDEMPOTENCY_PATH by mistake.
    const ours = await start();
    await ours.note(ANNA, 'kick-off', 'k-1');
    const theirs = await start(join(dir, 'other-ledger.sqlite'));
    // The other ledger records k-2 under Anna: its answer is in the shared file now.
    await theirs.note(ANNA, 'not ours', 'k-2');
    // Asked here, k-2 used to be answered with the other ledger's 201, for a write this
    // ledger never recorded; k-1 (its own) from the emptied file as never carried out.
    for (const key of ['k-2', 'k-1']) {
      expect(await problemCode(ours.note(ANNA, 'not ours', key))).toBe(
        'IDEMPOTENCY_INDEX_OF_ANOTHER_LEDGER',
      );
    }
    expect(await notesIn(ours.store)).toHaveLength(1);
  });

  it('does not write its checkpoint over a file another ledger filled while it read', async () => {
    const ours = await start();
    await ours.note(ANNA, 'kick-off', 'k-1');
    // Unkeyed: in the ledger, not yet in the index.
    await ours.note(ANNA, 'later');
    // The seam: the other ledger's service starts on the same file while this one reads.
    const readAll = ours.store.readAll.bind(ours.store);
    let theirs: Instance | undefined;
    ours.store.readAll = (options) => {
      const inner = readAll(options);
      return (async function* () {
        theirs ??= await start(join(dir, 'other-ledger.sqlite'));
        yield* inner;
      })();
    };
    await expect(ours.index.catchUp()).rejects.toMatchObject({
      problem: { code: 'IDEMPOTENCY_INDEX_OF_ANOTHER_LEDGER' },
    });
    const db = IdempotencyDb.open(indexPath);
    try {
      expect(db.checkpoint()).toBeUndefined();
    } finally {
      db.close();
    }
  });

  it('answers a keyed command it recorded while its file cannot be written (locked by another process)', async () => {
    const instance = await start();
    // The seam: the index's file, as another process holding its write lock leaves it.
    const db = (instance.index as unknown as { db: IdempotencyDb }).db;
    const locked = (): never => {
      throw Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
    };
    db.commitCatchUp = locked;
    db.remember = locked;
    const answer = await instance.note(ANNA, 'kick-off', 'k-1');
    expect(answer.position).toBe(String(await instance.store.headPosition()));
    expect(await notesIn(instance.store)).toHaveLength(1);
  });

  it('refuses (503) a keyed command it cannot check while its file cannot be written, recording nothing', async () => {
    const instance = await start();
    await instance.note(ANNA, 'kick-off', 'k-1');
    // The seam: the file as another process holding its write lock leaves it (a full disk alike),
    // with events after its checkpoint that a keyed command must read into it before deciding.
    const db = (instance.index as unknown as { db: IdempotencyDb }).db;
    const commitCatchUp = db.commitCatchUp.bind(db);
    db.commitCatchUp = (): never => {
      throw Object.assign(new Error('database is locked'), {
        name: 'SqliteError',
        code: 'SQLITE_BUSY',
      });
    };
    await instance.note(ERIK, 'unkeyed');
    expect(await problemCode(instance.note(ANNA, 'second', 'k-2'))).toBe(
      'IDEMPOTENCY_INDEX_UNAVAILABLE',
    );
    expect(await notesIn(instance.store)).toHaveLength(2);
    // Writable again, the same request is carried out once.
    db.commitCatchUp = commitCatchUp;
    await instance.note(ANNA, 'second', 'k-2');
    expect(await notesIn(instance.store)).toHaveLength(3);
  });

  it('answers keys from the file once its memory has let them go', async () => {
    const first = await start();
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push(await first.note(ANNA, `note ${i}`, `k-${i}`));
    await stop(first);

    // A fresh instance has nothing in memory: every answer comes from the file.
    const second = await start();
    for (let i = 0; i < 3; i++) {
      expect(await second.note(ANNA, `note ${i}`, `k-${i}`)).toEqual(answers[i]);
    }
    expect(await notesIn(second.store)).toHaveLength(3);
  });
});
