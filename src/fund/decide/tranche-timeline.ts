/**
 * A tranche in business time (docs/DOMAIN.md, "A tranche's terms change only by a recorded
 * decision"): the terms in force on each day, and what is allocated from it on each day. An
 * amendment counts from its own `decidedOn` on and an allocation or a reduction from its own, so
 * a decision recorded later can neither reach back nor be judged by terms decided after it.
 * Pure functions over immutable data; days are 'YYYY-MM-DD', which order as text.
 */
import { Money } from '../../money/money';
import { IsoDate } from '../fund.events';

/** A tranche's terms from a day on: as added (`since` null), then as each amendment set them. */
export interface DatedTerms {
  readonly since: IsoDate | null;
  readonly amount: Money;
  readonly allocatableFrom: IsoDate | null;
  readonly allocatableUntil: IsoDate | null;
}

/**
 * The net change of what is allocated (allocations less reductions) decided on one day, latest
 * day first. Immutable with shared tails, so a decided state is never changed by a later one:
 * a decision dated after every other adds one node; a backdated one copies only the days after it.
 */
export interface DayChange {
  readonly day: IsoDate;
  readonly change: Money;
  readonly earlier: DayChange | null;
}

/** The terms in force on `day`: the last decided on or before it (decisions are in order). */
export const termsOn = (terms: readonly DatedTerms[], day: IsoDate): DatedTerms => {
  let inForce = terms[0];
  for (const dated of terms) if (dated.since === null || dated.since <= day) inForce = dated;
  return inForce;
};

/** `changes` with `change` added on `day`. */
export const withChange = (changes: DayChange | null, day: IsoDate, change: Money): DayChange => {
  const later: DayChange[] = [];
  let rest = changes;
  while (rest !== null && rest.day > day) {
    later.push(rest);
    rest = rest.earlier;
  }
  let head: DayChange =
    rest !== null && rest.day === day
      ? { day, change: rest.change.plus(change), earlier: rest.earlier }
      : { day, change, earlier: rest };
  for (let i = later.length - 1; i >= 0; i--) head = { ...later[i], earlier: head };
  return head;
};

/** The day a tranche would first be overdrawn, with the figures of that day. */
export interface Overdraft {
  readonly on: IsoDate;
  readonly amountInForce: Money;
  /** Allocated net of reductions on that day, before the change asked for. */
  readonly allocatedOn: Money;
}

export interface DaysFrom {
  /** The tranche's terms, in the order decided. */
  readonly terms: readonly DatedTerms[];
  readonly changes: DayChange | null;
  /** Allocated net of reductions over all days (what `changes` sums to). */
  readonly allocated: Money;
  /** The first day judged: the decision's `decidedOn`. */
  readonly from: IsoDate;
  /** What the decision adds to what is allocated on every day from `from` on (0 for a cut). */
  readonly extra: Money;
}

export interface DaysJudged {
  /** The first day from `from` on that the decision would leave overdrawn; null when none. */
  readonly overdraft: Overdraft | null;
  /** The least room (amount in force less allocated) on any day from `from` on, before `extra`; never below zero. */
  readonly room: Money;
  /** The most allocated on any day from `from` on, before `extra`. */
  readonly peak: Money;
}

/**
 * Judges every day from `from` on. Both what is allocated and the amount in force change only
 * on a day something was decided, so the days worth looking at are `from` and each later day
 * on which an allocation, a reduction or an amendment was decided. What is allocated on a day
 * is the total less the changes decided after it, so only the changes after `from` are read.
 */
export const judgeDaysFrom = (days: DaysFrom): DaysJudged => {
  const later: DayChange[] = [];
  let laterSum = Money.zero;
  for (let node = days.changes; node !== null && node.day > days.from; node = node.earlier) {
    later.push(node);
    laterSum = laterSum.plus(node.change);
  }
  later.reverse();
  const candidates = [
    ...new Set([
      days.from,
      ...later.map((change) => change.day),
      ...days.terms.flatMap((t) => (t.since !== null && t.since > days.from ? [t.since] : [])),
    ]),
  ].sort();
  let allocatedOn = days.allocated.minus(laterSum);
  let next = 0;
  let overdraft: Overdraft | null = null;
  let room: Money | null = null;
  let peak = allocatedOn;
  for (const day of candidates) {
    while (next < later.length && later[next].day <= day) {
      allocatedOn = allocatedOn.plus(later[next++].change);
    }
    const amountInForce = termsOn(days.terms, day).amount;
    const free = amountInForce.minus(allocatedOn);
    room = room === null ? free : room.min(free);
    peak = peak.max(allocatedOn);
    if (overdraft === null && allocatedOn.plus(days.extra).gt(amountInForce)) {
      overdraft = { on: day, amountInForce, allocatedOn };
    }
  }
  return { overdraft, room: (room ?? Money.zero).max(Money.zero), peak };
};
