/**
 * What the second browser probe of the dashboard found, each held here on the demo ledger:
 * - a command whose answer was lost was called refused, and the resend it invited recorded it
 *   twice (a new client id and Idempotency-Key on every send);
 * - the benefit case editor overwrote a version saved meanwhile (no If-Match), and so did a
 *   close decided on a stale page; the save named a version from the page, not the ledger;
 * - a successful write left only a blank form (the users page not even a word to screen
 *   readers), and a grant of a role already held read as a grant;
 * - one click on × removed a role and its tokens for good, without asking;
 * - some API field messages reached the Swedish page only as "Värdet godtas inte.";
 * - the overview's figures did not add up (lapsed money and the spend beyond the allocations
 *   were nowhere);
 * - between midnight and 01:00 Swedish time the timeline cut an as-of day at the end of the
 *   UTC day, and every date field defaulted to yesterday;
 * - the case editor stopped at 40 forecast periods; the token sign-in said "HTTP 0" and the
 *   API's English; the investments table's order and search were lost on a reload; a future
 *   moment was shown as recorded; a title whose id another investment had was refused as a
 *   duplicate; a refusal that proved the page stale left it stale.
 * The service's clock is the spec's (`clockAt`), so the last test records just after midnight.
 * Screenshots in test-artifacts/dashboard/probe2-*.png.
 */
import type { Page } from 'playwright-core';
import { stockholmDay } from '../../src/periods/stockholm-day';
import {
  DEMO_AUDITOR,
  DEMO_FINANCE,
  DEMO_INVESTMENTS,
  DEMO_OVERDUE,
} from '../../src/demo/orebro-demo.data';
import { plain } from './support/browser';
import { apiAs, openFunded, taskSession, TASK_TIMEOUT_MS } from './support/tasks';

const ADMIN = 'it-admin';
const FUNDED = openFunded();
const OVERDUE = DEMO_INVESTMENTS.find((i) => i.investmentId === DEMO_OVERDUE.investmentId)!;
/** A person the spec takes a role from; the demo gave them one token. */
const REVOKED = { id: 'erik.sjo', name: 'Erik Sjö, Kultur- och fritidsförvaltningen' };

/** The service's clock: now, until the last test moves it to just after a Swedish midnight. */
let clockAt: Date | null = null;

/** Money as the Swedish page writes it: öre only when there are some. */
const sek = (value: string): string =>
  new Intl.NumberFormat('sv-SE', {
    style: 'currency',
    currency: 'SEK',
    minimumFractionDigits: /\.[0-9]*[1-9]/.test(value) ? 2 : 0,
    maximumFractionDigits: /\.[0-9]*[1-9]/.test(value) ? 2 : 0,
  })
    .format(value as unknown as number)
    .replace(/\s+/g, ' ');

/** "1234.50" → 123450n, exact. */
const ore = (value: string): bigint => {
  const [kronor, rest = ''] = value.split('.');
  return BigInt(kronor) * 100n + BigInt(rest.padEnd(2, '0'));
};
const fromOre = (value: bigint): string =>
  `${value / 100n}.${String(value % 100n).padStart(2, '0')}`;

interface Cost {
  costId: string;
  reference: string;
  incurredOn: string;
}

describe('what the second browser probe found, in the browser', () => {
  const session = taskSession('probe2', { clock: () => clockAt ?? new Date() });

  const costsOf = async (id: string) =>
    (await session.read<{ costs: Cost[] }>(`/api/investments/${id}`)).costs;
  const alertOf = (page: Page, formClass: string) =>
    page.locator(`form.${formClass} .form-alert:not([hidden])`);

  it(
    'says a lost answer is unknown, not refused, and records a resend once; a changed resend is refused as recorded',
    async () => {
      const inv = FUNDED[0];
      const page = await session.as(DEMO_FINANCE);
      session.allowProblems(page, [/ERR_CONNECTION_RESET/, /^503 for .*\/costs$/]);
      await session.openInvestment(page, inv.investmentId);
      const sent: { key: string; body: { costId: string; reference: string } }[] = [];
      // The first send reaches the ledger and its answer is lost (a proxy timeout, a Wi-Fi
      // drop), or it is answered 503 STORE_OUTCOME_UNKNOWN; the rest pass.
      let next: 'cut' | 'unknown' | 'pass' = 'cut';
      await page.route('**/api/investments/*/costs', async (route) => {
        const request = route.request();
        sent.push({
          key: request.headers()['idempotency-key'],
          body: JSON.parse(request.postData() ?? '{}'),
        });
        const now = next;
        next = 'pass';
        if (now === 'pass') return route.continue();
        await route.fetch();
        if (now === 'cut') return route.abort('connectionreset');
        return route.fulfill({
          status: 503,
          contentType: 'application/problem+json',
          body: JSON.stringify({ status: 503, code: 'STORE_OUTCOME_UNKNOWN', title: 'x' }),
        });
      });
      const form = page.locator('form.cost-form');
      await form.getByLabel('Belopp (kr)').fill('25 000');
      await form.getByLabel('Verifikation').fill('Faktura 7001');
      await form.getByRole('button', { name: 'Registrera kostnad' }).click();
      const said = plain(await alertOf(page, 'cost-form').textContent());
      expect(said).toContain('Svaret från tjänsten uteblev, så det är oklart om det registrerades');
      expect(said).toContain('Skicka igen utan att ändra något');
      expect(said).not.toContain('nekades');
      expect(await form.getByLabel('Verifikation').inputValue()).toBe('Faktura 7001');

      // Sent again as it was: the ledger answers the first result, one cost in all.
      await form.getByRole('button', { name: 'Registrera kostnad' }).click();
      const status = page.locator('form.cost-form .form-status');
      await status.filter({ hasText: 'Faktura 7001' }).waitFor();
      expect(plain(await status.textContent())).toBe(
        'Kostnaden 25 000 kr registrerades (Faktura 7001).',
      );
      expect(await status.isVisible()).toBe(true);
      expect(
        (await costsOf(inv.investmentId)).filter((c) => c.reference === 'Faktura 7001'),
      ).toHaveLength(1);
      expect(sent[1].key).toBe(sent[0].key);
      expect(sent[1].body.costId).toBe(sent[0].body.costId);

      // A second invoice of the same amount after a success is a new draft: recorded too.
      const again = page.locator('form.cost-form');
      await again.getByLabel('Belopp (kr)').fill('25 000');
      await again.getByLabel('Verifikation').fill('Faktura 7001');
      next = 'unknown';
      await again.getByRole('button', { name: 'Registrera kostnad' }).click();
      expect(plain(await alertOf(page, 'cost-form').textContent())).toContain(
        'oklart om det registrerades',
      );
      expect(sent[2].key).not.toBe(sent[0].key);
      expect(sent[2].body.costId).not.toBe(sent[0].body.costId);
      // Changed after the unknown outcome, it is still the same draft: the ledger, which had
      // recorded the first send, refuses the changed copy instead of recording a third cost.
      await again.getByLabel('Verifikation').fill('Faktura 7001 B');
      await again.getByRole('button', { name: 'Registrera kostnad' }).click();
      await alertOf(page, 'cost-form')
        .filter({ hasText: 'Den förra sändningen hann registreras' })
        .waitFor();
      expect(sent[3].key).toBe(sent[2].key);
      const costs = await costsOf(inv.investmentId);
      expect(costs.filter((c) => c.reference === 'Faktura 7001')).toHaveLength(2);
      expect(costs.filter((c) => c.reference === 'Faktura 7001 B')).toHaveLength(0);
      await session.shot(page, 'lost-answer');
    },
    TASK_TIMEOUT_MS,
  );

  it(
    'refuses a benefit case saved over a newer version, keeps the draft, and names the version the ledger recorded',
    async () => {
      const inv = FUNDED[1];
      const before = await session.read<{ currentCaseVersion: number }>(
        `/api/investments/${inv.investmentId}`,
      );
      const [a, b] = [await session.as(DEMO_FINANCE), await session.as(DEMO_FINANCE)];
      for (const page of [a, b]) {
        await session.openInvestment(page, inv.investmentId);
        await page.locator('details.case-editor summary').click();
      }
      await b.locator('form.case-form textarea[name="assumptions"]').fill('Ändrat i flik B.');
      await b.locator('form.case-form button.primary').click();
      const version = before.currentCaseVersion + 1;
      await b.locator('.case-version', { hasText: `Version ${version}` }).waitFor();

      // Tab A was drawn from the version before: its save is refused, its draft kept.
      await a.locator('form.case-form input[name="discountRate"]').fill('0.04');
      await a.locator('form.case-form button.primary').click();
      const refused = plain(await alertOf(a, 'case-form').textContent());
      expect(refused).toContain('Nyttokalkylen har ändrats av någon annan sedan du öppnade den');
      expect(await a.locator('form.case-form input[name="discountRate"]').inputValue()).toBe(
        '0.04',
      );
      const after = await session.read<{
        currentCaseVersion: number;
        benefitCase: { assumptions?: string };
      }>(`/api/investments/${inv.investmentId}`);
      expect(after.currentCaseVersion).toBe(version);
      expect(after.benefitCase.assumptions).toBe('Ändrat i flik B.');
      await session.shot(a, 'case-changed-meanwhile');
      // Tab B's save is said, under the page's heading, with the version the ledger recorded.
      expect(plain(await b.locator('.saved-notice').textContent())).toBe(
        `Nyttokalkylen sparades som version ${version}.`,
      );

      // Drawn again, saved unchanged: the ledger records nothing, and the page says so.
      await a.reload();
      await a.locator(`.page.investment[data-investment="${inv.investmentId}"] h1`).waitFor();
      await a.locator('details.case-editor summary').click();
      await a.locator('form.case-form button.primary').click();
      await a.locator('.saved-notice').waitFor();
      expect(plain(await a.locator('.saved-notice').textContent())).toBe(
        `Nyttokalkylen är oförändrad: den är redan version ${version}.`,
      );
    },
    TASK_TIMEOUT_MS,
  );

  it(
    'refuses a close decided on a page drawn before a later change, offers the latest with the input kept; closed, the page says so',
    async () => {
      const inv = FUNDED[2];
      const page = await session.as(DEMO_FINANCE);
      await session.openInvestment(page, inv.investmentId);
      await apiAs(session.ledger(), DEMO_FINANCE)(
        'POST',
        `/api/investments/${inv.investmentId}/costs`,
        {
          costId: 'under-tiden',
          amount: '1000.00',
          incurredOn: stockholmDay(new Date()),
          reference: 'Faktura under tiden',
        },
      );
      const close = page.locator('form.close-form');
      await close.getByLabel('Skäl').fill('Införd och överlämnad');
      await close.getByRole('button', { name: 'Avsluta' }).click();
      expect(plain(await alertOf(page, 'close-form').textContent())).toContain(
        'Någon annan hann ändra här efter att sidan visades, så inget registrerades.',
      );
      expect(await close.getByLabel('Skäl').inputValue()).toBe('Införd och överlämnad');
      expect(
        (await session.read<{ closed: unknown }>(`/api/investments/${inv.investmentId}`)).closed,
      ).toBeNull();

      // The refusal offers to read the page again, keeping what was typed: the cost recorded
      // meanwhile is then on the page, and the close goes through.
      await page.locator('form.close-form .refresh-page').click();
      await page.locator('form.close-form .form-status', { hasText: 'hämtad på nytt' }).waitFor();
      await page.locator('.costs-table tbody tr', { hasText: 'Faktura under tiden' }).waitFor();
      expect(await page.locator('form.close-form').getByLabel('Skäl').inputValue()).toBe(
        'Införd och överlämnad',
      );
      await page.locator('form.close-form').getByRole('button', { name: 'Avsluta' }).click();
      const notice = page.locator('.saved-notice');
      await notice.waitFor();
      expect(plain(await notice.textContent())).toMatch(/^Investeringen avslutades per /);
      expect(await page.locator('form.close-form').count()).toBe(0);
    },
    TASK_TIMEOUT_MS,
  );

  it(
    'asks before removing a role, naming what it ends; "Avbryt" leaves the role and the token be',
    async () => {
      const page = await session.as(ADMIN);
      await page.goto(`${session.ledger().url}/#/users`);
      const remove = page.getByRole('button', {
        name: `Ta bort Projektledare från ${REVOKED.name}`,
      });
      await remove.click();
      const dialog = page.locator('dialog.confirm-revoke');
      await dialog.waitFor();
      expect(plain(await dialog.locator('h2').textContent())).toBe(
        `Ta bort rollen Projektledare från ${REVOKED.name}?`,
      );
      expect(plain(await dialog.locator('.confirm-consequence').textContent())).toBe(
        `${REVOKED.name} har 1 aktiv token i rollen. Den slutar gälla genast, och att ge rollen igen ger inte tillbaka den: en ny token kan bara skapas med kommandot ledger tokens create.`,
      );
      // The safe choice has the focus.
      expect(await page.evaluate('document.activeElement?.textContent')).toBe('Avbryt');
      await session.shot(page, 'confirm-revoke');
      await dialog.getByRole('button', { name: 'Avbryt' }).click();
      await dialog.waitFor({ state: 'hidden' });
      const me = () =>
        fetch(`${session.ledger().url}/api/me`, {
          headers: { Authorization: `Bearer ${session.ledger().tokenFor(REVOKED.id)}` },
        });
      expect((await me()).status).toBe(200);
      const roles = async () =>
        (await session.read<{ userId: string; roles: string[] }[]>('/api/users', ADMIN)).find(
          (u) => u.userId === REVOKED.id,
        )?.roles;
      expect(await roles()).toEqual(['project-lead']);

      await remove.click();
      await dialog.getByRole('button', { name: 'Ta bort rollen' }).click();
      const notice = page.locator('.saved-notice');
      await notice.waitFor();
      expect(plain(await notice.textContent())).toBe(
        `${REVOKED.name} har inte längre rollen Projektledare.`,
      );
      expect(await roles()).toEqual([]);
      expect((await me()).status).toBe(401);
    },
    TASK_TIMEOUT_MS,
  );

  it(
    'confirms on the users page what was added and granted, and tells a role already held',
    async () => {
      const page = await session.as(ADMIN);
      await page.goto(`${session.ledger().url}/#/users`);
      const add = page.locator('form.add-user-form');
      await add.getByLabel('Användar-id').fill('nils.ny');
      await add.getByLabel('Namn').fill('Nils Ny');
      await add.getByLabel('Roll').selectOption('project-lead');
      await add.getByRole('button', { name: 'Lägg till' }).click();
      await page.locator('.users-table tbody th', { hasText: 'Nils Ny' }).waitFor();
      const added = page.locator('form.add-user-form .form-status');
      expect(plain(await added.textContent())).toBe('Nils Ny lades till med rollen Projektledare.');
      expect(await added.isVisible()).toBe(true);

      const grant = page.locator('form.grant-form');
      const granted = page.locator('form.grant-form .form-status');
      await grant.getByLabel('Användare').selectOption('nils.ny');
      await grant.getByLabel('Roll').selectOption('auditor');
      await grant.getByRole('button', { name: 'Ge' }).click();
      await granted.filter({ hasText: 'Revisor' }).waitFor();
      expect(plain(await granted.textContent())).toBe('Nils Ny fick rollen Revisor.');
      await grant.getByLabel('Användare').selectOption('nils.ny');
      await grant.getByLabel('Roll').selectOption('auditor');
      await grant.getByRole('button', { name: 'Ge' }).click();
      await granted.filter({ hasText: 'redan' }).waitFor();
      expect(plain(await granted.textContent())).toBe(
        'Nils Ny har redan rollen Revisor; inget ändrades.',
      );
      // Said to screen readers too.
      await page.locator('#announcer', { hasText: 'redan' }).waitFor({ state: 'attached' });
    },
    TASK_TIMEOUT_MS,
  );

  it(
    "says the API's field messages in Swedish: a duplicated line id, a value in the wrong unit, a period that ends before it starts",
    async () => {
      const lead = await session.as(OVERDUE.projectLead);
      await session.openInvestment(lead, OVERDUE.investmentId);
      await lead.locator('details.case-editor summary').click();
      const editor = lead.locator('form.case-form');
      const firstId = await editor.locator('input[name="benefits[0].benefitLineId"]').inputValue();
      await editor.locator('input[name="benefits[1].benefitLineId"]').fill(firstId);
      await editor.locator('button.primary').click();
      const duplicate = editor.locator('.field-error[data-field="benefits[1].benefitLineId"]');
      await duplicate.waitFor();
      expect(plain(await duplicate.textContent())).toBe(
        'Samma id som Nytta 1; varje rad behöver ett eget id.',
      );

      const report = lead.locator('form.report-form');
      await report.getByLabel('Nytta').selectOption(DEMO_OVERDUE.benefitLineId);
      await report.getByLabel('Period').fill(DEMO_OVERDUE.period);
      await report.getByLabel('Värde').fill('abc');
      await report.getByLabel('Underlag').fill('Restidsrapporten');
      await report.getByRole('button', { name: 'Rapportera' }).click();
      const value = report.locator('.field-error[data-field="value"]');
      await value.waitFor();
      expect(plain(await value.textContent())).toBe(
        'Nyttan värderas i kronor: Ett belopp i kronor, t.ex. 1 500 000 eller 1500000,50.',
      );

      const auditor = await session.as(DEMO_AUDITOR);
      await auditor.goto(`${session.ledger().url}/#/audit`);
      await auditor.getByLabel('Från och med').fill('2020-02-01');
      await auditor.getByLabel('Till och med').fill('2020-01-01');
      await auditor.getByRole('button', { name: 'Ladda ner ändringsrapporten (CSV)' }).click();
      const refusal = auditor.locator('.action-result .notice.error');
      await refusal.waitFor();
      expect(plain(await refusal.textContent())).toBe(
        'Kunde inte hämta ändringsrapporten: Från: Från-datumet ligger efter till-datumet.',
      );
    },
    TASK_TIMEOUT_MS,
  );

  it(
    'lets the case editor take more forecast periods than 40, as the ledger does',
    async () => {
      const lead = await session.as(OVERDUE.projectLead);
      await session.openInvestment(lead, OVERDUE.investmentId);
      await lead.locator('details.case-editor summary').click();
      const line = lead.locator('form.case-form fieldset.benefit-line').first();
      const add = line.getByRole('button', { name: 'Lägg till period' });
      while ((await line.locator('.forecast-row').count()) < 41) {
        expect(await add.isEnabled()).toBe(true);
        await add.click();
      }
      expect(await line.locator('.forecast-row').count()).toBe(41);
    },
    TASK_TIMEOUT_MS,
  );

  it(
    'says in Swedish why a token sign-in failed: no answer, or too many failed attempts',
    async () => {
      const page = await session.signedOut();
      session.allowProblems(page, [/ERR_CONNECTION_RESET/]);
      let answer: 'cut' | 'limited' = 'cut';
      await page.route('**/api/me', (route) =>
        answer === 'cut'
          ? route.abort('connectionreset')
          : route.fulfill({
              status: 429,
              contentType: 'application/problem+json',
              headers: { 'Retry-After': '2' },
              body: JSON.stringify({
                status: 429,
                code: 'TOO_MANY_FAILED_AUTHENTICATIONS',
                detail: 'Too many failed authentications from this address; retry in 2 s.',
                retryAfterSeconds: 2,
              }),
            }),
      );
      await page.getByLabel('Token').fill(session.ledger().tokenFor(DEMO_FINANCE));
      await page.getByRole('button', { name: 'Logga in' }).click();
      const error = page.locator('form.signin .field-error:not([hidden])');
      expect(plain(await error.textContent())).toBe(
        'Tjänsten svarar inte. Försök igen om en stund.',
      );
      answer = 'limited';
      await page.getByRole('button', { name: 'Logga in' }).click();
      await error.filter({ hasText: 'misslyckade' }).waitFor();
      expect(plain(await error.textContent())).toBe(
        'För många misslyckade inloggningar från den här datorn. Försök igen om 2 s.',
      );
    },
    TASK_TIMEOUT_MS,
  );

  it(
    "keeps the investments table's order and search in the address, so a reload shows the same table",
    async () => {
      const page = await session.as(DEMO_AUDITOR);
      await page.goto(`${session.ledger().url}/#/investments`);
      const sortBySpent = page.locator('.investments-table th[data-key="spent"] button');
      const sorted = (order: string) =>
        page.locator(`.investments-table th[data-key="spent"][aria-sort="${order}"]`);
      await sortBySpent.click();
      await sorted('ascending').waitFor();
      await sortBySpent.click();
      await sorted('descending').waitFor();
      await page.getByLabel('Sök').fill('arkiv');
      // The address is rewritten in place once the searched table is drawn.
      await page.waitForFunction(() =>
        (globalThis as unknown as { location: { hash: string } }).location.hash.includes('q=arkiv'),
      );
      expect(page.url()).toContain('sort=spent');
      expect(page.url()).toContain('order=desc');

      await page.reload();
      await sorted('descending').waitFor();
      expect(await page.getByLabel('Sök').inputValue()).toBe('arkiv');
      const titles = await page.locator('.investments-table tbody th').allTextContents();
      expect(titles.length).toBeGreaterThan(0);
      expect(titles.every((title) => /arkiv/i.test(title))).toBe(true);
    },
    TASK_TIMEOUT_MS,
  );

  it(
    'refuses a moment after today in the address, rather than show it as recorded',
    async () => {
      const page = await session.as(DEMO_FINANCE);
      await page.goto(`${session.ledger().url}/#/?asOf=2099-01-01`);
      await page.reload();
      await page.locator('main[data-view]:not([aria-busy])').waitFor();
      expect(plain(await page.locator('main h1').textContent())).toBe(
        'Tidpunkten ligger i framtiden',
      );
      const banner = plain(await page.locator('#asof-bar .asof-unreadable').textContent());
      expect(banner).toContain('”2099-01-01”');
      expect(banner).toContain('den ligger efter i dag');
      expect(plain(await page.locator('#asof-bar').textContent())).not.toContain('Visar läget');
    },
    TASK_TIMEOUT_MS,
  );

  it(
    'proposes an investment whose title makes the id of another, and refuses a real duplicate',
    async () => {
      const page = await session.as('lena.lind');
      await page.goto(`${session.ledger().url}/#/investments`);
      const propose = async (need: string) => {
        const form = page.locator('form.propose-form');
        await form.getByLabel('Namn').fill('E-arkiv');
        await form.getByLabel('Förvaltning').fill('Kommunledningsförvaltningen');
        await form.getByLabel('Behov').fill(need);
        await form.getByRole('button', { name: 'Föreslå' }).click();
      };
      // "E-arkiv och e-diarium" has the id e-arkiv: this one gets the next.
      await propose('Skolans arkiv är på papper.');
      await page.locator('.page.investment[data-investment="e-arkiv-2"] h1').waitFor();
      expect(plain(await page.locator('main h1').textContent())).toBe('E-arkiv');
      expect(plain(await page.locator('.saved-notice').textContent())).toBe(
        'Investeringen E-arkiv föreslogs.',
      );

      // The same title again, with another need: a duplicate, refused as before.
      await page.goto(`${session.ledger().url}/#/investments`);
      await propose('Ett annat behov.');
      expect(plain(await alertOf(page, 'propose-form').textContent())).toContain(
        'En investering med det namnet finns redan.',
      );
      const { total } = await session.read<{ total: number }>('/api/investments?q=e-arkiv-3');
      expect(total).toBe(0);
    },
    TASK_TIMEOUT_MS,
  );

  it(
    "shows what the fund's amount is made of and its investments' whole spend",
    async () => {
      const { funds } = await session.read<{
        funds: { totals: Record<string, string> }[];
      }>('/api/funds');
      const totals = funds[0].totals;
      // The parts the page lists add up to the amount (the API's own rule).
      const parts = ['allocated', 'availableNow', 'expected', 'lapsed', 'closed'];
      expect(parts.reduce((sum, key) => sum + ore(totals[key]), 0n)).toBe(ore(totals.amount));
      expect(ore(totals.lapsed)).toBeGreaterThan(0n);
      expect(ore(totals.spentBeyondAllocations)).toBeGreaterThan(0n);

      const page = await session.as(DEMO_AUDITOR);
      const figure = (key: string) => page.locator(`[data-figure="${key}"] .figure-value`).first();
      await figure('lapsed').waitFor();
      expect(
        plain(await page.locator('[data-figure="lapsed"] .figure-label').first().textContent()),
      ).toBe('Utgånget, ej tilldelat');
      expect(plain(await figure('lapsed').textContent())).toBe(sek(totals.lapsed));
      const spent = fromOre(ore(totals.spent) + ore(totals.spentBeyondAllocations));
      expect(plain(await figure('spent').textContent())).toBe(sek(spent));
      expect(
        plain(await page.locator('[data-note="spentBeyondAllocations"]').first().textContent()),
      ).toBe(
        `varav ${sek(totals.spentBeyondAllocations)} utöver tilldelningarna, som ingen etapp står för (${sek(totals.spent)} inom dem)`,
      );
      const balance = plain(await page.locator('.fund-balance').first().textContent());
      expect(balance).toBe(
        `Fondens belopp ${sek(totals.amount)} består av ${sek(totals.allocated)} tilldelat, ${sek(totals.availableNow)} kvar att tilldela nu och ${sek(totals.lapsed)} utgånget, ej tilldelat (tilldelningsperioden är slut).`,
      );
      expect(await page.locator('.tranche-table thead th').allTextContents()).toContain(
        'Utgånget, ej tilldelat',
      );
      await session.shot(page, 'fund-balance');
    },
    TASK_TIMEOUT_MS,
  );

  it(
    'cuts the timeline of an as-of day at the end of the Stockholm day, not the UTC day',
    async () => {
      const inv = FUNDED[0];
      // 00:30 on 16 January in Stockholm, still the 15th in UTC.
      clockAt = new Date('2031-01-15T23:30:00.000Z');
      const recorded = await apiAs(session.ledger(), DEMO_FINANCE)(
        'POST',
        `/api/investments/${inv.investmentId}/costs`,
        {
          costId: 'efter-midnatt',
          amount: '77000.00',
          incurredOn: '2031-01-16',
          reference: 'Faktura efter midnatt',
        },
      );
      const position = String(recorded.position);

      // As of the 15th (the end of that Stockholm day, as the API reads it) the cost is later.
      const auditor = await session.as(DEMO_AUDITOR, undefined, {
        fixedTime: new Date('2031-01-15T23:40:00.000Z'),
      });
      await auditor.goto(
        `${session.ledger().url}/#/investments/${inv.investmentId}?asOf=2031-01-15`,
      );
      const cost = auditor.locator(`li.timeline-entry[data-position="${position}"]`);
      await cost.waitFor();
      expect(await cost.getAttribute('class')).toContain('later');
      const shown = auditor.locator('li.timeline-entry.shown');
      expect(BigInt((await shown.getAttribute('data-position')) ?? '0')).toBeLessThan(
        BigInt(position),
      );
      await session.shot(auditor, 'timeline-after-midnight');
    },
    TASK_TIMEOUT_MS,
  );

  it(
    'offers the Stockholm day just after midnight in every date field and the moment picker',
    async () => {
      const inv = FUNDED[0];
      // A browser in Stockholm at 00:40 on 16 January: every day it offers is the 16th.
      clockAt = new Date('2031-01-15T23:40:00.000Z');
      const page = await session.as(DEMO_FINANCE, undefined, {
        timezoneId: 'Europe/Stockholm',
        fixedTime: clockAt,
      });
      await session.openInvestment(page, inv.investmentId);
      const form = page.locator('form.cost-form');
      expect(await form.locator('input[name="incurredOn"]').inputValue()).toBe('2031-01-16');
      expect(await page.locator('form.close-form input[name="closedOn"]').inputValue()).toBe(
        '2031-01-16',
      );
      expect(await page.locator('#asof-bar input[type="date"]').getAttribute('max')).toBe(
        '2031-01-16',
      );
      await form.getByLabel('Belopp (kr)').fill('1 000');
      await form.getByLabel('Verifikation').fill('Kvitto 0040');
      await form.getByRole('button', { name: 'Registrera kostnad' }).click();
      await page.locator('.costs-table tbody tr', { hasText: 'Kvitto 0040' }).waitFor();
      const made = (await costsOf(inv.investmentId)).find((c) => c.reference === 'Kvitto 0040');
      expect(made?.incurredOn).toBe('2031-01-16');

      await page.goto(`${session.ledger().url}/#/audit`);
      expect(await page.getByLabel('Från och med').getAttribute('max')).toBe('2031-01-16');
    },
    TASK_TIMEOUT_MS,
  );
});
