/**
 * The embedded store keeps each event's data and metadata as the canonical JSON its hash was
 * taken over, so a verification checks most events from their stored texts without parsing
 * them (readLinks). A file written before (texts in the order they were written) still
 * verifies, event by event parsed, and an edit is found either way: a changed byte, or texts
 * cut differently across the columns so that their concatenation, and so the hash, stays.
 */
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { GlobalChainVerifier } from '../../src/audit/global-chain-verifier';
import { VerifyReport } from '../../src/audit/ledger-verifier';
import { collect, LedgerDamagedError } from '../../src/event-store/event-store';
import { LinkToCheck } from '../../src/event-store/hash-chain';
import {
  SqliteEventStore,
  TEXT_LINK_PROBE_EVERY,
} from '../../src/event-store/sqlite/sqlite-event-store';
import { RECORDED_AT_INDEX } from '../../src/event-store/sqlite/sqlite-schema';
import { EventRow } from '../../src/event-store/sqlite/sqlite-statements';
import {
  aTempDir,
  appendEvents,
  changeOneByte,
  copyLedger,
  withFile,
} from '../audit/support/ledger-file';

/** The same members, keys in reverse order at every depth: not the canonical text. */
const reversed = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(reversed);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .reverse()
      .map((key) => [key, reversed((value as Record<string, unknown>)[key])]),
  );
};

/** Rewrites the texts of the events up to `upTo` as a store before canonical texts wrote them. */
const writtenAsBefore = (path: string, upTo: number): void =>
  withFile(path, (db) => {
    const rows = db
      .prepare('SELECT position, data, metadata FROM events WHERE position <= ?')
      .all(upTo) as Pick<EventRow, 'position' | 'data' | 'metadata'>[];
    const update = db.prepare('UPDATE events SET data = ?, metadata = ? WHERE position = ?');
    for (const row of rows) {
      const data = JSON.stringify(reversed(JSON.parse(row.data)));
      const metadata = JSON.stringify(reversed(JSON.parse(row.metadata)));
      expect(data).not.toBe(row.data);
      update.run(data, metadata, row.position);
    }
  });

/** A copy of the ledger at `path` in `dir`, changed by `tamper`, verified whole. */
const verifiedCopy = async (
  path: string,
  dir: string,
  tamper: (copy: string) => void,
): Promise<VerifyReport> => {
  const copy = copyLedger(path, dir);
  tamper(copy);
  const store = SqliteEventStore.open(copy);
  try {
    return await new GlobalChainVerifier(store).verify();
  } finally {
    await store.close();
  }
};

const linksOf = async (store: SqliteEventStore): Promise<LinkToCheck[]> => {
  const links: LinkToCheck[] = [];
  for await (const link of store.readLinks()) links.push(link);
  return links;
};

const intactCount = (links: readonly LinkToCheck[]): number =>
  links.filter((link) => 'intactIn' in link).length;

describe('the stored texts of the embedded store', () => {
  let dir: string;
  let path: string;

  beforeEach(() => {
    dir = aTempDir();
    path = join(dir, 'ledger.sqlite');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('are the canonical JSON of what was appended, which reads back the same', async () => {
    const store = SqliteEventStore.open(path);
    const data = { b: 1, a: { d: 'två', c: [{ z: null, y: true }] } };
    const metadata = {
      schemaVersion: 1,
      recordedAt: '2017-01-05T08:00:00.000Z',
      actor: { role: 'finance', id: 'f' },
    };
    await store.append('s', [{ eventId: randomUUID(), type: 'T', data, metadata }], {
      expectedRevision: 'no-stream',
    });
    const [event] = await (async () => {
      const out = [];
      for await (const e of store.readAll()) out.push(e);
      return out;
    })();
    await store.close();
    expect(event.data).toEqual(data);
    expect(event.metadata).toEqual(metadata);
    const db = new Database(path, { readonly: true });
    const row = db.prepare('SELECT data, metadata FROM events').get() as EventRow;
    db.close();
    expect(row.data).toBe('{"a":{"c":[{"y":true,"z":null}],"d":"två"},"b":1}');
    expect(row.metadata).toBe(
      '{"actor":{"id":"f","role":"finance"},"recordedAt":"2017-01-05T08:00:00.000Z","schemaVersion":1}',
    );
  });

  it('let every link of a file written so be checked without parsing it', async () => {
    const store = SqliteEventStore.open(path);
    await appendEvents(store, 30);
    const links = await linksOf(store);
    expect(links).toHaveLength(30);
    expect(intactCount(links)).toBe(30);
    expect(await new GlobalChainVerifier(store).verify()).toEqual({
      ok: true,
      scope: 'global',
      eventsChecked: 30,
    });
    await store.close();
  });

  it('of a file written before still verify, parsed, and texts written since are checked as stored again', async () => {
    const before = 20;
    const since = TEXT_LINK_PROBE_EVERY + 10;
    const first = SqliteEventStore.open(path);
    await appendEvents(first, before);
    await first.close();
    writtenAsBefore(path, before);
    const store = SqliteEventStore.open(path);
    await appendEvents(store, since, before + 1);
    const links = await linksOf(store);
    // The old texts are parsed; after a probe finds the new ones canonical, they are not.
    expect(links.slice(0, before).every((link) => !('intactIn' in link))).toBe(true);
    expect(intactCount(links)).toBeGreaterThanOrEqual(since - TEXT_LINK_PROBE_EVERY);
    expect(await new GlobalChainVerifier(store).verify()).toEqual({
      ok: true,
      scope: 'global',
      eventsChecked: before + since,
    });
    await store.close();
  });

  it('without metadata (a file damaged outside the service) are named by a read, and a broken link by a verification', async () => {
    const store = SqliteEventStore.open(path);
    await appendEvents(store, 6);
    await store.close();
    const noMetadata = (copy: string): void =>
      withFile(copy, (db) => {
        db.prepare("UPDATE events SET metadata = 'null' WHERE position = 4").run();
      });
    const report = await verifiedCopy(path, dir, noMetadata);
    expect(report).toMatchObject({ ok: false, firstBrokenPosition: 4n });
    expect(report.reason).toMatch(/position 4 has no metadata/);

    const damaged = copyLedger(path, dir);
    noMetadata(damaged);
    const reader = SqliteEventStore.open(damaged);
    try {
      await expect(collect(reader.readAll())).rejects.toThrow(
        new LedgerDamagedError(
          "the ledger's event at position 4 has no metadata: the ledger file is damaged (`ledger verify` names where)",
        ),
      );
    } finally {
      await reader.close();
    }
  });

  it('find a changed byte in a text written before, and in one written canonical', async () => {
    const store = SqliteEventStore.open(path);
    await appendEvents(store, 12);
    await store.close();
    writtenAsBefore(path, 6);
    for (const position of [4, 9]) {
      const report = await verifiedCopy(path, dir, (copy) => changeOneByte(copy, position));
      expect(report).toMatchObject({ ok: false, firstBrokenPosition: BigInt(position) });
      expect(report.reason).toMatch(/does not match the event's content/);
    }
  });

  it('held as bytes where the store writes a text or an integer, get the verdict a parsed check gives', async () => {
    const store = SqliteEventStore.open(path);
    await appendEvents(store, 5);
    await store.close();
    const stored = (change: string): Promise<VerifyReport> =>
      verifiedCopy(path, dir, (copy) =>
        withFile(copy, (db) => {
          // The index on the recorded time reads the metadata as JSON; an intruder drops it.
          db.exec(`DROP INDEX ${RECORDED_AT_INDEX}`);
          db.exec(change);
        }),
      );
    // A revision as the bytes of its digits: its text reads the same, the number is gone.
    expect(
      await stored(
        'UPDATE events SET revision = CAST(CAST(revision AS TEXT) AS BLOB) WHERE position = 3',
      ),
    ).toMatchObject({ ok: false, firstBrokenPosition: 3n, eventsChecked: 3 });
    // Texts as the bytes of the same JSON: they read back the same, as they always did.
    expect(
      await stored(
        'UPDATE events SET data = CAST(data AS BLOB), metadata = CAST(metadata AS BLOB) WHERE position = 3',
      ),
    ).toEqual({ ok: true, scope: 'global', eventsChecked: 5 });
  });

  it('cut differently across the columns, the hash unchanged, are found unreadable', async () => {
    const store = SqliteEventStore.open(path);
    await appendEvents(store, 3);
    // Metadata holding the keys the hashed text puts between the columns: its text can be
    // cut so that the data runs into it and the event id becomes a part of it.
    await store.append(
      'investment-x',
      [
        {
          eventId: randomUUID(),
          type: 'CostRecorded',
          data: { a: 1 },
          metadata: {
            actor: { id: 'f', role: 'finance' },
            k: { a: 0, eventId: 'x', metadata: { z: 1 } },
            recordedAt: '2017-01-05T08:00:00.000Z',
            schemaVersion: 1,
          },
        },
      ],
      { expectedRevision: 'any' },
    );
    await appendEvents(store, 3, 10);
    await store.close();
    const report = await verifiedCopy(path, dir, (copy) =>
      withFile(copy, (db) => {
        const row = db.prepare('SELECT * FROM events WHERE position = 4').get() as EventRow;
        // The index on the recorded time would refuse metadata that is not JSON; an intruder
        // with the file drops it first.
        db.exec(`DROP INDEX ${RECORDED_AT_INDEX}`);
        expect(row.data).toBe('{"a":1}');
        db.prepare('UPDATE events SET data = ?, event_id = ?, metadata = ? WHERE position = 4').run(
          `{"a":1},"eventId":${JSON.stringify(row.event_id)},"metadata":{"actor":{"id":"f","role":"finance"},"k":{"a":0`,
          'x',
          '{"z":1}},"recordedAt":"2017-01-05T08:00:00.000Z","schemaVersion":1}',
        );
      }),
    );
    expect(report).toMatchObject({ ok: false, firstBrokenPosition: 4n });
    expect(report.reason).toMatch(/cannot be read/);
  });
});
