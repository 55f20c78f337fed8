/** OpenAPI descriptions shared by every GET of ledger state. */
import { MAX_CONCURRENT_AS_OF_FOLDS } from '../projections/as-of-reader';

export const AS_OF_DESCRIPTION =
  'ISO 8601 timestamp (a bare date means the end of that day in Stockholm): the answer exactly as the ledger stood then, ' +
  'read from the read models as they stood after the last event recorded up to that moment. ' +
  '"To date" and "overdue" are then measured at that moment. ' +
  'An impossible date or time (2017-02-30, 24:00), or a moment outside the Stockholm days 1900-01-01 to 9999-12-31, is a 400. ' +
  'So is a moment after today (a later Europe/Stockholm day than the service clock’s: the ledger records nothing after now); ' +
  "today's date and a moment later today are answered with what is recorded by now. " +
  "A moment after the read models' own position (they are catching up) is folded from the ledger, " +
  `at most ${MAX_CONCURRENT_AS_OF_FOLDS} at once; beyond that 503 AS_OF_BUSY with Retry-After.`;

export const MIN_POSITION_DESCRIPTION =
  'A ledger position (the `position` of a command answer, e.g. one sent through another service instance; ' +
  'every GET already waits, at most 2 s, for the commands this instance answered before it): ' +
  'wait, at most 2 s, until the read models include it; ' +
  "503 READ_MODEL_BEHIND when they do not by then. A position past the ledger's last event is 404 " +
  'POSITION_NOT_FOUND at once (naming the last position, `lastPosition`). Ignored with asOf and asOfPosition, ' +
  'which are exact by themselves.';

export const AS_OF_POSITION_DESCRIPTION =
  "A ledger position (an event's `position` in the history): the answer as the ledger stood right after that event, " +
  'exactly, even when other events share its recorded instant. "To date" is measured on the day it was recorded. ' +
  'Not together with asOf; 404 POSITION_NOT_FOUND when the ledger has no event there.';
