/** OpenAPI descriptions shared by every GET of ledger state. */
export const AS_OF_DESCRIPTION =
  'ISO 8601 timestamp (a bare date means the end of that day, UTC): the answer exactly as the ledger stood then, ' +
  'folded from the events recorded up to that moment. "To date" and "overdue" are then measured at that moment.';

export const MIN_POSITION_DESCRIPTION =
  'A ledger position (the `position` of a command answer): wait, at most 2 s, until the read models include it; ' +
  '503 READ_MODEL_BEHIND when they do not by then. Ignored with asOf, which always reads the ledger itself.';
