/** Path and query parameters, checked before they reach the domain. */
import { ID_MESSAGE, ID_PATTERN } from './input-limits';
import { parseInstantParam } from './instant-param';
import { invalidInput } from './problem';

export const parseIdParam = (name: string, value: string): string => {
  if (!ID_PATTERN.test(value)) throw invalidInput([{ path: name, message: ID_MESSAGE }]);
  return value;
};

/**
 * `asOf`: an ISO 8601 timestamp (a bare date means the end of that day, UTC), strictly: an
 * impossible date or time is a 400 (see instant-param.ts).
 * Returns the instant as an ISO string comparable with recorded times, or undefined.
 */
export const parseAsOf = (value: string | undefined, name = 'asOf'): string | undefined =>
  parseInstantParam(value, name, 'end-of-day');
