/**
 * Events as a command would have them recorded, for tests that write a ledger straight through
 * the store (a long history, a report corrected a thousand times): one actor, a minute apart
 * from `startMs`, in the order made.
 */
import { randomUUID } from 'node:crypto';
import { ActorRef, NewEvent } from '../../src/event-store/event-store';

const MINUTE_MS = 60_000;

export const eventMaker = (
  actor: ActorRef,
  startMs: number,
): ((type: string, data: Record<string, unknown>) => NewEvent) => {
  let minutes = 0;
  return (type, data) => ({
    eventId: randomUUID(),
    type,
    data,
    metadata: {
      actor,
      recordedAt: new Date(startMs + MINUTE_MS * minutes++).toISOString(),
      schemaVersion: 1,
    },
  });
};
