/**
 * Store faults: the disk fills (a failing store double), another connection holds SQLite's
 * write lock (a real SQLite failure), or the fault strikes between an allocation and its
 * approval. Commands answer 503 problem+json with Retry-After and record nothing, reads keep
 * working, and the service recovers when the fault clears; an allocation recorded before the
 * fault stands, and the approval process approves it once the store takes writes again.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { collect, EventStore, RecordedEvent } from '../../src/event-store/event-store';
import { verifyChain } from '../../src/event-store/hash-chain';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import { USERS_STREAM } from '../../src/auth/users.events';
import { stockholmDay } from '../../src/periods/stockholm-day';
import {
  aBenefitCase,
  aFinancialLine,
  aOneOffCostLine,
  aQualitativeLine,
} from '../support/investment.mothers';
import { bootApp, BootedApp } from './support/boot';
import { FailingEventStore } from './support/failing-event-store';
import { HttpRequest, Outcome, problemShapeIssue } from './support/http';
import { AUDITOR, FINANCE, LEAD, TestActor } from './support/workload';

/**
 * `inv` is proposed today, and nothing is reported of a period that ended before its life began
 * (EFFECT_PERIOD_BEFORE_LIFE): its case runs from this year, whose report stands on its own
 * whether or not the allocation before it was recorded.
 */
const YEAR = stockholmDay(new Date()).slice(0, 4);
const THIS_YEARS_CASE = aBenefitCase({
  startYear: Number(YEAR),
  costs: [aOneOffCostLine({ forecast: [{ period: YEAR, amount: '1500000.00' }] })],
  benefits: [
    aFinancialLine({ forecast: [{ period: YEAR, amount: '600000.00' }] }),
    aQualitativeLine(),
  ],
});

/** Short, so a held lock turns into a 503 quickly instead of after the default 5 s. */
const BUSY_TIMEOUT_MS = 100;

const ledgerEvents = async (store: EventStore): Promise<RecordedEvent[]> =>
  (await collect(store.readAll())).filter((e) => e.streamId !== USERS_STREAM);

const ofType = (events: readonly RecordedEvent[], type: string): RecordedEvent[] =>
  events.filter((e) => e.type === type);

interface Step {
  readonly actor: TestActor;
  readonly request: HttpRequest;
  /** Events the command records when it succeeds. */
  readonly events: number;
}

/** One command of each kind, on a fund `f` and an investment `inv` set up by `setUp`. */
const commands = (tag: string): Step[] => [
  {
    actor: FINANCE,
    events: 2, // FundsAllocated, and InvestmentApproved on the investment (its first allocation)
    request: {
      method: 'POST',
      path: '/api/funds/f/allocations',
      body: {
        allocationId: `a-${tag}`,
        investmentId: 'inv',
        trancheId: 't1',
        amount: '1000.00',
        decidedOn: '2017-03-01',
        decisionRef: 'Ks 1',
        caseVersion: 1,
      },
      headers: { 'idempotency-key': `alloc-${tag}` },
    },
  },
  {
    actor: FINANCE,
    events: 1,
    request: {
      method: 'POST',
      path: '/api/investments/inv/costs',
      // Dated the day it is sent: the investment was proposed today (a cost before is refused).
      body: {
        costId: `c-${tag}`,
        amount: '250.50',
        incurredOn: stockholmDay(new Date()),
        reference: 'F 1',
      },
    },
  },
  {
    actor: LEAD,
    events: 1,
    request: {
      method: 'POST',
      path: '/api/investments',
      body: {
        investmentId: `new-${tag}`,
        title: 'New',
        department: 'KLF',
        projectLead: LEAD.id,
        need: 'Paper',
      },
      headers: { 'idempotency-key': `propose-${tag}` },
    },
  },
  {
    actor: LEAD,
    events: 1,
    request: {
      method: 'POST',
      path: '/api/investments/inv/effect-reports',
      body: {
        reportId: `r-${tag}`,
        benefitLineId: 'fewer-licences',
        // The running year: begun, and not ended before the proposal (today).
        period: YEAR,
        value: '1000.00',
        evidence: 'Faktura',
      },
    },
  },
];

const setUp = async (app: BootedApp): Promise<void> => {
  const steps: [TestActor, HttpRequest][] = [
    [
      FINANCE,
      {
        method: 'POST',
        path: '/api/funds',
        body: {
          fundId: 'f',
          name: 'Fund',
          currency: 'SEK',
          decisionRef: 'Ks 0',
          tranches: [{ trancheId: 't1', name: 'T1', amount: '1000000.00' }],
        },
      },
    ],
    [
      FINANCE,
      {
        method: 'POST',
        path: '/api/funds/f/tranches/t1/release',
        body: { releasedOn: '2017-01-01', decisionRef: 'KF' },
      },
    ],
    [
      LEAD,
      {
        method: 'POST',
        path: '/api/investments',
        body: {
          investmentId: 'inv',
          title: 'Inv',
          department: 'KLF',
          projectLead: LEAD.id,
          need: 'Paper',
        },
      },
    ],
    [LEAD, { method: 'PUT', path: '/api/investments/inv/benefit-case', body: THIS_YEARS_CASE }],
  ];
  for (const [actor, request] of steps) {
    const outcome = await app.transport(actor, request);
    const answered = outcome.kind === 'reply' ? outcome.status : outcome.error;
    // Every step must succeed, or the faults below would be judged against a refused set-up.
    expect({
      path: request.path,
      succeeded: typeof answered === 'number' && answered < 300,
    }).toEqual({ path: request.path, succeeded: true });
  }
};

/** A 503 problem+json with Retry-After: the service is there, the store is not. */
const expectUnavailable = (outcome: Outcome): void => {
  expect(outcome).toMatchObject({ kind: 'reply', status: 503 });
  if (outcome.kind === 'reply') expect(problemShapeIssue(outcome)).toBeUndefined();
};

/** Reads answer from the read models and the store's readers while writes cannot. */
const expectReadsWork = async (app: BootedApp): Promise<void> => {
  for (const path of [
    '/api/funds/f',
    '/api/investments/inv',
    '/api/reports/follow-up',
    '/api/audit/verify',
  ]) {
    expect({ path, outcome: await app.transport(AUDITOR, { method: 'GET', path }) }).toMatchObject({
      path,
      outcome: { kind: 'reply', status: 200 },
    });
  }
};

describe('store faults', () => {
  let dir: string;
  let app: BootedApp | undefined;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-faults-'));
  });
  afterEach(async () => {
    await app?.close();
    app = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers 503 while the disk is full, records nothing, keeps reading, and recovers', async () => {
    const store = new FailingEventStore(SqliteEventStore.open(join(dir, 'ledger.sqlite')));
    app = await bootApp(store, dir);
    await setUp(app);
    const before = await ledgerEvents(store);

    store.failAppends();
    for (const step of commands('one'))
      expectUnavailable(await app.transport(step.actor, step.request));
    expect(await ledgerEvents(store)).toEqual(before);
    await expectReadsWork(app);
    expect(await verifyChain(store.readAll())).toMatchObject({ ok: true });

    store.heal();
    const steps = commands('one');
    const first = [];
    for (const step of steps) first.push(await app.transport(step.actor, step.request));
    expect(first.map((o) => (o.kind === 'reply' ? o.status : o.error))).toEqual([
      201, 201, 201, 201,
    ]);
    // The keyed ones again: the first answers, nothing appended twice.
    for (const [i, step] of steps.entries()) {
      if (step.request.headers?.['idempotency-key'] === undefined) continue;
      const again = await app.transport(step.actor, step.request);
      expect(again).toMatchObject({ status: 201, body: (first[i] as { body: unknown }).body });
    }
    const after = await ledgerEvents(store);
    expect(after.length - before.length).toBe(steps.reduce((sum, s) => sum + s.events, 0));
    expect(await verifyChain(store.readAll())).toMatchObject({ ok: true });
  });

  it('answers 503 while another connection holds the write lock (real SQLite), then recovers', async () => {
    const path = join(dir, 'ledger.sqlite');
    const store = SqliteEventStore.open(path, { busyTimeoutMs: BUSY_TIMEOUT_MS });
    app = await bootApp(store, dir);
    await setUp(app);
    const before = await ledgerEvents(store);

    const blocker = new Database(path);
    try {
      blocker.exec('BEGIN IMMEDIATE');
      for (const step of commands('one'))
        expectUnavailable(await app.transport(step.actor, step.request));
      expect(await ledgerEvents(store)).toEqual(before);
      await expectReadsWork(app);
      blocker.exec('ROLLBACK');
    } finally {
      blocker.close();
    }

    for (const step of commands('one')) {
      expect(await app.transport(step.actor, step.request)).toMatchObject({ status: 201 });
    }
    expect(await verifyChain(store.readAll())).toMatchObject({ ok: true });
  });

  it('keeps an allocation recorded when the fault struck before its approval, and approves it once after a restart', async () => {
    const path = join(dir, 'ledger.sqlite');
    const store = new FailingEventStore(SqliteEventStore.open(path));
    app = await bootApp(store, dir);
    await setUp(app);
    const [allocation] = commands('one');

    // The fund's append goes through; the investment's (its approval) meets the full disk.
    store.failAppends((stream) => stream.startsWith('investment-'));
    const cut = await app.transport(allocation.actor, allocation.request);
    // The allocation is recorded, so it is answered as recorded (after a bounded wait for its approval).
    expect(cut).toMatchObject({ kind: 'reply', status: 201, body: { id: 'a-one' } });
    expect(ofType(await ledgerEvents(store), 'FundsAllocated')).toHaveLength(1);
    expect(ofType(await ledgerEvents(store), 'InvestmentApproved')).toHaveLength(0);

    // The service restarts: the approval process catches up from its checkpoint before it listens.
    await app.close();
    const reopened = SqliteEventStore.open(path);
    app = await bootApp(reopened, dir);
    expect(ofType(await ledgerEvents(reopened), 'InvestmentApproved')).toHaveLength(1);
    // A retry (its idempotency index now comes from the ledger) appends nothing.
    const retry = await app.transport(allocation.actor, allocation.request);
    expect(retry).toMatchObject({ status: 201, body: { id: 'a-one' } });
    const events = await ledgerEvents(reopened);
    expect(ofType(events, 'FundsAllocated')).toHaveLength(1);
    expect(ofType(events, 'InvestmentApproved')).toHaveLength(1);
    const investment = await app.transport(AUDITOR, {
      method: 'GET',
      path: '/api/investments/inv',
    });
    expect(investment).toMatchObject({ status: 200, body: { stage: 'approved' } });
  });
});
