/**
 * Rules that span two streams, raced over real HTTP. An allocation is appended to the fund's
 * stream after checking the investment's; a close or a cost is appended to the investment's.
 * Sent at the same moment, a close could land between the allocation's check and its append,
 * so money went to a closed investment that was never approved (no baseline, nothing owed);
 * and a close landing after the allocation but before its approval (which follows it) left
 * the approval unrecorded, to the same effect: it is now recorded on the closed investment;
 * and a reduction could be decided on a spend that a cost, landing first, had already raised,
 * giving back money that was spent. The fund's append now holds only if the investment's
 * stream is still where the check read it (AppendOptions.unchanged), so each pair comes out as
 * one of the orders it could have had one after the other.
 *
 * Raced on the EventStoreDB adapter too (its protocol fake), whatever TEST_STORE says: its
 * appends go to the server one at a time, so a burst keeps many commands pipelined on one
 * stream, and each allocation that fails because its investment closed takes those pipelined
 * after it down with it. Those were counted as lost races, and some raced allocations ran out
 * of attempts (409 CONCURRENT_UPDATE rather than INVESTMENT_CLOSED).
 */
import { stockholmDay } from '../../src/periods/stockholm-day';
import { aDocumentedInvestmentOverHttp, aReleasedFundOverHttp } from '../support/http-mothers';
import { PROJECT_LEAD } from '../support/investment.mothers';
import { testStoreKind, TestStoreKind } from '../support/esdb-test-store';
import { startTestApp, TestApp } from '../support/test-app';

/** How long an approval may take to follow its allocation before the test gives up on it. */
const APPROVAL_WAIT_MS = 10_000;

/** Pairs raced at once: enough that, before the fix, some landed in the wrong order every run. */
const PAIRS = 24;

interface Answer {
  readonly status: number;
  readonly body: { readonly code?: string; readonly position?: string };
}

const answerOf = (res: { status: number; body: unknown }): Answer => ({
  status: res.status,
  body: res.body as Answer['body'],
});

/** The store TEST_STORE names, and the EventStoreDB adapter's if that is not it. */
const STORES: readonly TestStoreKind[] = [
  ...new Set<TestStoreKind>([testStoreKind(), 'esdb-fake']),
];

describe.each(STORES)('rules across two streams, raced (store: %s)', (store) => {
  let t: TestApp;
  const finance = () => t.as('fia', 'finance');
  const auditor = () => t.as('aud', 'auditor');
  const today = () => stockholmDay(new Date());

  beforeAll(async () => {
    t = await startTestApp({ store });
    await aReleasedFundOverHttp(finance);
    for (let i = 0; i < PAIRS; i++) {
      await aDocumentedInvestmentOverHttp(t, `close-${i}`, PROJECT_LEAD);
      await aDocumentedInvestmentOverHttp(t, `spend-${i}`, PROJECT_LEAD);
    }
  });
  afterAll(async () => t.close());

  /** Its approvals in its history, once one is there (the approval follows the allocation). */
  const approvalOf = async (
    investmentId: string,
  ): Promise<{ approvals: number; baselineCaseVersion: unknown }> => {
    const deadline = Date.now() + APPROVAL_WAIT_MS;
    for (;;) {
      const history = await auditor().get(`/api/investments/${investmentId}/history`).expect(200);
      const events = (history.body as { events: { type: string; data: Record<string, unknown> }[] })
        .events;
      const approvals = events.filter((e) => e.type === 'InvestmentApproved');
      if (approvals.length > 0 || Date.now() > deadline) {
        return {
          approvals: approvals.length,
          baselineCaseVersion: approvals[0]?.data.baselineCaseVersion,
        };
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };

  it('never records an allocation after the close of its investment', async () => {
    const pairs = await Promise.all(
      Array.from({ length: PAIRS }, async (_, i) => {
        const investmentId = `close-${i}`;
        const [close, allocation] = await Promise.all([
          finance()
            .post(`/api/investments/${investmentId}/close`, {
              closedOn: today(),
              reason: 'Stopped',
            })
            .then(answerOf),
          finance()
            .post('/api/funds/orebro/allocations', {
              allocationId: `a-${investmentId}`,
              investmentId,
              trancheId: 't1',
              amount: '1.00',
              decidedOn: '2017-06-01',
              decisionRef: `Ks ${i}`,
              caseVersion: 1,
            })
            .then(answerOf),
        ]);
        return { investmentId, close, allocation };
      }),
    );
    for (const { investmentId, close, allocation } of pairs) {
      expect({ investmentId, close: close.status }).toEqual({ investmentId, close: 201 });
      if (allocation.status === 201) {
        // Allocated first: then it is approved on the allocation's case version, whether the
        // approval reached it before the close or after (the stage stays closed).
        expect(BigInt(allocation.body.position ?? '0')).toBeLessThan(
          BigInt(close.body.position ?? '0'),
        );
        expect(await approvalOf(investmentId)).toEqual({ approvals: 1, baselineCaseVersion: 1 });
        const investment = await auditor().get(`/api/investments/${investmentId}`).expect(200);
        expect(investment.body).toMatchObject({ stage: 'closed', baselineCaseVersion: 1 });
      } else {
        expect({ investmentId, allocation: allocation.status, code: allocation.body.code }).toEqual(
          { investmentId, allocation: 409, code: 'INVESTMENT_CLOSED' },
        );
      }
    }
  });

  it('never gives back, by a reduction, money a cost recorded first had spent', async () => {
    for (let i = 0; i < PAIRS; i++) {
      await finance()
        .post('/api/funds/orebro/allocations', {
          allocationId: `s-${i}`,
          investmentId: `spend-${i}`,
          trancheId: 't1',
          amount: '100.00',
          decidedOn: today(),
          decisionRef: `Ks s${i}`,
          caseVersion: 1,
        })
        .expect(201);
    }
    const pairs = await Promise.all(
      Array.from({ length: PAIRS }, async (_, i) => {
        const [cost, reduction] = await Promise.all([
          finance()
            .post(`/api/investments/spend-${i}/costs`, {
              costId: `k-${i}`,
              amount: '80.00',
              incurredOn: today(),
              reference: `Faktura ${i}`,
            })
            .then(answerOf),
          finance()
            .post(`/api/funds/orebro/allocations/s-${i}/reductions`, {
              reductionId: `r-${i}`,
              amount: '50.00',
              decidedOn: today(),
              decisionRef: `Ks r${i}`,
              reason: 'Less needed',
            })
            .then(answerOf),
        ]);
        return { i, cost, reduction };
      }),
    );
    for (const { i, cost, reduction } of pairs) {
      expect({ i, cost: cost.status }).toEqual({ i, cost: 201 });
      if (reduction.status === 201) {
        // Reduced first, on a spend of nothing: the cost came after it (DOMAIN.md attributes
        // it to the room left).
        expect(BigInt(reduction.body.position ?? '0')).toBeLessThan(
          BigInt(cost.body.position ?? '0'),
        );
      } else {
        expect({ i, reduction: reduction.status, code: reduction.body.code }).toEqual({
          i,
          reduction: 409,
          code: 'REDUCTION_BELOW_SPENT',
        });
      }
    }
  });
});
