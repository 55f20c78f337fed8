/**
 * One bound on verifications for the whole service: a verification (or a digest) reads and
 * hashes the ledger up to a position, so the audit endpoints and the board report share the
 * same few slots instead of each keeping its own, and a caller past the bound is told to come
 * back (429 VERIFICATION_BUSY with Retry-After) rather than queued without limit. A
 * verification nobody waits on (the chain watch's, `background`) has a slot of its own beside
 * them: its workers run at the lowest CPU priority and take only what the service leaves, so on
 * a busy machine it may take long, and it must not hold an auditor's slot meanwhile.
 */
import { ChainScope } from '../event-store/hash-chain';
import {
  DigestOptions,
  DigestOutcome,
  LedgerVerifier,
  VerifyOptions,
  VerifyReport,
} from './ledger-verifier';

/** More at once would starve the service of its one thread and its store. */
export const MAX_CONCURRENT_VERIFICATIONS = 2;
/** Background verifications at once, beside the others: the chain watch runs one at a time. */
export const MAX_BACKGROUND_VERIFICATIONS = 1;
export const VERIFICATION_RETRY_AFTER_SECONDS = 10;

export class VerificationBusyError extends Error {
  readonly retryAfterSeconds = VERIFICATION_RETRY_AFTER_SECONDS;

  constructor(readonly limit: number) {
    super(`${limit} verifications are running already`);
    this.name = 'VerificationBusyError';
  }
}

/** Verifications running under one bound, and the bound. */
class Slots {
  private running = 0;

  constructor(readonly limit: number) {}

  async hold<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= this.limit) throw new VerificationBusyError(this.limit);
    this.running += 1;
    try {
      return await work();
    } finally {
      this.running -= 1;
    }
  }
}

export class GatedLedgerVerifier implements LedgerVerifier {
  private readonly slots: Slots;
  private readonly backgroundSlots = new Slots(MAX_BACKGROUND_VERIFICATIONS);

  constructor(
    private readonly inner: LedgerVerifier,
    limit: number = MAX_CONCURRENT_VERIFICATIONS,
  ) {
    this.slots = new Slots(limit);
  }

  get scope(): ChainScope {
    return this.inner.scope;
  }

  verify(options?: VerifyOptions): Promise<VerifyReport> {
    const slots = options?.background === true ? this.backgroundSlots : this.slots;
    return slots.hold(() => this.inner.verify(options));
  }

  digest(options?: DigestOptions): Promise<DigestOutcome> {
    return this.slots.hold(() => this.inner.digest(options));
  }

  async close(): Promise<void> {
    await this.inner.close?.();
  }
}
