/**
 * A history longer than any one page or any former cap (20,000 events, past which pages were
 * refused and the export was cut off mid-body): an investment invoiced 24,000 times, in a real
 * SQLite ledger, paged through by its `next` cursors and exported whole.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { historyRows } from '../../src/audit/history-export';
import {
  HistoryPoints,
  MAX_HISTORY_PAGE,
  readInvestmentHistory,
} from '../../src/audit/investment-history';
import { historyPages } from './support/history-pages';
import { NewEvent } from '../../src/event-store/event-store';
import { eventMaker } from '../support/recorded-events';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';

const INVESTMENT = 'lang-historik';
const STREAM = `investment-${INVESTMENT}`;
const COSTS = 24_000;
const APPEND_BATCH = 1_000;
const ANY = { expectedRevision: 'any' } as const;
const START_MS = Date.UTC(2017, 2, 1, 8);

const event = eventMaker({ id: 'frida.ek', role: 'finance' }, START_MS);

const allocation = (allocationId: string, investmentId = INVESTMENT): NewEvent =>
  event('FundsAllocated', {
    allocationId,
    investmentId,
    trancheId: 't1',
    amount: '1000000.00',
    decidedOn: '2017-03-01',
    decisionRef: 'Ks 1/2017',
  });

const proposal = (investmentId: string, title: string): NewEvent =>
  event('InvestmentProposed', {
    investmentId,
    title,
    department: 'Kommunstyrelseförvaltningen',
    projectLead: 'lena.berg',
    need: 'Många fakturor',
  });

const cost = (investmentId: string, costId: string, amount: string): NewEvent =>
  event('CostRecorded', {
    investmentId,
    costId,
    amount,
    incurredOn: '2017-04-01',
    reference: `F-${costId}`,
  });

/** A real SQLite ledger in a folder of its own. */
const temporaryLedger = (name: string): { dir: string; store: SqliteEventStore } => {
  const dir = mkdtempSync(join(tmpdir(), `ledger-${name}-`));
  return { dir, store: SqliteEventStore.open(join(dir, 'ledger.sqlite')) };
};

describe('a history of 24,000 events', () => {
  let dir: string;
  let store: SqliteEventStore;

  beforeAll(async () => {
    ({ dir, store } = temporaryLedger('long-history'));
    await store.append(STREAM, [proposal(INVESTMENT, 'Lång historik')], ANY);
    await store.append('fund-orebro', [allocation('a1')], ANY);
    for (let first = 0; first < COSTS; first += APPEND_BATCH) {
      const costs = Array.from({ length: APPEND_BATCH }, (_, i) =>
        cost(INVESTMENT, `c-${first + i}`, '1.25'),
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
    const pages = await historyPages(store, INVESTMENT, MAX_HISTORY_PAGE, new HistoryPoints());
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

  it('opens no read of the store for an export that is never begun', async () => {
    let open = 0;
    const watched = Object.create(store) as SqliteEventStore;
    watched.readStream = async function* (...args: Parameters<SqliteEventStore['readStream']>) {
      open += 1;
      try {
        yield* store.readStream(...args);
      } finally {
        open -= 1;
      }
    };
    expect(await historyRows(watched, INVESTMENT, {})).toBeDefined();
    expect(open).toBe(0);
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

describe('a history read while events are appended', () => {
  const RACED = 'kapplopp';
  const RACED_STREAM = `investment-${RACED}`;
  let dir: string;
  let store: SqliteEventStore;

  beforeAll(async () => {
    ({ dir, store } = temporaryLedger('raced-history'));
    await store.append(
      RACED_STREAM,
      [
        proposal(RACED, 'Kapplöpning'),
        // More than one page of the store's stream read (500), so the read yields between pages.
        ...Array.from({ length: 600 }, (_, i) => cost(RACED, `c-${i}`, '1.00')),
      ],
      ANY,
    );
  });
  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('gives a page and its export as the history stood when the read began, an allocation appended meanwhile left out with what follows it', async () => {
    let appended = 0;
    /** Appends an allocation and two costs once the stream's first 500 events have been read. */
    const racing = Object.create(store) as SqliteEventStore;
    racing.readStream = async function* (...args: Parameters<SqliteEventStore['readStream']>) {
      let read = 0;
      for await (const recorded of store.readStream(...args)) {
        yield recorded;
        read += 1;
        if (read === 500) {
          appended += 1;
          await store.append('fund-orebro', [allocation(`late-${appended}`, RACED)], ANY);
          await store.append(
            RACED_STREAM,
            [cost(RACED, `x-${appended}`, '1.00'), cost(RACED, `y-${appended}`, '1.00')],
            ANY,
          );
        }
      }
    };
    const raced = await readInvestmentHistory(
      racing,
      RACED,
      {},
      { limit: 602 },
      new HistoryPoints(),
    );
    const rows: unknown[] = [];
    for await (const row of (await historyRows(racing, RACED, {})) ?? []) rows.push(row[0]);
    expect(appended).toBe(2);
    const whole = await readInvestmentHistory(store, RACED, {}, { limit: MAX_HISTORY_PAGE });
    const events = whole?.events ?? [];
    // Each a run of the whole history from its start: nothing in it is missing before its end.
    expect(raced?.events).toEqual(events.slice(0, raced?.events.length));
    expect(rows).toEqual(events.slice(0, rows.length).map((e) => ({ text: e.position })));
    expect(raced?.events).toHaveLength(601);
  });
});
