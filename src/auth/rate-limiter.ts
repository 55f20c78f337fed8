/**
 * A small in-memory token bucket per key (a user, a client address). Each instance is one named limit. Memory is bounded: past
 * MAX_RATE_LIMIT_BUCKETS keys the least recently seen bucket is dropped, which at worst
 * forgives that one key early.
 */
import { LRUCache } from 'lru-cache';
import { performance } from 'node:perf_hooks';
import { RateLimitConfig } from '../config/config';

export const MAX_RATE_LIMIT_BUCKETS = 100_000;

export type RateDecision =
  { readonly allowed: true } | { readonly allowed: false; readonly retryAfterSeconds: number };

interface Bucket {
  tokens: number;
  updatedMs: number;
}

const ALLOWED: RateDecision = { allowed: true };

export class TokenBucketLimiter {
  /** Past MAX_RATE_LIMIT_BUCKETS keys the least recently seen leaves first. */
  private readonly buckets = new LRUCache<string, Bucket>({ max: MAX_RATE_LIMIT_BUCKETS });

  constructor(
    readonly name: string,
    private readonly limit: RateLimitConfig,
    private readonly nowMs: () => number = () => performance.now(),
  ) {}

  /** Takes one request's token from `key`'s bucket, or says how long until one is there. */
  take(key: string): RateDecision {
    if (this.limit.burst === 0) return ALLOWED;
    const now = this.nowMs();
    const bucket = this.refilled(key, now);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return ALLOWED;
    }
    return this.refusal(bucket);
  }

  /** Whether `key` has a token left, without taking it: for a limit on what happens next. */
  peek(key: string): RateDecision {
    if (this.limit.burst === 0) return ALLOWED;
    const bucket = this.refilled(key, this.nowMs());
    return bucket.tokens >= 1 ? ALLOWED : this.refusal(bucket);
  }

  private refusal(bucket: Bucket): RateDecision {
    return {
      allowed: false,
      retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / this.limit.perSecond)),
    };
  }

  private refilled(key: string, now: number): Bucket {
    const found = this.buckets.get(key);
    const bucket = found ?? { tokens: this.limit.burst, updatedMs: now };
    bucket.tokens = Math.min(
      this.limit.burst,
      bucket.tokens + ((now - bucket.updatedMs) / 1000) * this.limit.perSecond,
    );
    bucket.updatedMs = now;
    // get() has marked a found bucket as recently seen; a new one joins the cache.
    if (found === undefined) this.buckets.set(key, bucket);
    return bucket;
  }
}

/**
 * The service's named limits: requests per user (all of a user's tokens share one bucket,
 * so holding 20 tokens buys no more), and failed authentications per client address. The
 * second is checked before a credential is even looked at, so an address that keeps sending
 * bad credentials costs no token-store lookup or signature check until its bucket refills.
 */
export class RequestLimits {
  readonly perUser: TokenBucketLimiter;
  readonly failedAuthenticationsPerAddress: TokenBucketLimiter;

  constructor(
    perUser: RateLimitConfig,
    failedAuthentications: RateLimitConfig,
    nowMs?: () => number,
  ) {
    this.perUser = new TokenBucketLimiter('per-user', perUser, nowMs);
    this.failedAuthenticationsPerAddress = new TokenBucketLimiter(
      'failed-authentications-per-address',
      failedAuthentications,
      nowMs,
    );
  }
}
