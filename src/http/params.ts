/** Path and query parameters, checked before they reach the domain. */
import { invalidInput } from './problem';
import { ID_MESSAGE, ID_PATTERN } from './validation';

export const parseIdParam = (name: string, value: string): string => {
  if (!ID_PATTERN.test(value)) throw invalidInput([{ path: name, message: ID_MESSAGE }]);
  return value;
};

const TIMESTAMP =
  /^[0-9]{4}-[0-9]{2}-[0-9]{2}(T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,9})?)?(Z|[+-][0-9]{2}:[0-9]{2}))?$/;

/**
 * `asOf`: an ISO 8601 timestamp (a bare date means the end of that day, UTC).
 * Returns the instant as an ISO string comparable with recorded times, or undefined.
 */
export const parseAsOf = (value: string | undefined, name = 'asOf'): string | undefined => {
  if (value === undefined || value === '') return undefined;
  const problemText =
    'must be an ISO 8601 timestamp such as 2017-05-30T12:00:00Z or a date 2017-05-30';
  if (!TIMESTAMP.test(value)) throw invalidInput([{ path: name, message: problemText }]);
  const instant = new Date(value.length === 10 ? `${value}T23:59:59.999Z` : value);
  if (Number.isNaN(instant.getTime())) throw invalidInput([{ path: name, message: problemText }]);
  return instant.toISOString();
};
