/**
 * What of a tranche's unallocated money can be allocated on a given day (docs/DOMAIN.md,
 * "Available money"). Every öre of `amount − allocated` is in exactly one of:
 * - `availableNow`: released, and the day lies inside the allocation window;
 * - `expected`: not allocatable yet — not released (or released on a later day), or the
 *   window opens later;
 * - `lapsed`: the window closed before the day and the money was never allocated;
 * - `closed`: left in a tranche that was closed.
 * Pure: the day ("today", a Europe/Stockholm day: the service clock's or the as-of moment's)
 * is an argument.
 */
import { Money } from '../../src/money/money';

export interface AvailabilityInput {
  readonly status: 'expected' | 'released' | 'closed';
  readonly allocatableFrom: string | null;
  readonly allocatableUntil: string | null;
  readonly releasedOn: string | null;
  readonly unallocated: string;
}

export interface Availability {
  readonly availableNow: string;
  readonly expected: string;
  readonly lapsed: string;
  readonly closed: string;
}

type Bucket = keyof Availability;

const bucketOf = (tranche: AvailabilityInput, today: string): Bucket => {
  switch (tranche.status) {
    case 'closed':
      return 'closed';
    case 'expected':
      return 'expected';
    case 'released': {
      if (tranche.releasedOn !== null && today < tranche.releasedOn) return 'expected';
      if (tranche.allocatableFrom !== null && today < tranche.allocatableFrom) return 'expected';
      if (tranche.allocatableUntil !== null && today > tranche.allocatableUntil) return 'lapsed';
      return 'availableNow';
    }
    default: {
      const exhaustive: never = tranche.status;
      throw new Error(`unknown tranche status ${String(exhaustive)}`);
    }
  }
};

const ZERO = '0.00';

export const availabilityOf = (tranche: AvailabilityInput, today: string): Availability => ({
  availableNow: ZERO,
  expected: ZERO,
  lapsed: ZERO,
  closed: ZERO,
  [bucketOf(tranche, today)]: Money.of(tranche.unallocated).toString(),
});

/** The sum of several tranches' availability, field by field. */
export const sumAvailability = (parts: readonly Availability[]): Availability => {
  const sum = (field: Bucket): string => Money.sum(parts.map((p) => Money.of(p[field]))).toString();
  return {
    availableNow: sum('availableNow'),
    expected: sum('expected'),
    lapsed: sum('lapsed'),
    closed: sum('closed'),
  };
};
