/**
 * A range of recorded times, both ends inclusive, from query strings or CLI flags. A bare
 * date means the whole Stockholm day, as `asOf` reads one (periods/moment.ts):
 * `from=2017-05-30` starts at its first millisecond (22:00 UTC the day before, in summer),
 * `to` ends at its last. Recorded times only grow along the log, so a range is one run of
 * positions and a reader may stop at the first event after `to`.
 */
import { RecordedEvent } from '../event-store/event-store';
import { parseRangeBound } from '../periods/moment';
import { invalidInput } from '../shared/problem';

export interface TimeRange {
  /** ISO 8601 UTC instants (as `Date.toISOString()` writes them), or undefined: open. */
  readonly from?: string;
  readonly to?: string;
}

/** Throws a 400 problem naming the parameter when a bound is not a real moment or the range is inverted. */
export const parseTimeRange = (from: string | undefined, to: string | undefined): TimeRange => {
  const range = {
    from: parseRangeBound(from, 'from', 'start-of-day'),
    to: parseRangeBound(to, 'to', 'end-of-day'),
  };
  if (range.from !== undefined && range.to !== undefined && range.from > range.to) {
    throw invalidInput([{ path: 'from', message: 'must not be later than to' }]);
  }
  return range;
};

export const recordedAtOf = (event: RecordedEvent): string => String(event.metadata.recordedAt);

export const isBeforeRange = (event: RecordedEvent, range: TimeRange): boolean =>
  range.from !== undefined && recordedAtOf(event) < range.from;

export const isAfterRange = (event: RecordedEvent, range: TimeRange): boolean =>
  range.to !== undefined && recordedAtOf(event) > range.to;
