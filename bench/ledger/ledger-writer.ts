/**
 * Writes commands as the service would: each is decided by the real decider against the
 * stream's state, its events get the command handler's metadata, and the appends are queued
 * in large groups so the store writes them with few commits. Only the clock is simulated: the
 * generator names the day (calendar.ts), and each command is recorded on it, a few seconds after
 * the one before, so recorded times spread over years and as-of queries have history to cut.
 */
import { randomUUID } from 'node:crypto';
import { ActorRef, EventMetadata, NewEvent } from '../../src/event-store/event-store';
import {
  MAX_EVENTS_PER_APPEND,
  SqliteEventStore,
} from '../../src/event-store/sqlite/sqlite-event-store';
import { EVENT_SCHEMA_VERSION } from '../../src/shared/command-handler';
import { Decider, DomainEvent } from '../../src/shared/decider';

/** Appends queued before they are handed to the store together (several group commits). */
const FLUSH_EVENTS = 50_000;
/** A day's commands are recorded from this hour (UTC), this far apart. */
const DAY_STARTS_AT_HOUR = 7;
const COMMAND_STEP_MS = 5_000;
/**
 * ... and before this one (UTC): the service names a day by Stockholm's calendar, whose day
 * ends at 22:00 or 23:00 UTC, so a command recorded later would be on the next day there.
 */
const DAY_ENDS_AT_HOUR = 21;
const HOUR_MS = 3600 * 1000;

export interface Why {
  readonly reason?: string;
  readonly decisionRef?: string;
}

interface StreamState {
  state: unknown;
  revision: bigint | undefined;
}

interface PendingAppend {
  readonly stream: string;
  readonly expected: bigint | 'no-stream';
  readonly events: NewEvent[];
}

export class LedgerWriter {
  private readonly streams = new Map<string, StreamState>();
  private pending: PendingAppend[] = [];
  private pendingEvents = 0;
  private day = '';
  private dayStartMs = 0;
  private dayEndMs = 0;
  /** Commands recorded on the current day so far. */
  private commandsToday = 0;
  private written = 0;

  constructor(private readonly store: Pick<SqliteEventStore, 'append'>) {}

  get eventsWritten(): number {
    return this.written + this.pendingEvents;
  }

  /** The day commands are decided and recorded on now (the service's `today`). */
  get today(): string {
    if (this.day === '') throw new Error('the ledger writer was given no day yet');
    return this.day;
  }

  /**
   * Commands from now on are decided and recorded on this day. Days only move on: recorded
   * times never decrease with position, which as-of reads rely on (the recorded-time index).
   */
  beginDay(day: string): void {
    if (day === this.day) return;
    if (day < this.day)
      throw new Error(`the ledger's clock cannot go back from ${this.day} to ${day}`);
    this.day = day;
    const midnightMs = Date.parse(`${day}T00:00:00.000Z`);
    this.dayStartMs = midnightMs + DAY_STARTS_AT_HOUR * HOUR_MS;
    this.dayEndMs = midnightMs + DAY_ENDS_AT_HOUR * HOUR_MS;
    this.commandsToday = 0;
  }

  /** The recorded time the next command will get. */
  get nextRecordedAt(): string {
    const ms = this.dayStartMs + this.commandsToday * COMMAND_STEP_MS;
    if (ms >= this.dayEndMs) {
      throw new Error(`more commands on ${this.day} than one day's clock holds`);
    }
    return new Date(ms).toISOString();
  }

  state<S>(stream: string, decider: { readonly initialState: S }): S {
    return (this.streams.get(stream)?.state as S | undefined) ?? decider.initialState;
  }

  /** Decides and records one command; a refusal is a bug in the generator and stops it. */
  async run<C, E extends DomainEvent, S>(
    stream: string,
    decider: Decider<C, E, S>,
    command: C,
    actor: ActorRef,
    why: Why = {},
  ): Promise<number> {
    const current = this.streams.get(stream) ?? {
      state: decider.initialState,
      revision: undefined,
    };
    const decision = decider.decide(command, current.state as S);
    if (decision.kind !== 'append') throw new Error(`${stream}: a generated command was a repeat`);
    const recordedAt = this.nextRecordedAt;
    this.commandsToday += 1;
    if (decision.events.length === 0) return 0;
    const commandId = randomUUID();
    const metadata: EventMetadata = {
      ...why,
      resourceId: stream,
      actor,
      recordedAt,
      correlationId: randomUUID(),
      causationId: commandId,
      commandId,
      schemaVersion: EVENT_SCHEMA_VERSION,
    };
    const events = decision.events.map((event): NewEvent => ({
      eventId: randomUUID(),
      type: event.type,
      data: event.data,
      metadata,
    }));
    this.queue(stream, current.revision, events);
    this.streams.set(stream, {
      state: decision.events.reduce(decider.evolve, current.state as S),
      revision: (current.revision ?? -1n) + BigInt(events.length),
    });
    if (this.pendingEvents >= FLUSH_EVENTS) await this.flush();
    return events.length;
  }

  /** Drops a finished stream's state: the generator keeps only live investments in memory. */
  forget(stream: string): void {
    this.streams.delete(stream);
  }

  /** Hands every queued append to the store at once and waits until all are durable. */
  async flush(): Promise<void> {
    // In the order decided, each stamped by a clock that only moves on (beginDay).
    const batch = this.pending;
    this.pending = [];
    this.written += this.pendingEvents;
    this.pendingEvents = 0;
    await Promise.all(
      batch.map((append) =>
        this.store.append(append.stream, append.events, { expectedRevision: append.expected }),
      ),
    );
  }

  /**
   * Commands of one stream in a row share an append (fewer, larger appends); a command of
   * another stream in between starts a new one. Sharing an append across other streams'
   * commands put each stream's commands at its first one's place: every allocation of a
   * flush was recorded before the proposals decided ahead of it, so the ledger said funds
   * went to investments that did not exist yet.
   */
  private queue(stream: string, revision: bigint | undefined, events: NewEvent[]): void {
    const last = this.pending.at(-1);
    if (
      last !== undefined &&
      last.stream === stream &&
      last.events.length + events.length <= MAX_EVENTS_PER_APPEND
    ) {
      last.events.push(...events);
    } else {
      this.pending.push({ stream, expected: revision ?? 'no-stream', events });
    }
    this.pendingEvents += events.length;
  }
}
