/**
 * An allocation whose second append (the investment's approval) never happened, as after a
 * crash between the two: the start-up reconciler records the approval from the allocation
 * event, once.
 */
import { fundDecider } from '../../src/fund/fund.decider';
import { fundStream } from '../../src/fund/fund.events';
import { ApprovalReconciler } from '../../src/investment/approval-reconciler';
import { Money } from '../../src/money/money';
import { CommandHandler } from '../../src/shared/command-handler';
import { aDocumentedInvestmentOverHttp } from '../support/http-mothers';
import { startTestApp, TestApp } from '../support/test-app';

describe('approvals left pending by an interrupted allocation', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t.close());

  it('are recorded at start-up from the allocation event, exactly once', async () => {
    const finance = t.as('fia', 'finance');
    await finance
      .post('/api/funds', {
        fundId: 'f',
        name: 'F',
        currency: 'SEK',
        decisionRef: 'Ks 1',
        tranches: [{ trancheId: 't1', name: 'T1', amount: '1000000.00' }],
      })
      .expect(201);
    await finance
      .post('/api/funds/f/tranches/t1/release', { releasedOn: '2017-01-01', decisionRef: 'Ks 2' })
      .expect(201);
    await aDocumentedInvestmentOverHttp(t, 'e-arkiv');

    // Only the fund's half of the allocation: what a crash between the two appends leaves.
    await t.app.get(CommandHandler).execute(
      fundStream('f'),
      fundDecider,
      {
        type: 'AllocateFunds',
        fundId: 'f',
        allocationId: 'a1',
        investmentId: 'e-arkiv',
        trancheId: 't1',
        amount: Money.of('1000.00'),
        decidedOn: '2017-02-01',
        decisionRef: 'Ks 3',
        caseVersion: 1,
        recordedAt: new Date().toISOString(),
        investment: {
          exists: true,
          closed: false,
          missing: [],
          caseVersion: 1,
          versions: [{ version: 1, documentedOn: '2017-01-15', runningCostEffect: Money.zero }],
        },
      },
      { actor: { id: 'fia', role: 'finance' }, correlationId: 'crash' },
    );
    const reconciler = t.app.get(ApprovalReconciler);
    expect(await reconciler.reconcile()).toBe(1);
    const investment = (await finance.get('/api/investments/e-arkiv').expect(200)).body;
    expect(investment).toMatchObject({
      stage: 'approved',
      baselineCaseVersion: 1,
      allocated: '1000.00',
    });
    expect(await reconciler.reconcile()).toBe(0);
  });
});
