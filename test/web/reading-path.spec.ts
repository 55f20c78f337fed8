/**
 * A qualitative reading of a period that ended before a re-baseline was recorded stays judged on
 * the path of the baseline it replaced (docs/DOMAIN.md, "Re-baselining is a decision of its
 * own"), over HTTP and on the investment page, on the demo ledger served from its SQLite file.
 *
 * The story, built over the API: an NKI line 62 → 70 over 2019–2022, approved by an allocation
 * decided in 2019; its 2020 reading, 64, is 25 % of the planned change where the path expects
 * 50 % (a deviation). The lead then documents a version lowering the target to 66, on which the
 * same reading would be 50 % and on-track, and finance (who neither wrote it nor answers for
 * the line) adopts it by a re-baseline at 00:30 Stockholm time on 2 March 2021, still 1 March
 * in UTC. The line's status stays `deviation`, its `latestReading.path` names target 70 and the
 * Stockholm day of the re-baseline, and the page says so in Swedish and in English.
 * The service's clock is the spec's (after the demo's last event, so its days are the ones
 * recorded). Screenshot in test-artifacts/dashboard/reading-path-*.png.
 */
import { DEMO_FINANCE } from '../../src/demo/orebro-demo.data';
import { plain } from './support/browser';
import { anNkiInvestmentRead2020, NKI_LINE, nkiCase } from './support/nki-case';
import { apiAs, SETUP_TIMEOUT_MS, taskSession, TASK_TIMEOUT_MS } from './support/tasks';

const LEAD = 'lena.lind';
const ID = 'nki-kundtjanst-malkurva';
const LINE = NKI_LINE;
/** The setup's day, after the demo's last recorded event (February 2021). */
const SET_UP_AT = new Date('2021-03-01T09:00:00.000Z');
/** 00:30 on 2 March in Stockholm (CET), 1 March in UTC. */
const REBASELINED_AT = new Date('2021-03-01T23:30:00.000Z');
const REBASELINED_ON = '2021-03-02';

/** The service's clock: the setup's day, then the re-baseline's moment. */
let clockAt = SET_UP_AT;

interface ReadingPath {
  readonly baseline: string;
  readonly target: string;
  readonly direction: string;
  readonly startYear: number;
  readonly endYear: number;
  readonly replacedOn: string | null;
}

interface Line {
  readonly benefitLineId: string;
  readonly indicator: { readonly target: string };
  readonly achievementPct: string | null;
  readonly expectedPct: string | null;
  readonly status: string | null;
  readonly latestReading: { period: string; value: string; path: ReadingPath } | null;
}

describe('a reading of a period over before a re-baseline, judged on the path it replaced', () => {
  const session = taskSession('reading-path', { clock: () => clockAt });

  const nkiLine = async (): Promise<Line> => {
    const ledger = session.ledger();
    const response = await fetch(
      `${ledger.url}/api/investments/${ID}/forecast-vs-actual?grain=year`,
      { headers: { Authorization: `Bearer ${ledger.tokenFor(DEMO_FINANCE)}` } },
    );
    expect(response.status).toBe(200);
    const { lines } = (await response.json()) as { lines: Line[] };
    const line = lines.find((l) => l.benefitLineId === LINE);
    if (!line) throw new Error(`no line ${LINE} in the forecast-vs-actual answer`);
    return line;
  };

  /** The line as judged before the re-baseline, kept for the first test. */
  let before: Line;

  beforeAll(async () => {
    const lead = apiAs(session.ledger(), LEAD);
    const finance = apiAs(session.ledger(), DEMO_FINANCE);
    await anNkiInvestmentRead2020(session.ledger(), {
      id: ID,
      title: 'NKI i kundtjänsten (målkurva)',
      lead: LEAD,
      decisionRef: 'Ks 90/2019',
    });
    before = await nkiLine();
    // The lead lowers the target; the cost of 2019 and the indicator's baseline and direction
    // stay as they were (a re-baseline changes only what is still to come).
    await lead(
      'PUT',
      `/api/investments/${ID}/benefit-case`,
      nkiCase({ owner: LEAD, target: '66' }),
    );
    clockAt = REBASELINED_AT;
    await finance('POST', `/api/investments/${ID}/baseline-revisions`, {
      caseVersion: 2,
      reason: 'Kommunstyrelsen sänker målet för nöjd kundindex till 66',
      decisionRef: 'Ks 41/2021',
    });
  }, SETUP_TIMEOUT_MS);

  it(
    'keeps the line in deviation over HTTP, naming the path of target 70 and the day it was replaced',
    async () => {
      // Before the re-baseline: the path in force, target 70, 25 % achieved against 50 %.
      expect(before).toMatchObject({
        indicator: { target: '70' },
        achievementPct: '25.00',
        expectedPct: '50.00',
        status: 'deviation',
        latestReading: { period: '2020', value: '64', path: { target: '70', replacedOn: null } },
      });
      // After it: the line's indicator is the new baseline's (66), on whose path the reading
      // would be 50 % against 50 % (on-track); it stays judged on the path it was read on.
      expect(await nkiLine()).toMatchObject({
        indicator: { target: '66' },
        achievementPct: '25.00',
        expectedPct: '50.00',
        status: 'deviation',
        latestReading: {
          period: '2020',
          value: '64',
          path: {
            baseline: '62',
            target: '70',
            direction: 'increase',
            startYear: 2019,
            endYear: 2022,
            replacedOn: REBASELINED_ON,
          },
        },
      });
    },
    TASK_TIMEOUT_MS,
  );

  it(
    "says on the investment page that the reading is judged on the replaced path, with its target and the re-baseline's day",
    async () => {
      const page = await session.as(DEMO_FINANCE, undefined, {
        timezoneId: 'Europe/Stockholm',
        fixedTime: REBASELINED_AT,
      });
      await session.openInvestment(page, ID);
      const status = page.locator(`.line-chart[data-line="${LINE}"] .line-status`);
      await status.waitFor();
      expect(plain(await status.textContent())).toBe(
        'avvikelse 25 % uppnått, 50 % förväntat enligt planen; bedömd mot målkurvan som gällde ' +
          'när perioden löpte ut (mål 70 till 2022), före ombaslinjeringen 2 mars 2021',
      );
      await session.shot(page, 'swedish');

      await page.getByLabel('Språk').selectOption('en');
      const english = status.filter({ hasText: 'judged on' });
      await english.waitFor();
      expect(plain(await english.textContent())).toBe(
        'deviation 25 % achieved, 50 % expected by the plan; judged on the target path in ' +
          'force when its period ended (target 70 by 2022), before the re-baseline of 2 Mar 2021',
      );
    },
    TASK_TIMEOUT_MS,
  );
});
