/**
 * One bound on verifications for the whole service: a verification (or a digest) reads and
 * hashes the ledger up to a position, so the audit endpoints and the board report share the
 * same few slots instead of each keeping its own, and a caller past the bound is told to come
 * back (429 VERIFICATION_BUSY with Retry-After) rather than queued without limit.
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
export const VERIFICATION_RETRY_AFTER_SECONDS = 10;

export class VerificationBusyError extends Error {
  readonly retryAfterSeconds = VERIFICATION_RETRY_AFTER_SECONDS;

  constructor(readonly limit: number) {
    super(`${limit} verifications are running already`);
    this.name = 'VerificationBusyError';
  }
}

export class GatedLedgerVerifier implements LedgerVerifier {
  private running = 0;

  constructor(
    private readonly inner: LedgerVerifier,
    private readonly limit: number = MAX_CONCURRENT_VERIFICATIONS,
  ) {}

  get scope(): ChainScope {
    return this.inner.scope;
  }

  verify(options?: VerifyOptions): Promise<VerifyReport> {
    return this.gated(() => this.inner.verify(options));
  }

  digest(options?: DigestOptions): Promise<DigestOutcome> {
    return this.gated(() => this.inner.digest(options));
  }

  async close(): Promise<void> {
    await this.inner.close?.();
  }

  private async gated<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= this.limit) throw new VerificationBusyError(this.limit);
    this.running += 1;
    try {
      return await work();
    } finally {
      this.running -= 1;
    }
  }
}
