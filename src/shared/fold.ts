/**
 * Folding committed events into a decider's state, optionally as the ledger stood at a past
 * moment. Recorded times only grow along the log, so the first later event ends the fold.
 */
import { EventStore, RecordedEvent } from '../event-store/event-store';
import { DomainEvent } from './decider';

export const recordedBy = (event: RecordedEvent, asOf: string | undefined): boolean =>
  asOf === undefined || String(event.metadata.recordedAt) <= asOf;

export interface Folder<S, E extends DomainEvent> {
  readonly initialState: S;
  evolve(state: S, event: E): S;
}

export const foldStream = async <S, E extends DomainEvent>(
  store: EventStore,
  stream: string,
  folder: Folder<S, E>,
  asOf?: string,
): Promise<{ state: S; revision: bigint | undefined }> => {
  let state = folder.initialState;
  let revision: bigint | undefined;
  for await (const event of store.readStream(stream)) {
    if (!recordedBy(event, asOf)) break;
    state = folder.evolve(state, { type: event.type, data: event.data } as E);
    revision = event.revision;
  }
  return { state, revision };
};
