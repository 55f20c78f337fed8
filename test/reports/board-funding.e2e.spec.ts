/**
 * The board report per investment when money comes from two funds, on an override and ahead
 * of realisation: each fund's report shows the spend that fund carries (the fund balance's
 * attribution, not the investment's whole spend), overspend only for the part beyond its
 * allocations charged to it, and the baseline's version, re-baselines, overridden allocations
 * and harvests ahead of realisation in JSON, XLSX and PDF.
 */
import ExcelJS from 'exceljs';
import { formatMoney } from '../../src/reports/board-labels';
import { Money } from '../../src/money/money';
import { aDocumentedInvestmentOverHttp } from '../support/http-mothers';
import {
  aBenefitCase,
  aRecurringCostLine,
  FINANCIAL_LINE,
  LINE_OWNER,
  OTHER_OWNER,
  PROJECT_LEAD,
} from '../support/investment.mothers';
import { startTestApp, TestApp } from '../support/test-app';
import { boardYearsIn } from './support/board-years';
import { binary, FUND } from './support/worked-example';
import { pdfText } from './support/pdf-text';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const OTHER_FUND = {
  fundId: 'utveckling',
  name: 'Utvecklingsfond',
  currency: 'SEK',
  decisionRef: 'Ks 1500/2016',
  tranches: [
    { trancheId: 'u1', name: 'Etapp U', amount: '5000000.00', allocatableFrom: '2016-12-31' },
  ],
};

/** New recurring costs of 700 000 a year against 600 000 of cash-releasing benefits. */
const costlyCase = aBenefitCase({
  costs: [
    aRecurringCostLine({
      forecast: ['2018', '2019', '2020'].map((period) => ({ period, amount: '700000.00' })),
    }),
  ],
});

const OVERRIDE = 'Ks 301/2017 § 4';
const REBASELINE = { caseVersion: 2, reason: 'Ny kalkyl godkänd', decisionRef: 'Ks 2017/88' };
const OVERRIDDEN_REBASELINE = {
  caseVersion: 3,
  reason: 'Dyrare drift godtas',
  decisionRef: 'Ks 2017/91',
  overrideRef: 'Ks 2017/91 § 2',
};

describe('board report: spend per fund, baselines, overrides and early harvests', () => {
  let t: TestApp;
  let now = new Date('2017-01-10T09:00:00.000Z');
  const at = (iso: string): void => {
    now = new Date(iso);
  };
  const finance = () => t.as('fia', 'finance');
  const auditor = () => t.as('revisor', 'auditor');
  const get = async (path: string): Promise<Json> =>
    (await auditor().get(path).expect(200)).body as Json;
  const board = (fundId: string, asOf: string) =>
    get(`/api/reports/board?fundId=${fundId}&asOf=${asOf}`);
  const allocate = (fundId: string, body: Json) =>
    finance()
      .post(`/api/funds/${fundId}/allocations`, {
        decidedOn: '2017-03-15',
        decisionRef: 'Ks 300/2017',
        caseVersion: 1,
        ...body,
      })
      .expect(201);
  const cost = (costId: string, amount: string) =>
    finance()
      .post('/api/investments/e-arkiv/costs', {
        costId,
        amount,
        incurredOn: '2017-05-30',
        reference: `Faktura ${costId}`,
      })
      .expect(201);
  const investmentIn = (report: Json, id: string): Json =>
    report.investments.find((i: Json) => i.investmentId === id);

  beforeAll(async () => {
    t = await startTestApp({ clock: () => now });
    for (const [fund, tranche] of [
      [FUND, 't1'],
      [OTHER_FUND, 'u1'],
    ] as const) {
      await finance().post('/api/funds', fund).expect(201);
      await finance()
        .post(`/api/funds/${fund.fundId}/tranches/${tranche}/release`, {
          releasedOn: '2016-12-31',
          decisionRef: 'KF 2016/12',
        })
        .expect(201);
    }
    at('2017-02-01T09:00:00.000Z');
    await aDocumentedInvestmentOverHttp(t, 'e-arkiv');
    await aDocumentedInvestmentOverHttp(t, 'bygglov', OTHER_OWNER);
    await t
      .as(OTHER_OWNER, 'project-lead')
      .put('/api/investments/bygglov/benefit-case', costlyCase)
      .expect(200);
    at('2017-03-15T09:00:00.000Z');
    // e-arkiv: 1 000 000 from each fund, the orebro allocation first.
    await allocate('orebro', {
      allocationId: 'a1',
      investmentId: 'e-arkiv',
      trancheId: 't1',
      amount: '1000000.00',
    });
    await allocate('utveckling', {
      allocationId: 'u-a1',
      investmentId: 'e-arkiv',
      trancheId: 'u1',
      amount: '1000000.00',
    });
    await allocate('orebro', {
      allocationId: 'b1',
      investmentId: 'bygglov',
      trancheId: 't1',
      amount: '500000.00',
      caseVersion: 2,
      overrideRef: OVERRIDE,
    });
    at('2017-06-01T09:00:00.000Z');
    await cost('c1', '1500000.00');
  });
  afterAll(async () => t.close());

  it("shows each fund the spend it carries, not the investment's whole spend", async () => {
    // Asked on the day it is as of: no report is as of a day after today.
    at('2017-06-30T12:00:00.000Z');
    const orebro = investmentIn(await board('orebro', '2017-06-30'), 'e-arkiv');
    const other = investmentIn(await board('utveckling', '2017-06-30'), 'e-arkiv');
    // 1 500 000 spent: the orebro allocation (recorded first) is filled, the rest is utveckling's.
    expect(orebro).toMatchObject({
      allocated: '1000000.00',
      spent: '1000000.00',
      spentAllFunds: '1500000.00',
      overspent: null,
    });
    expect(other).toMatchObject({
      allocated: '1000000.00',
      spent: '500000.00',
      spentAllFunds: '1500000.00',
      overspent: null,
    });
  });

  it('flags overspend on the fund charged with the spend beyond the allocations', async () => {
    at('2017-07-01T09:00:00.000Z');
    await cost('c2', '1200000.00');
    at('2017-07-31T12:00:00.000Z');
    const report = await board('orebro', '2017-07-31');
    const orebro = investmentIn(report, 'e-arkiv');
    const other = investmentIn(await board('utveckling', '2017-07-31'), 'e-arkiv');
    // utveckling's allocation takes 500 000 more; 700 000 is beyond both, charged to the first
    // allocation's fund.
    expect(other).toMatchObject({ spent: '1000000.00', overspent: null });
    expect(orebro).toMatchObject({ spent: '1700000.00', overspent: '700000.00' });
    const fund = await get(`/api/funds/orebro?asOf=${encodeURIComponent(report.asOf)}`);
    expect(fund.totals.spentBeyondAllocations).toBe('700000.00');
    const spentHere = report.investments.reduce(
      (sum: number, i: Json) => sum + Number(i.spent) - Number(i.overspent ?? 0),
      0,
    );
    expect(spentHere).toBe(Number(fund.totals.spent));
  });

  it('shows the baseline version, re-baselines, overridden allocations and early harvests', async () => {
    at('2017-08-01T09:00:00.000Z');
    await t
      .as(PROJECT_LEAD, 'project-lead')
      .put('/api/investments/e-arkiv/benefit-case', aBenefitCase({ assumptions: 'Reviderad' }))
      .expect(200);
    await finance().post('/api/investments/e-arkiv/baseline-revisions', REBASELINE).expect(201);
    // bygglov's new version still raises running costs: re-baselined on the board's override.
    await t
      .as(OTHER_OWNER, 'project-lead')
      .put('/api/investments/bygglov/benefit-case', { ...costlyCase, assumptions: 'Dyrare drift' })
      .expect(200);
    await finance()
      .post('/api/investments/bygglov/baseline-revisions', OVERRIDDEN_REBASELINE)
      .expect(201);
    await finance()
      .post('/api/investments/e-arkiv/harvests', {
        harvestId: 'h1',
        benefitLineId: FINANCIAL_LINE,
        fiscalYear: 2017,
        amount: '100000.00',
        decisionRef: 'Ks 2017/90',
        aheadOfRealisation: true,
        reason: 'Förhandsreduktion i budget 2017',
      })
      .expect(201);

    const asOf = '2018-01-31';
    at('2018-01-31T12:00:00.000Z');
    const report = await board('orebro', asOf);
    const earkiv = investmentIn(report, 'e-arkiv');
    const bygglov = investmentIn(report, 'bygglov');
    const figures = await get(
      `/api/investments/e-arkiv/forecast-vs-actual?asOf=${encodeURIComponent(report.asOf)}`,
    );
    expect(earkiv).toMatchObject({
      baselineCaseVersion: 2,
      currentCaseVersion: 2,
      rebaselines: [
        {
          from: 1,
          to: 2,
          reason: REBASELINE.reason,
          decisionRef: REBASELINE.decisionRef,
          approvedBy: 'fia',
          overrideRef: null,
        },
      ],
      overriddenAllocations: [],
      harvestedAhead: figures.totals.toDate.harvestedAhead,
    });
    expect(earkiv.harvestedAhead).toBe('100000.00');
    expect(bygglov).toMatchObject({
      baselineCaseVersion: 3,
      rebaselines: [
        {
          from: 2,
          to: 3,
          reason: OVERRIDDEN_REBASELINE.reason,
          decisionRef: OVERRIDDEN_REBASELINE.decisionRef,
          approvedBy: 'fia',
          overrideRef: OVERRIDDEN_REBASELINE.overrideRef,
        },
      ],
      overriddenAllocations: [
        {
          allocationId: 'b1',
          trancheId: 't1',
          amount: '500000.00',
          decidedOn: '2017-03-15',
          decisionRef: 'Ks 300/2017',
          overrideRef: OVERRIDE,
          runningCostEffect: '-300000.00',
        },
      ],
    });
    // The other fund made no override: its report lists none for e-arkiv either.
    const other = investmentIn(await board('utveckling', asOf), 'e-arkiv');
    expect(other.overriddenAllocations).toEqual([]);

    const res = await auditor()
      .get(`/api/reports/board?fundId=orebro&asOf=${asOf}&format=xlsx`)
      .buffer(true)
      .parse(binary);
    expect(res.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.body as ArrayBuffer);
    const investments = book.getWorksheet('Investeringar')!;
    expect(investments.getRow(1).getCell(20).value).toBe('Förbrukat, alla fonder');
    expect(investments.getRow(1).getCell(21).value).toBe('Hemtaget före realisering');
    expect(investments.getRow(1).getCell(22).value).toBe('Baslinjens version');
    const earkivRow = investments.getRow(3);
    expect(earkivRow.getCell(1).value).toBe('e-arkiv');
    expect(earkivRow.getCell(6).value).toBe(1700000);
    expect(earkivRow.getCell(7).value).toBe(700000);
    expect(earkivRow.getCell(20).value).toBe(2700000);
    expect(earkivRow.getCell(21).value).toBe(100000);
    expect(earkivRow.getCell(22).value).toBe(2);
    const baselines = book.getWorksheet('Baslinjer och undantag')!;
    const values = (row: number) => (baselines.getRow(row).values as unknown[]).slice(1);
    expect(values(2)).toEqual([
      'bygglov',
      'ny baslinje',
      2,
      3,
      undefined,
      OVERRIDDEN_REBASELINE.decisionRef,
      'fia',
      OVERRIDDEN_REBASELINE.overrideRef,
      OVERRIDDEN_REBASELINE.reason,
    ]);
    expect(values(3)).toEqual([
      'bygglov',
      'tilldelning trots negativ driftkostnadseffekt (b1, t1, 2017-03-15)',
      undefined,
      undefined,
      500000,
      'Ks 300/2017',
      undefined,
      OVERRIDE,
    ]);
    expect(values(4)).toEqual([
      'e-arkiv',
      'ny baslinje',
      1,
      2,
      undefined,
      REBASELINE.decisionRef,
      'fia',
      undefined,
      REBASELINE.reason,
    ]);

    const pdf = await auditor()
      .get(`/api/reports/board?fundId=orebro&asOf=${asOf}&format=pdf`)
      .buffer(true)
      .parse(binary);
    const text = pdfText(pdf.body as Buffer);
    expect(text).toContain('Baslinjens version: 2');
    expect(text).toContain(
      `ny baslinje v2 till v3: ${OVERRIDDEN_REBASELINE.decisionRef}, godkänd av fia, undantagsbeslut ${OVERRIDDEN_REBASELINE.overrideRef}`,
    );
    expect(text).toContain(`ny baslinje v1 till v2: ${REBASELINE.decisionRef}, godkänd av fia`);
    expect(text).toContain(
      `tilldelning trots negativ driftkostnadseffekt: b1 (t1) ${formatMoney('500000.00', 'sv')}, Ks 300/2017, undantagsbeslut ${OVERRIDE}`,
    );
    expect(text).toContain(`Hemtaget före realisering: ${formatMoney('100000.00', 'sv')}`);
    expect(text).toContain(`Förbrukat, alla fonder: ${formatMoney('2700000.00', 'sv')}`);
  });

  it("names each fund's part of a co-funded investment's harvest, which its totals add up from", async () => {
    // As of the last case's moment: e-arkiv's 100 000 harvested, paid for 1 000 000 by each fund.
    const asOf = '2018-01-31';
    const parts: Record<string, string> = {};
    for (const fundId of ['orebro', 'utveckling']) {
      const report = await board(fundId, asOf);
      expect(investmentIn(report, 'e-arkiv')).toMatchObject({
        allocated: '1000000.00',
        allocatedAllFunds: '2000000.00',
        harvested: '100000.00',
      });
      parts[fundId] = investmentIn(report, 'e-arkiv').harvestedThisFund;
      const fromInvestments = Money.sum(
        (report.investments as Json[]).map((i) => Money.of(i.harvestedThisFund)),
      );
      expect([fundId, fromInvestments.toString()]).toEqual([fundId, report.totals.harvested]);
    }
    expect(parts).toEqual({ orebro: '50000.00', utveckling: '50000.00' });
    // bygglov, paid for by orebro alone: its part is its whole.
    const alone = investmentIn(await board('orebro', asOf), 'bygglov');
    expect(alone.allocatedAllFunds).toBe(alone.allocated);

    const xlsx = await auditor()
      .get(`/api/reports/board?fundId=orebro&asOf=${asOf}&format=xlsx`)
      .buffer(true)
      .parse(binary);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.body as ArrayBuffer);
    const sheet = book.getWorksheet('Investeringar')!;
    expect([24, 25].map((c) => sheet.getRow(1).getCell(c).value)).toEqual([
      'Tilldelat, alla fonder',
      'Hemtaget, denna fonds del',
    ]);
    expect([24, 25].map((c) => sheet.getRow(3).getCell(c).value)).toEqual([2000000, 50000]);
    const pdf = await auditor()
      .get(`/api/reports/board?fundId=orebro&asOf=${asOf}&format=pdf&lang=en`)
      .buffer(true)
      .parse(binary);
    const text = pdfText(pdf.body as Buffer);
    expect(text).toContain(`Allocated, all funds: ${formatMoney('2000000.00', 'en')}`);
    expect(text).toContain(`Harvested, this fund's part: ${formatMoney('50000.00', 'en')}`);
  });

  it('gives each fund the years of its group in the fund report, shares of co-funded investments included', async () => {
    // An investment no fund has paid for: in the report (unallocated), in neither board.
    await aDocumentedInvestmentOverHttp(t, 'ingen-fond');
    at('2019-02-01T09:00:00.000Z');
    // An amount that does not split evenly between the two funds paying for e-arkiv.
    await t
      .as(LINE_OWNER, 'project-lead')
      .post('/api/investments/e-arkiv/effect-reports', {
        reportId: 'r-2018',
        benefitLineId: FINANCIAL_LINE,
        period: '2018',
        value: '555555.55',
        evidence: 'Leverantörsfakturor 2018',
      })
      .expect(201);
    const asOf = '2019-02-28';
    at('2019-02-28T12:00:00.000Z');
    const report = await get(
      `/api/reports/forecast-vs-actual?groupBy=fund&grain=year&asOf=${asOf}`,
    );
    expect(report.groups.map((g: Json) => g.group)).toEqual([
      'orebro',
      'unallocated',
      'utveckling',
    ]);
    for (const fundId of ['orebro', 'utveckling']) {
      const years = (await board(fundId, asOf)).years;
      expect(years).toEqual(boardYearsIn(report, fundId));
      expect(years.find((y: Json) => y.year === '2018').actual).not.toBeNull();
    }
    // The two funds' shares of the report add up to the whole amount reported.
    const shares = ['orebro', 'utveckling'].map((fundId) =>
      Money.of(
        report.groups
          .find((g: Json) => g.group === fundId)
          .periods.find((p: Json) => p.period === '2018').actual as string,
      ),
    );
    expect(Money.sum(shares).toString()).toBe('555555.55');
  });

  it('reads a report as of today at the moment it is asked, and says so', async () => {
    at('2019-03-05T10:00:00.000Z');
    const morning = await board('orebro', '2019-03-05');
    expect(morning.asOf).toBe('2019-03-05T10:00:00.000Z');
    // A cost recorded later that day is in a report asked after it, not in the morning's.
    at('2019-03-05T13:00:00.000Z');
    const afternoonCost = (await cost('c-afternoon', '1000.00')).body as Json;
    at('2019-03-05T14:00:00.000Z');
    const afternoon = await board('orebro', '2019-03-05');
    expect(afternoon.asOf).toBe('2019-03-05T14:00:00.000Z');
    // The afternoon's report ends at the cost (positions need not be dense: EventStoreDB's are not).
    expect(BigInt(morning.ledger.position)).toBeLessThan(BigInt(afternoonCost.position));
    expect(afternoon.ledger.position).toBe(afternoonCost.position);
    const again = await board('orebro', '2019-03-05T10:00:00.000Z');
    expect(again).toMatchObject({ asOf: '2019-03-05T10:00:00.000Z', ledger: morning.ledger });
    expect(again.totals).toEqual(morning.totals);
    // A moment already past is read as asked.
    expect((await board('orebro', '2019-03-04')).asOf).toBe('2019-03-04T22:59:59.999Z');
  });
});
