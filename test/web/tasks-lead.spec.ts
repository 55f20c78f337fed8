/**
 * A project lead's whole job in the browser, on the demo ledger: propose an investment, write
 * its benefit case in the form (the ledger's objections shown next to the very field, in
 * Swedish) and revise it, report an indicator reading (the form names the line's unit),
 * correct it (shown as old → new), record a cost; reports sort by line and period.
 * Screenshots in test-artifacts/dashboard/lead-*.png.
 */
import { stockholmDay } from '../../src/periods/stockholm-day';
import { DEMO_INVESTMENTS, DEMO_OVERDUE } from '../../src/demo/orebro-demo.data';
import { PHONE, plain } from './support/browser';
import { horizontalOverflow } from './support/in-page';
import {
  apiAs,
  caseLines,
  expectSaved,
  stepsOf,
  taskSession,
  TASK_TIMEOUT_MS,
} from './support/tasks';

const OVERDUE = DEMO_INVESTMENTS.find((i) => i.investmentId === DEMO_OVERDUE.investmentId)!;
const LEAD = OVERDUE.projectLead;
// The ledger's year (Stockholm), which on New Year's Eve is ahead of UTC's.
const THIS_YEAR = Number(stockholmDay(new Date()).slice(0, 4));
/** Tab presses allowed to get from one field to the next one named. */
const MAX_TAB_STOPS = 8;

/** A case the ledger accepts: one cost and one financial line, over this year and the next. */
const aCase = (owner: string) => ({
  discountRate: '0.035',
  horizonYears: 3,
  startYear: THIS_YEAR,
  costs: [
    {
      costLineId: 'plattform',
      kind: 'one-off',
      description: 'Plattform',
      forecast: [{ period: String(THIS_YEAR), amount: '100000.00' }],
    },
  ],
  benefits: [
    {
      benefitLineId: 'porto',
      description: 'Lägre portokostnad',
      class: 'financial',
      owner,
      indicator: {
        unit: 'kr/år',
        baseline: '500000',
        target: '200000',
        direction: 'decrease',
        method: 'Ekonomisystemets portokonto',
        frequency: 'årligen',
      },
      forecast: [{ period: String(THIS_YEAR + 1), amount: '300000.00' }],
    },
  ],
});

describe('a project lead, in the browser', () => {
  const session = taskSession('lead');

  it(
    'proposes an investment and writes its benefit case; objections land on their fields in Swedish',
    async () => {
      const page = await session.as(LEAD);
      await page.goto(`${session.ledger().url}/#/investments`);
      const propose = page.locator('form.propose-form');
      await propose.getByLabel('Namn').fill('Digital trygghetsjour');
      await propose.getByLabel('Förvaltning').fill('Vård- och omsorgsförvaltningen');
      await propose.getByLabel('Behov').fill('Nattpatrullen gör 1 000 tillsynsbesök i månaden.');
      await propose.getByRole('button', { name: 'Föreslå' }).click();
      await page.locator('.page.investment[data-investment="digital-trygghetsjour"] h1').waitFor();
      const editor = page.locator('form.case-form');
      expect(await page.locator('details.case-editor').getAttribute('open')).not.toBeNull();

      const cost = editor.locator('fieldset.cost-line').first();
      await cost.getByLabel('Id').fill('larmplattform');
      await cost.getByLabel('Beskrivning').fill('Larmplattform');
      await cost.getByLabel('Period', { exact: true }).fill(String(THIS_YEAR));
      await cost.getByLabel('Belopp (kr)', { exact: true }).fill('250 000,125');
      const line = editor.locator('fieldset.benefit-line').first();
      await line.getByLabel('Id', { exact: true }).fill('nattbesok');
      // The description is left empty: the ledger says so next to it.
      await line.getByLabel('Ägare').fill(LEAD);
      await line.getByLabel('Enhet').fill('besök/månad');
      await line.getByLabel('Utgångsvärde').fill('1000');
      await line.getByLabel('Målvärde').fill('600');
      await line.getByLabel('Riktning').selectOption('decrease');
      await line.getByLabel('Mätmetod').fill('Verksamhetssystemets besöksstatistik');
      await line.getByLabel('Mätfrekvens').fill('årligen');
      await line
        .locator('.forecast-rows')
        .getByLabel('Period', { exact: true })
        .fill(String(THIS_YEAR + 1));
      await line
        .locator('.forecast-rows')
        .getByLabel('Belopp (kr)', { exact: true })
        .fill('400 000');
      await editor.getByRole('button', { name: 'Spara som version 1' }).click();

      const amountError = editor.locator('.field-error[data-field="costs[0].forecast[0].amount"]');
      await amountError.waitFor();
      expect(plain(await amountError.textContent())).toBe('Högst två decimaler (öre).');
      const descriptionError = editor.locator('.field-error[data-field="benefits[0].description"]');
      expect(plain(await descriptionError.textContent())).toBe('Får inte vara tomt.');
      expect(await line.getByLabel('Beskrivning').getAttribute('aria-invalid')).toBe('true');
      expect(await editor.textContent()).not.toMatch(/must|required|blank/);
      await session.shot(page, 'case-refused');

      await cost.getByLabel('Belopp (kr)', { exact: true }).fill('250 000');
      await line.getByLabel('Beskrivning').fill('Färre nattliga tillsynsbesök');
      await editor.getByRole('button', { name: 'Spara som version 1' }).click();
      await page.locator('.case-version', { hasText: 'Version 1' }).waitFor();
      expect(await page.locator('.case-lines tbody th').allTextContents()).toEqual([
        'Färre nattliga tillsynsbesök',
      ]);
      await session.shot(page, 'case-documented');
    },
    TASK_TIMEOUT_MS,
  );

  it(
    'revises the benefit case in the form: a new version with one more forecast period',
    async () => {
      const api = apiAs(session.ledger(), LEAD);
      await api('POST', '/api/investments', {
        investmentId: 'digital-post',
        title: 'Digital brevlåda',
        department: 'Vård- och omsorgsförvaltningen',
        projectLead: LEAD,
        need: 'Brev till brukare skickas på papper.',
      });
      await api('PUT', '/api/investments/digital-post/benefit-case', aCase(LEAD));

      const page = await session.as(LEAD);
      await session.openInvestment(page, 'digital-post');
      await page.locator('details.case-editor summary').click();
      const editor = page.locator('form.case-form');
      const line = editor.locator('fieldset.benefit-line').first();
      expect(await line.getByLabel('Målvärde').inputValue()).toBe('200000');
      // A documented line keeps its class: the others are shown but cannot be chosen.
      const classes = line.getByLabel('Klass');
      expect(await classes.inputValue()).toBe('financial');
      expect(
        await classes
          .locator('option')
          .evaluateAll((options: { value: string; disabled: boolean }[]) =>
            options.map((o) => `${o.value}:${o.disabled}`),
          ),
      ).toEqual(['financial:false', 'redistributable:true', 'qualitative:true']);
      expect(
        plain(await line.locator('.field[data-name="benefits[0].class"] .hint').textContent()),
      ).toBe(
        'En dokumenterad nytta behåller sin klass. Ta bort nyttan och lägg till en ny, med nytt id, i den andra klassen.',
      );
      // A line added now is new: every class is open to it.
      await editor.getByRole('button', { name: 'Lägg till nytta' }).click();
      const added = editor.locator('fieldset.benefit-line').nth(1);
      expect(await added.getByLabel('Klass').locator('option:disabled').count()).toBe(0);
      await added.getByRole('button', { name: 'Ta bort Nytta 2', exact: true }).click();
      expect(await editor.locator('fieldset.benefit-line').count()).toBe(1);
      await line.getByLabel('Målvärde').fill('150000');
      await line.getByRole('button', { name: 'Lägg till period' }).click();
      // The new period's field has the focus, ready to be typed in.
      const rows = line.locator('.forecast-row');
      expect(await rows.count()).toBe(2);
      await page.keyboard.type(String(THIS_YEAR + 2));
      await rows.nth(1).getByLabel('Belopp (kr)', { exact: true }).fill('350 000');
      await editor.getByRole('button', { name: 'Spara som version 2' }).click();
      await page.locator('.case-version', { hasText: 'Version 2' }).waitFor();
      const forecast = plain(await page.locator('.case-lines tbody td').last().textContent());
      expect(forecast).toContain(`${THIS_YEAR + 2}: 350 000 kr`);
      expect(plain(await page.locator('.case-lines').textContent())).toContain('150 000');
    },
    TASK_TIMEOUT_MS,
  );

  it(
    'reports an indicator reading in its unit and corrects it, shown as old → new',
    async () => {
      const api = apiAs(session.ledger(), LEAD);
      const withReading = aCase(LEAD);
      await api('POST', '/api/investments', {
        investmentId: 'digital-lasning',
        title: 'Digitala lås i hemtjänsten',
        department: 'Vård- och omsorgsförvaltningen',
        projectLead: LEAD,
        need: 'Nycklar hämtas och lämnas på kontoret varje pass.',
      });
      await api('PUT', '/api/investments/digital-lasning/benefit-case', {
        ...withReading,
        benefits: [
          ...withReading.benefits,
          {
            benefitLineId: 'trygghet',
            description: 'Brukarnas trygghet',
            class: 'qualitative',
            owner: LEAD,
            indicator: {
              unit: 'poäng',
              baseline: '3.2',
              target: '4.5',
              direction: 'increase',
              method: 'Brukarenkät',
              frequency: 'årligen',
            },
          },
        ],
      });

      const page = await session.as(LEAD);
      await session.openInvestment(page, 'digital-lasning');
      const form = page.locator('form.report-form');
      await form.locator('select[name="benefitLineId"]').selectOption('trygghet');
      expect(plain(await form.locator('[data-note="value"]').textContent())).toBe(
        'Värdet är en mätning av indikatorn, i poäng.',
      );
      await form.locator('select[name="benefitLineId"]').selectOption('porto');
      expect(plain(await form.locator('[data-note="value"]').textContent())).toBe(
        'Värdet anges i kronor (finansiell nytta).',
      );
      await form.locator('select[name="benefitLineId"]').selectOption('trygghet');
      await form.locator('input[name="period"]').fill(String(THIS_YEAR));
      await form.locator('input[name="value"]').fill('3,9');
      await form.locator('textarea[name="evidence"]').fill('Brukarenkät våren');
      await form.getByRole('button', { name: 'Rapportera' }).click();
      await expectSaved(
        form,
        page.locator('.reports-table tbody tr', { hasText: 'Brukarenkät våren' }),
      );
      expect(
        plain(
          await page
            .locator('.reports-table tbody tr', { hasText: 'Brukarenkät våren' })
            .textContent(),
        ),
      ).toContain('3,9 poäng');

      const correct = page.locator('form.correction-form');
      const option = await correct
        .locator('option', { hasText: `Brukarnas trygghet · ${THIS_YEAR} · 3,9 poäng` })
        .getAttribute('value');
      await correct.locator('select[name="reportId"]').selectOption(option ?? '');
      await correct.locator('input[name="value"]').fill('4,1');
      await correct.locator('textarea[name="reason"]').fill('Enkäten räknades om');
      await correct.getByRole('button', { name: 'Rätta' }).click();
      const chain = page.locator(`.corrections[data-report="${option}"]`);
      await expectSaved(correct, chain);
      expect(plain(await chain.textContent())).toBe(
        '3,9 poäng → ändrades till 4,1 poäng (Enkäten räknades om)',
      );
      // The timeline says the same: the correction as old → new.
      const corrected = page.locator('.timeline-entry[data-type="EffectReportCorrected"]').last();
      expect(plain(await corrected.locator('.change').textContent())).toBe(
        ': 3,9 poäng → ändrades till 4,1 poäng',
      );
      await session.shot(page, 'reading-corrected');
    },
    TASK_TIMEOUT_MS,
  );

  it(
    "sorts an investment's reports by line, in the case's order, and by period",
    async () => {
      const page = await session.as(LEAD);
      await session.openInvestment(page, OVERDUE.investmentId);
      const names = await page.locator('.case-lines tbody th').allTextContents();
      const rows = await page
        .locator('.reports-table tbody tr')
        .evaluateAll((trs: { children: { textContent: string | null }[] }[]) =>
          trs.map((tr) => [tr.children[0].textContent ?? '', tr.children[1].textContent ?? '']),
        );
      expect(rows.length).toBeGreaterThan(3);
      const keyed = rows.map(([name, period]) => [names.indexOf(name), period] as const);
      expect(keyed.every(([index]) => index >= 0)).toBe(true);
      const sorted = [...keyed].sort((a, b) => a[0] - b[0] || a[1].localeCompare(b[1]));
      expect(keyed).toEqual(sorted);
      // The demo reported out of that order, so the sort is the page's doing.
      const recorded = stepsOf(OVERDUE, 'report').map((r) => [r.benefitLineId, r.period]);
      const lineIds = caseLines(OVERDUE).map((l) => l.benefitLineId);
      const recordedKeys = recorded.map(([line, period]) => [lineIds.indexOf(line), period]);
      expect(recordedKeys).not.toEqual(
        [...recordedKeys].sort(
          (a, b) => Number(a[0]) - Number(b[0]) || String(a[1]).localeCompare(String(b[1])),
        ),
      );
    },
    TASK_TIMEOUT_MS,
  );

  it(
    'explains a deviation; the lines behind plan are offered first, named by their status',
    async () => {
      const page = await session.as(LEAD);
      await session.openInvestment(page, OVERDUE.investmentId);
      const form = page.locator('form.explanation-form');
      const first = plain(
        await form.locator('select[name="benefitLineId"] option').first().textContent(),
      );
      expect(first).toMatch(/\((bevaka|avvikelse|inaktuell)\)$/);
      const line = first.replace(/ \([^)]*\)$/, '');
      await form.locator('textarea[name="explanation"]').fill('Införandet försenades ett kvartal');
      await form.getByRole('button', { name: 'Förklara' }).click();
      const entry = page.locator('.timeline-entry[data-type="DeviationExplained"]').last();
      await expectSaved(form, entry);
      expect(plain(await entry.locator('.timeline-what').textContent())).toBe(
        `Avvikelse förklarad: ${line}`,
      );
      expect(plain(await entry.locator('.timeline-why').textContent())).toContain(
        'Införandet försenades ett kvartal',
      );
    },
    TASK_TIMEOUT_MS,
  );

  it(
    'explains the valued lines together, and the timeline names them, not their reserved id',
    async () => {
      const page = await session.as(LEAD);
      await session.openInvestment(page, OVERDUE.investmentId);
      const form = page.locator('form.explanation-form');
      await form.locator('select[name="benefitLineId"]').selectOption('valued-lines-together');
      await form.locator('textarea[name="explanation"]').fill('Nyttorna kom ett år senare');
      await form.getByRole('button', { name: 'Förklara' }).click();
      // This explanation's entry, by its words: the story's earlier explanations are there too.
      const entry = page.locator('.timeline-entry[data-type="DeviationExplained"]', {
        hasText: 'Nyttorna kom ett år senare',
      });
      await expectSaved(form, entry);
      expect(plain(await entry.locator('.timeline-what').textContent())).toBe(
        'Avvikelse förklarad: Värderade nyttor sammantaget',
      );
    },
    TASK_TIMEOUT_MS,
  );

  it(
    'opens the benefit case form on a phone without sideways scrolling',
    async () => {
      const page = await session.as(LEAD, PHONE);
      await session.openInvestment(page, OVERDUE.investmentId);
      await page.locator('details.case-editor summary').click();
      await page.locator('form.case-form fieldset.benefit-line').first().waitFor();
      expect(await page.evaluate(horizontalOverflow)).toBeLessThanOrEqual(0);
      await session.shot(page, 'case-form-phone');
    },
    TASK_TIMEOUT_MS,
  );

  it(
    'records a cost with the keyboard alone; the focus comes back to the form after the save',
    async () => {
      const page = await session.as(LEAD);
      await session.openInvestment(page, OVERDUE.investmentId);
      const cost = page.locator('form.cost-form');
      await cost.locator('select[name="costLineId"]').focus();
      await page.keyboard.press('Tab');
      await page.keyboard.type('1 250');
      // On through the date field (its day, month and year are stops of their own).
      const activeName = () =>
        page.evaluate(
          () =>
            (globalThis as unknown as { document: { activeElement: { name?: string } | null } })
              .document.activeElement?.name,
        );
      for (let stop = 0; stop < MAX_TAB_STOPS && (await activeName()) !== 'reference'; stop++) {
        await page.keyboard.press('Tab');
      }
      expect(await activeName()).toBe('reference');
      await page.keyboard.type('Kvitto 17');
      await page.keyboard.press('Enter');
      await page.locator('.costs-table tbody tr', { hasText: 'Kvitto 17' }).waitFor();
      await page.waitForFunction(
        () =>
          (globalThis as unknown as { document: { activeElement: { textContent: string } | null } })
            .document.activeElement?.textContent === 'Registrera en kostnad',
      );
    },
    TASK_TIMEOUT_MS,
  );

  it(
    'records a cost on the investment they lead',
    async () => {
      const page = await session.as(LEAD);
      await session.openInvestment(page, OVERDUE.investmentId);
      const cost = page.locator('form.cost-form');
      await cost.locator('input[name="amount"]').fill('9 900');
      await cost.getByLabel('Verifikation').fill('Faktura 4411');
      await cost.getByRole('button', { name: 'Registrera kostnad' }).click();
      await page.locator('.costs-table tbody tr', { hasText: 'Faktura 4411' }).waitFor();
    },
    TASK_TIMEOUT_MS,
  );
});
