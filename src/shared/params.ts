/** Path and query parameters, checked before they reach the domain. */
import { ID_MESSAGE, ID_PATTERN } from './input-limits';
import { parseInstantParam } from './instant-param';
import { invalidInput } from './problem';

export const parseIdParam = (name: string, value: string): string => {
  if (!ID_PATTERN.test(value)) throw invalidInput([{ path: name, message: ID_MESSAGE }]);
  return value;
};

/**
 * An ISO 8601 timestamp (a bare date here means the end of that day, UTC), strictly: an
 * impossible date or time is a 400 (see instant-param.ts). Returns the instant as an ISO
 * string comparable with recorded times, or undefined. Reads of the ledger take their `asOf`
 * through periods/moment.ts, which places a bare date in its Stockholm day and bounds the range.
 */
export const parseAsOf = (value: string | undefined, name = 'asOf'): string | undefined =>
  parseInstantParam(value, name, 'end-of-day');
