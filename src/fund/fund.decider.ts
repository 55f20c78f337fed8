/**
 * The fund's decider: pure rules for tranches, allocations and reductions. decide checks a
 * command against the state folded from the fund's stream and answers with new events (or
 * "already done" for an identical repeat); evolve folds one recorded event into state.
 * Money that was not there can never be allocated: decide refuses, and evolve asserts it
 * again so that a recorded event breaking the rule is found at once.
 */
import { Money } from '../money/money';
import { latestDayAt } from '../periods/stockholm-day';
import { DomainError } from '../shared/domain-error';
import { Decider, Decision, alreadyDone, append, canonicalJson } from '../shared/decider';
import {
  AddTranche,
  AllocateFunds,
  CaseVersionCheck,
  CloseTranche,
  EstablishFund,
  FundCommand,
  Recorded,
  ReduceAllocation,
  ReleaseTranche,
  TrancheSpec,
} from './fund.commands';
import {
  AllocationReduced,
  AllocationReducedData,
  FundEstablished,
  FundEvent,
  FundsAllocated,
  FundsAllocatedData,
  IsoDate,
  TrancheAdded,
  TrancheAddedData,
  TrancheClosed,
  TrancheReleased,
} from './fund.events';

/** Bounds the state a single fund can be asked to hold at establishment. */
export const MAX_TRANCHES_PER_FUND = 100;
/**
 * How far a decision date may run ahead of the recording moment: a client clock a few minutes
 * ahead of the service's, just after midnight in Stockholm, may name "its" today.
 */
export const DECISION_DATE_CLOCK_TOLERANCE_MS = 5 * 60 * 1000;

export type TrancheStatus = 'expected' | 'released' | 'closed';

export interface TrancheState {
  readonly trancheId: string;
  readonly name: string;
  readonly amount: Money;
  readonly allocatableFrom: IsoDate | null;
  readonly allocatableUntil: IsoDate | null;
  readonly status: TrancheStatus;
  /** The day the tranche was released; null while expected. */
  readonly releasedOn: IsoDate | null;
  /** Allocations net of reductions. */
  readonly allocated: Money;
  /** Canonical body of the TrancheAdded event, to recognise a repeated AddTranche. */
  readonly fingerprint: string;
}

export interface AllocationState {
  readonly allocationId: string;
  readonly investmentId: string;
  readonly trancheId: string;
  readonly amount: Money;
  readonly reduced: Money;
  readonly decidedOn: IsoDate;
  /** Canonical body of the AllocateFunds command, to recognise a repeat. */
  readonly fingerprint: string;
}

export interface EstablishedFund {
  readonly status: 'established';
  readonly fundId: string;
  readonly name: string;
  readonly currency: 'SEK';
  readonly decisionRef: string;
  readonly initialTrancheIds: readonly string[];
  readonly tranches: ReadonlyMap<string, TrancheState>;
  readonly allocations: ReadonlyMap<string, AllocationState>;
  /** reductionId → canonical body, to recognise a repeated reduction. */
  readonly reductions: ReadonlyMap<string, string>;
}

export type FundState = { readonly status: 'none' } | EstablishedFund;

export const initialFundState: FundState = { status: 'none' };

// ---------------------------------------------------------------------------------------
// Fingerprints: the part of a command's body that must match for a repeat to be "the same".

const trancheAddedData = (spec: TrancheSpec, decisionRef: string): TrancheAddedData => ({
  trancheId: spec.trancheId,
  name: spec.name,
  amount: spec.amount.toString(),
  allocatableFrom: spec.allocatableFrom,
  allocatableUntil: spec.allocatableUntil,
  decisionRef,
});

const trancheFingerprint = (data: TrancheAddedData): string => canonicalJson(data);

/**
 * The client's body: benefitCaseVersion is the named caseVersion (an allocation recorded
 * before allocations named one matches a repeat naming the version it recorded).
 * runningCostEffect is left out: it comes from the lookup.
 */
const allocationFingerprint = (data: Omit<FundsAllocatedData, 'runningCostEffect'>): string =>
  canonicalJson({
    allocationId: data.allocationId,
    investmentId: data.investmentId,
    trancheId: data.trancheId,
    amount: data.amount,
    decidedOn: data.decidedOn,
    decisionRef: data.decisionRef,
    note: data.note,
    caseVersion: data.benefitCaseVersion,
    overrideRef: data.overrideRef,
  });

const reductionFingerprint = (data: AllocationReducedData): string => canonicalJson(data);

const establishFingerprint = (
  fund: { fundId: string; name: string; currency: string; decisionRef: string },
  trancheFingerprints: readonly string[],
): string =>
  canonicalJson({
    fundId: fund.fundId,
    name: fund.name,
    currency: fund.currency,
    decisionRef: fund.decisionRef,
    tranches: trancheFingerprints,
  });

// ---------------------------------------------------------------------------------------
// Lookups that refuse with the right code.

const requireFund = (state: FundState, fundId: string): EstablishedFund => {
  if (state.status !== 'established' || state.fundId !== fundId) {
    throw new DomainError('FUND_NOT_FOUND', `fund ${fundId} does not exist`, 'not-found');
  }
  return state;
};

const requireTranche = (fund: EstablishedFund, trancheId: string): TrancheState => {
  const tranche = fund.tranches.get(trancheId);
  if (!tranche) {
    throw new DomainError(
      'TRANCHE_NOT_FOUND',
      `fund ${fund.fundId} has no tranche ${trancheId}`,
      'not-found',
    );
  }
  return tranche;
};

const requireAllocation = (fund: EstablishedFund, allocationId: string): AllocationState => {
  const allocation = fund.allocations.get(allocationId);
  if (!allocation) {
    throw new DomainError(
      'ALLOCATION_NOT_FOUND',
      `fund ${fund.fundId} has no allocation ${allocationId}`,
      'not-found',
    );
  }
  return allocation;
};

/** The DTO layer parses money as positive already; the decider does not rely on it. */
const requirePositive = (amount: Money, field: string): void => {
  if (!amount.gt(Money.zero)) {
    throw new DomainError(
      'AMOUNT_NOT_POSITIVE',
      `${field} must be greater than 0.00, got ${amount.toString()}`,
      'invalid',
      { field },
    );
  }
};

const requireValidWindow = (spec: TrancheSpec): void => {
  const { allocatableFrom: from, allocatableUntil: until } = spec;
  if (from !== null && until !== null && from > until) {
    throw new DomainError(
      'TRANCHE_WINDOW_INVALID',
      `tranche ${spec.trancheId}: allocatableFrom ${from} is after allocatableUntil ${until}`,
      'invalid',
      { trancheId: spec.trancheId, allocatableFrom: from, allocatableUntil: until },
    );
  }
};

const requireValidTrancheSpec = (spec: TrancheSpec): void => {
  requirePositive(spec.amount, `tranche ${spec.trancheId} amount`);
  requireValidWindow(spec);
};

/**
 * A decision cannot have been taken on a day still to come: the date (a Stockholm day) may not
 * lie after the Stockholm day of the recording moment, allowing a small clock tolerance.
 */
const requireNotInFuture = (command: Recorded, field: string, date: IsoDate): void => {
  const latest = latestDayAt(command.recordedAt, DECISION_DATE_CLOCK_TOLERANCE_MS);
  if (date > latest) {
    throw new DomainError(
      'DECISION_DATE_IN_FUTURE',
      `${field} ${date} lies after the day the decision is recorded (${latest}, Europe/Stockholm)`,
      'rule',
      { field, [field]: date, recordedOn: latest },
    );
  }
};

// ---------------------------------------------------------------------------------------
// decide, one function per command.

const establishFund = (command: EstablishFund, state: FundState): Decision<FundEvent> => {
  const specs = command.tranches.map((spec) => trancheAddedData(spec, command.decisionRef));
  if (state.status === 'established') {
    const recorded = state.initialTrancheIds.map((id) => requireTranche(state, id).fingerprint);
    const same =
      establishFingerprint(state, recorded) ===
      establishFingerprint(command, specs.map(trancheFingerprint));
    if (same) return alreadyDone((event) => event.type === 'FundEstablished');
    throw new DomainError(
      'FUND_ALREADY_EXISTS',
      `fund ${state.fundId} already exists with a different body`,
    );
  }
  requireEstablishableTranches(command.tranches);
  const established: FundEstablished = {
    type: 'FundEstablished',
    data: {
      fundId: command.fundId,
      name: command.name,
      currency: command.currency,
      decisionRef: command.decisionRef,
      trancheIds: command.tranches.map((spec) => spec.trancheId),
    },
  };
  const tranches = specs.map((data): TrancheAdded => ({ type: 'TrancheAdded', data }));
  return append<FundEvent>(established, ...tranches);
};

const requireEstablishableTranches = (specs: readonly TrancheSpec[]): void => {
  if (specs.length > MAX_TRANCHES_PER_FUND) {
    throw new DomainError(
      'TOO_MANY_TRANCHES',
      `a fund is established with at most ${MAX_TRANCHES_PER_FUND} tranches, got ${specs.length}`,
      'invalid',
    );
  }
  const seen = new Set<string>();
  for (const spec of specs) {
    if (seen.has(spec.trancheId)) {
      throw new DomainError(
        'DUPLICATE_TRANCHE_ID',
        `tranche ${spec.trancheId} is named twice`,
        'invalid',
        { trancheId: spec.trancheId },
      );
    }
    seen.add(spec.trancheId);
    requireValidTrancheSpec(spec);
  }
};

const addTranche = (command: AddTranche, state: FundState): Decision<FundEvent> => {
  const fund = requireFund(state, command.fundId);
  const data = trancheAddedData(command, command.decisionRef);
  const existing = fund.tranches.get(command.trancheId);
  if (existing) {
    if (existing.fingerprint === trancheFingerprint(data)) {
      return alreadyDone(
        (event) => event.type === 'TrancheAdded' && event.data.trancheId === command.trancheId,
      );
    }
    throw new DomainError(
      'TRANCHE_ALREADY_EXISTS',
      `tranche ${command.trancheId} already exists with a different body`,
      'rule',
      { trancheId: command.trancheId },
    );
  }
  requireValidTrancheSpec(command);
  return append<FundEvent>({ type: 'TrancheAdded', data });
};

const releaseTranche = (command: ReleaseTranche, state: FundState): Decision<FundEvent> => {
  const tranche = requireTranche(requireFund(state, command.fundId), command.trancheId);
  if (tranche.status === 'closed') throw trancheClosed(tranche);
  if (tranche.status === 'released') {
    throw new DomainError(
      'TRANCHE_ALREADY_RELEASED',
      `tranche ${tranche.trancheId} is already released`,
      'rule',
      { trancheId: tranche.trancheId },
    );
  }
  requireNotInFuture(command, 'releasedOn', command.releasedOn);
  const { trancheId, releasedOn, decisionRef } = command;
  return append<FundEvent>({
    type: 'TrancheReleased',
    data: { trancheId, releasedOn, decisionRef },
  });
};

const closeTranche = (command: CloseTranche, state: FundState): Decision<FundEvent> => {
  const tranche = requireTranche(requireFund(state, command.fundId), command.trancheId);
  if (tranche.status === 'closed') {
    throw new DomainError(
      'TRANCHE_ALREADY_CLOSED',
      `tranche ${tranche.trancheId} is already closed`,
      'rule',
      { trancheId: tranche.trancheId },
    );
  }
  requireNotInFuture(command, 'closedOn', command.closedOn);
  const { trancheId, closedOn, decisionRef, reason } = command;
  return append<FundEvent>({
    type: 'TrancheClosed',
    data: { trancheId, closedOn, decisionRef, reason },
  });
};

const trancheClosed = (tranche: TrancheState): DomainError =>
  new DomainError('TRANCHE_CLOSED', `tranche ${tranche.trancheId} is closed`, 'rule', {
    trancheId: tranche.trancheId,
  });

const allocateFunds = (command: AllocateFunds, state: FundState): Decision<FundEvent> => {
  const fund = requireFund(state, command.fundId);
  const body = {
    allocationId: command.allocationId,
    investmentId: command.investmentId,
    trancheId: command.trancheId,
    amount: command.amount.toString(),
    decidedOn: command.decidedOn,
    decisionRef: command.decisionRef,
    ...(command.note === undefined ? {} : { note: command.note }),
    benefitCaseVersion: command.caseVersion,
    ...(command.overrideRef === undefined ? {} : { overrideRef: command.overrideRef }),
  };
  // A repeat is answered before any rule: the tranche may be full by now because of it.
  const existing = fund.allocations.get(command.allocationId);
  if (existing) return repeatedAllocation(existing, allocationFingerprint(body));
  requirePositive(command.amount, 'amount');
  requireNotInFuture(command, 'decidedOn', command.decidedOn);
  const tranche = requireTranche(fund, command.trancheId);
  requireInvestmentFound(command);
  requireAllocatable(tranche, command.decidedOn);
  requireInvestmentEligible(command);
  const baseline = requireBaselineVersion(command);
  requireRunningCostEffect(command, baseline);
  requireAvailable(tranche, command.amount);
  const data: FundsAllocatedData = {
    ...body,
    runningCostEffect: baseline.runningCostEffect.toString(),
  };
  return append<FundEvent>({ type: 'FundsAllocated', data });
};

const versionMismatch = (
  command: AllocateFunds,
  detail: string,
  extra: Record<string, unknown>,
): DomainError =>
  new DomainError(
    'CASE_VERSION_MISMATCH',
    `investment ${command.investmentId}: caseVersion ${command.caseVersion} ${detail}`,
    'rule',
    {
      investmentId: command.investmentId,
      caseVersion: command.caseVersion,
      decidedOn: command.decidedOn,
      versions: command.investment.versions.map((v) => ({
        version: v.version,
        documentedOn: v.documentedOn,
      })),
      ...extra,
    },
  );

/**
 * The baseline is the version the decision was taken on (docs/DOMAIN.md, "Baseline"): the
 * named version must exist, no later version may have been documented on a day before
 * `decidedOn` (the board would have had that one), and a version documented after
 * `decidedOn` cannot be the basis when another version was already documented by then.
 * Versions are dated by the Stockholm day the ledger recorded them; a version documented on
 * the decision day itself may be either side of the meeting, so it is never held against it.
 */
const requireBaselineVersion = (command: AllocateFunds): CaseVersionCheck => {
  const { versions } = command.investment;
  const named = versions.find((v) => v.version === command.caseVersion);
  if (!named) throw versionMismatch(command, 'does not exist', {});
  const superseding = versions.find(
    (v) => v.version > named.version && v.documentedOn < command.decidedOn,
  );
  if (superseding) {
    throw versionMismatch(
      command,
      `was superseded by version ${superseding.version} documented on ${superseding.documentedOn}, before the decision on ${command.decidedOn}`,
      { supersededBy: superseding.version },
    );
  }
  const inHand = versions.filter((v) => v.documentedOn <= command.decidedOn).at(-1);
  if (named.documentedOn > command.decidedOn && inHand !== undefined) {
    throw versionMismatch(
      command,
      `was documented on ${named.documentedOn}, after the decision on ${command.decidedOn}; version ${inHand.version} was the one documented then`,
      { inForceOnDecision: inHand.version },
    );
  }
  return named;
};

/** The fund is for investments that lower running costs; the board may decide otherwise, on record. */
const requireRunningCostEffect = (command: AllocateFunds, baseline: CaseVersionCheck): void => {
  if (!baseline.runningCostEffect.isNegative() || command.overrideRef !== undefined) return;
  throw new DomainError(
    'NEGATIVE_RUNNING_COST_EFFECT',
    `investment ${command.investmentId}: case version ${baseline.version} raises running costs by ` +
      `${baseline.runningCostEffect.negated().toString()} over its horizon; an allocation needs the board's overrideRef`,
    'rule',
    {
      investmentId: command.investmentId,
      caseVersion: baseline.version,
      runningCostEffect: baseline.runningCostEffect.toString(),
    },
  );
};

const repeatedAllocation = (
  existing: AllocationState,
  fingerprint: string,
): Decision<FundEvent> => {
  if (existing.fingerprint === fingerprint) {
    return alreadyDone(
      (event) =>
        event.type === 'FundsAllocated' && event.data.allocationId === existing.allocationId,
    );
  }
  throw new DomainError(
    'ALLOCATION_ALREADY_EXISTS',
    `allocation ${existing.allocationId} already exists with a different body`,
    'rule',
    { allocationId: existing.allocationId },
  );
};

const requireInvestmentFound = (command: AllocateFunds): void => {
  if (!command.investment.exists) {
    throw new DomainError(
      'INVESTMENT_NOT_FOUND',
      `investment ${command.investmentId} does not exist`,
      'not-found',
      { investmentId: command.investmentId },
    );
  }
};

/** Only released money, and only inside the tranche's window (either bound may be open). */
const requireAllocatable = (tranche: TrancheState, decidedOn: IsoDate): void => {
  if (tranche.status === 'closed') throw trancheClosed(tranche);
  if (tranche.status === 'expected') {
    throw new DomainError(
      'TRANCHE_NOT_RELEASED',
      `tranche ${tranche.trancheId} is not released yet`,
      'rule',
      { trancheId: tranche.trancheId },
    );
  }
  if (!insideWindow(tranche, decidedOn)) {
    throw new DomainError(
      'OUTSIDE_ALLOCATION_WINDOW',
      `decidedOn ${decidedOn} is outside the allocation window of tranche ${tranche.trancheId}`,
      'rule',
      {
        trancheId: tranche.trancheId,
        decidedOn,
        allocatableFrom: tranche.allocatableFrom,
        allocatableUntil: tranche.allocatableUntil,
      },
    );
  }
  // Released money only: a decision dated before the release allocated money not yet there.
  if (tranche.releasedOn !== null && decidedOn < tranche.releasedOn) {
    throw new DomainError(
      'DECIDED_BEFORE_RELEASE',
      `decidedOn ${decidedOn} precedes the release of tranche ${tranche.trancheId} on ${tranche.releasedOn}`,
      'rule',
      { trancheId: tranche.trancheId, decidedOn, releasedOn: tranche.releasedOn },
    );
  }
};

/** 'YYYY-MM-DD' strings order as the dates do, so plain comparison is exact. */
const insideWindow = (tranche: TrancheState, date: IsoDate): boolean =>
  (tranche.allocatableFrom === null || date >= tranche.allocatableFrom) &&
  (tranche.allocatableUntil === null || date <= tranche.allocatableUntil);

/** The audit's central finding as a rule: no money without a documented benefit case. */
const requireInvestmentEligible = (command: AllocateFunds): void => {
  const { investment, investmentId } = command;
  if (investment.closed) {
    throw new DomainError('INVESTMENT_CLOSED', `investment ${investmentId} is closed`, 'rule', {
      investmentId,
    });
  }
  if (investment.missing.length > 0) {
    throw new DomainError(
      'BENEFIT_CASE_MISSING',
      `investment ${investmentId} has no documented benefit case: ${investment.missing.join(', ')}`,
      'rule',
      { investmentId, missing: [...investment.missing] },
    );
  }
};

const requireAvailable = (tranche: TrancheState, requested: Money): void => {
  const available = availableIn(tranche);
  if (requested.gt(available)) {
    throw new DomainError(
      'TRANCHE_INSUFFICIENT_FUNDS',
      `tranche ${tranche.trancheId} has ${available.toString()} available, ${requested.toString()} requested`,
      'rule',
      {
        trancheId: tranche.trancheId,
        available: available.toString(),
        requested: requested.toString(),
      },
    );
  }
};

const reduceAllocation = (command: ReduceAllocation, state: FundState): Decision<FundEvent> => {
  const fund = requireFund(state, command.fundId);
  const allocation = requireAllocation(fund, command.allocationId);
  const data: AllocationReducedData = {
    reductionId: command.reductionId,
    allocationId: allocation.allocationId,
    investmentId: allocation.investmentId,
    trancheId: allocation.trancheId,
    amount: command.amount.toString(),
    decidedOn: command.decidedOn,
    decisionRef: command.decisionRef,
    reason: command.reason,
  };
  const existing = fund.reductions.get(command.reductionId);
  if (existing !== undefined) return repeatedReduction(command.reductionId, existing, data);
  requirePositive(command.amount, 'amount');
  requireNotInFuture(command, 'decidedOn', command.decidedOn);
  requireReducible(allocation, command);
  return append<FundEvent>({ type: 'AllocationReduced', data });
};

/** Reduction ids are the client's: a retry names the same id (same body: the first answer). */
const repeatedReduction = (
  reductionId: string,
  recorded: string,
  data: AllocationReducedData,
): Decision<FundEvent> => {
  if (recorded === reductionFingerprint(data)) {
    return alreadyDone(
      (event) => event.type === 'AllocationReduced' && event.data.reductionId === reductionId,
    );
  }
  throw new DomainError(
    'REDUCTION_ALREADY_EXISTS',
    `reduction ${reductionId} already exists with a different body`,
    'rule',
    { reductionId },
  );
};

const requireReducible = (allocation: AllocationState, command: ReduceAllocation): void => {
  if (command.decidedOn < allocation.decidedOn) {
    throw new DomainError(
      'REDUCTION_BEFORE_ALLOCATION',
      `a reduction decided on ${command.decidedOn} precedes allocation ${allocation.allocationId} decided on ${allocation.decidedOn}`,
      'rule',
      { allocationId: allocation.allocationId, allocationDecidedOn: allocation.decidedOn },
    );
  }
  const remaining = remainingOf(allocation);
  if (command.amount.gt(remaining)) {
    throw new DomainError(
      'ALLOCATION_REDUCTION_EXCEEDS_REMAINING',
      `allocation ${allocation.allocationId} has ${remaining.toString()} left, ${command.amount.toString()} requested`,
      'rule',
      {
        allocationId: allocation.allocationId,
        remaining: remaining.toString(),
        requested: command.amount.toString(),
      },
    );
  }
  // Spent money stays spent: what is left after the reduction must still cover it.
  const after = remaining.minus(command.amount);
  if (after.lt(command.spent)) {
    throw new DomainError(
      'REDUCTION_BELOW_SPENT',
      `allocation ${allocation.allocationId} would fall to ${after.toString()}, below the ${command.spent.toString()} already spent against it`,
      'rule',
      {
        allocationId: allocation.allocationId,
        spent: command.spent.toString(),
        remaining: remaining.toString(),
        requested: command.amount.toString(),
        largestReduction: remaining.minus(command.spent).max(Money.zero).toString(),
      },
    );
  }
};

const decide = (command: FundCommand, state: FundState): Decision<FundEvent> => {
  switch (command.type) {
    case 'EstablishFund':
      return establishFund(command, state);
    case 'AddTranche':
      return addTranche(command, state);
    case 'ReleaseTranche':
      return releaseTranche(command, state);
    case 'CloseTranche':
      return closeTranche(command, state);
    case 'AllocateFunds':
      return allocateFunds(command, state);
    case 'ReduceAllocation':
      return reduceAllocation(command, state);
    default: {
      const unknown: never = command;
      throw new Error(`unknown fund command ${JSON.stringify(unknown)}`);
    }
  }
};

// ---------------------------------------------------------------------------------------
// evolve: recorded events are facts, but one that breaks an invariant means a bug upstream,
// so it is refused loudly rather than folded into a state that lies.

function invariant(condition: boolean, message: string): asserts condition {
  if (!condition) throw new Error(`fund invariant violated: ${message}`);
}

const established = (state: FundState, event: FundEvent): EstablishedFund => {
  invariant(state.status === 'established', `${event.type} before FundEstablished`);
  return state;
};

const recordedTranche = (fund: EstablishedFund, trancheId: string): TrancheState => {
  const tranche = fund.tranches.get(trancheId);
  invariant(tranche !== undefined, `unknown tranche ${trancheId}`);
  return tranche;
};

const withTranche = (fund: EstablishedFund, tranche: TrancheState): EstablishedFund => ({
  ...fund,
  tranches: new Map(fund.tranches).set(tranche.trancheId, tranche),
});

const onFundEstablished = (state: FundState, event: FundEstablished): FundState => {
  invariant(state.status === 'none', `fund established twice (${event.data.fundId})`);
  const { fundId, name, currency, decisionRef, trancheIds } = event.data;
  return {
    status: 'established',
    fundId,
    name,
    currency,
    decisionRef,
    initialTrancheIds: trancheIds,
    tranches: new Map(),
    allocations: new Map(),
    reductions: new Map(),
  };
};

const onTrancheAdded = (state: FundState, event: TrancheAdded): FundState => {
  const fund = established(state, event);
  const { data } = event;
  invariant(!fund.tranches.has(data.trancheId), `tranche ${data.trancheId} added twice`);
  const amount = Money.of(data.amount);
  invariant(amount.gt(Money.zero), `tranche ${data.trancheId} amount ${data.amount} not positive`);
  return withTranche(fund, {
    trancheId: data.trancheId,
    name: data.name,
    amount,
    allocatableFrom: data.allocatableFrom,
    allocatableUntil: data.allocatableUntil,
    status: 'expected',
    releasedOn: null,
    allocated: Money.zero,
    fingerprint: trancheFingerprint(data),
  });
};

const onTrancheReleased = (state: FundState, event: TrancheReleased): FundState => {
  const fund = established(state, event);
  const tranche = recordedTranche(fund, event.data.trancheId);
  invariant(tranche.status === 'expected', `tranche ${tranche.trancheId} released twice`);
  return withTranche(fund, { ...tranche, status: 'released', releasedOn: event.data.releasedOn });
};

const onTrancheClosed = (state: FundState, event: TrancheClosed): FundState => {
  const fund = established(state, event);
  const tranche = recordedTranche(fund, event.data.trancheId);
  invariant(tranche.status !== 'closed', `tranche ${tranche.trancheId} closed twice`);
  return withTranche(fund, { ...tranche, status: 'closed' });
};

const onFundsAllocated = (state: FundState, event: FundsAllocated): FundState => {
  const fund = established(state, event);
  const { data } = event;
  invariant(!fund.allocations.has(data.allocationId), `allocation ${data.allocationId} twice`);
  const tranche = recordedTranche(fund, data.trancheId);
  const amount = Money.of(data.amount);
  invariant(amount.gt(Money.zero), `allocation ${data.allocationId} amount not positive`);
  const allocated = tranche.allocated.plus(amount);
  invariant(
    allocated.lte(tranche.amount),
    `tranche ${tranche.trancheId} overdrawn: ${allocated.toString()} allocated of ${tranche.amount.toString()}`,
  );
  const allocation: AllocationState = {
    allocationId: data.allocationId,
    investmentId: data.investmentId,
    trancheId: data.trancheId,
    amount,
    reduced: Money.zero,
    decidedOn: data.decidedOn,
    fingerprint: allocationFingerprint(data),
  };
  return {
    ...withTranche(fund, { ...tranche, allocated }),
    allocations: new Map(fund.allocations).set(allocation.allocationId, allocation),
  };
};

const onAllocationReduced = (state: FundState, event: AllocationReduced): FundState => {
  const fund = established(state, event);
  const { data } = event;
  invariant(!fund.reductions.has(data.reductionId), `reduction ${data.reductionId} twice`);
  const current = fund.allocations.get(data.allocationId);
  invariant(current !== undefined, `unknown allocation ${data.allocationId}`);
  invariant(
    current.trancheId === data.trancheId,
    `reduction ${data.reductionId} names a wrong tranche`,
  );
  const amount = Money.of(data.amount);
  invariant(amount.gt(Money.zero), `reduction ${data.reductionId} amount not positive`);
  const reduced = current.reduced.plus(amount);
  invariant(reduced.lte(current.amount), `allocation ${current.allocationId} reduced below zero`);
  const tranche = recordedTranche(fund, current.trancheId);
  const allocated = tranche.allocated.minus(amount);
  invariant(!allocated.isNegative(), `tranche ${tranche.trancheId} allocated below zero`);
  return {
    ...withTranche(fund, { ...tranche, allocated }),
    allocations: new Map(fund.allocations).set(current.allocationId, { ...current, reduced }),
    reductions: new Map(fund.reductions).set(data.reductionId, reductionFingerprint(data)),
  };
};

const evolve = (state: FundState, event: FundEvent): FundState => {
  switch (event.type) {
    case 'FundEstablished':
      return onFundEstablished(state, event);
    case 'TrancheAdded':
      return onTrancheAdded(state, event);
    case 'TrancheReleased':
      return onTrancheReleased(state, event);
    case 'TrancheClosed':
      return onTrancheClosed(state, event);
    case 'FundsAllocated':
      return onFundsAllocated(state, event);
    case 'AllocationReduced':
      return onAllocationReduced(state, event);
    default: {
      const unknown: never = event;
      throw new Error(`unknown fund event ${JSON.stringify(unknown)}`);
    }
  }
};

export const fundDecider: Decider<FundCommand, FundEvent, FundState> = {
  initialState: initialFundState,
  decide,
  evolve,
};

// ---------------------------------------------------------------------------------------
// Queries for the read side, over the same state.

const availableIn = (tranche: TrancheState): Money => tranche.amount.minus(tranche.allocated);

const remainingOf = (allocation: AllocationState): Money =>
  allocation.amount.minus(allocation.reduced);

/** What can still be allocated from a tranche (released or not). */
export const trancheAvailable = (state: FundState, trancheId: string): Money => {
  if (state.status !== 'established') {
    throw new DomainError('FUND_NOT_FOUND', 'the fund does not exist', 'not-found');
  }
  return availableIn(requireTranche(state, trancheId));
};

/** What is left of an allocation after its reductions. */
export const allocationRemaining = (state: FundState, allocationId: string): Money => {
  if (state.status !== 'established') {
    throw new DomainError('FUND_NOT_FOUND', 'the fund does not exist', 'not-found');
  }
  return remainingOf(requireAllocation(state, allocationId));
};

export interface TrancheBalance {
  readonly trancheId: string;
  readonly name: string;
  readonly status: TrancheStatus;
  readonly amount: Money;
  readonly allocated: Money;
  readonly available: Money;
}

export interface FundBalance {
  readonly fundId: string;
  readonly name: string;
  readonly currency: 'SEK';
  /** In the order the tranches were added. */
  readonly tranches: readonly TrancheBalance[];
  readonly totals: {
    readonly amount: Money;
    readonly allocated: Money;
    readonly available: Money;
  };
}

export const fundBalance = (state: FundState): FundBalance => {
  if (state.status !== 'established') {
    throw new DomainError('FUND_NOT_FOUND', 'the fund does not exist', 'not-found');
  }
  const tranches = [...state.tranches.values()].map((tranche): TrancheBalance => ({
    trancheId: tranche.trancheId,
    name: tranche.name,
    status: tranche.status,
    amount: tranche.amount,
    allocated: tranche.allocated,
    available: availableIn(tranche),
  }));
  return {
    fundId: state.fundId,
    name: state.name,
    currency: state.currency,
    tranches,
    totals: {
      amount: Money.sum(tranches.map((t) => t.amount)),
      allocated: Money.sum(tranches.map((t) => t.allocated)),
      available: Money.sum(tranches.map((t) => t.available)),
    },
  };
};
