/**
 * Load → decide → append with the expected revision, for any aggregate.
 *
 * Decided states are cached per stream and commands on one stream are pipelined: each
 * command decides on the state its predecessors will leave and appends with the matching
 * expected revision without waiting for their fsync, so one group commit can carry many
 * commands. A conflict (another writer, or a predecessor that failed) drops the cached state
 * and the command is decided again from a fresh read, a bounded number of times. This relies
 * on the store applying appends in the order they were called, and on each append naming the
 * event its predecessor put at the expected revision (AppendOptions.expectedEventId): when
 * the predecessor failed because another writer took that revision, the revision alone would
 * match and the command would land on an event it was not decided on.
 */
import { LRUCache } from 'lru-cache';
import { randomUUID } from 'node:crypto';
import {
  ActorRef,
  EventMetadata,
  EventStore,
  NewEvent,
  StreamCondition,
  RecordedBeforeHeadError,
  WrongExpectedRevisionError,
} from '../event-store/event-store';
import { Clock, systemClock } from '../infra/tokens';
import { keyedEventId } from '../infra/idempotency-ids';
import { Decider, Decision, DomainEvent } from './decider';
import { foldStream } from './fold';
import { DomainError } from './domain-error';

/** How many times a command is decided again after losing a race. */
export const MAX_COMMAND_ATTEMPTS = 10;

/** The refusal once a command has lost its race MAX_COMMAND_ATTEMPTS times. */
export const tooManyChanges = (stream: string): DomainError =>
  new DomainError('CONCURRENT_UPDATE', `Too many concurrent changes to ${stream}; try again.`);
/**
 * How many times a command is decided again because an append of this process ahead of it on
 * its stream failed, leaving the stream short of the revision it expected. Such a round is not
 * a race lost to another writer: each one settles the command that failed ahead (it fails for
 * its own reason, such as another stream it was conditioned on having moved), so a burst makes
 * at most as many as it has commands failing ahead. Counted as attempts, a burst of allocations
 * raced by closings of their investments ran out of MAX_COMMAND_ATTEMPTS on EventStoreDB (whose
 * appends go one at a time, so many are pipelined at once) and answered 409 CONCURRENT_UPDATE.
 * The bound only ends a livelock.
 */
export const MAX_PIPELINE_RESTARTS = 100;

/**
 * The append expected a revision the stream has not reached: streams only grow, so an append
 * of this process it was pipelined on failed (the revision alone says so; a revision another
 * writer took is one reached, held by another event).
 */
const failedOnlyAfterOwnPredecessor = (error: WrongExpectedRevisionError): boolean =>
  typeof error.expected === 'bigint' &&
  error.expectedEventId === undefined &&
  (error.actual === undefined || error.actual < error.expected);

/** How many decided stream states are kept in memory. */
export const MAX_CACHED_STREAMS = 10_000;
export const EVENT_SCHEMA_VERSION = 1;

export interface CommandContext {
  readonly actor: ActorRef;
  readonly correlationId: string;
  /** From If-Match: the revision the client last saw; a mismatch is a 412, never retried. */
  readonly ifMatch?: bigint;
  /** Extra metadata fields: reason, decisionRef, idempotencyKey, requestHash. */
  readonly metadata?: Readonly<Record<string, unknown>>;
  /**
   * Other streams the command was built from, at the revisions read (AppendOptions.unchanged).
   * When one has moved the append is refused and the error thrown as it is: deciding again
   * here would decide on the same stale look-up, so the caller builds the command again.
   */
  readonly unchanged?: readonly StreamCondition[];
  /**
   * Who may do this to the stream, checked on the state the command is decided on, before
   * `decide`: it throws to refuse (a 403). Its refusal is judged as the decider's are, on a
   * state confirmed current.
   */
  readonly authorize?: (state: unknown) => void;
  /**
   * The caller can build the command again (the gateway, whose commands may be built from a
   * look-up of their own stream's state, handler.state): when it must be decided again on a
   * state read anew, execute throws DecidedOnOldStateError for the caller to build it again,
   * instead of deciding the same command again.
   */
  readonly rebuildWhenBehind?: boolean;
}

/**
 * A refusal or a decision to do nothing was made on a state the stream has moved past, and the
 * command asked to be built again (CommandContext.rebuildWhenBehind); nothing was appended.
 */
export class DecidedOnOldStateError extends Error {
  constructor(readonly stream: string) {
    super(`${stream}: decided on a state the stream has moved past; build the command again`);
    this.name = 'DecidedOnOldStateError';
  }
}

export interface CommandResult {
  /** The stream's revision after the command (the first answer's, for a repeat). */
  readonly revision: bigint;
  readonly position: bigint;
  /** True when the command had already been carried out and nothing was appended. */
  readonly replayed: boolean;
}

/**
 * Consulted before a command carrying an Idempotency-Key (`metadata.idempotencyKey`) is
 * decided, once its stream is loaded (infra/idempotency.ts implements it).
 */
export interface IdempotencyGuard {
  /** Throws when the ledger already holds a command under this caller's key. */
  refuseIfRecorded(actorId: string, key: string): Promise<void>;
}

/** The key a command carries, if any: its events get ids derived from it and the caller. */
const idempotencyKeyOf = (context: CommandContext): string | undefined => {
  const key = context.metadata?.idempotencyKey;
  return typeof key === 'string' ? key : undefined;
};

/** The part of a decider loading needs: it folds any recorded event. */
type AnyDecider<S> = Pick<Decider<never, DomainEvent, S>, 'initialState'> & {
  evolve(state: S, event: DomainEvent): S;
};

interface CachedStream<S> {
  state: S;
  revision: bigint | undefined;
  /**
   * The latest revision the store is known to have had with this state's history: the one read
   * at load, then each of this process's appends that the store wrote where this state put it
   * (one the store answered as a repeat of earlier events, or one that failed, drops the
   * state). A store revision from the one decided on up to it is this state's own.
   */
  landed: bigint | undefined;
  /**
   * The id of the event at `revision` when this process appended it onto this state (its
   * append may still be on its way); undefined for a state as read. The next append names it
   * (AppendOptions.expectedEventId): if that append fails because another writer took its
   * revision, the one pipelined after it must not land on the other writer's event.
   */
  tipEventId: string | undefined;
}

/** The revision a decision was made on, and the latest append then on its way to it. */
interface DecisionBasis {
  readonly revision: bigint | undefined;
  readonly pending: Promise<unknown> | undefined;
}

/** Waits for an append to succeed or fail, whichever. */
const settle = async (append: Promise<unknown> | undefined): Promise<void> => {
  await append?.catch(() => undefined);
};

export class CommandHandler {
  /** Least recently used streams leave first. */
  private readonly cache = new LRUCache<string, Promise<CachedStream<unknown>>>({
    max: MAX_CACHED_STREAMS,
  });
  /** Per stream, the latest append not yet settled. */
  private readonly inFlight = new Map<string, Promise<unknown>>();
  private lastRecordedAt = '';
  /** Read once: the recorded time of the ledger's last event, below which no stamp goes. */
  private floor: Promise<void> | undefined;

  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock = systemClock,
    private readonly guard?: IdempotencyGuard,
  ) {}

  /**
   * The recorded time, taken in the same synchronous step as the append call: the store
   * keeps call order, so recorded times grow with position (as-of relies on it). Clamped so
   * a clock stepping back cannot break that order.
   */
  private stamp(): string {
    const now = this.clock().toISOString();
    this.lastRecordedAt = now > this.lastRecordedAt ? now : this.lastRecordedAt;
    return this.lastRecordedAt;
  }

  async execute<C, E extends DomainEvent, S>(
    stream: string,
    decider: Decider<C, E, S>,
    command: C,
    context: CommandContext,
  ): Promise<CommandResult> {
    const key = idempotencyKeyOf(context);
    await this.recordedAtFloor();
    let restarts = 0;
    for (let round = 1; ; round++) {
      // Rounds lost only to this process's own failed appends ahead are not attempts.
      const attempt = round - restarts;
      const loading = this.load(stream, decider as unknown as AnyDecider<S>);
      const cached = (await loading) as CachedStream<S>;
      // After loading: whatever the loaded state holds is then in the guard's view as well.
      if (key !== undefined) await this.guard?.refuseIfRecorded(context.actor.id, key);
      if (context.ifMatch !== undefined && context.ifMatch !== cached.revision) {
        // The cache may be behind another writer; only a fresh read can say 412.
        if (attempt === 1) {
          this.cache.delete(stream);
          continue;
        }
        throw new WrongExpectedRevisionError(stream, context.ifMatch, cached.revision);
      }
      const decidedOn = this.basisOf(stream, cached);
      /** Whether to decide again: the stream has moved past the state decided on. */
      const decideAgain = async (): Promise<boolean> => {
        if (attempt >= MAX_COMMAND_ATTEMPTS) return false;
        if (!(await this.behind(stream, loading, decidedOn))) return false;
        // A command built from a look-up of the stream is built again on what is there now.
        if (context.rebuildWhenBehind) throw new DecidedOnOldStateError(stream);
        return true;
      };
      let decision: Decision<E>;
      try {
        context.authorize?.(cached.state);
        decision = decider.decide(command, cached.state);
      } catch (refusal) {
        // A refusal on a state another process has moved past (the CLI beside the service,
        // another instance) is decided again on what is there now.
        if (await decideAgain()) continue;
        throw refusal;
      }
      if (decision.kind === 'already-done') {
        // The cached state may hold the earlier event before it is on disk (pipelined): answer
        // once it is there, and decide again from a fresh read if it never got there.
        await this.settled(stream);
        const answer = await this.firstAnswer(stream, decision.replayOf);
        if (answer !== undefined) return answer;
        this.cache.delete(stream);
        if (attempt >= MAX_COMMAND_ATTEMPTS) {
          throw new Error(
            `${stream}: the decider named an earlier event that is not in the stream`,
          );
        }
        continue;
      }
      if (decision.events.length === 0) {
        // Nothing to do, as the state says: only if it is the stream's state now. A grant of a
        // role another process revoked was answered done with nothing recorded.
        if (await decideAgain()) continue;
        return {
          revision: cached.revision ?? -1n,
          position: await this.store.headPosition(),
          replayed: true,
        };
      }
      const expected = cached.revision ?? 'no-stream';
      const expectedEventId = cached.tipEventId;
      // Optimistically advance the cache so the next command on this stream can pipeline.
      cached.state = decision.events.reduce(decider.evolve, cached.state);
      cached.revision = (cached.revision ?? -1n) + BigInt(decision.events.length);
      const writtenAs = cached.revision;
      const commandId = randomUUID();
      const recordedAt = this.stamp();
      // Under a key, a repeat of the command (on any instance) appends the same ids.
      const events = decision.events.map((e, i) =>
        this.toNewEvent(
          e,
          key === undefined ? randomUUID() : keyedEventId(context.actor.id, key, stream, i),
          commandId,
          recordedAt,
          context,
        ),
      );
      cached.tipEventId = events[events.length - 1].eventId;
      const appending = this.store.append(stream, events, {
        expectedRevision: expected,
        ...(expectedEventId === undefined ? {} : { expectedEventId }),
        ...(context.unchanged?.length ? { unchanged: context.unchanged } : {}),
      });
      this.inFlight.set(stream, appending);
      try {
        const result = await appending;
        // The store answered with earlier events (a repeat of their ids): the cached state holds
        // events it never wrote, so it is read again.
        if (result.nextRevision !== writtenAs) {
          if (this.cache.get(stream) === loading) this.cache.delete(stream);
        } else if (cached.landed === undefined || result.nextRevision > cached.landed) {
          cached.landed = result.nextRevision;
        }
        return { revision: result.nextRevision, position: result.position, replayed: false };
      } catch (error) {
        // Only the state this command decided on, which holds its event: another command may
        // have read the stream again since (after an earlier failure), and the commands
        // pipelined on that read would each read it again, decide on the same revision and
        // lose to one another (on EventStoreDB, a burst of 200 allocations lost 72 to
        // CONCURRENT_UPDATE after 1,478 such clashes).
        if (this.cache.get(stream) === loading) this.cache.delete(stream);
        if (error instanceof RecordedBeforeHeadError) {
          // Another process committed an event stamped after ours: stamp from it and retry.
          this.raiseFloor(error.headRecordedAt);
          await this.settled(stream);
          if (attempt >= MAX_COMMAND_ATTEMPTS) throw tooManyChanges(stream);
          continue;
        }
        if (!(error instanceof WrongExpectedRevisionError)) throw error;
        // Under If-Match only a stream that moved is the client's 412: a refusal because the
        // append before it failed (the revision it named holds another event) is this
        // process's race, decided again, and If-Match then checked on the stream as it is.
        if (context.ifMatch !== undefined && error.expectedEventId === undefined) throw error;
        // The appends already sent to this stream land or fail before it is read again: read
        // midway, it gives a state they then move past, and every command decided on it loses
        // the race again (a burst of allocations, each refused once by its investment's
        // approval, ran out of attempts).
        await this.settled(stream);
        if (error.stream !== stream) throw error;
        if (failedOnlyAfterOwnPredecessor(error)) {
          if (++restarts > MAX_PIPELINE_RESTARTS) throw tooManyChanges(stream);
          continue;
        }
        if (attempt >= MAX_COMMAND_ATTEMPTS) {
          throw tooManyChanges(stream);
        }
      } finally {
        if (this.inFlight.get(stream) === appending) this.inFlight.delete(stream);
      }
    }
  }

  /**
   * The clamp in `stamp` starts from the ledger's last recorded time, not from nothing: a
   * service restarted with its clock behind (or the CLI run on such a clock) stamped events
   * earlier than those before them, and as-of answers and the change list then placed them
   * wrongly (a later moment showed less than an earlier one).
   */
  private async recordedAtFloor(): Promise<void> {
    // A failed read is tried again by the next command; this one fails as a read would.
    this.floor ??= this.readFloor().catch((error: unknown) => {
      this.floor = undefined;
      throw error;
    });
    await this.floor;
  }

  private async readFloor(): Promise<void> {
    const head = await this.store.headPosition();
    if (head === 0n) return;
    for await (const last of this.store.readAll({ after: head - 1n, maxCount: 1 })) {
      const at = last.metadata.recordedAt;
      if (typeof at === 'string') this.raiseFloor(at);
    }
  }

  private raiseFloor(recordedAt: string): void {
    if (recordedAt > this.lastRecordedAt) this.lastRecordedAt = recordedAt;
  }

  /**
   * Whether the stream has moved past the state `loading` gave at `decided.revision` (the state
   * is then dropped from the cache). A cached state is otherwise trusted until an append
   * clashes, and only a refusal or a decision to do nothing would answer on it without an append
   * to find it out. Once the appends the decision counted on have settled, the state must still
   * be the cached one (an append that failed, another writer having moved the stream, dropped
   * it), and the store's revision the one decided on or one this state's own appends reached
   * (`landed`). Appends of this process made after the decision are not waited for, but for one
   * round when the store holds one whose answer has not come yet: under a steady load a refusal
   * waits one commit, not until the load stops.
   */
  private async behind(
    stream: string,
    loading: Promise<CachedStream<unknown>>,
    decided: DecisionBasis,
  ): Promise<boolean> {
    await settle(decided.pending);
    if (this.cache.get(stream) !== loading) return true;
    // Every append of this process that can have landed by the read was called before it.
    const calledBefore = this.inFlight.get(stream);
    const stored = await this.store.streamRevision(stream);
    if (stored === decided.revision) return this.cache.get(stream) !== loading;
    // A later revision is this state's own if its appends reached it: once those called before
    // the read have settled, `landed` says (a failed one, or a repeat, dropped the state).
    await settle(calledBefore);
    if (this.cache.get(stream) !== loading) return true;
    const { landed } = await loading;
    const own =
      stored !== undefined &&
      landed !== undefined &&
      (decided.revision === undefined || stored >= decided.revision) &&
      stored <= landed;
    if (own) return false;
    this.cache.delete(stream);
    return true;
  }

  /** What a decision on `cached` rests on: its revision, and the appends then on their way to it. */
  private basisOf(stream: string, cached: CachedStream<unknown>): DecisionBasis {
    return { revision: cached.revision, pending: this.inFlight.get(stream) };
  }

  /** Waits until every append made so far to the stream has succeeded or failed. */
  private async settled(stream: string): Promise<void> {
    // The store applies one stream's appends in call order, so the latest covers the rest.
    await settle(this.inFlight.get(stream));
  }

  /** The current decided state of a stream (for read-your-writes checks and lookups). */
  async state<S>(
    stream: string,
    decider: AnyDecider<S>,
  ): Promise<{ state: S; revision: bigint | undefined }> {
    const cached = (await this.load(stream, decider)) as CachedStream<S>;
    return { state: cached.state, revision: cached.revision };
  }

  /** The stream's state, read again when another process has moved the stream past it. */
  async currentState<S>(
    stream: string,
    decider: AnyDecider<S>,
  ): Promise<{ state: S; revision: bigint | undefined }> {
    const loading = this.load(stream, decider);
    const cached = (await loading) as CachedStream<S>;
    if (await this.behind(stream, loading, this.basisOf(stream, cached)))
      return this.state(stream, decider);
    return { state: cached.state, revision: cached.revision };
  }

  private load<S>(stream: string, decider: AnyDecider<S>): Promise<CachedStream<unknown>> {
    const hit = this.cache.get(stream);
    if (hit) return hit;
    const loading: Promise<CachedStream<unknown>> = foldStream(this.store, stream, decider).then(
      ({ state, revision }) => ({ state, revision, landed: revision, tipEventId: undefined }),
    );
    this.cache.set(stream, loading);
    loading.catch(() => this.cache.delete(stream));
    return loading;
  }

  /** Finds the append that carried out a repeated command and answers as it did (undefined: not in the store). */
  private async firstAnswer<E extends DomainEvent>(
    stream: string,
    replayOf: (event: E) => boolean,
  ): Promise<CommandResult | undefined> {
    let commandId: unknown;
    let answer: CommandResult | undefined;
    for await (const recorded of this.store.readStream(stream)) {
      if (answer === undefined && replayOf({ type: recorded.type, data: recorded.data } as E)) {
        commandId = recorded.metadata.commandId;
      }
      if (commandId !== undefined && recorded.metadata.commandId === commandId) {
        answer = { revision: recorded.revision, position: recorded.position, replayed: true };
      } else if (answer !== undefined) {
        break;
      }
    }
    return answer;
  }

  private toNewEvent(
    event: DomainEvent,
    eventId: string,
    commandId: string,
    recordedAt: string,
    context: CommandContext,
  ): NewEvent {
    const metadata: EventMetadata = {
      ...context.metadata,
      actor: context.actor,
      recordedAt,
      correlationId: context.correlationId,
      causationId: commandId,
      commandId,
      schemaVersion: EVENT_SCHEMA_VERSION,
    };
    return { eventId, type: event.type, data: event.data, metadata };
  }
}
