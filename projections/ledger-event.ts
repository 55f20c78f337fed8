/**
 * What the read models fold: a fund or investment event with the part of its envelope the
 * figures need (position, stream, revision, recorded time). Events of any other stream or
 * type (users, tokens, ...) never reach a projection: the upcaster leaves them out, and the
 * runner still moves its checkpoint past them.
 */
import { FundEvent } from '../src/fund/fund.events';
import { InvestmentEvent } from '../src/investment/investment.events';

export type LedgerDomainEvent = FundEvent | InvestmentEvent;

export type LedgerEvent = LedgerDomainEvent & {
  /** Global position, as a decimal string so that a view stays plain JSON. */
  readonly position: string;
  readonly streamId: string;
  /** The event's revision in its stream, as a decimal string (the stream's ETag). */
  readonly revision: string;
  /** ISO 8601 UTC: when the ledger learned the fact. */
  readonly recordedAt: string;
};

export type LedgerEventType = LedgerDomainEvent['type'];
