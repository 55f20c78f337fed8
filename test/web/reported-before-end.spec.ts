/**
 * A valued line's report made before its period ended meets no follow-up obligation until a
 * correction made after the end confirms it (DOMAIN.md, "Follow-up overdue"). The dashboard
 * says so where it matters: the overview's overdue list marks the period reported before it
 * ended, and the investment page marks the report, until the owner confirms it.
 */
import { DEMO_FINANCE, DEMO_FUND } from '../../src/demo/orebro-demo.data';
import { aFinancialLine } from '../support/investment.mothers';
import {
  apiAs,
  expectSaved,
  SETUP_TIMEOUT_MS,
  taskSession,
  TASK_TIMEOUT_MS,
} from './support/tasks';

const LEAD = 'lena.lind';
const ID = 'licenser-tidig-rapport';
const TITLE = 'Licenser, rapporterade i förväg';
const LINE = 'licenser';

/** A financial line owed quarterly in 2021 (after the demo's last recorded event). */
const quarterlyCase = {
  discountRate: '0.035',
  horizonYears: 1,
  startYear: 2021,
  costs: [
    {
      costLineId: 'inforande',
      kind: 'one-off',
      description: 'Uppsägning och migrering',
      forecast: [{ period: '2021', amount: '100000.00' }],
    },
  ],
  benefits: [
    {
      ...aFinancialLine(),
      benefitLineId: LINE,
      description: 'Uppsagda licenser',
      owner: LEAD,
      forecast: [
        { period: '2021-Q1', amount: '150000.00' },
        { period: '2021-Q2', amount: '150000.00' },
      ],
    },
  ],
};

describe('a report made before its period ended, on the dashboard', () => {
  let now = new Date('2021-03-01T09:00:00.000Z');
  const session = taskSession('reported-before-end', { clock: () => now });

  beforeAll(async () => {
    const lead = apiAs(session.ledger(), LEAD);
    await lead('POST', '/api/investments', {
      investmentId: ID,
      title: TITLE,
      department: 'Kommunledningsförvaltningen',
      projectLead: LEAD,
      need: 'Licenser för ett system som ska avvecklas.',
    });
    await lead('PUT', `/api/investments/${ID}/benefit-case`, quarterlyCase);
    await apiAs(session.ledger(), DEMO_FINANCE)(
      'POST',
      `/api/funds/${DEMO_FUND.fundId}/allocations`,
      {
        investmentId: ID,
        allocationId: `${ID}-t1`,
        trancheId: DEMO_FUND.tranches[0].trancheId,
        amount: '100000.00',
        decidedOn: '2019-03-15',
        decisionRef: 'Ks 92/2019',
        caseVersion: 1,
      },
    );
    // Ten days into March the lead files the whole first quarter, as forecast.
    now = new Date('2021-03-10T09:00:00.000Z');
    await lead('POST', `/api/investments/${ID}/effect-reports`, {
      reportId: 'q1',
      benefitLineId: LINE,
      period: '2021-Q1',
      value: '150000.00',
      evidence: 'Prognos för kvartalet',
    });
    // Past the quarter's end and its 45 days' grace.
    now = new Date('2021-06-01T09:00:00.000Z');
  }, SETUP_TIMEOUT_MS);

  it(
    'marks the period on the overdue list and the report on the page, until the owner confirms it',
    async () => {
      const page = await session.as(DEMO_FINANCE, undefined, {
        timezoneId: 'Europe/Stockholm',
        fixedTime: now,
      });
      await page.goto(`${session.ledger().url}/#/`);
      const row = page.locator('.follow-up-table tbody tr', { hasText: TITLE });
      await row.first().waitFor();
      expect(await row.allTextContents()).toEqual([
        expect.stringContaining(
          '2021-Q1 rapporterad innan perioden slutat – bekräfta med en rättelse',
        ),
      ]);

      await session.openInvestment(page, ID);
      const mark = page.locator('.reports-table .badge.reported-before-end');
      await mark.waitFor();
      expect(await mark.textContent()).toBe(
        'rapporterad 10 mars 2021, innan perioden slutat – ej bekräftad',
      );

      // The owner confirms the quarter once it has ended, with the correction form, which names
      // the report unconfirmed and says how a correction confirms it: the marks go, and so does
      // the row.
      const owner = await session.as(LEAD, undefined, {
        timezoneId: 'Europe/Stockholm',
        fixedTime: now,
      });
      await session.openInvestment(owner, ID);
      const correct = owner.locator('form.correction-form');
      const option = correct.locator('option', { hasText: '2021-Q1' });
      expect(await option.textContent()).toContain('· ej bekräftad');
      await correct.locator('select[name="reportId"]').selectOption('q1');
      expect(await correct.locator('[data-note="value"]').textContent()).toContain(
        'räknas först när en rättelse gjord efter periodens slut bekräftar den',
      );
      await correct.locator('input[name="value"]').fill('150000');
      await correct.locator('textarea[name="reason"]').fill('Kvartalet bekräftat mot reskontran');
      await correct.getByRole('button', { name: 'Rätta' }).click();
      await expectSaved(correct, owner.locator('.corrections[data-report="q1"]'));
      await page.reload();
      await page.locator(`.page.investment[data-investment="${ID}"] .reports-table`).waitFor();
      expect(await page.locator('.reports-table .badge.reported-before-end').count()).toBe(0);
      await page.goto(`${session.ledger().url}/#/`);
      await page.locator('.follow-up-table tbody tr').first().waitFor();
      expect(await page.locator('.follow-up-table tbody tr', { hasText: TITLE }).count()).toBe(0);
    },
    TASK_TIMEOUT_MS,
  );
});
