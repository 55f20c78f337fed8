/**
 * Amending a tranche: a recorded decision that changes its amount or its allocation window
 * (docs/DOMAIN.md, "A tranche's terms change only by a recorded decision"). The tranche stays
 * what its allocations need: never below what is allocated from it, and its window still
 * holding every decision that allocated from it.
 */
import { Money } from '../../money/money';
import { DomainError } from '../../shared/domain-error';
import { Decision, alreadyDone, append, canonicalJson } from '../../shared/decider';
import { AmendTranche } from '../fund.commands';
import { FundEvent, IsoDate, TrancheAmendedData } from '../fund.events';
import { FundState, TrancheState } from './fund-state';
import {
  requireFund,
  requireNotInFuture,
  requirePositive,
  requireTranche,
  requireValidWindow,
} from './guards';
import { trancheClosed } from './release-close';
import { judgeDaysFrom } from './tranche-timeline';

/** A tranche's terms: what an amendment may change. */
interface Terms {
  readonly amount: Money;
  readonly allocatableFrom: IsoDate | null;
  readonly allocatableUntil: IsoDate | null;
}

export const amendTranche = (command: AmendTranche, state: FundState): Decision<FundEvent> => {
  const tranche = requireTranche(requireFund(state, command.fundId), command.trancheId);
  const after = termsAfter(tranche, command);
  const data = amendedData(tranche, after, command);
  const unchanged = sameTerms(tranche, after);
  // A repeat is answered before any rule: the tranche may have been closed since.
  if (unchanged && isRepeatOf(tranche.lastAmendment, command)) {
    const recorded = canonicalJson(tranche.lastAmendment);
    return alreadyDone(
      (event) => event.type === 'TrancheAmended' && canonicalJson(event.data) === recorded,
    );
  }
  if (tranche.status === 'closed') throw trancheClosed(tranche);
  if (command.amount !== undefined) requirePositive(command.amount, 'amount');
  requireValidWindow({ trancheId: tranche.trancheId, ...after });
  if (unchanged) throw changesNothing(tranche);
  requireNotInFuture(command, 'decidedOn', command.decidedOn);
  requireInOrder(tranche, command.decidedOn);
  requireAllocatedCovered(tranche, after, command.decidedOn);
  requireAllocationsInside(tranche, after);
  return append<FundEvent>({ type: 'TrancheAmended', data });
};

/** What the command names, and for what it leaves out, what the tranche has now. */
const termsAfter = (tranche: TrancheState, command: AmendTranche): Terms => ({
  amount: command.amount ?? tranche.amount,
  allocatableFrom:
    command.allocatableFrom === undefined ? tranche.allocatableFrom : command.allocatableFrom,
  allocatableUntil:
    command.allocatableUntil === undefined ? tranche.allocatableUntil : command.allocatableUntil,
});

const sameTerms = (tranche: TrancheState, after: Terms): boolean =>
  tranche.amount.equals(after.amount) &&
  tranche.allocatableFrom === after.allocatableFrom &&
  tranche.allocatableUntil === after.allocatableUntil;

const amendedData = (
  tranche: TrancheState,
  after: Terms,
  command: AmendTranche,
): TrancheAmendedData => ({
  trancheId: tranche.trancheId,
  amount: after.amount.toString(),
  allocatableFrom: after.allocatableFrom,
  allocatableUntil: after.allocatableUntil,
  previousAmount: tranche.amount.toString(),
  previousAllocatableFrom: tranche.allocatableFrom,
  previousAllocatableUntil: tranche.allocatableUntil,
  decidedOn: command.decidedOn,
  decisionRef: command.decisionRef,
  reason: command.reason,
});

/**
 * The same decision sent again (a retry whose first answer was lost): it asks for the terms the
 * tranche has now, by the decision that last changed them. Terms are absolute, never a
 * difference, so a retry can change nothing twice; without this it would only be refused.
 */
const isRepeatOf = (last: TrancheAmendedData | null, command: AmendTranche): boolean =>
  last !== null &&
  last.decidedOn === command.decidedOn &&
  last.decisionRef === command.decisionRef &&
  last.reason === command.reason;

const changesNothing = (tranche: TrancheState): DomainError =>
  new DomainError(
    'TRANCHE_AMENDMENT_CHANGES_NOTHING',
    `tranche ${tranche.trancheId} already has the amount and window the amendment names`,
    'rule',
    {
      trancheId: tranche.trancheId,
      amount: tranche.amount.toString(),
      allocatableFrom: tranche.allocatableFrom,
      allocatableUntil: tranche.allocatableUntil,
    },
  );

/**
 * Decisions on a tranche's terms are recorded in the order they were taken: one dated before
 * the last would have been overruled by it, yet recorded later it would stand as the terms.
 * (An amendment may lie before the release or the allocations: neither records the terms, and
 * the amount and window rules below hold every allocation, whatever its date.)
 */
const requireInOrder = (tranche: TrancheState, decidedOn: IsoDate): void => {
  const lastAmendedOn = tranche.lastAmendment?.decidedOn ?? null;
  if (lastAmendedOn === null || decidedOn >= lastAmendedOn) return;
  throw new DomainError(
    'TRANCHE_AMENDED_BEFORE_LAST_AMENDMENT',
    `decidedOn ${decidedOn} lies before the last amendment of tranche ${tranche.trancheId}, decided on ${lastAmendedOn}`,
    'rule',
    { trancheId: tranche.trancheId, decidedOn, lastAmendedOn },
  );
};

/**
 * Never an overdrawn tranche, on any business day: the amendment holds from its decidedOn on
 * (amendments are decided in order, so it is the last terms of every day from then), and on
 * each of those days what is allocated decided on or before it, net of reductions decided by
 * then, stays within the new amount. Today is one of those days; a reduction decided after the
 * amendment does not make the days before it right. `allocated` is the most allocated on any of
 * those days: the least the amount may be from that decidedOn (what is allocated now, unless an
 * earlier day of them had more).
 */
const requireAllocatedCovered = (tranche: TrancheState, after: Terms, decidedOn: IsoDate): void => {
  const { overdraft, peak } = judgeDaysFrom({
    terms: [{ since: decidedOn, ...after }],
    changes: tranche.dayChanges,
    allocated: tranche.allocated,
    from: decidedOn,
    extra: Money.zero,
  });
  if (overdraft === null) return;
  const { on, allocatedOn } = overdraft;
  throw new DomainError(
    'TRANCHE_AMOUNT_BELOW_ALLOCATED',
    `tranche ${tranche.trancheId} has ${allocatedOn.toString()} allocated on ${on}; it cannot be amended ` +
      `to ${after.amount.toString()} from ${decidedOn}, only to at least ${peak.toString()}`,
    'rule',
    {
      trancheId: tranche.trancheId,
      amount: after.amount.toString(),
      allocated: peak.toString(),
      decidedOn,
      on,
      allocatedOn: allocatedOn.toString(),
    },
  );
};

/**
 * No allocation left outside its tranche's window: the new window still holds the decision
 * day of every allocation made from the tranche (reduced to nothing or not: it was made).
 */
const requireAllocationsInside = (tranche: TrancheState, after: Terms): void => {
  const { firstAllocatedOn, lastAllocatedOn } = tranche;
  const { allocatableFrom: from, allocatableUntil: until } = after;
  const holdsFirst = from === null || firstAllocatedOn === null || from <= firstAllocatedOn;
  const holdsLast = until === null || lastAllocatedOn === null || until >= lastAllocatedOn;
  if (holdsFirst && holdsLast) return;
  throw new DomainError(
    'TRANCHE_WINDOW_EXCLUDES_ALLOCATIONS',
    `the window ${from ?? 'open'} to ${until ?? 'open'} leaves allocations of tranche ${tranche.trancheId} ` +
      `outside it: they were decided from ${firstAllocatedOn} to ${lastAllocatedOn}`,
    'rule',
    {
      trancheId: tranche.trancheId,
      allocatableFrom: from,
      allocatableUntil: until,
      firstAllocatedOn,
      lastAllocatedOn,
    },
  );
};
