/**
 * Read model: the balance of every fund, per tranche — amount, allocated (net of
 * reductions), available, spent and harvested — and the fund's totals.
 *
 * Spent and harvested belong to investments, not tranches. They are attributed to the
 * tranches that funded the investment in proportion to its net allocations from each
 * (figures/funding.ts), recomputed whenever an allocation, reduction, cost or harvest
 * changes the picture, so a tranche always shows its present share of the spend. Costs of
 * an investment without any allocation are not the fund's and show in no tranche.
 */
import { Money } from '../src/money/money';
import { FUND_STREAM_PREFIX } from '../src/fund/fund.events';
import { AllocationRecord, fundingWeights, trancheKeyText } from './figures/funding';
import { splitByWeights } from './figures/shares';
import { FoldScope } from './fold-scope';
import { LedgerEvent } from './ledger-event';

export const FUND_BALANCE_MODEL = { name: 'fund-balance', version: 1 } as const;

export type TrancheStatus = 'expected' | 'released' | 'closed';

export interface TrancheBalance {
  readonly trancheId: string;
  readonly name: string;
  readonly status: TrancheStatus;
  readonly allocatableFrom: string | null;
  readonly allocatableUntil: string | null;
  readonly amount: string;
  readonly allocated: string;
  readonly available: string;
  readonly spent: string;
  readonly harvested: string;
}

export interface BalanceTotals {
  readonly amount: string;
  readonly allocated: string;
  readonly available: string;
  readonly spent: string;
  readonly harvested: string;
}

export interface FundBalance {
  readonly fundId: string;
  readonly name: string;
  readonly currency: 'SEK';
  readonly decisionRef: string;
  /** The fund stream's revision: the ETag of GET /api/funds/{id}. */
  readonly revision: string;
  readonly tranches: readonly TrancheBalance[];
  readonly totals: BalanceTotals;
}

/** What the fund needs to know of an investment to attribute its spend. */
export interface InvestmentFunding {
  readonly investmentId: string;
  readonly allocations: readonly AllocationRecord[];
  readonly spent: string;
  readonly harvested: string;
}

export interface FundBalanceView {
  readonly funds: Readonly<Record<string, FundBalance>>;
  readonly investments: Readonly<Record<string, InvestmentFunding>>;
}

export const initialFundBalanceView: FundBalanceView = { funds: {}, investments: {} };

/** Assertion on the fold: the decider refuses an overdraft, so seeing one here is a bug upstream. */
function invariant(condition: boolean, message: string): asserts condition {
  if (!condition) throw new Error(`fund balance invariant violated: ${message}`);
}

const ZERO = '0.00';
const fundIdOf = (event: LedgerEvent): string => event.streamId.slice(FUND_STREAM_PREFIX.length);
const add = (a: string, b: string): string => Money.of(a).plus(Money.of(b)).toString();
const subtract = (a: string, b: string): string => Money.of(a).minus(Money.of(b)).toString();

const totalsOf = (tranches: readonly TrancheBalance[]): BalanceTotals => {
  const sum = (field: keyof BalanceTotals): string =>
    Money.sum(tranches.map((t) => Money.of(t[field]))).toString();
  return {
    amount: sum('amount'),
    allocated: sum('allocated'),
    available: sum('available'),
    spent: sum('spent'),
    harvested: sum('harvested'),
  };
};

const withTranches = (fund: FundBalance, tranches: readonly TrancheBalance[]): FundBalance => ({
  ...fund,
  tranches,
  totals: totalsOf(tranches),
});

const updateTranche = (
  fund: FundBalance,
  trancheId: string,
  change: (tranche: TrancheBalance) => TrancheBalance,
): FundBalance => {
  invariant(
    fund.tranches.some((t) => t.trancheId === trancheId),
    `fund ${fund.fundId} has no tranche ${trancheId}`,
  );
  return withTranches(
    fund,
    fund.tranches.map((t) => (t.trancheId === trancheId ? change(t) : t)),
  );
};

const withAllocated = (tranche: TrancheBalance, allocated: string): TrancheBalance => {
  const available = subtract(tranche.amount, allocated);
  invariant(!Money.of(allocated).isNegative(), `tranche ${tranche.trancheId} allocated below zero`);
  invariant(
    !Money.of(available).isNegative(),
    `tranche ${tranche.trancheId} overdrawn: available ${available}`,
  );
  return { ...tranche, allocated, available };
};

const investmentOf = (view: FundBalanceView, investmentId: string): InvestmentFunding =>
  view.investments[investmentId] ?? { investmentId, allocations: [], spent: ZERO, harvested: ZERO };

type Attribution = Map<string, { spent: Money; harvested: Money }>;

/** Per tranche key ("fund/tranche"): the investment's attributed spend and harvest. */
const attribution = (
  investment: InvestmentFunding,
): Map<string, { spent: Money; harvested: Money }> => {
  const weights = fundingWeights(investment.allocations);
  const out = new Map<string, { spent: Money; harvested: Money }>();
  const put = (key: string, field: 'spent' | 'harvested', amount: Money): void => {
    const before = out.get(key) ?? { spent: Money.zero, harvested: Money.zero };
    out.set(key, { ...before, [field]: before[field].plus(amount) });
  };
  for (const share of splitByWeights(Money.of(investment.spent), weights)) {
    put(trancheKeyText(share.key), 'spent', share.amount);
  }
  for (const share of splitByWeights(Money.of(investment.harvested), weights)) {
    put(trancheKeyText(share.key), 'harvested', share.amount);
  }
  return out;
};

/**
 * Moves one investment's share in the tranches' spent and harvested from its old
 * attribution to its new one. A tranche's figures are the sum of every investment's share,
 * so replacing one term keeps them exact without going through every investment again.
 */
const reattribute = (fund: FundBalance, before: Attribution, after: Attribution): FundBalance =>
  withTranches(
    fund,
    fund.tranches.map((t) => {
      const key = trancheKeyText({ fundId: fund.fundId, trancheId: t.trancheId });
      const old = before.get(key);
      const now = after.get(key);
      if (!old && !now) return t;
      const delta = (field: 'spent' | 'harvested'): Money =>
        (now?.[field] ?? Money.zero).minus(old?.[field] ?? Money.zero);
      return {
        ...t,
        spent: Money.of(t.spent).plus(delta('spent')).toString(),
        harvested: Money.of(t.harvested).plus(delta('harvested')).toString(),
      };
    }),
  );

/** Stores the investment and moves its share in every fund it had or has money from. */
const withInvestment = (
  view: FundBalanceView,
  investment: InvestmentFunding,
  scope: FoldScope,
): FundBalanceView => {
  const previous = investmentOf(view, investment.investmentId);
  const before = attribution(previous);
  const after = attribution(investment);
  const fundIds = new Set(
    [...previous.allocations, ...investment.allocations].map((a) => a.fundId),
  );
  let funds = view.funds;
  for (const fundId of fundIds) {
    const fund = funds[fundId];
    if (fund) funds = scope.put(funds, fundId, reattribute(fund, before, after));
  }
  return {
    funds,
    investments: scope.put(view.investments, investment.investmentId, investment),
  };
};

const withFund = (view: FundBalanceView, fund: FundBalance, scope: FoldScope): FundBalanceView => ({
  ...view,
  funds: scope.put(view.funds, fund.fundId, fund),
});

/** The fund of a fund-stream event, with the event's revision; undefined before it was established. */
const fundFor = (view: FundBalanceView, event: LedgerEvent): FundBalance | undefined => {
  const fund = view.funds[fundIdOf(event)];
  return fund && { ...fund, revision: event.revision };
};

const onFundEvent = (
  view: FundBalanceView,
  event: LedgerEvent,
  change: (fund: FundBalance) => FundBalanceView,
): FundBalanceView => {
  const fund = fundFor(view, event);
  return fund ? change(fund) : view;
};

/** `scope` lets a fold of many events update its own copies in place (fold-scope.ts). */
export const evolveFundBalance = (
  view: FundBalanceView,
  event: LedgerEvent,
  scope: FoldScope = new FoldScope(),
): FundBalanceView => {
  switch (event.type) {
    case 'FundEstablished': {
      const { fundId, name, currency, decisionRef } = event.data;
      return withFund(
        view,
        {
          fundId,
          name,
          currency,
          decisionRef,
          revision: event.revision,
          tranches: [],
          totals: totalsOf([]),
        },
        scope,
      );
    }
    case 'TrancheAdded':
      return onFundEvent(view, event, (fund) => {
        const { trancheId, name, amount, allocatableFrom, allocatableUntil } = event.data;
        const tranche: TrancheBalance = {
          trancheId,
          name,
          status: 'expected',
          allocatableFrom,
          allocatableUntil,
          amount,
          allocated: ZERO,
          available: amount,
          spent: ZERO,
          harvested: ZERO,
        };
        return withFund(view, withTranches(fund, [...fund.tranches, tranche]), scope);
      });
    case 'TrancheReleased':
      return onFundEvent(view, event, (fund) =>
        withFund(
          view,
          updateTranche(fund, event.data.trancheId, (t) => ({ ...t, status: 'released' })),
          scope,
        ),
      );
    case 'TrancheClosed':
      return onFundEvent(view, event, (fund) =>
        withFund(
          view,
          updateTranche(fund, event.data.trancheId, (t) => ({ ...t, status: 'closed' })),
          scope,
        ),
      );
    case 'FundsAllocated':
      return onFundEvent(view, event, (fund) => {
        const { allocationId, investmentId, trancheId, amount, decidedOn, decisionRef } =
          event.data;
        const allocated = updateTranche(fund, trancheId, (t) =>
          withAllocated(t, add(t.allocated, amount)),
        );
        const investment = investmentOf(view, investmentId);
        const allocation: AllocationRecord = {
          fundId: fund.fundId,
          allocationId,
          trancheId,
          amount,
          reduced: ZERO,
          decidedOn,
          decisionRef,
        };
        // Copied, not appended in place: withInvestment needs the allocations as they were.
        return withInvestment(
          withFund(view, allocated, scope),
          { ...investment, allocations: [...investment.allocations, allocation] },
          scope,
        );
      });
    case 'AllocationReduced':
      return onFundEvent(view, event, (fund) => {
        const { allocationId, investmentId, trancheId, amount } = event.data;
        const reduced = updateTranche(fund, trancheId, (t) =>
          withAllocated(t, subtract(t.allocated, amount)),
        );
        const investment = investmentOf(view, investmentId);
        const allocations = investment.allocations.map((a) =>
          a.fundId === fund.fundId && a.allocationId === allocationId
            ? { ...a, reduced: add(a.reduced, amount) }
            : a,
        );
        return withInvestment(
          withFund(view, reduced, scope),
          { ...investment, allocations },
          scope,
        );
      });
    case 'CostRecorded': {
      const investment = investmentOf(view, event.data.investmentId);
      return withInvestment(
        view,
        {
          ...investment,
          spent: add(investment.spent, event.data.amount),
        },
        scope,
      );
    }
    case 'SavingsHarvested': {
      const investment = investmentOf(view, event.data.investmentId);
      return withInvestment(
        view,
        {
          ...investment,
          harvested: add(investment.harvested, event.data.amount),
        },
        scope,
      );
    }
    case 'InvestmentProposed':
    case 'BenefitCaseDocumented':
    case 'StageChanged':
    case 'InvestmentApproved':
    case 'EffectReported':
    case 'EffectReportCorrected':
    case 'InvestmentClosed':
      return view;
    default: {
      const exhaustive: never = event;
      throw new Error(`unknown event ${JSON.stringify(exhaustive)}`);
    }
  }
};
