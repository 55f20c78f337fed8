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
