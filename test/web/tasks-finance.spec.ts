/**
 * Finance's whole job in the browser, on the demo ledger: set up a fund and its tranches,
 * release one, allocate (only open windows offered, each window shown), reduce (what remains
 * and what is spent shown), record costs and harvests, close an investment, and see spend and
 * overspend in the investments list, which fits a 1280 px window. Refusals read in Swedish
 * next to their field. Screenshots in test-artifacts/dashboard/finance-*.png.
 */
import { stockholmDay } from '../../src/periods/stockholm-day';
import { DEMO_FUND, DEMO_FINANCE, DEMO_OVERDUE } from '../../src/demo/orebro-demo.data';
import { plain } from './support/browser';
import {
  apiAs,
  caseLines,
  expectSaved,
  kronor,
  openFunded,
  optionTexts,
  stepsOf,
  taskSession,
  TASK_TIMEOUT_MS,
} from './support/tasks';

const [T1, T2] = DEMO_FUND.tranches;
const FUNDED = openFunded();

describe('finance, in the browser', () => {
  const session = taskSession('finance');

  it(
    'establishes a fund with a tranche, adds a second tranche and releases it',
    async () => {
      const page = await session.as(DEMO_FINANCE);
      await page.locator('form.fund-form').waitFor();
      const fund = page.locator('form.fund-form');
      await fund.getByLabel('Fondens namn').fill('Innovationsfond 2027');
      await fund.getByLabel('Beslut (diarienummer)').fill('Ks 10/2027');
      await fund.getByLabel('Etappens namn').fill('Etapp A');
      await fund.getByLabel('Etappens belopp (kr)').fill('10 000 000');
      await fund.getByLabel('Kan tilldelas från').fill('2026-01-01');
      await fund.getByLabel('Kan tilldelas till och med', { exact: true }).fill('2030-12-31');
      // The date field says the chosen day in the page's language.
      expect(await fund.getByLabel('Kan tilldelas från').getAttribute('lang')).toBe('sv');
      expect(plain(await fund.locator('[data-note="allocatableFrom"]').textContent())).toBe(
        'Valt datum: 1 jan. 2026',
      );
      await fund.getByRole('button', { name: 'Upprätta fonden' }).click();
      await page.locator('h2.fund-name', { hasText: 'Innovationsfond 2027' }).waitFor();

      const add = page.locator('form.tranche-form', { hasText: 'Innovationsfond 2027' });
      await add.getByLabel('Etappens namn').fill('Etapp B');
      await add.getByLabel('Etappens belopp (kr)').fill('5 000 000');
      await add.getByLabel('Kan tilldelas från').fill('2026-06-01');
      await add.getByLabel('Beslut (diarienummer)').fill('Ks 11/2027');
      await add.getByRole('button', { name: 'Lägg till etappen' }).click();

      const release = page.locator('form.release-form', { hasText: 'Etapp B' });
      await release.waitFor();
      const valueB = await release.locator('option', { hasText: 'Etapp B' }).getAttribute('value');
      await release.getByLabel('Etapp').selectOption(valueB ?? '');
      await release.getByLabel('Beslut (diarienummer)').fill('Ks 12/2027');
      await release.getByRole('button', { name: 'Frigör' }).click();

      const rowB = page.locator('.tranche-table tbody tr', { hasText: 'Etapp B' });
      await rowB.filter({ hasText: 'frigjord' }).waitFor();
      expect(plain(await rowB.textContent())).toContain('tilldelas 1 juni 2026 – tills vidare');
      const rowA = page.locator('.tranche-table tbody tr', { hasText: 'Etapp A' });
      expect(plain(await rowA.textContent())).toContain('tilldelas 1 jan. 2026 – 31 dec. 2030');
      await session.shot(page, 'fund-established');
    },
    TASK_TIMEOUT_MS,
  );

  it(
    'refuses a bad amount in Swedish next to the field, with nothing recorded',
    async () => {
      const page = await session.as(DEMO_FINANCE);
      const add = page.locator('form.tranche-form').first();
      await add.waitFor();
      await add.getByLabel('Etappens namn').fill('Etapp med öre');
      await add.getByLabel('Etappens belopp (kr)').fill('100,123');
      await add.getByLabel('Beslut (diarienummer)').fill('Ks 13/2027');
      await add.getByRole('button', { name: 'Lägg till etappen' }).click();
      const error = add.locator('.field-error[data-field="amount"]');
      await error.waitFor();
      expect(plain(await error.textContent())).toBe('Högst två decimaler (öre).');
      expect(await add.getByLabel('Etappens belopp (kr)').getAttribute('aria-invalid')).toBe(
        'true',
      );
      expect(plain(await add.locator('.form-alert').textContent())).toContain(
        'Registreringen nekades: Några uppgifter behöver rättas; se fälten.',
      );
      // No English word of the API's message reaches the Swedish page.
      expect(await add.textContent()).not.toMatch(/must|decimals/);
      await session.shot(page, 'refusal-in-swedish');
    },
    TASK_TIMEOUT_MS,
  );

  it(
    'offers only the tranches open on the decision day, with their windows, and allocates',
    async () => {
      // A case that raises running costs: the allocation needs the board's override.
      const inv = FUNDED.find((i) => stepsOf(i, 'allocate').some((a) => a.overrideRef));
      if (!inv) throw new Error('the demo funds no open investment by override');
      const page = await session.as(DEMO_FINANCE);
      await session.openInvestment(page, inv.investmentId);
      const form = page.locator('form.allocate-form');
      const tranche = form.locator('select[name="trancheId"]');
      // Today: the first tranche's window has no end; the second closed at the end of 2019
      // (first decided to end with 2018, extended by the board's amendment in December 2018).
      let options = await optionTexts(tranche);
      expect(options.some((o) => o.includes(T1.name))).toBe(true);
      expect(options.some((o) => o.includes(T2.name))).toBe(false);
      expect(plain(options.find((o) => o.includes(T1.name)) ?? '')).toContain(
        'tilldelas 31 dec. 2016 – tills vidare',
      );
      // A decision in 2018 may draw on both.
      await form.getByLabel('Beslutsdatum').fill('2018-06-15');
      await form.locator('option', { hasText: T2.name }).waitFor({ state: 'attached' });
      options = await optionTexts(tranche);
      expect(plain(options.find((o) => o.includes(T2.name)) ?? '')).toContain(
        'tilldelas 1 jan. 2018 – 31 dec. 2019',
      );
      // Before any window opened nothing is offered.
      await form.getByLabel('Beslutsdatum').fill('2015-01-01');
      expect(await optionTexts(tranche)).toEqual([
        'Ingen etapp tar emot tilldelningar det datumet',
      ]);

      await form.getByLabel('Beslutsdatum').fill(stockholmDay(new Date()));
      await tranche.selectOption({ index: 0 });
      await form.getByLabel('Belopp (kr)').fill('250 000');
      await form.getByLabel('Beslut (diarienummer)').fill('Ks 500/2026');
      // The version the decision rests on is filled in and named.
      const version = form.getByLabel('Nyttokalkylens version som beslutet bygger på');
      expect(Number(await version.inputValue())).toBeGreaterThan(0);
      expect(
        plain(await form.locator('.field[data-name="caseVersion"] .hint').textContent()),
      ).toMatch(/^Aktuell version: \d+/);
      await form.getByRole('button', { name: 'Tilldela' }).click();
      const override = form.locator('.field-error[data-field="overrideRef"]');
      await override.waitFor();
      expect(plain(await override.textContent())).toBe(
        'Kalkylen ger högre driftkostnader över kalkylperioden; beslutet kräver ett beslut om undantag.',
      );
      await form.getByLabel('Beslut om undantag (valfritt)').fill('Ks 501/2026 § 2');
      await form.getByRole('button', { name: 'Tilldela' }).click();
      await expectSaved(
        form,
        page.locator('.allocations-table tbody tr', { hasText: 'Ks 500/2026' }),
      );
      await session.shot(page, 'allocated');
    },
    TASK_TIMEOUT_MS,
  );

  it(
    'shows what remains of an allocation and what is spent, and reduces it',
    async () => {
      const inv = FUNDED[0];
      const page = await session.as(DEMO_FINANCE);
      await session.openInvestment(page, inv.investmentId);
      const first = stepsOf(inv, 'allocate').find((a) => a.refusedWith === undefined);
      const reduced = stepsOf(inv, 'reduce')
        .filter((r) => r.allocationId === first?.allocationId)
        .reduce((sum, r) => sum + Number(r.amount), 0);
      const form = page.locator('form.reduce-form');
      await form
        .getByLabel('Tilldelning')
        .selectOption({ label: `${first?.decisionRef} · ${kronor(first?.amount ?? '0')}` });
      const note = plain(await form.locator('[data-note="allocationId"]').textContent());
      expect(note).toContain(
        `Kvar av tilldelningen: ${kronor(String(Number(first?.amount) - reduced))}.`,
      );
      const spent = plain(await page.locator('[data-figure="spent"] .figure-value').textContent());
      expect(note).toContain(`Investeringens kostnader hittills: ${spent}`);

      await form.getByLabel('Belopp att återföra (kr)').fill('1 000');
      await form.getByLabel('Beslut (diarienummer)').fill('Ks 501/2026');
      await form.getByLabel('Skäl').fill('Licenskostnaden blev lägre');
      await form.getByRole('button', { name: 'Minska' }).click();
      const row = page.locator('.allocations-table tbody tr', {
        hasText: first?.decisionRef ?? '',
      });
      await row.filter({ hasText: kronor(String(reduced + 1000)) }).waitFor();
    },
    TASK_TIMEOUT_MS,
  );

  it(
    'records a cost and a harvest; the figures move',
    async () => {
      const inv = FUNDED[1];
      const financial = caseLines(inv).find((l) => l.class === 'financial');
      const page = await session.as(DEMO_FINANCE);
      await session.openInvestment(page, inv.investmentId);
      const spentBefore = plain(
        await page.locator('[data-figure="spent"] .figure-value').textContent(),
      );
      const cost = page.locator('form.cost-form');
      await cost.getByLabel('Belopp (kr)').fill('12 345,50');
      await cost.getByLabel('Verifikation').fill('Faktura 2026-77');
      await cost.getByRole('button', { name: 'Registrera kostnad' }).click();
      await page.locator('.costs-table tbody tr', { hasText: 'Faktura 2026-77' }).waitFor();
      expect(
        plain(
          await page.locator('.costs-table tbody tr', { hasText: 'Faktura 2026-77' }).textContent(),
        ),
      ).toContain('12 345,50 kr');
      expect(
        plain(await page.locator('[data-figure="spent"] .figure-value').textContent()),
      ).not.toBe(spentBefore);

      const harvest = page.locator('form.harvest-form');
      await harvest
        .locator('select[name="benefitLineId"]')
        .selectOption(financial?.benefitLineId ?? '');
      const year = (await harvest.locator('datalist option').first().getAttribute('value')) ?? '';
      await harvest.getByLabel('Budgetår').fill(year);
      await harvest.getByLabel('Belopp (kr)').fill('1 000');
      await harvest.getByLabel('Budgetbeslut').fill('KF budget 2026 § 9');
      await harvest
        .getByLabel('Skäl (krävs vid förhandsreduktion)')
        .fill('Licensavtalet sades upp');
      await harvest.getByRole('button', { name: 'Registrera hemtagning' }).click();
      const harvestRow = page.locator('.harvests-table tbody tr', {
        hasText: 'KF budget 2026 § 9',
      });
      await expectSaved(harvest, harvestRow);
      // An ordinary harvest's reason is shown as given, not as a förhandsreduktion.
      expect(plain(await harvestRow.locator('td').last().textContent())).toBe(
        'Licensavtalet sades upp',
      );

      // The harvest was smaller than decided: corrected, the first amount kept in the ledger.
      const change = page.locator('form.harvest-change-form');
      const harvestId = await change
        .locator('option', { hasText: 'KF budget 2026 § 9' })
        .getAttribute('value');
      await change.locator('select[name="entryId"]').selectOption(harvestId ?? '');
      await change.locator('input[name="amount"]').fill('800');
      await change.locator('textarea[name="reason"]').fill('Budgetbeslutet justerades');
      await change.getByRole('button', { name: 'Registrera ändringen' }).click();
      await expectSaved(change, harvestRow.locator('.corrections'));
      expect(plain(await harvestRow.locator('.corrections').textContent())).toBe(
        '1 000 kr → ändrades till 800 kr (Budgetbeslutet justerades)',
      );
      await session.shot(page, 'cost-and-harvest');
    },
    TASK_TIMEOUT_MS,
  );

  it(
    'closes an investment: no more allocation or cost forms, harvesting stays',
    async () => {
      const inv = FUNDED[2];
      const page = await session.as(DEMO_FINANCE);
      await session.openInvestment(page, inv.investmentId);
      const form = page.locator('form.close-form');
      await form.getByLabel('Skäl').fill('Levererat; nyttan följs upp i linjen');
      await form.getByRole('button', { name: 'Avsluta' }).click();
      await page.locator('.facts .badge.stage-closed').waitFor();
      expect(await page.locator('form.allocate-form').count()).toBe(0);
      expect(await page.locator('form.cost-form').count()).toBe(0);
      expect(await page.locator('form.close-form').count()).toBe(0);
      await session.shot(page, 'closed');
    },
    TASK_TIMEOUT_MS,
  );

  it(
    'corrects a recorded cost; the costs table reads old → new',
    async () => {
      const inv = FUNDED[3];
      const today = stockholmDay(new Date());
      await apiAs(session.ledger(), DEMO_FINANCE)(
        'POST',
        `/api/investments/${inv.investmentId}/costs`,
        {
          costId: 'faktura-9',
          amount: '5000.00',
          incurredOn: today,
          reference: 'Faktura 9',
        },
      );
      const page = await session.as(DEMO_FINANCE);
      await session.openInvestment(page, inv.investmentId);
      const form = page.locator('form.cost-change-form');
      await form.locator('select[name="entryId"]').selectOption('faktura-9');
      await form.locator('select[name="action"]').selectOption('corrections');
      await form.locator('input[name="amount"]').fill('4 500');
      await form.locator('textarea[name="reason"]').fill('Fakturan var fel summerad');
      await form.getByRole('button', { name: 'Registrera ändringen' }).click();
      const changes = page.locator('.corrections[data-entry="faktura-9"]');
      await expectSaved(form, changes);
      expect(plain(await changes.textContent())).toBe(
        '5 000 kr → ändrades till 4 500 kr (Fakturan var fel summerad)',
      );
      const row = page.locator('.costs-table tbody tr', { hasText: 'Faktura 9' });
      expect(plain(await row.locator('td.num').textContent())).toBe('4 500 kr');
    },
    TASK_TIMEOUT_MS,
  );

  it(
    "approves a later case version as the decision basis (re-baselining), not the author's to approve",
    async () => {
      const inv = FUNDED[3];
      const lead = apiAs(session.ledger(), inv.projectLead);
      const finance = apiAs(session.ledger(), DEMO_FINANCE);
      const current = (await (
        await fetch(`${session.ledger().url}/api/investments/${inv.investmentId}`, {
          headers: { Authorization: `Bearer ${session.ledger().tokenFor(DEMO_FINANCE)}` },
        })
      ).json()) as { benefitCase: object; currentCaseVersion: number };
      // Revised cases (the same body again would be a repeat of the first documentation).
      const revised = (assumptions: string) => ({ ...current.benefitCase, assumptions });
      const path = `/api/investments/${inv.investmentId}/benefit-case`;
      await finance('PUT', path, revised('Omfattningen utökad till fritidshemmen'));

      const page = await session.as(DEMO_FINANCE);
      await session.openInvestment(page, inv.investmentId);
      let form = page.locator('form.baseline-form');
      const ownVersion = current.currentCaseVersion + 1;
      expect(await form.locator('input[name="caseVersion"]').inputValue()).toBe(String(ownVersion));
      await form.locator('input[name="decisionRef"]').fill('Ks 600/2026');
      await form.locator('textarea[name="reason"]').fill('Utökad omfattning');
      await form.getByRole('button', { name: 'Godkänn som beslutsunderlag' }).click();
      // Finance wrote that version: another must approve it.
      const refusal = form.locator('.field-error[data-field="decisionRef"]');
      await refusal.waitFor();
      expect(plain(await refusal.textContent())).toBe(
        'Den som skrev versionen kan inte själv godkänna den som beslutsunderlag.',
      );

      await lead('PUT', path, revised('Omfattningen utökad till fritidshemmen och förskoleklass'));
      const next = ownVersion + 1;
      await session.openInvestment(page, inv.investmentId);
      await page.reload();
      form = page.locator('form.baseline-form');
      expect(await form.locator('input[name="caseVersion"]').inputValue()).toBe(String(next));
      await form.locator('input[name="decisionRef"]').fill('Ks 601/2026');
      await form.locator('textarea[name="reason"]').fill('Utökad omfattning');
      await form.getByRole('button', { name: 'Godkänn som beslutsunderlag' }).click();
      // The case raises running costs: adopting it needs the board's override, asked for beside its field.
      const costRefusal = form.locator('.field-error[data-field="overrideRef"]');
      await costRefusal.waitFor();
      expect(plain(await costRefusal.textContent())).toBe(
        'Kalkylen ger högre driftkostnader över kalkylperioden; beslutet kräver ett beslut om undantag.',
      );
      await form.locator('input[name="overrideRef"]').fill('Ks 601/2026 § 2');
      await form.getByRole('button', { name: 'Godkänn som beslutsunderlag' }).click();
      await expectSaved(
        form,
        page.locator('.case-version', { hasText: `beslutsunderlag: version ${next}` }),
      );
      expect(await page.locator('form.baseline-form').count()).toBe(0);
    },
    TASK_TIMEOUT_MS,
  );

  it(
    'waives an owed report with a reason; the follow-up list lets it go',
    async () => {
      const page = await session.as(DEMO_FINANCE);
      const overdueRow = page.locator('.follow-up-table tbody tr', {
        hasText: DEMO_OVERDUE.period,
      });
      await page.locator('.follow-up-table').waitFor();
      const before = await overdueRow.count();
      expect(before).toBeGreaterThan(0);
      await session.openInvestment(page, DEMO_OVERDUE.investmentId);
      const form = page.locator('form.waiver-form');
      await form.locator('select[name="benefitLineId"]').selectOption(DEMO_OVERDUE.benefitLineId);
      await form.locator('input[name="period"]').fill(DEMO_OVERDUE.period);
      await form
        .locator('textarea[name="reason"]')
        .fill('Mätningen upphörde när enheten slogs ihop');
      await form.getByRole('button', { name: 'Efterskänk' }).click();
      await expectSaved(form, page.locator('.timeline-entry[data-type="ObligationWaived"]'));
      await page.goto(`${session.ledger().url}/#/`);
      await page.locator('.follow-up-table, .overview .notice').first().waitFor();
      expect(await overdueRow.count()).toBeLessThan(before);
    },
    TASK_TIMEOUT_MS,
  );

  it(
    'shows spend and overspend in the investments list, which fits 1280 px',
    async () => {
      const inv = FUNDED[FUNDED.length - 1];
      const page = await session.as(DEMO_FINANCE);
      await session.openInvestment(page, inv.investmentId);
      const allocated = plain(
        await page.locator('[data-figure="allocated"] .figure-value').textContent(),
      );
      const allocatedKronor = Number(allocated.replace(/[^0-9]/g, ''));
      const cost = page.locator('form.cost-form');
      await cost.getByLabel('Belopp (kr)').fill(String(allocatedKronor + 1_000_000));
      await cost.getByLabel('Verifikation').fill('Faktura över budget');
      await cost.getByRole('button', { name: 'Registrera kostnad' }).click();
      await page.locator('.costs-table tbody tr', { hasText: 'Faktura över budget' }).waitFor();

      await page.goto(`${session.ledger().url}/#/investments`);
      const row = page.locator(`tr[data-investment="${inv.investmentId}"]`);
      await row.waitFor();
      expect(await row.getAttribute('data-overspent')).toBe('true');
      expect(plain(await row.locator('td[data-column="spent"]').textContent())).toContain(
        'över tilldelat',
      );
      const notice = plain(await page.locator('.notice.warning').textContent());
      const n = Number(/^\d+/.exec(notice)?.[0]);
      expect(n).toBeGreaterThan(0);
      expect(notice).toMatch(
        n === 1
          ? /^1 investering av alla har förbrukat mer än den tilldelats;/
          : new RegExp(`^${n} investeringar av alla har förbrukat mer än de tilldelats;`),
      );
      const widths = await page
        .locator('.investments-table')
        .evaluate(
          (table: { parentElement: { scrollWidth: number; clientWidth: number } | null }) => ({
            scroll: table.parentElement?.scrollWidth ?? 0,
            client: table.parentElement?.clientWidth ?? 0,
          }),
        );
      expect(widths.client).toBeGreaterThan(0);
      expect(widths.scroll).toBeLessThanOrEqual(widths.client);
      await session.shot(page, 'investments-overspent');
    },
    TASK_TIMEOUT_MS,
  );
});
