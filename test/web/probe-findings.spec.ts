/**
 * What a browser probe of the dashboard found, each held here on the demo ledger: a moment in
 * the address that cannot be read (it said nothing and left the page blank), the audit page's
 * verdict on a kept digest that does not match (it called a whole chain broken) and on one that
 * cannot be read (no word at the field), the text "null" on the investments page, the admin's
 * navigation and a long title on a phone, a date refusal at its field, and the board report's
 * moment when the page shows the ledger right after one event.
 * Screenshots in test-artifacts/dashboard/probe-*.png.
 */
import { DEMO_AUDITOR, DEMO_FINANCE } from '../../src/demo/orebro-demo.data';
import { PHONE, plain } from './support/browser';
import { CORRECTED, OVERDUE } from './support/demo-ledger';
import { horizontalOverflow } from './support/in-page';
import { apiAs, openFunded, taskSession, TASK_TIMEOUT_MS } from './support/tasks';

const ADMIN = 'it-admin';
const FUNDED = openFunded();

describe('what the browser probe found, in the browser', () => {
  const session = taskSession('probe');

  it(
    'says so when the moment in the address cannot be read, and the page stays usable',
    async () => {
      const page = await session.as(DEMO_FINANCE);
      const url = session.ledger().url;
      const cases = [
        { hash: '#/?asOf=hello', why: 'skriv en dag som 2019-02-28' },
        {
          hash: `#/investments/${CORRECTED.investmentId}?asOf=2019-13-01`,
          why: 'det finns ingen månad 13',
        },
        { hash: '#/investments?asOf=2019-02-30', why: 'februari 2019 har 28 dagar' },
      ];
      for (const { hash, why } of cases) {
        await page.goto(`${url}/${hash}`);
        await page.reload();
        const banner = page.locator('#asof-bar .asof-unreadable');
        await banner.waitFor();
        const said = plain(await banner.textContent());
        expect(said).toContain('går inte att läsa');
        expect(said).toContain(why);
        // The browser's own reading of 2019-02-30 (2 March) is named nowhere.
        expect(said).not.toContain('mars');
        expect(plain(await page.locator('main h1').textContent())).toBe(
          'Tidpunkten går inte att läsa',
        );
        // The API's refusal of the same moment, in Swedish and at its parameter.
        expect(plain(await page.locator('main .api-refusal').textContent())).toBe(
          'Tjänsten nekade också att läsa liggaren vid den tidpunkten: Tidpunkt: En tidpunkt som finns, t.ex. 2017-05-30.',
        );
        // The links lead to pages at now, not to the same unreadable moment.
        expect(await page.getByRole('link', { name: 'Investeringar' }).getAttribute('href')).toBe(
          '#/investments',
        );
      }
      await session.shot(page, 'unreadable-moment');
      await page.locator('#asof-bar').getByRole('button', { name: 'Tillbaka till nu' }).click();
      await page.locator('.page.investments h1').waitFor();
      expect(page.url()).not.toContain('asOf');
      expect(await page.locator('#asof-bar .asof-unreadable').count()).toBe(0);
    },
    TASK_TIMEOUT_MS,
  );

  it(
    'says the chain holds when only the kept digest differs, and why it differs',
    async () => {
      const { digest } = await session.read<{ digest: string }>('/api/audit/digest');
      const { eventsChecked } = await session.read<{ eventsChecked: number }>('/api/audit/verify');
      const [version, scope, position, hash] = digest.split(':');
      const otherHash = `${hash.slice(0, -4)}${hash.endsWith('0000') ? '1111' : '0000'}`;
      const page = await session.as(DEMO_AUDITOR);
      await page.goto(`${session.ledger().url}/#/audit`);
      const field = page.getByLabel('Sparad sammanfattning (valfri)');
      const verdict = page.locator('.verify-result .verify-verdict');
      const differs = page.locator('.verify-result .digest-verdict.broken');
      const reason = page.locator('.verify-result .digest-reason');

      await field.fill([version, scope, position, otherHash].join(':'));
      await page.getByRole('button', { name: 'Kontrollera' }).click();
      await differs.waitFor();
      expect(plain(await verdict.textContent())).toBe(
        `Kedjan är hel: ${plain(new Intl.NumberFormat('sv-SE').format(eventsChecked))} händelser kontrollerade.`,
      );
      expect(plain(await differs.textContent())).toBe(
        `Historiken fram till position ${position} stämmer inte med sammanfattningen.`,
      );
      expect(plain(await reason.textContent())).toBe(
        `Händelsen på position ${position} har hashen ${hash}, men sammanfattningen anger ${otherHash}: historiken har skrivits om.`,
      );
      await session.shot(page, 'digest-differs');

      // A digest beyond the ledger's head: events were removed since it was taken.
      const beyond = String(Number(position) + 1000);
      await field.fill([version, scope, beyond, hash].join(':'));
      await page.getByRole('button', { name: 'Kontrollera' }).click();
      await reason.filter({ hasText: 'tagits bort' }).waitFor();
      expect(plain(await reason.textContent())).toBe(
        `Liggaren slutar vid position ${position}, före sammanfattningens position ${beyond}: händelser har tagits bort.`,
      );
      expect(await page.locator('.verify-result').textContent()).not.toContain('bruten');
    },
    TASK_TIMEOUT_MS,
  );

  it(
    'says at the digest field what is wrong with a digest that cannot be read',
    async () => {
      const page = await session.as(DEMO_AUDITOR);
      await page.goto(`${session.ledger().url}/#/audit`);
      const field = page.getByLabel('Sparad sammanfattning (valfri)');
      await field.fill('v1:global:12:abc');
      await page.getByRole('button', { name: 'Kontrollera' }).click();
      const error = page.locator('.field-error[data-field="digest"]');
      await error.waitFor();
      expect(plain(await error.textContent())).toContain('En sammanfattning som den som');
      expect(await field.getAttribute('aria-invalid')).toBe('true');
      expect(await page.evaluate('document.activeElement?.name')).toBe('digest');
      expect(plain(await page.locator('.audit-verify .action-result').textContent())).toBe(
        'Sammanfattningen går inte att läsa; se fältet.',
      );

      // Corrected, the field's message goes.
      const { digest } = await session.read<{ digest: string }>('/api/audit/digest');
      await field.fill(digest);
      await page.getByRole('button', { name: 'Kontrollera' }).click();
      await page.locator('.digest-verdict.ok').waitFor();
      expect(await error.isHidden()).toBe(true);
      expect(await field.getAttribute('aria-invalid')).toBeNull();
    },
    TASK_TIMEOUT_MS,
  );

  it(
    'never shows the text "null" on the investments page, whatever the role',
    async () => {
      for (const user of [DEMO_AUDITOR, ADMIN, DEMO_FINANCE]) {
        const page = await session.as(user);
        await page.goto(`${session.ledger().url}/#/investments`);
        await page.locator('.investments-table').waitFor();
        await page.locator('main[data-view="investments"]:not([aria-busy])').waitFor();
        // Element.append(null) writes a text node "null" of its own between the page's parts.
        const nullTexts = await page.evaluate(`(() => {
          const walker = document.createTreeWalker(document.querySelector('main'), NodeFilter.SHOW_TEXT);
          let found = 0;
          while (walker.nextNode()) if (/\\bnull\\b/.test(walker.currentNode.data)) found++;
          return found;
        })()`);
        expect({ user, nullTexts }).toEqual({ user, nullTexts: 0 });
      }
    },
    TASK_TIMEOUT_MS,
  );

  it(
    "fits the admin's navigation on a phone: every link on the screen, no sideways scrolling",
    async () => {
      const page = await session.as(ADMIN, PHONE);
      const users = page.getByRole('link', { name: 'Användare' });
      await users.waitFor();
      expect(await page.evaluate(horizontalOverflow)).toBeLessThanOrEqual(0);
      const box = await users.boundingBox();
      expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual(PHONE.width);
      await session.shot(page, 'admin-nav-phone');
    },
    TASK_TIMEOUT_MS,
  );

  it(
    'wraps a long title of one word rather than scrolling sideways',
    async () => {
      const lead = apiAs(session.ledger(), OVERDUE.projectLead);
      const title = `${'Digitaliseringsinvesteringsprojektet'.repeat(5)}${'X'.repeat(20)}`;
      await lead('POST', '/api/investments', {
        investmentId: 'langt-namn',
        title,
        department: 'Förvaltningen-för-'.repeat(8),
        projectLead: OVERDUE.projectLead,
        need: 'Ett behov.',
      });
      for (const viewport of [PHONE, { width: 1280, height: 900 }]) {
        const page = await session.as(DEMO_AUDITOR, viewport);
        await session.openInvestment(page, 'langt-namn');
        expect(plain(await page.locator('main h1').textContent())).toContain(title);
        expect(await page.evaluate(horizontalOverflow)).toBeLessThanOrEqual(0);
        if (viewport === PHONE) await session.shot(page, 'long-title-phone');
      }
    },
    TASK_TIMEOUT_MS,
  );

  it(
    "shows a date outside the investment's life at the date field of the cost and close forms",
    async () => {
      const inv = FUNDED[0];
      const page = await session.as(DEMO_FINANCE);
      await session.openInvestment(page, inv.investmentId);
      const outside = 'Datumet ligger utanför investeringens livstid.';

      const cost = page.locator('form.cost-form');
      await cost.getByLabel('Belopp (kr)').fill('1 000');
      await cost.getByLabel('Verifikation').fill('Faktura framtid');
      await cost.locator('input[name="incurredOn"]').fill('2031-01-01');
      await cost.getByRole('button', { name: 'Registrera kostnad' }).click();
      const costError = cost.locator('.field-error[data-field="incurredOn"]');
      await costError.waitFor();
      expect(plain(await costError.textContent())).toBe(outside);
      expect(await page.evaluate('document.activeElement?.name')).toBe('incurredOn');
      expect(await cost.locator('input[name="incurredOn"]').inputValue()).toBe('2031-01-01');

      const close = page.locator('form.close-form');
      await close.locator('input[name="closedOn"]').fill('2031-01-01');
      await close.getByLabel('Skäl').fill('Klart');
      await close.getByRole('button', { name: 'Avsluta' }).click();
      const closeError = close.locator('.field-error[data-field="closedOn"]');
      await closeError.waitFor();
      expect(plain(await closeError.textContent())).toBe(outside);
    },
    TASK_TIMEOUT_MS,
  );

  it(
    'says which moment the board report is as of when the page shows the ledger after one event',
    async () => {
      const { events } = await session.read<{
        events: { position: string; recordedAt: string }[];
      }>(`/api/investments/${CORRECTED.investmentId}/history`);
      const event = events[Math.floor(events.length / 2)];
      const page = await session.as(DEMO_FINANCE);
      await page.goto(
        `${session.ledger().url}/#/?asOf=${encodeURIComponent(event.recordedAt)}&asOfPosition=${event.position}`,
      );
      const note = page.locator('.board-moment').first();
      await note.waitFor();
      const said = plain(await note.textContent());
      expect(said).toContain(`direkt efter händelsen på position ${event.position}`);
      expect(said).toContain('även de som kommer efter position');
      // As of a moment without a position, the report is what the page shows: no note. The hash
      // changes without a reload, so the note is waited out as the page draws again (counted at
      // once, it could still be the earlier page's).
      await page.goto(`${session.ledger().url}/#/?asOf=2019-06-30`);
      await page.locator('.board-moment').waitFor({ state: 'detached' });
      await page.locator('.board-files').first().waitFor();
      expect(await page.locator('.board-moment').count()).toBe(0);
    },
    TASK_TIMEOUT_MS,
  );
});
