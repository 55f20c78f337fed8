/**
 * What the client's errors mean for the port. A conflict is handled where the caller's
 * expectation is known (the append); here the rest: refusals of a malformed append become
 * InvalidAppendError, everything that says the server cannot be reached or cannot answer
 * now becomes StoreUnavailableError, and anything else (a bug) passes unchanged.
 */
import {
  AccessDeniedError,
  CancelledError,
  DeadlineExceededError,
  InvalidArgumentError,
  MaxAppendSizeExceededError,
  NotLeaderError,
  RequiredMetadataPropertyMissingError,
  StreamDeletedError,
  TimeoutError,
  UnavailableError,
  UnknownError,
} from '@eventstore/db-client';
import { InvalidAppendError, StoreUnavailableError } from '../event-store';

const REFUSALS = [
  InvalidArgumentError,
  MaxAppendSizeExceededError,
  RequiredMetadataPropertyMissingError,
  StreamDeletedError,
];

const AVAILABILITY = [
  AccessDeniedError,
  CancelledError,
  DeadlineExceededError,
  NotLeaderError,
  TimeoutError,
  UnavailableError,
  UnknownError,
];

/** A gRPC status or a socket error that reached us without the client converting it. */
const isTransportError = (error: unknown): boolean =>
  typeof error === 'object' &&
  error !== null &&
  (typeof (error as { code?: unknown }).code === 'number' ||
    /^E[A-Z]+$/.test(String((error as { code?: unknown }).code)));

const messageOf = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);

export const isAvailabilityError = (error: unknown): boolean =>
  AVAILABILITY.some((type) => error instanceof type) || isTransportError(error);

export const toStoreError = (error: unknown, doing: string): unknown => {
  if (error instanceof InvalidAppendError || error instanceof StoreUnavailableError) return error;
  if (REFUSALS.some((type) => error instanceof type)) {
    return new InvalidAppendError(`EventStoreDB refused the ${doing}: ${messageOf(error)}`);
  }
  if (isAvailabilityError(error)) {
    return new StoreUnavailableError(`EventStoreDB cannot ${doing} now: ${messageOf(error)}`, {
      cause: error,
    });
  }
  return error;
};
