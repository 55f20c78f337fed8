/**
 * A qualitative line's target on the investment page is drawn on the path its readings are
 * judged on: the baseline's horizon, not the current version's. Here the lead documents a
 * second version stretching the horizon from four years to eight, with no re-baseline: the
 * 2020 reading, 64 on the way from 62 to 70 over 2019–2022, stays 25 % against the 50 % the
 * baseline's path expects (a deviation). The page drew the target from the current version's
 * eight years, which put it at 64 for 2020, on the reading the status calls a deviation; the
 * answer's `targetPath` gives the baseline's path, and the chart's table shows 66 for 2020.
 */
import { DEMO_FINANCE } from '../../src/demo/orebro-demo.data';
import { plain } from './support/browser';
import { anNkiInvestmentRead2020, NKI_LINE, nkiCase } from './support/nki-case';
import { apiAs, SETUP_TIMEOUT_MS, taskSession, TASK_TIMEOUT_MS } from './support/tasks';

const LEAD = 'lena.lind';
const ID = 'nki-kundtjanst-horisont';
const LINE = NKI_LINE;
/** After the demo's last recorded event (February 2021). */
const NOW = new Date('2021-03-01T09:00:00.000Z');

describe("a qualitative line's target drawn on the baseline's path", () => {
  const session = taskSession('target-path', { clock: () => NOW });

  beforeAll(async () => {
    const lead = apiAs(session.ledger(), LEAD);
    await anNkiInvestmentRead2020(session.ledger(), {
      id: ID,
      title: 'NKI i kundtjänsten (horisont)',
      lead: LEAD,
      decisionRef: 'Ks 91/2019',
    });
    // A longer horizon, documented but not adopted as the baseline.
    await lead(
      'PUT',
      `/api/investments/${ID}/benefit-case`,
      nkiCase({ owner: LEAD, horizonYears: 8 }),
    );
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
