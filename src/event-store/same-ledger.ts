/**
 * Whether a file derived from a ledger (the read models, the Idempotency-Key index) was
 * derived from this one: the ledger holds, at the position the file is caught up to, the very
 * event (by its hash in the chain) the file saw there. A file of another ledger, or of this
 * one before a restore, is then rebuilt rather than served.
 */
import { EventStore } from './event-store';

export interface LedgerMark {
  readonly position: bigint;
  readonly hash: string;
}

export const isSameLedger = async (store: EventStore, mark: LedgerMark): Promise<boolean> => {
  const at = mark.position;
  for await (const event of store.readAll({ after: at - 1n, upTo: at, maxCount: 1 })) {
    return event.position === at && event.hash === mark.hash;
  }
  return false;
};
