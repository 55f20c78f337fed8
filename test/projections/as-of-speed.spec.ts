/**
 * How fast an exact as-of answer is on a fund of 10 000 events: the events are written
 * straight into the service's store (one fund, 50 investments with costs, monthly effect
 * reports and corrections), then the fund report is asked as of moments chosen so that
 * no earlier answer can serve as a starting point: each is a cold fold from position 0.
 * Prints the timings; fails only far above them, to catch a regression, not to benchmark.
 */
import { randomUUID } from 'node:crypto';
import { NewEvent } from '../../src/event-store/event-store';
import { LedgerDomainEvent } from '../../projections/ledger-event';
import {
  aBenefitCase,
  FINANCIAL_LINE,
  QUALITATIVE_LINE,
  REDISTRIBUTABLE_LINE,
} from '../support/investment.mothers';
import { startTestApp, TestApp } from '../support/test-app';

const EVENTS = 10_000;
const INVESTMENTS = 50;
const SAMPLES = 5;
/** Far above what it takes (also on a loaded machine): only a fold gone quadratic fails it. */
const CEILING_MS = 10_000;

const START = Date.UTC(2017, 0, 2, 8);
const MINUTE = 60_000;
const months = Array.from(
  { length: 36 },
  (_, i) => `${2018 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`,
);

interface Planned {
  readonly stream: string;
  readonly event: LedgerDomainEvent;
}

const plan = (): Planned[] => {
  const fund = (event: LedgerDomainEvent): Planned => ({ stream: 'fund-orebro', event });
  const out: Planned[] = [
    fund({
      type: 'FundEstablished',
      data: {
        fundId: 'orebro',
        name: 'Fond',
        currency: 'SEK',
        decisionRef: 'Ks',
        trancheIds: ['t1', 't2'],
      },
    }),
    fund({
      type: 'TrancheAdded',
      data: {
        trancheId: 't1',
        name: 'T1',
        amount: '120000000.00',
        allocatableFrom: null,
        allocatableUntil: null,
        decisionRef: 'Ks',
      },
    }),
    fund({
      type: 'TrancheAdded',
      data: {
        trancheId: 't2',
        name: 'T2',
        amount: '80000000.00',
        allocatableFrom: null,
        allocatableUntil: null,
        decisionRef: 'Ks',
      },
    }),
    fund({
      type: 'TrancheReleased',
      data: { trancheId: 't1', releasedOn: '2017-01-01', decisionRef: 'Ks' },
    }),
    fund({
      type: 'TrancheReleased',
      data: { trancheId: 't2', releasedOn: '2017-01-01', decisionRef: 'Ks' },
    }),
  ];
  for (let n = 0; n < INVESTMENTS; n++) {
    const investmentId = `inv-${n}`;
    const own = (event: LedgerDomainEvent): Planned => ({
      stream: `investment-${investmentId}`,
      event,
    });
    out.push(
      own({
        type: 'InvestmentProposed',
        data: {
          investmentId,
          title: `Investering ${n}`,
          department: `Förvaltning ${n % 5}`,
          projectLead: 'lena.lind',
          need: '-',
        },
      }),
      own({
        type: 'BenefitCaseDocumented',
        data: { investmentId, version: 1, case: aBenefitCase() },
      }),
      fund({
        type: 'FundsAllocated',
        data: {
          allocationId: `a-${n}`,
          investmentId,
          trancheId: n % 2 === 0 ? 't1' : 't2',
          amount: '1000000.00',
          decidedOn: '2017-03-15',
          decisionRef: 'Ks',
          benefitCaseVersion: 1,
        },
      }),
      own({
        type: 'InvestmentApproved',
        data: { investmentId, allocationId: `a-${n}`, baselineCaseVersion: 1 },
      }),
    );
  }
  const lines = [FINANCIAL_LINE, REDISTRIBUTABLE_LINE, QUALITATIVE_LINE];
  for (let i = 0; out.length < EVENTS; i++) {
    const n = i % INVESTMENTS;
    const round = Math.floor(i / INVESTMENTS);
    const investmentId = `inv-${n}`;
    const own = (event: LedgerDomainEvent): Planned => ({
      stream: `investment-${investmentId}`,
      event,
    });
    const line = lines[round % 3];
    const month = months[Math.floor(round / 3) % months.length];
    const reportId = `r-${round}`;
    const value = line === QUALITATIVE_LINE ? String(62 + (round % 9)) : `${40000 + round}.50`;
    const report = {
      investmentId,
      reportId,
      benefitLineId: line,
      period: month,
      value,
      evidence: 'Underlag',
      caseVersion: 1,
    };
    out.push(own({ type: 'EffectReported', data: report }));
    if (round % 4 === 0) {
      out.push(
        own({
          type: 'CostRecorded',
          data: {
            investmentId,
            costId: `c-${round}`,
            amount: '12345.67',
            incurredOn: `${month}-15`,
            reference: 'F',
          },
        }),
      );
    }
    if (round % 5 === 0) {
      out.push(
        own({
          type: 'EffectReportCorrected',
          data: {
            ...report,
            correctionId: `k-${round}`,
            reason: 'Rättelse',
            value: line === QUALITATIVE_LINE ? '63' : '39999.00',
          },
        }),
      );
    }
  }
  return out.slice(0, EVENTS);
};

const recordedAt = (index: number): string => new Date(START + index * MINUTE).toISOString();

const fill = async (t: TestApp): Promise<void> => {
  const writes = plan().map(({ stream, event }, index) => {
    const recorded: NewEvent = {
      eventId: randomUUID(),
      type: event.type,
      data: event.data,
      metadata: {
        actor: { id: 'bench', role: 'finance' },
        recordedAt: recordedAt(index),
        schemaVersion: 1,
      },
    };
    return t.store.append(stream, [recorded], { expectedRevision: 'any' });
  });
  await Promise.all(writes);
};

const median = (values: readonly number[]): number =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const ENDPOINTS = {
  report: '/api/reports/forecast-vs-actual?groupBy=tranche&grain=quarter',
  investment: '/api/investments/inv-7/forecast-vs-actual?grain=month',
  fund: '/api/funds/orebro?',
} as const;

describe(`as-of on a fund of ${EVENTS} events`, () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ clock: () => new Date(START + EVENTS * MINUTE) });
    await fill(t);
    // Let the live projection finish first: it shares the thread and would be measured too.
    const reader = t.as('revisor', 'auditor');
    while ((await reader.get(`/api/funds/orebro?minPosition=${EVENTS}`)).status !== 200);
  });
  afterAll(async () => t.close());

  it('answers exactly as of a moment, cold, fast enough for interactive use', async () => {
    const reader = t.as('revisor', 'auditor');
    const timings: Record<keyof typeof ENDPOINTS, number[]> = {
      report: [],
      investment: [],
      fund: [],
    };
    // Latest moment first, every one different: a cached earlier answer can never be the
    // starting point of a later one, so every answer folds from position 0.
    let index = EVENTS;
    for (let sample = 0; sample < SAMPLES; sample++) {
      for (const name of Object.keys(ENDPOINTS) as (keyof typeof ENDPOINTS)[]) {
        index -= 1;
        const asOf = recordedAt(index);
        const separator = ENDPOINTS[name].endsWith('?') ? '' : '&';
        const started = process.hrtime.bigint();
        const res = await reader
          .get(`${ENDPOINTS[name]}${separator}asOf=${encodeURIComponent(asOf)}`)
          .expect(200);
        timings[name].push(Number(process.hrtime.bigint() - started) / 1e6);
        expect(res.body.asOf).toBe(asOf);
      }
    }
    const cold = Object.fromEntries(
      Object.entries(timings).map(([name, values]) => [name, Math.round(median(values))]),
    );
    const again = process.hrtime.bigint();
    await reader
      .get(`${ENDPOINTS.report}&asOf=${encodeURIComponent(recordedAt(EVENTS - 1))}`)
      .expect(200);
    const cachedMs = Math.round(Number(process.hrtime.bigint() - again) / 1e6);
    console.log(
      `as-of on ${EVENTS} events, cold (fold from position 0), median of ${SAMPLES} in ms: ` +
        `${JSON.stringify(cold)}; the same moment again (cached): ${cachedMs} ms`,
    );
    for (const value of Object.values(cold)) expect(value).toBeLessThan(CEILING_MS);
  });
});
