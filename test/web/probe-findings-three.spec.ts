/**
 * What the third browser probe of the dashboard found, each held here on the demo ledger:
 * - switching the language redrew the page and threw away what was typed in its forms, and
 *   the case editor's rows with them;
 * - the benefit/cost ratio was written with as many decimals as it happened to have (0,51
 *   beside 0,6), so figures of one precision read as of two;
 * - a project lead could record a cost but not put it right: the ledger allows the lead to
 *   correct or take back a cost they recorded, and the page said to, with no form to do it in;
 * - a harvest's correction beyond the realised actual was told to mark itself ahead of
 *   realisation, which a correction cannot be;
 * - the tranche amendment's preview showed unreadable input ("abc", "1.500") as the new amount;
 * - on the English page "1,500" was read as 1.5 and refused for its decimals;
 * - the overview's chart tables headed tranches and stages "Period";
 * - a mistyped address (an id in capitals) showed the overview as if it had been asked for;
 * - the case editor refused a discount rate written with a decimal comma ("0,04"), which its
 *   amounts and indicator values accept.
 */
import { DEMO_AUDITOR, DEMO_FINANCE } from '../../src/demo/orebro-demo.data';
import { plain } from './support/browser';
import { DEMO_INVESTMENTS } from '../../src/demo/orebro-demo.data';
import { openFunded, stepsOf, taskSession, TASK_TIMEOUT_MS } from './support/tasks';

interface Cost {
  readonly costId: string;
  readonly reference: string;
}

const FUNDED = openFunded();

interface KpiSet {
  readonly monetised: { readonly bcr: string | null };
  readonly financial: { readonly bcr: string | null };
}

describe('what the third browser probe found, in the browser', () => {
  const session = taskSession('probe3');

  it(
    'keeps what was typed in a form when the language is switched',
    async () => {
      const inv = FUNDED[0];
      const page = await session.as(DEMO_FINANCE);
      await session.openInvestment(page, inv.investmentId);
      const form = page.locator('form.cost-form');
      await form.getByLabel('Belopp (kr)').fill('12 345');
      await form.getByLabel('Verifikation').fill('F-77');
      await page.getByLabel('Språk').selectOption('en');
      await page.locator('html[lang="en"]').waitFor();
      const again = page.locator('form.cost-form');
      expect(await again.locator('[name="amount"]').inputValue()).toBe('12 345');
      expect(await again.locator('[name="reference"]').inputValue()).toBe('F-77');
      await session.shot(page, 'language-keeps-input');
    },
    TASK_TIMEOUT_MS,
  );

  it(
    "keeps the case editor's typed rows, and the editor open, when the language is switched",
    async () => {
      const inv = FUNDED[2];
      const page = await session.as(inv.projectLead);
      await session.openInvestment(page, inv.investmentId);
      await page.locator('details.case-editor summary').click();
      const editor = page.locator('form.case-form');
      const costIds = editor.locator('input[name^="costs["][name$="].costLineId"]');
      const before = await costIds.count();
      await editor.getByRole('button', { name: 'Lägg till kostnad' }).click();
      await editor.locator(`[name="costs[${before}].costLineId"]`).fill('ny-drift');
      await editor.locator(`[name="costs[${before}].description"]`).fill('Ny driftkostnad');
      await editor.getByLabel('Kalkylränta').fill('0,05');

      await page.getByLabel('Språk').selectOption('en');
      await page.locator('html[lang="en"]').waitFor();
      const again = page.locator('form.case-form');
      await again.getByRole('button', { name: 'Add a cost' }).waitFor();
      expect(await page.locator('details.case-editor').getAttribute('open')).not.toBeNull();
      expect(await again.locator('input[name^="costs["][name$="].costLineId"]').count()).toBe(
        before + 1,
      );
      expect(await again.locator(`[name="costs[${before}].costLineId"]`).inputValue()).toBe(
        'ny-drift',
      );
      expect(await again.locator(`[name="costs[${before}].description"]`).inputValue()).toBe(
        'Ny driftkostnad',
      );
      expect(await again.locator('[name="discountRate"]').inputValue()).toBe('0,05');
    },
    TASK_TIMEOUT_MS,
  );

  it(
    'offers a project lead the costs they recorded, and only those, to correct',
    async () => {
      const inv = FUNDED.find((i) => i.projectLead !== undefined)!;
      const page = await session.as(inv.projectLead);
      await session.openInvestment(page, inv.investmentId);
      const cost = page.locator('form.cost-form');
      await cost.locator('input[name="amount"]').fill('4 400');
      await cost.getByLabel('Verifikation').fill('Faktura L-1');
      await cost.getByRole('button', { name: 'Registrera kostnad' }).click();
      await page.locator('.costs-table tbody tr', { hasText: 'Faktura L-1' }).waitFor();

      const change = page.locator('form.cost-change-form');
      const offered = (await change.getByLabel('Kostnad').locator('option').allTextContents()).map(
        plain,
      );
      const { costs } = await session.read<{ costs: Cost[] }>(
        `/api/investments/${inv.investmentId}`,
      );
      // The demo's costs were booked by finance: the lead is offered their own alone.
      expect(costs.length).toBeGreaterThan(1);
      expect(offered).toHaveLength(1);
      expect(offered[0]).toContain('Faktura L-1');

      const own = costs.find((c) => c.reference === 'Faktura L-1')!;
      await change.getByLabel('Kostnad').selectOption(own.costId);
      await change.getByLabel('Nytt belopp (kr)').fill('4 100');
      await change.getByLabel('Skäl').fill('Fakturan krediterad med 300 kr');
      await change.getByRole('button', { name: 'Registrera ändringen' }).click();
      await page
        .locator('form.cost-change-form .form-status', { hasText: 'registrerades' })
        .waitFor();
      const { costChanges } = await session.read<{
        costChanges: { entryId: string; amount?: string }[];
      }>(`/api/investments/${inv.investmentId}`);
      expect(costChanges.filter((c) => c.entryId === own.costId).at(-1)?.amount).toBe('4100.00');
    },
    TASK_TIMEOUT_MS,
  );

  it(
    'tells a harvest correction beyond the realised actual what it can do instead',
    async () => {
      // A harvest held to the realised actual (not ahead of realisation, and recorded).
      const ordinary = (i: (typeof DEMO_INVESTMENTS)[number]) =>
        stepsOf(i, 'harvest').find((h) => !h.aheadOfRealisation && h.refusedWith === undefined);
      const inv = DEMO_INVESTMENTS.find((i) => ordinary(i) !== undefined)!;
      const harvest = ordinary(inv)!;
      const page = await session.as(DEMO_FINANCE);
      session.allowProblems(page, [/^409 for .*\/corrections$/]);
      await session.openInvestment(page, inv.investmentId);
      const change = page.locator('form.harvest-change-form');
      await change.getByLabel('Hemtagning').selectOption(harvest.harvestId);
      await change.getByLabel('Nytt belopp (kr)').fill('900 000 000');
      await change.getByLabel('Skäl').fill('Budgeten sänkt igen');
      await change.getByRole('button', { name: 'Registrera ändringen' }).click();
      const alert = change.locator('.form-alert:not([hidden])');
      await alert.waitFor();
      await session.shot(page, 'harvest-correction-refused');
      const said = plain(await alert.textContent());
      expect(said).toContain('ta tillbaka hemtagningen och registrera en ny');
      expect(said).not.toContain('Markera den som förhandsreduktion');
    },
    TASK_TIMEOUT_MS,
  );

  it(
    "does not preview unreadable input as a tranche's new amount",
    async () => {
      const page = await session.as(DEMO_FINANCE);
      const form = page.locator('form.amend-form');
      await form.waitFor();
      const note = form.locator('[data-note="trancheId"]');
      for (const typed of ['abc', '1.500']) {
        await form.getByLabel('Nytt belopp (kr)').fill(typed);
        const said = plain(await note.textContent());
        expect(said).toContain('Det nya beloppet går inte att läsa som kronor');
        expect(said).not.toContain('Efter beslutet');
      }
      await form.getByLabel('Nytt belopp (kr)').fill('1 500 000');
      expect(plain(await note.textContent())).toContain('Efter beslutet: 1 500 000 kr');
    },
    TASK_TIMEOUT_MS,
  );

  it(
    'reads "1,500" on the English page as fifteen hundred kronor',
    async () => {
      const inv = FUNDED[1];
      const page = await session.as(DEMO_FINANCE);
      await session.openInvestment(page, inv.investmentId);
      await page.getByLabel('Språk').selectOption('en');
      await page.locator('html[lang="en"]').waitFor();
      const form = page.locator('form.cost-form');
      await form.locator('[name="amount"]').fill('1,500');
      await form.locator('[name="reference"]').fill('Invoice EN-1500');
      await form.locator('button[type="submit"]').click();
      await page.locator('.costs-table tbody tr', { hasText: 'Invoice EN-1500' }).waitFor();
      const { costs } = await session.read<{ costs: (Cost & { amount: string })[] }>(
        `/api/investments/${inv.investmentId}`,
      );
      expect(costs.find((c) => c.reference === 'Invoice EN-1500')?.amount).toBe('1500.00');
    },
    TASK_TIMEOUT_MS,
  );

  it(
    "heads the overview's chart tables by what their rows are",
    async () => {
      const page = await session.as(DEMO_AUDITOR);
      await page.locator('figure.chart-tranches').waitFor();
      const headings = (
        await page.locator('.chart-table thead tr th:first-child').allTextContents()
      ).map(plain);
      expect(headings).toEqual(expect.arrayContaining(['Etapp', 'Skede', 'Period']));
    },
    TASK_TIMEOUT_MS,
  );

  it(
    'says an address no page has, instead of showing the overview',
    async () => {
      const ledger = session.ledger();
      const page = await session.as(DEMO_AUDITOR);
      for (const path of ['/investments/E-arkiv', '/investmnets']) {
        await page.goto(`${ledger.url}/#${path}`);
        await page.locator('.page.not-found h1').waitFor();
        expect(plain(await page.locator('h1').textContent())).toBe('Sidan finns inte');
        expect(plain(await page.locator('.page.not-found').textContent())).toContain(path);
      }
      await page.getByRole('link', { name: 'Till översikten' }).click();
      await page.locator('figure.chart-tranches').waitFor();
    },
    TASK_TIMEOUT_MS,
  );

  it(
    'takes a discount rate written with a decimal comma in the case editor',
    async () => {
      const inv = FUNDED[1];
      const page = await session.as(inv.projectLead);
      await session.openInvestment(page, inv.investmentId);
      await page.locator('details.case-editor summary').click();
      const editor = page.locator('form.case-form');
      await editor.getByLabel('Kalkylränta').fill('0,04');
      const saved = page.waitForResponse(
        (r) => r.url().endsWith('/benefit-case') && r.request().method() === 'PUT',
      );
      await editor.getByRole('button', { name: /^Spara som version/ }).click();
      expect((await saved).status()).toBe(200);
      const { benefitCase } = await session.read<{ benefitCase: { discountRate: string } }>(
        `/api/investments/${inv.investmentId}`,
      );
      expect(benefitCase.discountRate).toBe('0.04');
    },
    TASK_TIMEOUT_MS,
  );

  it(
    'writes the benefit/cost ratio with two decimals, as the API gives it',
    async () => {
      const page = await session.as(DEMO_AUDITOR);
      let checked = 0;
      for (const inv of FUNDED) {
        const { kpis } = await session.read<{ kpis: { forecast: KpiSet | null } }>(
          `/api/investments/${inv.investmentId}/forecast-vs-actual`,
        );
        const bcr = kpis.forecast?.monetised.bcr;
        if (bcr === null || bcr === undefined) continue;
        await session.openInvestment(page, inv.investmentId);
        const expected = new Intl.NumberFormat('sv-SE', {
          minimumFractionDigits: 2,
          maximumFractionDigits: 2,
        }).format(Number(bcr));
        const row = page.locator('table.kpi-table tr', { hasText: 'Nytta/kostnad' }).first();
        const cells = (await row.locator('td').allTextContents()).map(plain);
        expect(cells).toContain(plain(expected));
        for (const cell of cells) if (cell !== '–') expect(cell).toMatch(/^-?[0-9 ]+,[0-9]{2}$/);
        checked += 1;
      }
      expect(checked).toBeGreaterThan(0);
    },
    TASK_TIMEOUT_MS,
  );
});
