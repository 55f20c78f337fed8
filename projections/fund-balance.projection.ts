/**
 * Read model: the balance of every fund, per tranche — amount, allocated (net of reductions),
 * unallocated, spent and harvested, its window and release — and the fund's totals. What of
 * the unallocated money can be allocated *today* (available now, expected, lapsed, closed)
 * depends on the day asked about, so the query works it out (figures/availability.ts).
 *
 * Spend is attributed to allocations when it is recorded and never moves afterwards
 * (figures/spend-attribution.ts); a tranche's spent is the sum of its allocations' parts.
 * Spend no allocation had room for is the fund's `spentBeyondAllocations` (the fund of the
 * investment's first allocation), in no tranche. Costs recorded while the investment has no
 * allocation are no fund's and show nowhere here until its first allocation is recorded: that
 * takes them as if they were recorded just after it (attributeWaiting).
 *
 * Harvests are attributed to the tranches that funded the investment in proportion to its
 * net allocations from each (figures/funding.ts), recomputed whenever that picture changes.
 */
import { Money } from '../src/money/money';
import { FUND_STREAM_PREFIX } from '../src/fund/fund.events';
import {
  AllocationRecord,
  allocationRecordOf,
  fundingWeights,
  isReducedBy,
  trancheKeyText,
  withReduction,
} from './figures/funding';
import { splitByWeights } from './figures/shares';
import {
  CostAttribution,
  SpendPart,
  SpentByAllocation,
  allocationKey,
  attributeSpend,
  withMoreParts,
  attributedTotal,
  withdrawSpend,
} from './figures/spend-attribution';
import { FoldScope } from '../src/shared/fold-scope';
import { LedgerEvent } from './ledger-event';
import { ownEntry } from '../src/shared/own-entry';

/**
 * Version 6: costs recorded before an investment's first allocation wait for it
 * (InvestmentFunding.unattributedCosts) and are attributed when it is recorded. Version 5: a
 * correction upwards paid by the allocation that paid a cost's last part adds to that part
 * (spend-attribution.ts withMoreParts). Version 4: the allocation → investment index.
 * Version 3: a fund's overridden baselines folded into its balance. Version 2: spend attributed
 * when recorded, releases and overrides kept (a rebuild follows).
 */
export const FUND_BALANCE_MODEL = { name: 'fund-balance', version: 6 } as const;

export type TrancheStatus = 'expected' | 'released' | 'closed';

export interface TrancheBalance {
  readonly trancheId: string;
  readonly name: string;
  readonly status: TrancheStatus;
  readonly allocatableFrom: string | null;
  readonly allocatableUntil: string | null;
  /** The release's business day; null while expected. */
  readonly releasedOn: string | null;
  /** The closing's business day; null unless closed. */
  readonly closedOn: string | null;
  readonly amount: string;
  readonly allocated: string;
  /** amount − allocated, whether or not it can be allocated today. */
  readonly unallocated: string;
  readonly spent: string;
  readonly harvested: string;
}

export interface BalanceTotals {
  readonly amount: string;
  readonly allocated: string;
  readonly unallocated: string;
  readonly spent: string;
  readonly harvested: string;
}

/** An allocation the board made although its baseline's running-cost effect was negative. */
export interface OverriddenAllocation {
  readonly allocationId: string;
  readonly investmentId: string;
  readonly trancheId: string;
  readonly amount: string;
  readonly decidedOn: string;
  readonly decisionRef: string;
  readonly overrideRef: string;
  readonly caseVersion: number | null;
  /** The named version's forecast running-cost effect over its horizon. */
  readonly runningCostEffect: string | null;
}

/** A re-baselining the board adopted on an overrideRef (the version's running-cost effect < 0). */
export interface OverriddenBaseline {
  readonly investmentId: string;
  readonly caseVersion: number;
  readonly previousCaseVersion: number;
  readonly decisionRef: string;
  readonly approvedBy: string;
  readonly overrideRef: string;
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
  /** Spend of the fund's investments that no allocation had room for when it was recorded. */
  readonly spentBeyondAllocations: string;
  /** Allocations that carried an overrideRef, in recorded order. */
  readonly overriddenAllocations: readonly OverriddenAllocation[];
  /**
   * The overridden re-baselinings of the investments this fund has allocated to, whenever they
   * were recorded (before or after its first allocation), in the order they reached the fund.
   */
  readonly overriddenBaselines: readonly OverriddenBaseline[];
}

/** What the fund needs to know of an investment to attribute its spend and harvests. */
export interface InvestmentFunding {
  readonly investmentId: string;
  /** In recorded order: the order spend fills them. */
  readonly allocations: readonly AllocationRecord[];
  /** Per allocation key (spend-attribution.ts): what has been spent against it. */
  readonly spentByAllocation: SpentByAllocation;
  /** Per costId: how the cost is paid (a correction or reversal takes back from it). */
  readonly costs: Readonly<Record<string, CostAttribution>>;
  /** Every cost of the investment, attributed or not. */
  readonly spent: string;
  readonly harvested: string;
  /** Its overridden re-baselinings, in recorded order: the funds that pay for it list them. */
  readonly overriddenBaselines: readonly OverriddenBaseline[];
  /**
   * The costs recorded while it had no allocation, by costId in recorded order: no fund's yet.
   * Its first allocation takes them in this order, as if they were recorded just after it, and
   * empties the list for good.
   */
  readonly unattributedCosts: readonly string[];
}

/** Which investment an allocation went to: finds an allocation's spend without a scan. */
export interface AllocationOwner {
  readonly investmentId: string;
}

export interface FundBalanceView {
  readonly funds: Readonly<Record<string, FundBalance>>;
  readonly investments: Readonly<Record<string, InvestmentFunding>>;
  /** Per allocation key (spend-attribution.ts `allocationKey`). */
  readonly allocations: Readonly<Record<string, AllocationOwner>>;
}

export const initialFundBalanceView: FundBalanceView = {
  funds: {},
  investments: {},
  allocations: {},
};

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
    unallocated: sum('unallocated'),
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
  const unallocated = subtract(tranche.amount, allocated);
  invariant(!Money.of(allocated).isNegative(), `tranche ${tranche.trancheId} allocated below zero`);
  invariant(
    !Money.of(unallocated).isNegative(),
    `tranche ${tranche.trancheId} overdrawn: unallocated ${unallocated}`,
  );
  return { ...tranche, allocated, unallocated };
};

const investmentOf = (view: FundBalanceView, investmentId: string): InvestmentFunding =>
  ownEntry(view.investments, investmentId) ?? {
    investmentId,
    allocations: [],
    spentByAllocation: {},
    costs: {},
    spent: ZERO,
    harvested: ZERO,
    overriddenBaselines: [],
    unattributedCosts: [],
  };

/** The investment's harvest split over the tranches that paid for it, by net allocations. */
const harvestShares = (investment: InvestmentFunding) =>
  splitByWeights(Money.of(investment.harvested), fundingWeights(investment.allocations));

/** Per tranche key ("fund/tranche"): the investment's attributed harvest. */
const harvestAttribution = (investment: InvestmentFunding): Map<string, Money> => {
  const out = new Map<string, Money>();
  for (const share of harvestShares(investment)) {
    const key = trancheKeyText(share.key);
    out.set(key, (out.get(key) ?? Money.zero).plus(share.amount));
  }
  return out;
};

/**
 * The part of the investment's harvest attributed to one fund's tranches: what it adds to
 * that fund's `harvested`, so a fund's investments' parts add up to it.
 */
export const harvestedFromFund = (investment: InvestmentFunding, fundId: string): Money =>
  harvestShares(investment)
    .filter((share) => share.key.fundId === fundId)
    .reduce((sum, share) => sum.plus(share.amount), Money.zero);

/**
 * Moves one investment's share in the tranches' harvested from its old attribution to its
 * new one. A tranche's figure is the sum of every investment's share, so replacing one term
 * keeps it exact without going through every investment again.
 */
const reattributeHarvest = (
  fund: FundBalance,
  before: Map<string, Money>,
  after: Map<string, Money>,
): FundBalance =>
  withTranches(
    fund,
    fund.tranches.map((t) => {
      const key = trancheKeyText({ fundId: fund.fundId, trancheId: t.trancheId });
      const old = before.get(key);
      const now = after.get(key);
      if (!old && !now) return t;
      const delta = (now ?? Money.zero).minus(old ?? Money.zero);
      return { ...t, harvested: Money.of(t.harvested).plus(delta).toString() };
    }),
  );

/** Stores the investment and moves its harvest share in every fund it had or has money from. */
const withInvestment = (
  view: FundBalanceView,
  investment: InvestmentFunding,
  scope: FoldScope,
): FundBalanceView => {
  const previous = investmentOf(view, investment.investmentId);
  // A cost changes neither the harvest nor the weights: nothing to move (the common case).
  // Nor does anything move while nothing is harvested, whatever the weights: every share of
  // zero is zero. Splitting by weights for each allocation made a fund's allocations
  // quadratic in the investment's allocations.
  const unchanged =
    previous.harvested === investment.harvested &&
    (previous.allocations === investment.allocations || Money.of(investment.harvested).isZero());
  if (unchanged) {
    return {
      ...view,
      investments: scope.put(view.investments, investment.investmentId, investment),
    };
  }
  const fundIds = new Set(
    [...previous.allocations, ...investment.allocations].map((a) => a.fundId),
  );
  const before = harvestAttribution(previous);
  const after = harvestAttribution(investment);
  let funds = view.funds;
  for (const fundId of fundIds) {
    const fund = ownEntry(funds, fundId);
    if (fund) funds = scope.put(funds, fundId, reattributeHarvest(fund, before, after));
  }
  return {
    ...view,
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
  const fund = ownEntry(view.funds, fundIdOf(event));
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

// ---------------------------------------------------------------------------------------------
// Spend: parts added to or taken from allocations, tranches and the fund's spend beyond them.

/** One change of a cost's spend: what is added (sign 1) or taken back (sign -1), and where. */
interface SpendMove {
  readonly costId: string;
  /**
   * What the investment's spend changes by: the parts plus the part beyond the allocations, or
   * nothing when a cost it already counts is attributed (attributeWaiting).
   */
  readonly amount: Money;
  readonly parts: readonly SpendPart[];
  readonly beyond: { readonly fundId: string | null; readonly amount: Money };
  readonly sign: 1 | -1;
  /** How the cost is paid after the move. */
  readonly cost: CostAttribution;
}

/** Moves the parts in the tranches, funds and allocations, and stores the investment. */
const moveSpend = (
  view: FundBalanceView,
  investment: InvestmentFunding,
  move: SpendMove,
  scope: FoldScope,
): FundBalanceView => {
  const signed = (amount: Money): Money => (move.sign === 1 ? amount : amount.negated());
  let funds = view.funds;
  const spentByAllocation: Record<string, string> = { ...investment.spentByAllocation };
  for (const part of move.parts) {
    const key = allocationKey(part.fundId, part.allocationId);
    const amount = signed(Money.of(part.amount));
    spentByAllocation[key] = Money.of(ownEntry(spentByAllocation, key) ?? ZERO)
      .plus(amount)
      .toString();
    const fund = ownEntry(funds, part.fundId);
    if (!fund) continue;
    const moved = updateTranche(fund, part.trancheId, (t) => ({
      ...t,
      spent: Money.of(t.spent).plus(amount).toString(),
    }));
    funds = scope.put(funds, part.fundId, moved);
  }
  const { beyond } = move;
  const beyondFund = beyond.fundId === null ? undefined : ownEntry(funds, beyond.fundId);
  if (beyondFund && !beyond.amount.isZero()) {
    funds = scope.put(funds, beyondFund.fundId, {
      ...beyondFund,
      spentBeyondAllocations: Money.of(beyondFund.spentBeyondAllocations)
        .plus(signed(beyond.amount))
        .toString(),
    });
  }
  return withInvestment(
    { ...view, funds },
    {
      ...investment,
      spentByAllocation,
      // Through the scope: copying every cost of a long-lived investment per cost is quadratic.
      costs: scope.put(investment.costs, move.costId, move.cost),
      spent: Money.of(investment.spent).plus(signed(move.amount)).toString(),
    },
    scope,
  );
};

/** A cost, or a correction upwards: attributed to the allocations' room as they stand now. */
const spend = (
  view: FundBalanceView,
  investmentId: string,
  costId: string,
  amount: Money,
  scope: FoldScope,
): FundBalanceView => {
  const known = investmentOf(view, investmentId);
  const before = ownEntry(known.costs, costId);
  // Without any allocation the cost is no fund's yet: it waits for the first (attributeWaiting).
  const investment =
    known.allocations.length === 0 && before === undefined
      ? { ...known, unattributedCosts: scope.append(known.unattributedCosts, costId) }
      : known;
  const added = attributeSpend(investment.allocations, investment.spentByAllocation, amount);
  const cost: CostAttribution = before
    ? {
        parts: withMoreParts(before.parts, added.parts),
        beyond: add(before.beyond, added.beyond),
        beyondFundId: before.beyondFundId ?? added.beyondFundId,
      }
    : added;
  const beyond = { fundId: added.beyondFundId, amount: Money.of(added.beyond) };
  return moveSpend(
    view,
    investment,
    { costId, amount, parts: added.parts, beyond, sign: 1, cost },
    scope,
  );
};

/** A correction downwards or a reversal: taken back from where the cost was put. */
const unspend = (
  view: FundBalanceView,
  investmentId: string,
  costId: string,
  amount: Money,
  scope: FoldScope,
): FundBalanceView => {
  const investment = investmentOf(view, investmentId);
  const cost = ownEntry(investment.costs, costId);
  invariant(
    cost !== undefined,
    `cost ${costId} of ${investmentId} corrected before it was recorded`,
  );
  invariant(
    amount.lte(attributedTotal(cost)),
    `cost ${costId} of ${investmentId} reduced below zero`,
  );
  const { remaining, taken, beyondTaken } = withdrawSpend(cost, amount);
  const beyond = { fundId: cost.beyondFundId, amount: beyondTaken };
  return moveSpend(
    view,
    investment,
    { costId, amount, parts: taken, beyond, sign: -1, cost: remaining },
    scope,
  );
};

/** A cost's amount moves from `previous` to `amount`: the difference is spent or taken back. */
const respend = (
  view: FundBalanceView,
  investmentId: string,
  costId: string,
  previous: string,
  amount: string,
  scope: FoldScope,
): FundBalanceView => {
  const delta = Money.of(amount).minus(Money.of(previous));
  if (delta.isZero()) return view;
  return delta.isNegative()
    ? unspend(view, investmentId, costId, delta.negated(), scope)
    : spend(view, investmentId, costId, delta, scope);
};

/**
 * The investment's first allocation is recorded: the costs recorded before it, no fund's until
 * now, are attributed to the allocations as they stand (that one alone), in the order they
 * were recorded, as if each were recorded just after it; what its room does not cover is spent
 * beyond the allocations of its fund. Each was held whole beyond the allocations, with no fund,
 * so this is its first attribution, not a move; after it the cost is like any other, and
 * whichever of a cost and the first allocation was recorded first, the figures are the same.
 */
const attributeWaiting = (
  view: FundBalanceView,
  investmentId: string,
  scope: FoldScope,
): FundBalanceView => {
  const { unattributedCosts } = investmentOf(view, investmentId);
  let out = view;
  for (const costId of unattributedCosts) {
    const investment = investmentOf(out, investmentId);
    const waiting = ownEntry(investment.costs, costId);
    invariant(
      waiting !== undefined && waiting.parts.length === 0 && waiting.beyondFundId === null,
      `cost ${costId} of ${investmentId} waiting for an allocation was attributed before`,
    );
    const cost = attributeSpend(
      investment.allocations,
      investment.spentByAllocation,
      Money.of(waiting.beyond),
    );
    const beyond = { fundId: cost.beyondFundId, amount: Money.of(cost.beyond) };
    out = moveSpend(
      out,
      investment,
      { costId, amount: Money.zero, parts: cost.parts, beyond, sign: 1, cost },
      scope,
    );
  }
  const investment = investmentOf(out, investmentId);
  return {
    ...out,
    investments: scope.put(out.investments, investmentId, { ...investment, unattributedCosts: [] }),
  };
};

const harvest = (
  view: FundBalanceView,
  investmentId: string,
  delta: Money,
  scope: FoldScope,
): FundBalanceView => {
  const investment = investmentOf(view, investmentId);
  return withInvestment(
    view,
    { ...investment, harvested: Money.of(investment.harvested).plus(delta).toString() },
    scope,
  );
};

// ---------------------------------------------------------------------------------------------
// The fund's own events.

/**
 * Whether the fund has allocated to the investment before. Looked for from the newest: a fund
 * allocating again finds its own last allocation at once, where a walk from the oldest went
 * through every earlier fund's first (an investment funded thousands of times over the years).
 */
const fundedBy = (allocations: readonly AllocationRecord[], fundId: string): boolean => {
  for (let i = allocations.length - 1; i >= 0; i--)
    if (allocations[i].fundId === fundId) return true;
  return false;
};

const onAllocated = (
  view: FundBalanceView,
  fund: FundBalance,
  event: Extract<LedgerEvent, { type: 'FundsAllocated' }>,
  scope: FoldScope,
): FundBalanceView => {
  const { allocationId, investmentId, trancheId, amount, decidedOn, decisionRef } = event.data;
  const allocated = updateTranche(fund, trancheId, (t) =>
    withAllocated(t, add(t.allocated, amount)),
  );
  const { overrideRef } = event.data;
  const withOverride: FundBalance =
    overrideRef === undefined
      ? allocated
      : {
          ...allocated,
          overriddenAllocations: [
            ...allocated.overriddenAllocations,
            {
              allocationId,
              investmentId,
              trancheId,
              amount,
              decidedOn,
              decisionRef,
              overrideRef,
              caseVersion: event.data.benefitCaseVersion,
              runningCostEffect: event.data.runningCostEffect ?? null,
            },
          ],
        };
  const investment = investmentOf(view, investmentId);
  const allocation = allocationRecordOf(fund.fundId, event.data);
  // A fund's first allocation to the investment brings its earlier overridden baselines along.
  const first = !fundedBy(investment.allocations, fund.fundId);
  const withBaselines: FundBalance =
    first && investment.overriddenBaselines.length > 0
      ? {
          ...withOverride,
          overriddenBaselines: [
            ...withOverride.overriddenBaselines,
            ...investment.overriddenBaselines,
          ],
        }
      : withOverride;
  const owned: FundBalanceView = {
    ...view,
    allocations: scope.put(view.allocations, allocationKey(fund.fundId, allocationId), {
      investmentId,
    }),
  };
  // While nothing is harvested withInvestment moves nothing and needs only the new list, so
  // it grows in place (one item for the read-model writer, however many came before); once
  // something is, withInvestment moves the harvest by the allocations as they were: copied.
  const allocations = Money.of(investment.harvested).isZero()
    ? scope.append(investment.allocations, allocation)
    : [...investment.allocations, allocation];
  const allocatedView = withInvestment(
    withFund(owned, withBaselines, scope),
    { ...investment, allocations },
    scope,
  );
  return investment.unattributedCosts.length === 0
    ? allocatedView
    : attributeWaiting(allocatedView, investmentId, scope);
};

const onReduced = (
  view: FundBalanceView,
  fund: FundBalance,
  event: Extract<LedgerEvent, { type: 'AllocationReduced' }>,
  scope: FoldScope,
): FundBalanceView => {
  const { investmentId, trancheId, amount } = event.data;
  const reduced = updateTranche(fund, trancheId, (t) =>
    withAllocated(t, subtract(t.allocated, amount)),
  );
  const investment = investmentOf(view, investmentId);
  // Copied, not replaced in place: withInvestment needs the allocations as they were.
  const allocations = investment.allocations.map((a) =>
    isReducedBy(a, fund.fundId, event.data) ? withReduction(a, event.data) : a,
  );
  return withInvestment(withFund(view, reduced, scope), { ...investment, allocations }, scope);
};

const newTranche = (
  data: Extract<LedgerEvent, { type: 'TrancheAdded' }>['data'],
): TrancheBalance => ({
  trancheId: data.trancheId,
  name: data.name,
  status: 'expected',
  allocatableFrom: data.allocatableFrom,
  allocatableUntil: data.allocatableUntil,
  releasedOn: null,
  closedOn: null,
  amount: data.amount,
  allocated: ZERO,
  unallocated: data.amount,
  spent: ZERO,
  harvested: ZERO,
});

// ---------------------------------------------------------------------------------------------
// One handler per event.

type EventOf<T extends LedgerEvent['type']> = Extract<LedgerEvent, { type: T }>;

const onFundEstablished = (
  view: FundBalanceView,
  event: EventOf<'FundEstablished'>,
  scope: FoldScope,
): FundBalanceView => {
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
      spentBeyondAllocations: ZERO,
      overriddenAllocations: [],
      overriddenBaselines: [],
    },
    scope,
  );
};

const onTrancheAdded = (
  view: FundBalanceView,
  event: EventOf<'TrancheAdded'>,
  scope: FoldScope,
): FundBalanceView =>
  onFundEvent(view, event, (fund) =>
    withFund(view, withTranches(fund, [...fund.tranches, newTranche(event.data)]), scope),
  );

const onTrancheReleased = (
  view: FundBalanceView,
  event: EventOf<'TrancheReleased'>,
  scope: FoldScope,
): FundBalanceView =>
  onFundEvent(view, event, (fund) =>
    withFund(
      view,
      updateTranche(fund, event.data.trancheId, (t) => ({
        ...t,
        status: 'released',
        releasedOn: event.data.releasedOn,
      })),
      scope,
    ),
  );

/**
 * A decision changed the tranche's amount or window: from this event on the balance and what
 * can be allocated on any day are the amended tranche's (an as-of answer before it still has
 * the terms then). withAllocated asserts again that the tranche is not overdrawn.
 */
const onTrancheAmended = (
  view: FundBalanceView,
  event: EventOf<'TrancheAmended'>,
  scope: FoldScope,
): FundBalanceView =>
  onFundEvent(view, event, (fund) =>
    withFund(
      view,
      updateTranche(fund, event.data.trancheId, (t) =>
        withAllocated(
          {
            ...t,
            amount: event.data.amount,
            allocatableFrom: event.data.allocatableFrom,
            allocatableUntil: event.data.allocatableUntil,
          },
          t.allocated,
        ),
      ),
      scope,
    ),
  );

const onTrancheClosed = (
  view: FundBalanceView,
  event: EventOf<'TrancheClosed'>,
  scope: FoldScope,
): FundBalanceView =>
  onFundEvent(view, event, (fund) =>
    withFund(
      view,
      updateTranche(fund, event.data.trancheId, (t) => ({
        ...t,
        status: 'closed',
        closedOn: event.data.closedOn,
      })),
      scope,
    ),
  );

const onFundsAllocated = (
  view: FundBalanceView,
  event: EventOf<'FundsAllocated'>,
  scope: FoldScope,
): FundBalanceView => onFundEvent(view, event, (fund) => onAllocated(view, fund, event, scope));

const onAllocationReduced = (
  view: FundBalanceView,
  event: EventOf<'AllocationReduced'>,
  scope: FoldScope,
): FundBalanceView => onFundEvent(view, event, (fund) => onReduced(view, fund, event, scope));

const onCostRecorded = (
  view: FundBalanceView,
  { data }: EventOf<'CostRecorded'>,
  scope: FoldScope,
): FundBalanceView => spend(view, data.investmentId, data.costId, Money.of(data.amount), scope);

const onCostCorrected = (
  view: FundBalanceView,
  { data }: EventOf<'CostCorrected'>,
  scope: FoldScope,
): FundBalanceView =>
  respend(view, data.investmentId, data.costId, data.previousAmount, data.amount, scope);

/** A reversed cost is a cost corrected to nothing. */
const onCostReversed = (
  view: FundBalanceView,
  { data }: EventOf<'CostReversed'>,
  scope: FoldScope,
): FundBalanceView =>
  respend(view, data.investmentId, data.costId, data.previousAmount, ZERO, scope);

/** An overridden re-baselining: kept with the investment and listed by every fund paying for it. */
const onBaselineRevised = (
  view: FundBalanceView,
  { data }: EventOf<'BaselineRevised'>,
  scope: FoldScope,
): FundBalanceView => {
  const { investmentId, caseVersion, previousCaseVersion, decisionRef, approvedBy } = data;
  if (data.overrideRef === undefined) return view;
  const entry: OverriddenBaseline = {
    investmentId,
    caseVersion,
    previousCaseVersion,
    decisionRef,
    approvedBy,
    overrideRef: data.overrideRef,
  };
  const investment = investmentOf(view, investmentId);
  let funds = view.funds;
  for (const fundId of new Set(investment.allocations.map((a) => a.fundId))) {
    const fund = ownEntry(funds, fundId);
    if (!fund) continue;
    const overriddenBaselines = [...fund.overriddenBaselines, entry];
    funds = scope.put(funds, fundId, { ...fund, overriddenBaselines });
  }
  const overriddenBaselines = [...investment.overriddenBaselines, entry];
  return {
    ...view,
    funds,
    investments: scope.put(view.investments, investmentId, { ...investment, overriddenBaselines }),
  };
};

const onSavingsHarvested = (
  view: FundBalanceView,
  { data }: EventOf<'SavingsHarvested'>,
  scope: FoldScope,
): FundBalanceView => harvest(view, data.investmentId, Money.of(data.amount), scope);

/** A corrected harvest moves the difference. */
const onHarvestCorrected = (
  view: FundBalanceView,
  { data }: EventOf<'HarvestCorrected'>,
  scope: FoldScope,
): FundBalanceView =>
  harvest(
    view,
    data.investmentId,
    Money.of(data.amount).minus(Money.of(data.previousAmount)),
    scope,
  );

const onHarvestReversed = (
  view: FundBalanceView,
  { data }: EventOf<'HarvestReversed'>,
  scope: FoldScope,
): FundBalanceView =>
  harvest(view, data.investmentId, Money.of(data.previousAmount).negated(), scope);

/** `scope` lets a fold of many events update its own copies in place (fold-scope.ts). */
export const evolveFundBalance = (
  view: FundBalanceView,
  event: LedgerEvent,
  scope: FoldScope = new FoldScope(),
): FundBalanceView => {
  switch (event.type) {
    case 'FundEstablished':
      return onFundEstablished(view, event, scope);
    case 'TrancheAdded':
      return onTrancheAdded(view, event, scope);
    case 'TrancheReleased':
      return onTrancheReleased(view, event, scope);
    case 'TrancheAmended':
      return onTrancheAmended(view, event, scope);
    case 'TrancheClosed':
      return onTrancheClosed(view, event, scope);
    case 'FundsAllocated':
      return onFundsAllocated(view, event, scope);
    case 'AllocationReduced':
      return onAllocationReduced(view, event, scope);
    case 'CostRecorded':
      return onCostRecorded(view, event, scope);
    case 'CostCorrected':
      return onCostCorrected(view, event, scope);
    case 'CostReversed':
      return onCostReversed(view, event, scope);
    case 'SavingsHarvested':
      return onSavingsHarvested(view, event, scope);
    case 'HarvestCorrected':
      return onHarvestCorrected(view, event, scope);
    case 'HarvestReversed':
      return onHarvestReversed(view, event, scope);
    case 'BaselineRevised':
      return onBaselineRevised(view, event, scope);
    case 'InvestmentProposed':
    case 'BenefitCaseDocumented':
    case 'StageChanged':
    case 'InvestmentApproved':
    case 'EffectReported':
    case 'EffectReportCorrected':
    case 'InvestmentClosed':
    case 'ObligationWaived':
    case 'DeviationExplained':
      return view;
    default: {
      const exhaustive: never = event;
      throw new Error(`unknown event ${JSON.stringify(exhaustive)}`);
    }
  }
};
