/**
 * The read side over real HTTP: fund balances with spent and harvested, the investment list
 * and summary with figures to date, forecast against actual for one investment and for the
 * fund (JSON and CSV, parsed back), the follow-up list, exact as-of answers that stay the
 * same when asked again later, minPosition, and a 400 for every bad query value.
 */
import { startWorkedExample, WorkedExample } from '../reports/support/worked-example';
import { LINE_OWNER, OTHER_OWNER, PROJECT_LEAD } from '../support/investment.mothers';
import type { TestApp } from '../support/test-app';

const CSV_HEADER = [
  'group',
  'investmentId',
  'department',
  'benefitLineId',
  'class',
  'period',
  'baselineForecast',
  'currentForecast',
  'actual',
  'harvested',
  'variance',
  'realisationRatio',
  // Issue 15: the variance split, appended so the columns before keep their places.
  'forecastDue',
  'forecastDrift',
  'deliveryGap',
  'notReported',
  // Harvests ahead of realisation, appended likewise.
  'harvestedAhead',
];

/** RFC 4180 records: quoted fields may hold commas, quotes ("") and line breaks. */
const parseCsv = (text: string): string[][] => {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      record.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i++;
    } else field += c;
  }
  return records;
};

type Row = Record<string, string | null>;

describe('reports and read models over HTTP', () => {
  let t: TestApp;
  let at: WorkedExample['at'];
  const auditor = () => t.as('revisor', 'auditor');
  const owner = () => t.as(LINE_OWNER, 'project-lead');

  const expectBadQuery = async (path: string, field: string): Promise<void> => {
    const res = await auditor().get(path);
    expect({ status: res.status, code: res.body.code }).toEqual({
      status: 400,
      code: 'VALIDATION_FAILED',
    });
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(field);
  };

  beforeAll(async () => {
    const example = await startWorkedExample({
      correctionReason: 'Slutfaktura saknades',
      harvestDecisionRef: 'KF 2018 § 200',
    });
    t = example.t;
    at = example.at;
  });
  afterAll(async () => t.close());

  it('shows each tranche spent and harvested in proportion to what it funded', async () => {
    const fund = (await auditor().get('/api/funds/orebro').expect(200)).body;
    // e-arkiv has 2 000 000 from t1 and 1 000 000 from t2: two thirds and one third.
    // Harvested 500 000 → 333 333.33 and the remainder 166 666.67 in the last tranche.
    // Issue 15: spend is attributed when recorded, to the allocations in recorded order, so the
    // 1 500 000 all lies on a1 (t1, room 2 000 000); and t2's window closed 2018-12-31, so on
    // 2019-03-01 its unallocated 79 000 000 has lapsed: nothing of it is available.
    expect(fund.tranches).toEqual([
      expect.objectContaining({
        trancheId: 't1',
        name: 'Etapp 1',
        status: 'released',
        allocatableFrom: '2016-12-31',
        allocatableUntil: null,
        amount: '120000000.00',
        allocated: '2000000.00',
        available: '118000000.00',
        availableNow: '118000000.00',
        lapsed: '0.00',
        spent: '1500000.00',
        harvested: '333333.33',
      }),
      expect.objectContaining({
        trancheId: 't2',
        name: 'Etapp 2',
        status: 'released',
        allocatableFrom: null,
        allocatableUntil: '2018-12-31',
        amount: '80000000.00',
        allocated: '1000000.00',
        available: '0.00',
        availableNow: '0.00',
        lapsed: '79000000.00',
        spent: '0.00',
        harvested: '166666.67',
      }),
    ]);
    expect(fund.totals).toEqual(
      expect.objectContaining({
        amount: '200000000.00',
        allocated: '3000000.00',
        // Issue 15: available is what can be allocated today; t2's lapsed money is not.
        available: '118000000.00',
        unallocated: '197000000.00',
        lapsed: '79000000.00',
        spent: '1500000.00',
        harvested: '500000.00',
      }),
    );
    const list = (await auditor().get('/api/funds').expect(200)).body;
    expect(list.funds).toHaveLength(1);
    expect(list.funds[0].totals).toEqual(fund.totals);
  });

  it('lists investments by department and stage, with their figures to date', async () => {
    const social = (
      await auditor()
        .get(`/api/investments?department=${encodeURIComponent('Socialförvaltningen')}`)
        .expect(200)
    ).body;
    expect(social.investments.map((i: { investmentId: string }) => i.investmentId)).toEqual([
      'e-tjanst',
    ]);
    const approved = (await auditor().get('/api/investments?stage=approved').expect(200)).body;
    expect(approved.investments.map((i: { investmentId: string }) => i.investmentId)).toEqual([
      'e-arkiv',
    ]);
    const one = (await auditor().get('/api/investments/e-arkiv').expect(200)).body;
    // On 2019-03-01 the 2018 forecasts are due: 600 000 + 480 000 = 1 080 000 (baseline);
    // reported 600 000 (the corrected value): 600 000 ÷ 1 080 000 = 0.5556. time-freed has no
    // report (deviation, worst of the lines) and is 15 days past its due date (overdue), as are
    // the NKI's readings for 2017 and 2018 (issue 15: qualitative readings are owed too).
    expect(one).toMatchObject({
      stage: 'approved',
      department: 'Kommunstyrelseförvaltningen',
      allocated: '3000000.00',
      spent: '1500000.00',
      harvested: '500000.00',
      forecastToDate: '1080000.00',
      actualToDate: '600000.00',
      realisationRatio: '0.5556',
      indicatorStatus: 'deviation',
      overdueCount: 3,
      today: '2019-03-01',
    });
    expect(one.projectLead).toBe(PROJECT_LEAD);
    await expectBadQuery('/api/investments?stage=somewhere', 'stage');
    await expectBadQuery('/api/investments?stage=approved&stage=closed', 'stage');
  });

  it('answers forecast against actual for one investment at a grain', async () => {
    const res = (
      await auditor().get('/api/investments/e-arkiv/forecast-vs-actual?grain=quarter').expect(200)
    ).body;
    expect(res).toMatchObject({
      investmentId: 'e-arkiv',
      grain: 'quarter',
      baselineCaseVersion: 1,
      decisionYear: 2017,
    });
    const financial = res.lines.find(
      (l: { benefitLineId: string }) => l.benefitLineId === 'fewer-licences',
    );
    expect(
      financial.periods.filter((p: { period: string }) => p.period.startsWith('2018')),
    ).toEqual(
      ['2018-Q1', '2018-Q2', '2018-Q3', '2018-Q4'].map((period) => ({
        period,
        baselineForecast: '150000.00',
        currentForecast: '150000.00',
        actual: '150000.00',
        harvested: '0.00',
        harvestedAhead: '0.00',
        variance: '0.00',
        realisationRatio: '1.0000',
        indicatorValue: null,
        // Issue 15: each due period splits its variance; all met as forecast, nothing drifted.
        forecastDue: '150000.00',
        forecastDrift: '0.00',
        deliveryGap: '0.00',
        notReported: '0.00',
      })),
    );
    expect(res.kpis.forecast.monetised).toEqual(
      expect.objectContaining({
        npv: expect.stringMatching(/^-?[0-9]+\.[0-9]{2}$/),
        paybackMonths: expect.any(Number),
      }),
    );
    await expectBadQuery('/api/investments/e-arkiv/forecast-vs-actual?grain=week', 'grain');
    await expectBadQuery('/api/investments/e-arkiv/forecast-vs-actual?asOf=yesterday', 'asOf');
    const missing = await auditor().get('/api/investments/nope/forecast-vs-actual');
    expect({ status: missing.status, code: missing.body.code }).toEqual({
      status: 404,
      code: 'INVESTMENT_NOT_FOUND',
    });
  });

  it('reports the fund by tranche in JSON, and the same rows in CSV', async () => {
    const json = (
      await auditor().get('/api/reports/forecast-vs-actual?groupBy=tranche&grain=year').expect(200)
    ).body;
    expect(json.groups.map((g: { group: string }) => g.group)).toEqual([
      'orebro/t1',
      'orebro/t2',
      'unallocated',
    ]);
    // 2018 of e-arkiv: 600 000 + 480 000 split two thirds / one third.
    const y2018 = (group: string) =>
      json.groups
        .find((g: { group: string }) => g.group === group)
        .periods.find((p: { period: string }) => p.period === '2018');
    expect(y2018('orebro/t1')).toMatchObject({
      baselineForecast: '720000.00',
      actual: '400000.00',
    });
    expect(y2018('orebro/t2')).toMatchObject({
      baselineForecast: '360000.00',
      actual: '200000.00',
    });

    const csv = await auditor()
      .get('/api/reports/forecast-vs-actual?groupBy=tranche&grain=year&format=csv')
      .expect(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
    const [header, ...records] = parseCsv(csv.text);
    expect(header).toEqual(CSV_HEADER);
    const parsed: Row[] = records.map((r) =>
      Object.fromEntries(header.map((h, i) => [h, r[i] === '' ? null : r[i]])),
    );
    expect(parsed).toEqual(json.rows);
    for (const value of parsed.flatMap((r) => [
      r.baselineForecast,
      r.currentForecast,
      r.actual,
      r.harvested,
      r.variance,
      r.forecastDue,
      r.forecastDrift,
      r.deliveryGap,
      r.notReported,
    ])) {
      if (value !== null) expect(value).toMatch(/^-?[0-9]+\.[0-9]{2}$/);
    }
    expect(parsed.some((r) => r.department === 'Socialförvaltningen')).toBe(true);

    await expectBadQuery('/api/reports/forecast-vs-actual?groupBy=colour', 'groupBy');
    await expectBadQuery('/api/reports/forecast-vs-actual?format=xml', 'format');
    await expectBadQuery('/api/reports/forecast-vs-actual?grain=decade', 'grain');
  });

  it('groups by department, class and investment', async () => {
    for (const [groupBy, groups] of [
      ['department', ['Kommunstyrelseförvaltningen', 'Socialförvaltningen']],
      ['class', ['financial', 'redistributable']],
      ['investment', ['e-arkiv', 'e-tjanst']],
      ['fund', ['orebro', 'unallocated']],
    ] as const) {
      const res = (
        await auditor().get(`/api/reports/forecast-vs-actual?groupBy=${groupBy}`).expect(200)
      ).body;
      expect({ groupBy, groups: res.groups.map((g: { group: string }) => g.group) }).toEqual({
        groupBy,
        groups,
      });
    }
  });

  it('leaves the rows out on request, with the same groups and totals', async () => {
    for (const query of ['groupBy=fund&grain=year', 'groupBy=tranche&grain=quarter']) {
      const whole = (await auditor().get(`/api/reports/forecast-vs-actual?${query}`).expect(200))
        .body;
      expect(whole.rows.length).toBeGreaterThan(0);
      const small = (
        await auditor()
          .get(`/api/reports/forecast-vs-actual?${query}&rows=false&asOfPosition=${whole.position}`)
          .expect(200)
      ).body;
      expect(small).not.toHaveProperty('rows');
      const { rows: _rows, asOf: _asOf, ...rest } = whole;
      expect({ ...small, asOf: null }).toEqual({ ...rest, asOf: null });
      expect(
        (
          await auditor()
            .get(
              `/api/reports/forecast-vs-actual?${query}&rows=true&asOfPosition=${whole.position}`,
            )
            .expect(200)
        ).body.rows,
      ).toEqual(whole.rows);
    }
    await expectBadQuery('/api/reports/forecast-vs-actual?rows=false&format=csv', 'rows');
    await expectBadQuery('/api/reports/forecast-vs-actual?rows=false&format=xlsx', 'rows');
    await expectBadQuery('/api/reports/forecast-vs-actual?rows=none', 'rows');
  });

  it('lists overdue effect reports by owner', async () => {
    const res = (await auditor().get('/api/reports/follow-up').expect(200)).body;
    // time-freed's 2018 ended 2018-12-31; due 45 days later (2019-02-14); 15 days overdue on 2019-03-01.
    // e-tjanst was never approved, so it owes nothing.
    // Issue 15: qualitative lines owe readings at their frequency too, so the yearly NKI
    // (never read in this story) is overdue for 2017 (due 2018-02-14) and 2018 (due 2019-02-14).
    expect(res).toMatchObject({ today: '2019-03-01', graceDays: 45, total: 3 });
    expect(res.owners).toEqual([
      {
        owner: LINE_OWNER,
        count: 2,
        overdue: [
          expect.objectContaining({
            benefitLineId: 'citizen-satisfaction',
            period: '2017',
            daysOverdue: 380,
            forecast: null,
          }),
          expect.objectContaining({
            benefitLineId: 'citizen-satisfaction',
            period: '2018',
            daysOverdue: 15,
            forecast: null,
          }),
        ],
      },
      {
        owner: OTHER_OWNER,
        count: 1,
        overdue: [
          expect.objectContaining({
            investmentId: 'e-arkiv',
            benefitLineId: 'time-freed',
            period: '2018',
            periodEnd: '2018-12-31',
            dueOn: '2019-02-14',
            daysOverdue: 15,
            forecast: '480000.00',
          }),
        ],
      },
    ]);
    const earlier = (
      await auditor().get('/api/reports/follow-up?asOf=2019-02-01T00:00:00Z').expect(200)
    ).body;
    // On 2019-02-01 only the NKI's 2017 reading was overdue.
    expect(earlier).toMatchObject({ today: '2019-02-01', total: 1 });
    expect(earlier.owners.map((o: { owner: string }) => o.owner)).toEqual([LINE_OWNER]);
  });

  it('answers minPosition, and refuses a bad one', async () => {
    const head = (await auditor().get('/api/funds/orebro').expect(200)).body.position;
    await auditor().get(`/api/funds/orebro?minPosition=${head}`).expect(200);
    await expectBadQuery('/api/funds/orebro?minPosition=-1', 'minPosition');
    await expectBadQuery('/api/reports/follow-up?minPosition=1e3', 'minPosition');
  });

  it("answers a minPosition past the ledger's last event at once with 404 POSITION_NOT_FOUND, as asOfPosition", async () => {
    const head = BigInt((await auditor().get('/api/funds/orebro').expect(200)).body.position);
    for (const path of ['/api/funds/orebro', '/api/investments', '/api/investments/e-arkiv']) {
      for (const beyond of [head + 1n, 999999999n]) {
        const started = Date.now();
        const res = await auditor().get(`${path}?minPosition=${beyond}`);
        // Not the 2 s wait for the read models, and no Retry-After inviting a retry.
        expect(Date.now() - started).toBeLessThan(1_500);
        expect({ path, status: res.status, code: res.body.code }).toEqual({
          path,
          status: 404,
          code: 'POSITION_NOT_FOUND',
        });
        expect(res.headers['retry-after']).toBeUndefined();
        expect(res.body.detail).toBe(
          `The ledger has no event at position ${beyond}: its last position is ${head}.`,
        );
        expect(res.body.lastPosition).toBe(String(head));
      }
    }
    const asOfPosition = await auditor().get(`/api/funds/orebro?asOfPosition=${head + 1n}`);
    expect({ status: asOfPosition.status, code: asOfPosition.body.code }).toEqual({
      status: 404,
      code: 'POSITION_NOT_FOUND',
    });
    // The ledger's last event itself is there: answered.
    await auditor().get(`/api/investments/e-arkiv?minPosition=${head}`).expect(200);
  });

  it('answers as of a moment exactly, before and after a correction, and the same again later', async () => {
    const before = '/api/investments/e-arkiv/forecast-vs-actual?asOf=2019-02-01T00:00:00Z';
    const after = '/api/investments/e-arkiv/forecast-vs-actual?asOf=2019-02-15T00:00:00Z';
    const actual2018 = (body: {
      lines: { benefitLineId: string; periods: { period: string; actual: string | null }[] }[];
    }) =>
      body.lines
        .find((l) => l.benefitLineId === 'fewer-licences')
        ?.periods.find((p) => p.period === '2018')?.actual;
    const first = {
      before: (await auditor().get(before).expect(200)).body,
      after: (await auditor().get(after).expect(200)).body,
    };
    expect(actual2018(first.before)).toBe('550000.00');
    expect(actual2018(first.after)).toBe('600000.00');
    const summaryBefore = (
      await auditor().get('/api/investments/e-arkiv?asOf=2019-02-01T00:00:00Z').expect(200)
    ).body;
    expect(summaryBefore.effectReports[0]).toMatchObject({
      value: '550000.00',
      effectiveValue: '550000.00',
      corrections: [],
    });
    expect(summaryBefore.harvested).toBe('0.00');

    // The ledger moves on: another correction and a report. The past does not change.
    at('2019-03-05T10:00:00.000Z');
    await owner()
      .post('/api/investments/e-arkiv/effect-reports/r1/corrections', {
        value: '610000.00',
        reason: 'Kreditnota',
      })
      .expect(201);
    at('2019-03-06T10:00:00.000Z');
    await t
      .as(OTHER_OWNER, 'project-lead')
      .post('/api/investments/e-arkiv/effect-reports', {
        reportId: 'r2',
        benefitLineId: 'time-freed',
        period: '2018',
        value: '470000.00',
        evidence: 'Tidrapporter',
      })
      .expect(201);
    const again = {
      before: (await auditor().get(before).expect(200)).body,
      after: (await auditor().get(after).expect(200)).body,
    };
    expect(again).toEqual(first);
    const live = (await auditor().get('/api/investments/e-arkiv/forecast-vs-actual').expect(200))
      .body;
    expect(actual2018(live)).toBe('610000.00');

    // Before the fund existed there was no fund; a bad moment is a 400.
    const none = await auditor().get('/api/funds/orebro?asOf=2016-06-01');
    expect({ status: none.status, code: none.body.code }).toEqual({
      status: 404,
      code: 'FUND_NOT_FOUND',
    });
    await expectBadQuery('/api/funds/orebro?asOf=30/05/2017', 'asOf');
    await expectBadQuery('/api/reports/forecast-vs-actual?asOf=2017-13-45', 'asOf');
  });
});
