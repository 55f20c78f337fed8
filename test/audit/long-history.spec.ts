/**
 * A history longer than any one page or any former cap (20,000 events, past which pages were
 * refused and the export was cut off mid-body): an investment invoiced 24,000 times, in a real
 * SQLite ledger, paged through by its `next` cursors and exported whole.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { historyRows } from '../../src/audit/history-export';
import {
  HistoryPoints,
  InvestmentHistory,
  MAX_HISTORY_PAGE,
  readInvestmentHistory,
} from '../../src/audit/investment-history';
import { NewEvent } from '../../src/event-store/event-store';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';

const INVESTMENT = 'lang-historik';
const STREAM = `investment-${INVESTMENT}`;
const COSTS = 24_000;
const APPEND_BATCH = 1_000;
const ANY = { expectedRevision: 'any' } as const;
const START_MS = Date.UTC(2017, 2, 1, 8);

let clock = 0;
const event = (type: string, data: Record<string, unknown>): NewEvent => ({
  eventId: randomUUID(),
  type,
  data,
  metadata: {
    actor: { id: 'frida.ek', role: 'finance' },
    recordedAt: new Date(START_MS + 60_000 * clock++).toISOString(),
    schemaVersion: 1,
  },
});

const allocation = (allocationId: string): NewEvent =>
  event('FundsAllocated', {
    allocationId,
    investmentId: INVESTMENT,
    trancheId: 't1',
    amount: '1000000.00',
    decidedOn: '2017-03-01',
    decisionRef: 'Ks 1/2017',
  });

describe('a history of 24,000 events', () => {
  let dir: string;
  let store: SqliteEventStore;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-long-history-'));
    store = SqliteEventStore.open(join(dir, 'ledger.sqlite'));
    await store.append(
      STREAM,
      [
        event('InvestmentProposed', {
          investmentId: INVESTMENT,
          title: 'Lång historik',
          department: 'Kommunstyrelseförvaltningen',
          projectLead: 'lena.berg',
          need: 'Många fakturor',
        }),
      ],
      ANY,
    );
    await store.append('fund-orebro', [allocation('a1')], ANY);
    for (let first = 0; first < COSTS; first += APPEND_BATCH) {
      const costs = Array.from({ length: APPEND_BATCH }, (_, i) =>
        event('CostRecorded', {
          investmentId: INVESTMENT,
          costId: `c-${first + i}`,
          amount: '1.25',
          incurredOn: '2017-04-01',
          reference: `F-${first + i}`,
        }),
      );
      await store.append(STREAM, costs, ANY);
      // An allocation in the middle of the invoices: merged in by position.
      if (first === COSTS / 2) await store.append('fund-orebro', [allocation('a2')], ANY);
    }
  });
  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const total = 1 + 2 + COSTS;

  it('pages through all of it, each page going on from where the last ended', async () => {
    const points = new HistoryPoints();
    const pages: InvestmentHistory[] = [];
    let after: bigint | undefined;
    for (;;) {
      const page = await readInvestmentHistory(
        store,
        INVESTMENT,
        {},
        { after, limit: MAX_HISTORY_PAGE },
        points,
      );
      if (page === undefined) throw new Error('no history');
      pages.push(page);
      if (page.next === null) break;
      after = BigInt(page.next);
    }
    expect(pages.map((p) => p.events.length)).toEqual([10_000, 10_000, total - 20_000]);
    const positions = pages.flatMap((p) => p.events.map((e) => BigInt(e.position)));
    expect(positions.every((p, i) => i === 0 || p > positions[i - 1])).toBe(true);
    expect(pages.flatMap((p) => p.events).filter((e) => e.type === 'FundsAllocated')).toHaveLength(
      2,
    );
    const end = pages.at(-1)?.stateAtEnd;
    expect(end?.spent).toBe('30000.00');
    expect(end?.allocated).toBe('2000000.00');
    expect(pages.at(-1)?.events.at(-1)?.stateAfter.counts.costs).toBe(COSTS);
  });

  it("closes the store's read when the export is abandoned after its first row", async () => {
    let closed = false;
    const watched = Object.create(store) as SqliteEventStore;
    watched.readStream = async function* (...args: Parameters<SqliteEventStore['readStream']>) {
      try {
        yield* store.readStream(...args);
      } finally {
        closed = true;
      }
    };
    const rows = await historyRows(watched, INVESTMENT, {});
    for await (const row of rows ?? []) {
      expect(row).toBeDefined();
      break;
    }
    expect(closed).toBe(true);
  });

  it('exports all of it, a row per event', async () => {
    const rows = await historyRows(store, INVESTMENT, {});
    let count = 0;
    for await (const row of rows ?? []) {
      expect(row).toBeDefined();
      count += 1;
    }
    expect(count).toBe(total);
  });
});
