/**
 * Tamper evidence for auditors, behind one small interface so that it works whatever chain
 * the store keeps: the embedded store has one global chain, the EventStoreDB adapter one chain
 * per stream (see ../event-store/hash-chain.ts). `verify` recomputes every link, never a
 * sample; `digest` gives a text to keep outside the system; `verify` with that digest proves
 * the history up to its position is still the same.
 */
import { RecordedEvent } from '../event-store/event-store';
import { ChainScope } from '../event-store/hash-chain';
import { LedgerDigest } from './ledger-digest';

/** How often, in events, a long verification reports progress. */
export const PROGRESS_INTERVAL_EVENTS = 1_000;

/** `total` is an estimate when the store cannot count cheaply; a progress bar clamps it. */
export type ProgressListener = (progress: {
  readonly done: number;
  readonly total: number;
}) => void;

export interface DigestCheck {
  readonly position: bigint;
  readonly matches: boolean;
  /** Why it does not match; absent when it does. */
  readonly reason?: string;
}

export interface VerifyReport {
  /** Every link holds and, when a digest was given, it matches. */
  readonly ok: boolean;
  readonly scope: ChainScope;
  readonly eventsChecked: number;
  /** The lowest position whose link is broken. */
  readonly firstBrokenPosition?: bigint;
  readonly reason?: string;
  readonly digest?: DigestCheck;
}

export type DigestOutcome =
  | { readonly kind: 'digest'; readonly digest: LedgerDigest; readonly eventsChecked: number }
  /** A digest of a broken chain would vouch for tampered history: none is given. */
  | { readonly kind: 'broken'; readonly report: VerifyReport }
  /** The store has no event at the position asked for. */
  | { readonly kind: 'no-event'; readonly position: bigint; readonly headPosition: bigint };

export interface VerifyOptions {
  readonly digest?: LedgerDigest;
  readonly onProgress?: ProgressListener;
  /**
   * Nobody waits on this verification (the chain watch's): where it runs in worker threads,
   * they run at the lowest CPU priority (lowerThreadPriority), so the service's questions
   * asked meanwhile go first. The same verdict either way.
   */
  readonly background?: boolean;
}

export interface DigestOptions {
  /** Default: the head of the ledger. */
  readonly position?: bigint;
  readonly onProgress?: ProgressListener;
  /**
   * Start from the furthest link at or below `position` that this verifier has verified from
   * the first event before, once the hash stored there is read again and found unchanged,
   * instead of from the first event (`eventsChecked` then counts the events read after it).
   * For a report that carries a digest beside its figures (the board report); an auditor's
   * digest and every verify read the whole chain. Only the single-chain verifier keeps such
   * links; the per-stream one ignores this.
   */
  readonly reuseVerified?: boolean;
}

export interface LedgerVerifier {
  readonly scope: ChainScope;
  verify(options?: VerifyOptions): Promise<VerifyReport>;
  digest(options?: DigestOptions): Promise<DigestOutcome>;
  /**
   * Ends the verifications under way where they run beside the service's thread (they fail
   * as reads of a closed store do) and refuses new ones: the ledger is about to close.
   */
  close?(): Promise<void>;
}

/** Passes events through, calling `onEvent` for each: how a verification watches a chain go by. */
export async function* tapEvents<T extends Pick<RecordedEvent, 'position'>>(
  events: AsyncIterable<T>,
  onEvent: (event: T) => void,
): AsyncIterable<T> {
  for await (const event of events) {
    onEvent(event);
    yield event;
  }
}

/**
 * Counts events and tells the listener each time the count passes a multiple of
 * PROGRESS_INTERVAL_EVENTS: once per `add`, however many multiples it passes.
 */
export const progressCounter = (
  listener: ProgressListener | undefined,
  total: number,
): { tick(): void; add(events: number): void; done(): void } => {
  let done = 0;
  const add = (events: number): void => {
    const before = Math.floor(done / PROGRESS_INTERVAL_EVENTS);
    done += events;
    if (listener && Math.floor(done / PROGRESS_INTERVAL_EVENTS) > before) listener({ done, total });
  };
  return {
    tick: () => add(1),
    add,
    done: () => listener?.({ done, total: Math.max(total, done) }),
  };
};
