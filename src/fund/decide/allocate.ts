/** Allocating funds from a tranche to an investment. */
import { Money } from '../../money/money';
import { DomainError } from '../../shared/domain-error';
import { Decision, alreadyDone, append } from '../../shared/decider';
import { AllocateFunds, CaseVersionCheck } from '../fund.commands';
import { FundEvent, FundsAllocatedData, IsoDate } from '../fund.events';
import { AllocationState, FundState, TrancheState } from './fund-state';
import { allocationFingerprint } from './fingerprints';
import { requireFund, requireNotInFuture, requirePositive, requireTranche } from './guards';
import { trancheClosed } from './release-close';
import { DatedTerms, judgeDaysFrom, termsOn } from './tranche-timeline';

export const allocateFunds = (command: AllocateFunds, state: FundState): Decision<FundEvent> => {
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
  requireApproverNotAuthor(command, baseline);
  requireNotAnswerable(command);
  requireRunningCostEffect(command, baseline);
  requireAvailable(tranche, command.amount, command.decidedOn);
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

/**
 * Four eyes on the decision basis, as on a re-baseline (BASELINE_APPROVER_IS_AUTHOR): the
 * investment's first allocation approves it and makes the version it was decided on the
 * baseline, so its author may not record it. Only the approving allocation: a later one leaves
 * the baseline as it is. A version recorded before authors were has no known author and is not
 * checked. An approval still in flight (recorded on a fund, not yet on the investment) counts
 * as none, so the rule then holds one allocation too many, never one too few.
 */
const requireApproverNotAuthor = (command: AllocateFunds, baseline: CaseVersionCheck): void => {
  const { actor, investment, investmentId } = command;
  if ((investment.firstAllocationId ?? null) !== null) return;
  if (baseline.documentedBy === undefined || baseline.documentedBy !== actor.id) return;
  throw new DomainError(
    'ALLOCATION_APPROVER_IS_AUTHOR',
    `${actor.id} documented version ${baseline.version} of investment ${investmentId}'s benefit case; ` +
      "the first allocation approves it as the investment's baseline, so someone else in finance must decide it.",
    'rule',
    { investmentId, caseVersion: baseline.version, author: baseline.documentedBy },
  );
};

/**
 * Who answers for the investment's delivery: its project lead, or the owner of a benefit line in
 * any documented version (a line handed over in a later version does not free its former owner).
 * The same people a re-baseline's BASELINE_BY_RESPONSIBLE names.
 */
const answerableAs = (
  investment: AllocateFunds['investment'],
  actorId: string,
): 'project lead' | 'line owner' | null => {
  if (investment.projectLead === actorId) return 'project lead';
  const owns = investment.versions.some((v) => (v.owners ?? []).includes(actorId));
  return owns ? 'line owner' : null;
};

/**
 * No one answerable for an investment allocates to it, even holding finance: every allocation
 * puts the fund's money into it, and the first makes the case it is measured against its
 * decision basis. Finance with no part in it must decide.
 */
const requireNotAnswerable = (command: AllocateFunds): void => {
  const { actor, investment, investmentId } = command;
  const as = answerableAs(investment, actor.id);
  if (as === null) return;
  throw new DomainError(
    'ALLOCATION_BY_RESPONSIBLE',
    `${actor.id} is the ${as} answerable for investment ${investmentId}'s delivery; ` +
      'someone else in finance must decide to allocate to it.',
    'rule',
    { investmentId, responsible: actor.id, as },
  );
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
  requireInsideWindow(tranche, decidedOn);
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
const insideWindow = (window: DatedTerms, date: IsoDate): boolean =>
  (window.allocatableFrom === null || date >= window.allocatableFrom) &&
  (window.allocatableUntil === null || date <= window.allocatableUntil);

/**
 * The window in force on `decidedOn` must hold it: an amendment counts from its own decidedOn
 * on, so an extension decided later does not reopen a day the window had closed. The window now
 * must hold it too, as it holds every allocation made from the tranche: an amendment may close
 * a window back in time (decided in October, ending in September), and what was decided after
 * that end stays outside.
 */
const requireInsideWindow = (tranche: TrancheState, decidedOn: IsoDate): void => {
  const inForce = termsOn(tranche.terms, decidedOn);
  const current = tranche.terms[tranche.terms.length - 1];
  const excluding = [inForce, current].find((window) => !insideWindow(window, decidedOn));
  if (excluding === undefined) return;
  const from = excluding.allocatableFrom ?? 'open';
  const until = excluding.allocatableUntil ?? 'open';
  const decided =
    excluding.since === null ? 'as the tranche was added' : `as decided on ${excluding.since}`;
  const changedLater = tranche.terms.find(
    (t) =>
      t.since !== null &&
      t.since > decidedOn &&
      (t.allocatableFrom !== inForce.allocatableFrom ||
        t.allocatableUntil !== inForce.allocatableUntil),
  );
  throw new DomainError(
    'OUTSIDE_ALLOCATION_WINDOW',
    `decidedOn ${decidedOn} is outside the allocation window of tranche ${tranche.trancheId} ` +
      `(${from} to ${until}, ${decided})` +
      (excluding === inForce && changedLater !== undefined
        ? `; an amendment holds for decisions from its own decidedOn on, and the window was next changed on ${changedLater.since}`
        : ''),
    'rule',
    {
      trancheId: tranche.trancheId,
      decidedOn,
      allocatableFrom: excluding.allocatableFrom,
      allocatableUntil: excluding.allocatableUntil,
      windowDecidedOn: excluding.since,
    },
  );
};

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

/**
 * Never an overdrawn tranche, on any business day: from `decidedOn` on, what is allocated decided
 * on or before each day (net of reductions decided by then) and this allocation must stay within
 * the amount in force that day. A raise decided later does not make room on an earlier day, and
 * a reduction makes room from its own decidedOn on. `available` is what an allocation decided on
 * that day can still take: what is unallocated now, unless a later day has less room.
 */
const requireAvailable = (tranche: TrancheState, requested: Money, decidedOn: IsoDate): void => {
  const { overdraft, room } = judgeDaysFrom({
    terms: tranche.terms,
    changes: tranche.dayChanges,
    allocated: tranche.allocated,
    from: decidedOn,
    extra: requested,
  });
  if (overdraft === null) return;
  const { on, amountInForce, allocatedOn } = overdraft;
  throw new DomainError(
    'TRANCHE_INSUFFICIENT_FUNDS',
    `tranche ${tranche.trancheId} has ${room.toString()} available to an allocation decided on ${decidedOn}, ` +
      `${requested.toString()} requested: on ${on} ${allocatedOn.toString()} of the ${amountInForce.toString()} ` +
      'then in force was allocated',
    'rule',
    {
      trancheId: tranche.trancheId,
      requested: requested.toString(),
      decidedOn,
      available: room.toString(),
      on,
      amountInForce: amountInForce.toString(),
      allocatedOn: allocatedOn.toString(),
    },
  );
};
