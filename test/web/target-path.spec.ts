/**
 * A qualitative line's target on the investment page is drawn on the path its readings are
 * judged on: the baseline's horizon, not the current version's. Here the lead documents a
 * second version stretching the horizon from four years to eight, with no re-baseline: the
 * 2020 reading, 64 on the way from 62 to 70 over 2019–2022, stays 25 % against the 50 % the
 * baseline's path expects (a deviation). The page drew the target from the current version's
 * eight years, which put it at 64 for 2020, on the reading the status calls a deviation; the
 * answer's `targetPath` gives the baseline's path, and the chart's table shows 66 for 2020.
 */
import { DEMO_FINANCE, DEMO_FUND } from '../../src/demo/orebro-demo.data';
import { plain } from './support/browser';
import { apiAs, SETUP_TIMEOUT_MS, taskSession, TASK_TIMEOUT_MS } from './support/tasks';

const LEAD = 'lena.lind';
const ID = 'nki-kundtjanst-horisont';
const LINE = 'nki';
/** After the demo's last recorded event (February 2021). */
const NOW = new Date('2021-03-01T09:00:00.000Z');

/** A purely qualitative case from 2019: one one-off cost and the NKI line, 62 → 70. */
const aCase = (horizonYears: number) => ({
  discountRate: '0.035',
  horizonYears,
  startYear: 2019,
  qualitativeOnlyReason: 'Nyttan är nöjdare invånare, inte lägre driftkostnader.',
  costs: [
    {
      costLineId: 'inforande',
      kind: 'one-off',
      description: 'Införande av ny kundtjänst',
      forecast: [{ period: '2019', amount: '100000.00' }],
    },
  ],
  benefits: [
    {
      benefitLineId: LINE,
      description: 'Nöjd kundindex i kundtjänsten',
      class: 'qualitative',
      owner: LEAD,
      indicator: {
        unit: 'NKI',
        baseline: '62',
        target: '70',
        direction: 'increase',
        method: 'Medborgarundersökning',
        frequency: 'yearly',
      },
    },
  ],
});

describe("a qualitative line's target drawn on the baseline's path", () => {
  const session = taskSession('target-path', { clock: () => NOW });

  beforeAll(async () => {
    const lead = apiAs(session.ledger(), LEAD);
    const finance = apiAs(session.ledger(), DEMO_FINANCE);
    await lead('POST', '/api/investments', {
      investmentId: ID,
      title: 'NKI i kundtjänsten (horisont)',
      department: 'Kommunledningsförvaltningen',
      projectLead: LEAD,
      need: 'Invånarna är missnöjda med kundtjänsten.',
    });
    await lead('PUT', `/api/investments/${ID}/benefit-case`, aCase(4));
    await finance('POST', `/api/funds/${DEMO_FUND.fundId}/allocations`, {
      investmentId: ID,
      allocationId: `${ID}-t1`,
      trancheId: DEMO_FUND.tranches[0].trancheId,
      amount: '100000.00',
      decidedOn: '2019-03-15',
      decisionRef: 'Ks 91/2019',
      caseVersion: 1,
    });
    await lead('POST', `/api/investments/${ID}/effect-reports`, {
      reportId: `${ID}-2020`,
      benefitLineId: LINE,
      period: '2020',
      value: '64',
      evidence: 'Medborgarundersökningen 2020',
    });
    // A longer horizon, documented but not adopted as the baseline.
    await lead('PUT', `/api/investments/${ID}/benefit-case`, aCase(8));
  }, SETUP_TIMEOUT_MS);

  it(
    "gives the baseline's path over HTTP and draws the target on it",
    async () => {
      const ledger = session.ledger();
      const response = await fetch(
        `${ledger.url}/api/investments/${ID}/forecast-vs-actual?grain=year`,
        { headers: { Authorization: `Bearer ${ledger.tokenFor(DEMO_FINANCE)}` } },
      );
      const { lines } = (await response.json()) as { lines: Record<string, unknown>[] };
      expect(lines.find((l) => l.benefitLineId === LINE)).toMatchObject({
        status: 'deviation',
        achievementPct: '25.00',
        expectedPct: '50.00',
        targetPath: {
          baseline: '62',
          target: '70',
          startYear: 2019,
          endYear: 2022,
          replacedOn: null,
        },
      });

      const page = await session.as(DEMO_FINANCE, undefined, {
        timezoneId: 'Europe/Stockholm',
        fixedTime: NOW,
      });
      await session.openInvestment(page, ID);
      const row = page
        .locator(`.line-chart[data-line="${LINE}"] .chart-table tbody tr`)
        .filter({ has: page.locator('th', { hasText: /^2020$/ }) });
      await row.waitFor({ state: 'attached' });
      const cells = (await row.locator('td').allTextContents()).map(plain);
      // The target first, then the reading.
      expect(cells).toEqual(['66', '64']);
    },
    TASK_TIMEOUT_MS,
  );
});
