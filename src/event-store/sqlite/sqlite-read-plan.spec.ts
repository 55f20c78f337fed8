import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { collect, EventFilter, matchesFilter, NewEvent } from '../event-store';
import { MAX_EVENTS_PER_APPEND, READ_PAGE_SIZE, SqliteEventStore } from './sqlite-event-store';
import {
  isNarrow,
  NARROW_PREFIX_MAX_ROWS,
  NARROW_PREFIX_MAX_SHARE,
  prefixBounds,
  singlePrefix,
} from './sqlite-read-plan';

/** Ids around the prefix `fund-` that SQLite's byte order could get wrong. */
const TRICKY_IDS = [
  'fund-',
  'fund-a',
  'fund-😀',
  'fund-\u{10FFFF}',
  'fund-\u{10FFFF}\u{10FFFF}tail',
  'fund-\uFFFF',
  'fund-\uE000',
  `fund-${'z'.repeat(251)}`,
  'fund',
  'fund.',
  'fund,',
  'funD-',
  'fun',
  'fune',
  'fund\u{10FFFF}',
  '\u{10FFFF}',
  '',
  'investment-fund-1',
];

describe('the read plan for filtered readAll', () => {
  it('bounds exactly the ids that start with the prefix, in SQLite order', () => {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE ids (id TEXT NOT NULL)');
    const insert = db.prepare('INSERT INTO ids (id) VALUES (?)');
    TRICKY_IDS.forEach((id) => insert.run(id));
    const within = db.prepare('SELECT id FROM ids WHERE id >= ? AND id <= ? ORDER BY id');
    for (const prefix of ['fund-', 'fund', 'fund-\u{10FFFF}', '', 'f', `fund-${'z'.repeat(251)}`]) {
      const { low, high } = prefixBounds(prefix);
      const found = (within.all(low, high) as { id: string }[]).map((row) => row.id).sort();
      expect(found).toEqual(TRICKY_IDS.filter((id) => id.startsWith(prefix)).sort());
    }
    db.close();
  });

  it('takes the index only for one prefix that is a small share of the ledger', () => {
    expect(singlePrefix(undefined)).toBeUndefined();
    expect(singlePrefix({ eventTypes: ['X'] })).toBeUndefined();
    expect(singlePrefix({ streamPrefix: 'fund-' })).toBe('fund-');
    expect(singlePrefix({ streamPrefix: ['fund-'] })).toBe('fund-');
    expect(singlePrefix({ streamPrefix: ['fund-', 'investment-'] })).toBeUndefined();
    const ledger = BigInt(Math.round(NARROW_PREFIX_MAX_ROWS / NARROW_PREFIX_MAX_SHARE) * 2);
    expect(isNarrow(10, ledger)).toBe(true);
    expect(isNarrow(NARROW_PREFIX_MAX_ROWS, ledger)).toBe(true);
    expect(isNarrow(NARROW_PREFIX_MAX_ROWS + 1, ledger)).toBe(false);
    expect(isNarrow(100, 100n)).toBe(false);
  });

  describe('on a store where one prefix is rare and another common', () => {
    const RARE_EVENTS = READ_PAGE_SIZE * 2 + 37;
    const COMMON_EVENTS = Math.ceil(RARE_EVENTS / NARROW_PREFIX_MAX_SHARE);
    let dir: string;
    let store: SqliteEventStore;

    const events = (count: number, type: (i: number) => string): NewEvent[] =>
      Array.from({ length: count }, (_, i) => ({
        eventId: randomUUID(),
        type: type(i),
        data: { i, investmentId: `inv-${i % 7}` },
        metadata: {
          actor: { id: 'a', role: 'finance' },
          recordedAt: '2024-01-01T00:00:00.000Z',
          schemaVersion: 1,
        },
      }));

    const appendAll = async (stream: string, all: NewEvent[]): Promise<void> => {
      for (let i = 0; i < all.length; i += MAX_EVENTS_PER_APPEND) {
        await store.append(stream, all.slice(i, i + MAX_EVENTS_PER_APPEND), {
          expectedRevision: 'any',
        });
      }
    };

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'read-plan-'));
      store = SqliteEventStore.open(join(dir, 'ledger.sqlite'));
      // Interleaved, so the rare prefix's positions are spread over the ledger.
      const half = Math.ceil(COMMON_EVENTS / 2);
      await appendAll(
        'investment-a',
        events(half, () => 'EffectReported'),
      );
      await appendAll(
        'fund-orebro',
        events(RARE_EVENTS - 1, (i) => (i % 3 === 0 ? 'AllocationReduced' : 'FundsAllocated')),
      );
      await appendAll(
        'investment-b',
        events(COMMON_EVENTS - half, () => 'CostRecorded'),
      );
      await appendAll(
        'fund-\u{10FFFF}',
        events(1, () => 'FundsAllocated'),
      );
      await appendAll(
        'fund',
        events(3, () => 'FundsAllocated'),
      );
    });

    afterAll(async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    });

    const expectSameAsFilteringEverything = async (
      filter: EventFilter,
      options: { after?: bigint; upTo?: bigint; maxCount?: number } = {},
    ) => {
      const everything = await collect(store.readAll());
      const expected = everything
        .filter((e) => matchesFilter(e, filter))
        .filter(
          (e) =>
            e.position > (options.after ?? 0n) &&
            e.position <= (options.upTo ?? BigInt(Number.MAX_SAFE_INTEGER)),
        )
        .slice(0, options.maxCount ?? Number.POSITIVE_INFINITY)
        .map((e) => e.position);
      const found = (await collect(store.readAll({ filter, ...options }))).map((e) => e.position);
      expect(found).toEqual(expected);
      return found.length;
    };

    it('returns the same events, in position order, whichever plan reads them', async () => {
      expect(await expectSameAsFilteringEverything({ streamPrefix: 'fund-' })).toBe(RARE_EVENTS);
      await expectSameAsFilteringEverything({
        streamPrefix: ['fund-'],
        eventTypes: ['AllocationReduced'],
      });
      await expectSameAsFilteringEverything({ streamPrefix: 'fund' });
      await expectSameAsFilteringEverything({ streamPrefix: 'investment-' });
      await expectSameAsFilteringEverything({ streamPrefix: ['fund-', 'investment-b'] });
      await expectSameAsFilteringEverything({ streamPrefix: 'nothing-' });
      const inv3 = { field: 'investmentId', value: 'inv-3' };
      expect(
        await expectSameAsFilteringEverything({ streamPrefix: 'fund-', dataEquals: inv3 }),
      ).toBeGreaterThan(0);
      await expectSameAsFilteringEverything({
        streamPrefix: 'fund-',
        eventTypes: ['FundsAllocated'],
        dataEquals: inv3,
      });
      await expectSameAsFilteringEverything({ dataEquals: inv3 });
      // Event types few rows have (the type index), with and without other filters, and many.
      expect(await expectSameAsFilteringEverything({ eventTypes: ['AllocationReduced'] })).toBe(
        Math.ceil((RARE_EVENTS - 1) / 3),
      );
      await expectSameAsFilteringEverything({ eventTypes: ['AllocationReduced', 'Nothing'] });
      await expectSameAsFilteringEverything({ eventTypes: ['Nothing'] });
      await expectSameAsFilteringEverything({ eventTypes: [] });
      await expectSameAsFilteringEverything({
        eventTypes: ['AllocationReduced'],
        streamPrefix: 'investment-',
      });
      await expectSameAsFilteringEverything({
        eventTypes: ['AllocationReduced', 'FundsAllocated'],
        streamPrefix: ['investment-', 'fund-orebro'],
        dataEquals: inv3,
      });
      expect(await expectSameAsFilteringEverything({ eventTypes: ['EffectReported'] })).toBe(
        Math.ceil(COMMON_EVENTS / 2),
      );
    });

    it('keeps after, upTo and maxCount on the type index plan', async () => {
      const reduced = await collect(
        store.readAll({ filter: { eventTypes: ['AllocationReduced'] } }),
      );
      const after = reduced[10].position;
      const upTo = reduced[reduced.length - 5].position;
      await expectSameAsFilteringEverything({ eventTypes: ['AllocationReduced'] }, { after, upTo });
      await expectSameAsFilteringEverything(
        { eventTypes: ['AllocationReduced', 'FundsAllocated'] },
        { after, maxCount: READ_PAGE_SIZE + 1 },
      );
    });

    it('keeps after, upTo and maxCount on the index plan', async () => {
      const fund = await collect(store.readAll({ filter: { streamPrefix: 'fund-' } }));
      const after = fund[100].position;
      const upTo = fund[fund.length - 50].position;
      await expectSameAsFilteringEverything({ streamPrefix: 'fund-' }, { after, upTo });
      await expectSameAsFilteringEverything(
        { streamPrefix: 'fund-' },
        { after, maxCount: READ_PAGE_SIZE + 1 },
      );
      await expectSameAsFilteringEverything(
        { streamPrefix: 'fund-', dataEquals: { field: 'investmentId', value: 'inv-1' } },
        { after, upTo },
      );
    });
  });
});
