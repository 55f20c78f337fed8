/**
 * One recorded event as auditors see it, in the history, the change report and its CSV: who
 * recorded it, when, why, what it says, and the hash that ties it into the chain. Positions
 * and revisions are decimal strings, as everywhere in the API (they are bigints in the store).
 */
import { RecordedEvent } from '../event-store/event-store';

export interface AuditActor {
  readonly id: string;
  readonly role: string;
}

export interface AuditEvent {
  readonly position: string;
  readonly streamId: string;
  readonly revision: string;
  readonly eventId: string;
  readonly type: string;
  readonly recordedAt: string;
  readonly actor: AuditActor;
  /** Why, for decisions: the reason given and/or the decision reference (null when none). */
  readonly reason: string | null;
  readonly decisionRef: string | null;
  readonly data: unknown;
  readonly hash: string;
  readonly prevHash: string;
}

/** A text field of the metadata, falling back to the same field of the data. */
const whyField = (event: RecordedEvent, field: 'reason' | 'decisionRef'): string | null => {
  const fromMetadata = event.metadata[field];
  if (typeof fromMetadata === 'string') return fromMetadata;
  const data = event.data;
  if (data !== null && typeof data === 'object') {
    const fromData = (data as Record<string, unknown>)[field];
    if (typeof fromData === 'string') return fromData;
  }
  return null;
};

/** A recorded event is a fact: whatever its metadata holds, this never throws. */
const actorOf = (event: RecordedEvent): AuditActor => {
  const actor = event.metadata.actor as Partial<AuditActor> | undefined;
  return { id: String(actor?.id ?? ''), role: String(actor?.role ?? '') };
};

export const toAuditEvent = (event: RecordedEvent): AuditEvent => ({
  position: event.position.toString(),
  streamId: event.streamId,
  revision: event.revision.toString(),
  eventId: event.eventId,
  type: event.type,
  recordedAt: String(event.metadata.recordedAt),
  actor: actorOf(event),
  reason: whyField(event, 'reason'),
  decisionRef: whyField(event, 'decisionRef'),
  data: event.data,
  hash: event.hash,
  prevHash: event.prevHash,
});

/** The raw feed: the event as the store has it, bigints as decimal strings. */
export interface FeedEvent {
  readonly position: string;
  readonly streamId: string;
  readonly revision: string;
  readonly eventId: string;
  readonly type: string;
  readonly data: unknown;
  readonly metadata: Readonly<Record<string, unknown>>;
  readonly prevHash: string;
  readonly hash: string;
}

export const toFeedEvent = (event: RecordedEvent): FeedEvent => ({
  position: event.position.toString(),
  streamId: event.streamId,
  revision: event.revision.toString(),
  eventId: event.eventId,
  type: event.type,
  data: event.data,
  metadata: event.metadata,
  prevHash: event.prevHash,
  hash: event.hash,
});
