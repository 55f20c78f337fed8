/**
 * The investment's first allocation approves it: the fund records the allocation on its
 * stream, and this process manager, reading the ledger after its own checkpoint, records the
 * consequence on the investment's stream (InvestmentApproved, with the case version the
 * allocation named as the baseline) through the ordinary command handler.
 *
 * Exactly once without special cases: the investment's decider answers a repeated approval
 * of the same allocation as already done, and a later allocation (or one arriving after the
 * investment moved on) changes nothing, so an allocation handled again after a crash (the
 * checkpoint may be behind) approves nothing twice. A refusal by the decider is a fact about
 * the ledger and is logged and passed; any other failure (a store fault) stops the process,
 * which starts again from its checkpoint after a pause.
 *
 * Allocations to different investments are approved concurrently (so a rush shares durable
 * commits), and the checkpoint only moves past an allocation once every earlier one is done.
 *
 * An allocation to an investment the read models already show approved is passed without a
 * command: the decider would answer it as done or change nothing (an approval is for good),
 * and the command costs a fold of the investment's stream. A service starting without its
 * checkpoint (the first start on an existing ledger) would otherwise fold every investment's
 * stream once. The read models are a prefix of the ledger, so "approved" there is approved.
 */
import type { Logger } from 'pino';
import { Subscription } from 'rxjs';
import { EventFilter, EventStore, RecordedEvent } from '../event-store/event-store';
import { FUND_STREAM_PREFIX } from '../fund/fund.events';
import { READ_YOUR_WRITES_TIMEOUT_MS } from '../projections/read-model-waiter';
import { CommandHandler } from '../shared/command-handler';
import { atMostEvery } from '../shared/once-per-turn';
import { DomainError } from '../shared/domain-error';
import { upcast } from '../../projections/upcast';
import { ApprovalCheckpoint, ApprovalMark, NO_APPROVAL_MARK } from './approval-checkpoint';
import { isSameLedger } from '../event-store/same-ledger';
import { investmentDecider } from './investment.decider';
import { investmentStream } from './investment.events';

/** Approvals under way at once; further allocations wait their turn in order. */
export const MAX_APPROVALS_IN_FLIGHT = 32;
/** Allocations read per page while catching up, each page handled before the next is read. */
export const APPROVAL_CATCH_UP_PAGE = 256;
/** Pause before starting again from the checkpoint after a failure. */
export const APPROVAL_RETRY_DELAY_MS = 5_000;
/**
 * The most often the checkpoint is written while allocations stream in. Writing it (a file
 * written and renamed) after every turn was about 3 % of the service's busy time under a stream of
 * allocations; a crash now repeats at most this much handling, which approves nothing twice.
 */
export const APPROVAL_CHECKPOINT_INTERVAL_MS = 1_000;
/** How long an allocation's answer waits for its approval (like read-your-writes). */
export const APPROVAL_WAIT_TIMEOUT_MS = READ_YOUR_WRITES_TIMEOUT_MS;

/** The only events the process reacts to; the store filters the rest out. */
const ALLOCATIONS: EventFilter = { eventTypes: ['FundsAllocated'] };
/** The command handler's refusal after too many lost races: worth another try, not a fact. */
const TRANSIENT_REFUSALS: ReadonlySet<string> = new Set(['CONCURRENT_UPDATE']);

/** Whether the read models show the investment approved already (see above). */
export type ApprovedAlready = (investmentId: string) => boolean;

interface InFlight {
  readonly position: bigint;
  readonly hash: string;
  done: boolean;
}

interface Waiter {
  readonly position: bigint;
  readonly resolve: (reached: boolean) => void;
}

export class ApprovalProcessManager {
  /** Every allocation at or below this position has been handled. */
  private handled = 0n;
  /** The hash of the ledger's event at `handled`, kept with it in the checkpoint. */
  private handledHash: string | undefined;
  private saved = 0n;
  /** Moves on at every (re)start and stop: what an earlier run still finishes is ignored. */
  private generation = 0;
  private running = false;
  private inFlight: InFlight[] = [];
  private queued: RecordedEvent[] = [];
  private idle: ((drained: boolean) => void)[] = [];
  private waiters = new Set<Waiter>();
  private subscription: Subscription | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  /** A rush of approvals writes the checkpoint once per interval; `stop` writes it at once. */
  private readonly saveLater = atMostEvery(APPROVAL_CHECKPOINT_INTERVAL_MS, () => this.save());

  constructor(
    private readonly store: EventStore,
    private readonly handler: CommandHandler,
    private readonly checkpoint: ApprovalCheckpoint,
    private readonly logger: Logger,
    private readonly retryDelayMs = APPROVAL_RETRY_DELAY_MS,
    private readonly approvedAlready: ApprovedAlready = () => false,
  ) {}

  /** Handles every allocation recorded since the checkpoint, then follows the ledger live. */
  async start(): Promise<void> {
    const mark = await this.checkedMark();
    this.handled = mark.position;
    this.handledHash = mark.hash;
    this.saved = this.handled;
    this.running = true;
    await this.run(this.generation);
  }

  stop(): void {
    this.running = false;
    this.reset();
    for (const waiter of this.waiters) waiter.resolve(false);
    this.waiters.clear();
    this.saveLater.cancel();
    this.save();
  }

  /**
   * The checkpoint, if the ledger holds the event it was taken at; else from the first event,
   * logged. After a restore from an older backup the checkpoint lay beyond what the ledger
   * holds, and the allocations recorded again up to it were never handled. A checkpoint written
   * before the hash was kept is trusted only within the ledger's head.
   */
  private async checkedMark(): Promise<ApprovalMark> {
    const mark = this.checkpoint.load();
    if (mark.position === 0n) return NO_APPROVAL_MARK;
    const holds =
      mark.hash === undefined
        ? mark.position <= (await this.store.headPosition())
        : await isSameLedger(this.store, { position: mark.position, hash: mark.hash });
    if (holds) return mark;
    this.logger.warn(
      { position: String(mark.position) },
      'approval checkpoint is not of this ledger (another ledger, or this one before a restore): handling every allocation again (approvals are not repeated)',
    );
    return NO_APPROVAL_MARK;
  }

  /** Where the process has got to: every allocation at or below it is handled. */
  position(): bigint {
    return this.handled;
  }

  /** Resolves true once the allocation at `position` is handled, false after `timeoutMs`. */
  waitFor(position: bigint, timeoutMs = APPROVAL_WAIT_TIMEOUT_MS): Promise<boolean> {
    if (this.handled >= position) return Promise.resolve(true);
    if (!this.running) return Promise.resolve(false);
    return new Promise<boolean>((resolve) => {
      const waiter: Waiter = {
        position,
        resolve: (reached) => {
          clearTimeout(timer);
          this.waiters.delete(waiter);
          resolve(reached);
        },
      };
      const timer = setTimeout(() => waiter.resolve(false), timeoutMs);
      this.waiters.add(waiter);
    });
  }

  /** Catches up from the checkpoint in pages, then subscribes after the head it caught up to. */
  private async run(generation: number): Promise<void> {
    try {
      const head = await this.store.headPosition();
      let after = this.handled;
      while (after < head) {
        const page: RecordedEvent[] = [];
        const options = {
          after,
          upTo: head,
          maxCount: APPROVAL_CATCH_UP_PAGE,
          filter: ALLOCATIONS,
        };
        for await (const event of this.store.readAll(options)) page.push(event);
        if (generation !== this.generation) return;
        for (const event of page) this.enqueue(event, generation);
        if (!(await this.drained())) return;
        after = page.length < APPROVAL_CATCH_UP_PAGE ? head : page[page.length - 1].position;
      }
      // Stopped meanwhile: no subscription may outlive the run.
      if (generation !== this.generation) return;
      // No allocation between the last one handled and the head: the head is handled too.
      const headHash = head > this.handled ? await this.hashAt(head) : undefined;
      if (generation !== this.generation) return;
      if (headHash !== undefined) this.advanceTo(head, headHash);
      this.subscription = this.store.subscribe({ after: head, filter: ALLOCATIONS }).subscribe({
        next: (event) => this.enqueue(event, generation),
        error: (error: unknown) => this.fail(error, generation),
      });
    } catch (error) {
      this.fail(error, generation);
    }
  }

  private enqueue(event: RecordedEvent, generation: number): void {
    if (generation !== this.generation || !this.running) return;
    this.queued.push(event);
    this.launchQueued(generation);
  }

  private launchQueued(generation: number): void {
    while (this.queued.length > 0 && this.inFlight.length < MAX_APPROVALS_IN_FLIGHT) {
      const event = this.queued.shift()!;
      const entry: InFlight = { position: event.position, hash: event.hash, done: false };
      this.inFlight.push(entry);
      this.approve(event).then(
        () => {
          if (generation !== this.generation) return;
          entry.done = true;
          this.completeInOrder(generation);
        },
        (error: unknown) => this.fail(error, generation),
      );
    }
  }

  /** Moves the handled position over the done allocations at the front, in order. */
  private completeInOrder(generation: number): void {
    while (this.inFlight[0]?.done) {
      const entry = this.inFlight.shift()!;
      this.advanceTo(entry.position, entry.hash);
    }
    this.launchQueued(generation);
    if (this.inFlight.length === 0 && this.queued.length === 0) this.settleIdle(true);
  }

  private advanceTo(position: bigint, hash: string): void {
    if (position <= this.handled) return;
    this.handled = position;
    this.handledHash = hash;
    for (const waiter of [...this.waiters]) {
      if (this.handled >= waiter.position) waiter.resolve(true);
    }
    this.saveLater.pull();
  }

  /** The hash of the ledger's event at `position`; undefined when it holds none there. */
  private async hashAt(position: bigint): Promise<string | undefined> {
    for await (const event of this.store.readAll({
      after: position - 1n,
      upTo: position,
      maxCount: 1,
    }))
      return event.position === position ? event.hash : undefined;
    return undefined;
  }

  /** Resolves true once nothing is queued or under way, false if the run is abandoned first. */
  private drained(): Promise<boolean> {
    if (this.inFlight.length === 0 && this.queued.length === 0) return Promise.resolve(true);
    return new Promise<boolean>((resolve) => this.idle.push(resolve));
  }

  private settleIdle(drained: boolean): void {
    const idle = this.idle;
    this.idle = [];
    for (const resolve of idle) resolve(drained);
  }

  /**
   * Records the approval the allocation causes (or finds it recorded). Resolves when the
   * allocation is handled, including when the decider refuses (logged: there is nothing a
   * retry could change); rejects on anything a retry might get past.
   */
  private async approve(recorded: RecordedEvent): Promise<void> {
    const event = upcast(recorded);
    if (event?.type !== 'FundsAllocated' || !recorded.streamId.startsWith(FUND_STREAM_PREFIX))
      return;
    const { investmentId, allocationId, benefitCaseVersion } = event.data;
    // An allocation recorded before case versions were known names none: no baseline to approve.
    if (benefitCaseVersion === null || this.approvedAlready(investmentId)) return;
    const actor = recorded.metadata.actor;
    try {
      await this.handler.execute(
        investmentStream(investmentId),
        investmentDecider,
        {
          type: 'RecordFirstAllocation',
          investmentId,
          allocationId,
          caseVersion: benefitCaseVersion,
          actor,
        },
        {
          actor,
          correlationId: `allocation:${allocationId}`,
          metadata: { causedByPosition: String(recorded.position), resourceId: investmentId },
        },
      );
    } catch (error) {
      if (!(error instanceof DomainError) || TRANSIENT_REFUSALS.has(error.code)) throw error;
      this.logger.warn(
        { err: error, allocationId, investmentId, position: String(recorded.position) },
        'allocation recorded, its approval refused',
      );
    }
  }

  /** Abandons the run and starts again from the checkpoint after a pause. */
  private fail(error: unknown, generation: number): void {
    if (generation !== this.generation || !this.running) return;
    this.logger.error(
      { err: error, position: String(this.handled) },
      'approval process stopped; retrying from its checkpoint',
    );
    this.reset();
    const next = this.generation;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      if (this.running && next === this.generation) void this.run(next);
    }, this.retryDelayMs).unref();
  }

  /** Drops the subscription and what is queued or under way (a new run handles it again). */
  private reset(): void {
    this.generation++;
    this.subscription?.unsubscribe();
    this.subscription = undefined;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.queued = [];
    this.inFlight = [];
    this.settleIdle(false);
  }

  /** A checkpoint left behind costs a replay, not a wrong answer: a failed write is only logged. */
  private save(): void {
    if (this.handled === this.saved) return;
    try {
      this.checkpoint.save({
        position: this.handled,
        ...(this.handledHash === undefined ? {} : { hash: this.handledHash }),
      });
      this.saved = this.handled;
    } catch (error) {
      this.logger.warn({ err: error }, 'approval checkpoint not written');
    }
  }
}
