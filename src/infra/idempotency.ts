/**
 * Idempotency-Key support. The key, the caller and a hash of the request travel in the
 * metadata of the events a command appends, so the index is rebuilt from the ledger itself
 * and survives restarts: nothing outside the event log has to be kept in step with it.
 */
import { createHash } from 'node:crypto';
import { Subscription } from 'rxjs';
import { EventStore } from '../event-store/event-store';
import { problem, ProblemException } from '../shared/problem';
import { canonicalJson } from '../shared/decider';

/** Longest Idempotency-Key accepted. */
export const MAX_IDEMPOTENCY_KEY_LENGTH = 200;
const KEY_PATTERN = /^[\x21-\x7e]{1,200}$/;

export interface CommandAnswer {
  readonly id: string;
  readonly revision: string;
  readonly position: string;
}

interface Entry {
  readonly requestHash: string;
  readonly answer: CommandAnswer;
}

export const requestHash = (method: string, url: string, body: unknown): string =>
  createHash('sha256')
    .update(`${method} ${url}\n${canonicalJson(body ?? null)}`)
    .digest('hex');

/** The Idempotency-Key header: absent, or one key of visible ASCII (repeated headers are refused). */
export const parseIdempotencyKey = (header: string | string[] | undefined): string | undefined => {
  if (header === undefined) return undefined;
  if (typeof header !== 'string' || !KEY_PATTERN.test(header)) {
    throw new ProblemException(
      problem(
        400,
        'IDEMPOTENCY_KEY_INVALID',
        `Idempotency-Key must be 1–${MAX_IDEMPOTENCY_KEY_LENGTH} visible ASCII characters.`,
      ),
    );
  }
  return header;
};

export class IdempotencyIndex {
  private readonly entries = new Map<string, Entry>();
  private readonly inFlight = new Map<string, Promise<unknown>>();
  private subscription: Subscription | undefined;

  private constructor() {}

  static async start(store: EventStore): Promise<IdempotencyIndex> {
    const index = new IdempotencyIndex();
    const head = await store.headPosition();
    await new Promise<void>((resolve, reject) => {
      if (head === 0n) resolve();
      index.subscription = store.subscribe({ after: 0n }).subscribe({
        next: (event) => {
          const { idempotencyKey, requestHash: hash, resourceId, actor } = event.metadata;
          if (typeof idempotencyKey === 'string' && typeof hash === 'string') {
            index.entries.set(IdempotencyIndex.scope(actor.id, idempotencyKey), {
              requestHash: hash,
              answer: {
                id: String(resourceId ?? ''),
                revision: String(event.revision),
                position: String(event.position),
              },
            });
          }
          if (event.position >= head) resolve();
        },
        error: reject,
      });
    });
    return index;
  }

  private static scope(actorId: string, key: string): string {
    return `${actorId}\u0000${key}`;
  }

  /**
   * Runs `work` once per (caller, key): a retry with the same request gets the first answer,
   * a different request under the same key is refused.
   */
  async run(
    actorId: string,
    key: string,
    hash: string,
    work: () => Promise<CommandAnswer>,
  ): Promise<CommandAnswer> {
    const scoped = IdempotencyIndex.scope(actorId, key);
    while (this.inFlight.has(scoped)) await this.inFlight.get(scoped)?.catch(() => undefined);
    const known = this.entries.get(scoped);
    if (known) {
      if (known.requestHash !== hash) {
        throw new ProblemException(
          problem(
            409,
            'IDEMPOTENCY_KEY_REUSED',
            'This Idempotency-Key was used for a different request.',
          ),
        );
      }
      return known.answer;
    }
    const running = work().then((answer) => {
      this.entries.set(scoped, { requestHash: hash, answer });
      return answer;
    });
    this.inFlight.set(scoped, running);
    try {
      return await running;
    } finally {
      this.inFlight.delete(scoped);
    }
  }

  stop(): void {
    this.subscription?.unsubscribe();
  }
}
