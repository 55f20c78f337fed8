/**
 * Corrections and reversals of recorded costs and harvests: the entry stays as recorded, the
 * change is a new fact. The rules are the same for both kinds; only the refusal codes and the
 * events differ, so costs.ts and harvests.ts find their entry and hand it here.
 */
import { Money } from '../../money/money';
import { alreadyDone } from '../../shared/decider';
import {
  CostReversed,
  HarvestReversed,
  InvestmentEvent,
  changedEntryId,
} from '../investment.events';
import { refuse, requireText } from '../investment.refusals';
import { Decided, emit, requirePositive } from './guards';
import { AmountChange, lastChange } from './investment-state';

export type EntryKind = 'cost' | 'harvest';

const REVERSED_CODE = { cost: 'COST_REVERSED', harvest: 'HARVEST_REVERSED' } as const;
const REVERSAL_EVENT = { cost: 'CostReversed', harvest: 'HarvestReversed' } as const;

/** A recorded cost or harvest as its corrections and reversals see it. */
export interface AmountEntry {
  readonly kind: EntryKind;
  readonly entryId: string;
  /** What the entry counts now: its latest correction's amount, "0.00" once reversed. */
  readonly current: string;
  /** Its latest correction or reversal, if it had one. */
  readonly last: AmountChange | undefined;
}

export const amountEntry = (
  kind: EntryKind,
  entryId: string,
  recordedAmount: string,
  changes: readonly AmountChange[],
): AmountEntry => {
  const last = lastChange(changes, entryId);
  return { kind, entryId, current: last?.amount ?? recordedAmount, last };
};

const refuseReversed = (entry: AmountEntry): never =>
  refuse(
    REVERSED_CODE[entry.kind],
    `${entry.entryId} was reversed; record a new entry instead.`,
    'rule',
    { id: entry.entryId },
  );

/** The fields a correction records after the entry's id: the new amount, the old, and why. */
export interface CorrectedAmount {
  readonly amount: string;
  readonly previousAmount: string;
  readonly reason: string;
}

/**
 * What every correction must pass: the entry still counts (not reversed), the new amount is
 * positive and differs from the current one, and a reason is given. Corrections put an error
 * right, so they are allowed after closing too (no new spend).
 */
export const requireCorrectable = (
  entry: AmountEntry,
  command: { readonly amount: Money; readonly reason: string },
): CorrectedAmount => {
  if (entry.last?.reversed) return refuseReversed(entry);
  requirePositive(command.amount, 'amount');
  requireText(command.reason, 'reason');
  const previousAmount = entry.current;
  if (Money.of(previousAmount).equals(command.amount)) {
    refuse('AMOUNT_UNCHANGED', `The amount already is ${previousAmount}.`, 'rule', {
      amount: previousAmount,
    });
  }
  return { amount: command.amount.toString(), previousAmount, reason: command.reason };
};

const isReversalOf = (entry: AmountEntry, event: InvestmentEvent): boolean =>
  (event.type === 'CostReversed' || event.type === 'HarvestReversed') &&
  event.type === REVERSAL_EVENT[entry.kind] &&
  changedEntryId(event) === entry.entryId;

/**
 * Reverses an entry: reversing it again for the same reason is a repeat, for another reason a
 * conflict. `reversal` builds the event from the amount the entry loses.
 */
export const reverseEntry = (
  entry: AmountEntry,
  reason: string,
  reversal: (previousAmount: string) => CostReversed | HarvestReversed,
): Decided => {
  if (entry.last?.reversed) {
    if (entry.last.reason === reason) return alreadyDone((e) => isReversalOf(entry, e));
    return refuseReversed(entry);
  }
  requireText(reason, 'reason');
  return emit(reversal(entry.current));
};
