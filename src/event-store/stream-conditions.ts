/**
 * The other streams an append is conditioned on (AppendOptions.unchanged), checked the same
 * way by both stores: each named and revisioned as an append's own stream is, never the
 * stream appended to, and refused with a WrongExpectedRevisionError naming the stream that
 * moved.
 */
import {
  ExpectedRevision,
  InvalidAppendError,
  StreamCondition,
  WrongExpectedRevisionError,
} from './event-store';

/** An event id: a uuid, in either case. */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether a stream at `actual` (undefined: it does not exist) is where `expected` says. */
export const matchesExpected = (
  expected: ExpectedRevision,
  actual: bigint | undefined,
): boolean => {
  switch (expected) {
    case 'any':
      return true;
    case 'no-stream':
      return actual === undefined;
    case 'stream-exists':
      return actual !== undefined;
    default:
      return actual === expected;
  }
};

/** A store's own checks of a stream id and an expected revision. */
export interface StreamChecks {
  readonly streamId: (stream: unknown) => string;
  readonly expectedRevision: (stream: string, expected: unknown) => ExpectedRevision;
}

export const checkConditions = (
  stream: string,
  unchanged: unknown,
  checks: StreamChecks,
): readonly StreamCondition[] => {
  if (unchanged === undefined) return [];
  if (!Array.isArray(unchanged)) {
    throw new InvalidAppendError(`append to ${stream}: unchanged is not a list`);
  }
  return unchanged.map((condition: { stream?: unknown; revision?: unknown } | undefined) => {
    const other = checks.streamId(condition?.stream);
    if (other === stream) {
      throw new InvalidAppendError(`append to ${stream}: a condition names the stream appended to`);
    }
    return { stream: other, revision: checks.expectedRevision(other, condition?.revision) };
  });
};

/** Throws when the condition's stream, now at `actual`, has moved from where it was read. */
export const requireUnchanged = (condition: StreamCondition, actual: bigint | undefined): void => {
  if (!matchesExpected(condition.revision, actual)) {
    throw new WrongExpectedRevisionError(condition.stream, condition.revision, actual);
  }
};

/** AppendOptions.expectedEventId, checked: a uuid, and only beside an exact revision. */
export const checkExpectedEventId = (
  stream: string,
  expected: ExpectedRevision,
  eventId: unknown,
): string | undefined => {
  if (eventId === undefined) return undefined;
  if (typeof eventId !== 'string' || !UUID_PATTERN.test(eventId)) {
    throw new InvalidAppendError(
      `append to ${stream}: expected event id ${String(eventId)} is not a uuid`,
    );
  }
  if (typeof expected !== 'bigint') {
    throw new InvalidAppendError(
      `append to ${stream}: an expected event id needs an exact expected revision, not ${expected}`,
    );
  }
  return eventId;
};

/**
 * Throws when the stream's last event, at the expected revision, is not the one the append
 * names (AppendOptions.expectedEventId). `heldBy` is that event's id (undefined: none).
 */
export const requireExpectedEvent = (
  stream: string,
  expected: bigint,
  expectedEventId: string | undefined,
  heldBy: string | undefined,
): void => {
  if (expectedEventId === undefined) return;
  if (heldBy?.toLowerCase() === expectedEventId.toLowerCase()) return;
  throw new WrongExpectedRevisionError(stream, expected, expected, expectedEventId);
};
