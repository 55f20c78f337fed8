/**
 * A moment in the address outside the days the ledger can be read at. The API reads `asOf` in
 * Stockholm days from 1900-01-01 to 9999-12-31 (src/periods/moment.ts), while the page took any
 * year from 0001: it announced "Visar läget … per 1 juni 500" above a page whose every answer
 * was a refusal in the generic words ("Värdet godtas inte."), and its links kept the moment.
 * Now the page refuses such a moment as it refuses a malformed one: at the moment field, with
 * the range, and with the API's own refusal in Swedish. On the demo ledger, in Chromium.
 */
import { DEMO_FINANCE } from '../../src/demo/orebro-demo.data';
import { plain } from './support/browser';
import { taskSession, TASK_TIMEOUT_MS } from './support/tasks';

const RANGE_WHY = 'liggaren kan visas per en dag från 1900-01-01 till 9999-12-31 (svensk tid)';
const API_REFUSAL =
  'Tjänsten nekade också att läsa liggaren vid den tidpunkten: ' +
  'Tidpunkt: En tidpunkt på en dag från 1900-01-01 till 9999-12-31, svensk tid.';

/** Addresses whose moment lies outside the range: bare dates and instants, at both ends. */
const OUTSIDE = [
  '#/funds?asOf=1850-01-01',
  '#/investments?asOf=0500-06-01',
  '#/?asOf=1899-12-31',
  // The last millisecond of Stockholm's 31 December 1899, and the first of its 1 January 10000.
  `#/investments?asOf=${encodeURIComponent('1899-12-31T22:59:59.999Z')}`,
  `#/?asOf=${encodeURIComponent('9999-12-31T23:00:00Z')}`,
];

/** Moments just inside it, shown as any other past moment. */
const INSIDE = [
  { hash: '#/?asOf=1900-01-01', shown: '1 jan. 1900' },
  // Noon, so the day is 1 January 1900 in whatever zone the browser shows instants in.
  {
    hash: `#/investments?asOf=${encodeURIComponent('1900-01-01T12:00+01:00')}`,
    shown: '1 jan. 1900',
  },
];

describe('a moment in the address outside the days the ledger can be read at', () => {
  const session = taskSession('moment-range');

  it(
    'is refused at the moment field, with the range and the API’s own refusal, and the page stays usable',
    async () => {
      const page = await session.as(DEMO_FINANCE);
      const url = session.ledger().url;
      for (const hash of OUTSIDE) {
        await page.goto(`${url}/${hash}`);
        await page.reload();
        // Drawn whatever it decided: a view of its own, or the page the address names.
        await page.locator('main[data-view]:not([aria-busy])').waitFor();
        const bar = plain(await page.locator('#asof-bar').textContent());
        // No moment the ledger was never read at is announced as shown.
        expect({ hash, bar }).toEqual({ hash, bar: expect.not.stringContaining('Visar läget') });
        const banner = page.locator('#asof-bar .asof-unreadable');
        expect({ hash, banners: await banner.count() }).toEqual({ hash, banners: 1 });
        const said = plain(await banner.textContent());
        expect(said).toContain('går inte att läsa');
        expect(said).toContain(RANGE_WHY);
        expect(plain(await page.locator('main h1').textContent())).toBe(
          'Tidpunkten går inte att läsa',
        );
        expect(plain(await page.locator('main .api-refusal').textContent())).toBe(API_REFUSAL);
        // The links lead to pages at now, not to the same moment.
        expect(await page.getByRole('link', { name: 'Investeringar' }).getAttribute('href')).toBe(
          '#/investments',
        );
      }
      await session.shot(page, 'outside');
      await page.locator('#asof-bar').getByRole('button', { name: 'Tillbaka till nu' }).click();
      await page.locator('main[data-view="overview"]:not([aria-busy])').waitFor();
      expect(page.url()).not.toContain('asOf');
      expect(await page.locator('#asof-bar .asof-unreadable').count()).toBe(0);
    },
    TASK_TIMEOUT_MS,
  );

  it(
    'shows a moment on the first day of the range as any past moment',
    async () => {
      const page = await session.as(DEMO_FINANCE);
      for (const { hash, shown } of INSIDE) {
        await page.goto(`${session.ledger().url}/${hash}`);
        await page.reload();
        await page.locator('main[data-view]:not([aria-busy])').waitFor();
        expect(await page.locator('#asof-bar .asof-unreadable').count()).toBe(0);
        const banner = plain(await page.locator('#asof-bar .asof-banner').textContent());
        expect(banner).toContain('Visar läget');
        expect(banner).toContain(shown);
        expect(await page.locator('main .error, main .api-refusal').count()).toBe(0);
      }
    },
    TASK_TIMEOUT_MS,
  );

  it(
    'offers only days of the range in the moment field',
    async () => {
      const page = await session.as(DEMO_FINANCE);
      const field = page.getByLabel('Visa läget per');
      expect(await field.getAttribute('min')).toBe('1900-01-01');
    },
    TASK_TIMEOUT_MS,
  );
});
