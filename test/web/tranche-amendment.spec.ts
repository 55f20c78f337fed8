/**
 * Finance amends a tranche on the overview, in the browser, on the demo ledger: only open
 * tranches are offered, the chosen one's terms are shown now and after the decision, a field
 * left empty is left out of the command (its term stays) and a ticked box opens that side of
 * the window; the command carries the draft's Idempotency-Key and If-Match of the fund as
 * drawn; the overview then shows the new figures and says what was recorded. A cut below what
 * is allocated is refused in Swedish at the amount field, recording nothing.
 */
import Decimal from 'decimal.js';
import { Page, Request } from 'playwright-core';
import { DEMO_FINANCE, DEMO_FUND } from '../../src/demo/orebro-demo.data';
import { stockholmDay } from '../../src/periods/stockholm-day';
import { plain } from './support/browser';
import { DemoLedger } from './support/demo-ledger';
import {
  apiAs,
  expectSaved,
  kronor,
  optionTexts,
  taskSession,
  TASK_TIMEOUT_MS,
} from './support/tasks';

const [T1, T2] = DEMO_FUND.tranches;
const FUND_PATH = `/api/funds/${DEMO_FUND.fundId}`;

interface TrancheRead {
  readonly trancheId: string;
  readonly status: string;
  readonly amount: string;
  readonly allocated: string;
  readonly allocatableFrom: string | null;
  readonly allocatableUntil: string | null;
}

interface FundRead {
  readonly revision: string;
  readonly totals: { readonly amount: string };
  readonly tranches: TrancheRead[];
}

const readFund = async (ledger: DemoLedger): Promise<FundRead> => {
  const response = await fetch(`${ledger.url}${FUND_PATH}`, {
    headers: { Authorization: `Bearer ${ledger.tokenFor(DEMO_FINANCE)}` },
  });
  expect(response.status).toBe(200);
  return (await response.json()) as FundRead;
};

const trancheOf = (fund: FundRead, trancheId: string): TrancheRead => {
  const tranche = fund.tranches.find((tr) => tr.trancheId === trancheId);
  if (!tranche) throw new Error(`the fund has no tranche ${trancheId}`);
  return tranche;
};

/** The amendment commands the page sends. */
const amendmentsSent = (page: Page): Request[] => {
  const sent: Request[] = [];
  page.on('request', (request) => {
    if (
      request.method() === 'POST' &&
      request.url().endsWith(`/tranches/${T2.trancheId}/amendments`)
    )
      sent.push(request);
  });
  return sent;
};

/** Whole kronor as the Swedish page writes them: the specs' amounts are chosen whole. */
const whole = (amount: Decimal): string => {
  expect(amount.isInteger()).toBe(true);
  return kronor(amount.toFixed(2));
};

describe('finance amends a tranche, in the browser', () => {
  const session = taskSession('tranche-amendment');

  it(
    "extends a tranche's window and cuts its amount; the overview shows the new figures",
    async () => {
      const ledger = session.ledger();
      // A closed tranche takes no amendment: the form does not offer it.
      const finance = apiAs(ledger, DEMO_FINANCE);
      await finance('POST', `${FUND_PATH}/tranches`, {
        trancheId: 't3',
        name: 'Etapp 3 (indragen)',
        amount: '5000000.00',
        decisionRef: 'Ks 70/2026',
      });
      await finance('POST', `${FUND_PATH}/tranches/t3/close`, {
        closedOn: stockholmDay(new Date()),
        decisionRef: 'Ks 71/2026',
        reason: 'Etappen drogs in',
      });
      const before = await readFund(ledger);
      const t2 = trancheOf(before, T2.trancheId);
      const allocated = new Decimal(t2.allocated);
      // Cut to what is allocated and a million more: the rest of the tranche is withdrawn.
      const cut = allocated.plus(1_000_000);
      expect(cut.lt(t2.amount)).toBe(true);

      const page = await session.as(DEMO_FINANCE);
      const sent = amendmentsSent(page);
      const form = page.locator('form.amend-form');
      await form.waitFor();
      const tranche = form.locator('select[name="trancheId"]');
      const options = await optionTexts(tranche);
      expect(options.map(plain)).toEqual([
        `${T1.name} (${kronor(trancheOf(before, T1.trancheId).amount)}; tilldelas 31 dec. 2016 – tills vidare)`,
        `${T2.name} (${kronor(t2.amount)}; tilldelas 1 jan. 2018 – 31 dec. 2019)`,
      ]);
      await tranche.selectOption(T2.trancheId);
      const note = form.locator('[data-note="trancheId"]');
      const now = `Nu: ${kronor(t2.amount)}, varav ${whole(allocated)} tilldelat; tilldelas 1 jan. 2018 – 31 dec. 2019.`;
      expect(plain(await note.textContent())).toBe(
        `${now} Ange ett nytt belopp, en ny dag för perioden eller båda.`,
      );
      // The decision day is today, the ledger's (Stockholm) today.
      expect(await form.getByLabel('Beslutsdatum').inputValue()).toBe(stockholmDay(new Date()));

      await form.getByLabel('Nytt belopp (kr)').fill(whole(cut));
      await form.getByLabel('Ny sista dag för tilldelning').fill('2020-06-30');
      expect(plain(await note.textContent())).toBe(
        `${now} Efter beslutet: ${whole(cut)}; tilldelas 1 jan. 2018 – 30 juni 2020.`,
      );
      await form.getByLabel('Beslut (diarienummer)').fill('Ks 77/2026');
      await form.getByLabel('Skäl').fill('Projekten försenade; det som inte tilldelats dras in');
      await form.getByRole('button', { name: 'Ändra etappen' }).click();

      const row = page.locator('.tranche-table tbody tr', { hasText: T2.name });
      await expectSaved(form, row.filter({ hasText: '30 juni 2020' }));
      expect(plain(await row.textContent())).toContain('tilldelas 1 jan. 2018 – 30 juni 2020');
      expect(plain(await row.textContent())).toContain(whole(cut));
      const total = new Decimal(before.totals.amount).minus(t2.amount).plus(cut);
      expect(plain(await page.locator('[data-figure="total"] .figure-value').textContent())).toBe(
        whole(total),
      );
      // What was recorded is said in the form drawn anew.
      expect(plain(await page.locator('form.amend-form .form-status').textContent())).toBe(
        `Etappen ${T2.name} ändrades (Ks 77/2026).`,
      );

      // One command: the start of the window left out (it stays), the fund's drawn revision.
      expect(sent).toHaveLength(1);
      expect(sent[0].postDataJSON()).toEqual({
        amount: cut.toFixed(0),
        allocatableUntil: '2020-06-30',
        decidedOn: stockholmDay(new Date()),
        decisionRef: 'Ks 77/2026',
        reason: 'Projekten försenade; det som inte tilldelats dras in',
      });
      const headers = await sent[0].allHeaders();
      expect(headers['if-match']).toBe(`"${before.revision}"`);
      expect(headers['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);
      const after = trancheOf(await readFund(ledger), T2.trancheId);
      expect(after).toMatchObject({
        amount: cut.toFixed(2),
        allocatableFrom: '2018-01-01',
        allocatableUntil: '2020-06-30',
      });
      await session.shot(page, 'amended');
    },
    TASK_TIMEOUT_MS,
  );

  it(
    'refuses a cut below what is allocated at the amount field, in Swedish, recording nothing; opens the end of the window',
    async () => {
      const ledger = session.ledger();
      const before = await readFund(ledger);
      const t2 = trancheOf(before, T2.trancheId);
      const allocated = new Decimal(t2.allocated);

      const page = await session.as(DEMO_FINANCE);
      const sent = amendmentsSent(page);
      const form = page.locator('form.amend-form');
      await form.locator('select[name="trancheId"]').selectOption(T2.trancheId);
      await form.getByLabel('Nytt belopp (kr)').fill(whole(allocated.minus(1)));
      await form.getByLabel('Beslut (diarienummer)').fill('Ks 78/2026');
      await form.getByLabel('Skäl').fill('Etappen minskas');
      await form.getByRole('button', { name: 'Ändra etappen' }).click();

      const error = form.locator('.field-error[data-field="amount"]');
      await error.waitFor();
      expect(plain(await error.textContent())).toBe(
        `Etappens belopp kan inte sättas lägre än det som redan är tilldelat ur den: ${whole(allocated)}.`,
      );
      expect(await form.getByLabel('Nytt belopp (kr)').getAttribute('aria-invalid')).toBe('true');
      expect(plain(await form.locator('.form-alert').textContent())).toMatch(
        /^Registreringen nekades: Etappens belopp kan inte/,
      );
      expect(await form.textContent()).not.toMatch(/allocated|cannot|amended/);
      const unchanged = await readFund(ledger);
      expect(unchanged.revision).toBe(before.revision);
      expect(trancheOf(unchanged, T2.trancheId)).toEqual(t2);

      // The amount left as it is, the window's end opened: the day field is off and not sent.
      await form.getByLabel('Nytt belopp (kr)').fill('');
      await form.getByLabel('Ny sista dag för tilldelning').fill('2021-12-31');
      await form.getByLabel('Perioden får ingen sista dag (tills vidare)').check();
      expect(await form.getByLabel('Ny sista dag för tilldelning').isDisabled()).toBe(true);
      await form.getByRole('button', { name: 'Ändra etappen' }).click();
      const row = page.locator('.tranche-table tbody tr', { hasText: T2.name });
      await expectSaved(form, row.filter({ hasText: 'tills vidare' }));
      expect(plain(await row.textContent())).toContain('tilldelas 1 jan. 2018 – tills vidare');
      expect(sent.map((request) => request.postDataJSON())).toEqual([
        expect.objectContaining({ amount: allocated.minus(1).toFixed(0) }),
        {
          allocatableUntil: null,
          decidedOn: stockholmDay(new Date()),
          decisionRef: 'Ks 78/2026',
          reason: 'Etappen minskas',
        },
      ]);
      const after = trancheOf(await readFund(ledger), T2.trancheId);
      expect(after).toMatchObject({ amount: t2.amount, allocatableUntil: null });
      expect(after.allocatableFrom).toBe(t2.allocatableFrom);
    },
    TASK_TIMEOUT_MS,
  );
});
