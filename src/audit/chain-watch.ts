/**
 * The chain watch: the service verifies its whole hash chain by itself, soon after it starts
 * listening and then every LEDGER_CHAIN_WATCH_MINUTES, so that a row edited in the ledger
 * behind its back shows in /health (503), /metrics and the log without anyone asking
 * GET /api/audit/verify. It verifies through the service's one gated verifier, in the slot kept
 * for a verification nobody waits on (gated-verifier.ts), so it never holds one of the auditors'
 * slots. Its worker threads run at the lowest CPU priority: a question asked while it reads the
 * chain takes 1.1-1.3 times as long, not 1.6 times (bench/README.md).
 * What it knows is a pure state machine (chain-watch-state.ts).
 */
import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { Server } from 'node:http';
import type { Logger } from 'pino';
import { AppConfig } from '../config/config';
import { EventStore } from '../event-store/event-store';
import { ChainScope } from '../event-store/hash-chain';
import { APP_CONFIG, EVENT_STORE, LOGGER } from '../infra/tokens';
import { LEDGER_VERIFIER } from './audit.tokens';
import {
  ChainKnowledge,
  ChainVerdict,
  ChainWatchEvent,
  evolveChain,
  lastVerdict,
  transitionOf,
  withoutQuotedText,
} from './chain-watch-state';
import { VERIFICATION_RETRY_AFTER_SECONDS, VerificationBusyError } from './gated-verifier';
import { LedgerVerifier } from './ledger-verifier';

/** After listening: the first requests and readiness probes go first, then the chain is read. */
export const CHAIN_WATCH_FIRST_DELAY_MS = 1_000;
/** The background slot was taken (another background pass): try again when the gate says to. */
export const CHAIN_WATCH_BUSY_RETRY_MS = VERIFICATION_RETRY_AFTER_SECONDS * 1_000;
/** A verification failed (the store unreachable, say): try again this soon, not an interval later. */
export const CHAIN_WATCH_FAILURE_RETRY_MS = 60_000;
const MS_PER_MINUTE = 60_000;

@Injectable()
export class ChainWatch implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private knowledge: ChainKnowledge;
  private readonly intervalMs: number;
  private timer: NodeJS.Timeout | undefined;
  /** The verification under way (or the last one), so that verifications never overlap. */
  private running: Promise<void> = Promise.resolve();
  private stopped = false;
  private unwatchListening: (() => void) | undefined;

  constructor(
    @Inject(LEDGER_VERIFIER) private readonly verifier: LedgerVerifier,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly adapterHost: HttpAdapterHost,
  ) {
    this.intervalMs = config.chainWatchMinutes * MS_PER_MINUTE;
    this.knowledge = this.intervalMs === 0 ? { state: 'off' } : { state: 'not-yet-verified' };
  }

  /** The chain the verifier checks: one global chain, or one per stream. */
  get scope(): ChainScope {
    return this.verifier.scope;
  }

  /** What is known of the chain now. */
  current(): ChainKnowledge {
    return this.knowledge;
  }

  /** Starts the watch once the server listens: a start is never held up by a verification. */
  onApplicationBootstrap(): void {
    if (this.knowledge.state === 'off') return;
    const server = this.adapterHost.httpAdapter?.getHttpServer() as Server | undefined;
    // Not an HTTP application (nothing listens): nothing to watch for.
    if (server === undefined) return;
    const start = (): void => this.schedule(CHAIN_WATCH_FIRST_DELAY_MS);
    if (server.listening) return start();
    server.once('listening', start);
    this.unwatchListening = () => server.off('listening', start);
  }

  /**
   * Before the server and the store close: no verification is started any more. One under
   * way is abandoned, not awaited: the ledger's closing ends it (the verifier's close ends
   * those in worker threads, a read of the closed store the others), and its failure is
   * then only noted at debug level.
   */
  beforeApplicationShutdown(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.unwatchListening?.();
  }

  /**
   * Verifies the whole chain now, after the verification under way if there is one, and
   * answers what is known then. Rejects with VerificationBusyError when the service's bound on
   * verifications is full, and with the verifier's error when it fails; either leaves what
   * was known as it was. With the watch off, or the service stopping, it verifies nothing.
   */
  verifyNow(): Promise<ChainKnowledge> {
    const run = this.running.then(() => this.verifyOnce());
    this.running = run.catch(() => undefined);
    return run.then(() => this.knowledge);
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    // Unref'd: a pending verification never keeps the process alive.
    this.timer = setTimeout(() => void this.tick(), delayMs).unref();
  }

  private async tick(): Promise<void> {
    this.timer = undefined;
    let next = this.intervalMs;
    try {
      await this.verifyNow();
    } catch (error) {
      next = this.afterFailure(error);
    }
    this.schedule(next);
  }

  /** How soon to try again after a verification that did not give a verdict. */
  private afterFailure(error: unknown): number {
    const message = withoutQuotedText(error instanceof Error ? error.message : String(error));
    if (this.stopped) {
      this.logger.debug({ error: message }, 'chain watch: verification abandoned at shutdown');
      return this.intervalMs;
    }
    if (error instanceof VerificationBusyError) return CHAIN_WATCH_BUSY_RETRY_MS;
    const retryMs = Math.min(CHAIN_WATCH_FAILURE_RETRY_MS, this.intervalMs);
    this.logger.warn(
      { error: message, retryMs },
      'chain watch: the verification failed; the last verdict stands',
    );
    return retryMs;
  }

  private async verifyOnce(): Promise<void> {
    if (this.knowledge.state === 'off' || this.stopped) return;
    this.apply({ type: 'started', at: new Date().toISOString() });
    let position: bigint;
    let report;
    try {
      // Read first: the verification then covers at least up to it (the ledger only grows).
      position = await this.store.headPosition();
      // Nobody waits on it: its workers take what the service's questions leave of the cores.
      report = await this.verifier.verify({ background: true });
    } catch (error) {
      this.apply({ type: 'abandoned' });
      throw error;
    }
    const before = lastVerdict(this.knowledge);
    this.apply({ type: 'verified', report, position, at: new Date().toISOString() });
    const after = lastVerdict(this.knowledge);
    if (after !== undefined) this.log(before, after);
  }

  private apply(event: ChainWatchEvent): void {
    this.knowledge = evolveChain(this.knowledge, event);
  }

  /** One line per change of verdict; positions, counts and hashes only, never event data. */
  private log(before: ChainVerdict | undefined, after: ChainVerdict): void {
    const transition = transitionOf(before, after);
    if (transition === undefined) return;
    const scope = this.scope;
    switch (after.state) {
      case 'intact': {
        const fields = {
          scope,
          eventsChecked: after.eventsChecked,
          position: after.position?.toString(),
        };
        if (transition === 'mended')
          this.logger.warn(fields, 'ledger chain verifies again: every link holds');
        else this.logger.info(fields, 'ledger chain verified: every link holds');
        return;
      }
      case 'broken': {
        const position = after.firstBrokenPosition?.toString();
        this.logger.error(
          {
            scope,
            eventsChecked: after.eventsChecked,
            firstBrokenPosition: position,
            reason: after.reason,
          },
          `ledger chain broken: the first broken link is ${transition === 'break-moved' ? 'now ' : ''}at position ${position ?? 'unknown'} (${after.reason}); the record no longer verifies`,
        );
        return;
      }
      default: {
        const exhaustive: never = after;
        throw new Error(`unknown chain verdict ${String(exhaustive)}`);
      }
    }
  }
}
