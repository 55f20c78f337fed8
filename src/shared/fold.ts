/**
 * Folding a stream's committed events into a decider's state: the one way the command side
 * loads an aggregate (the command handler's cache misses, the allocation's investment check).
 */
import { EventStore } from '../event-store/event-store';
import { DomainEvent } from './decider';

export interface Folder<S, E extends DomainEvent> {
  readonly initialState: S;
  evolve(state: S, event: E): S;
}

export const foldStream = async <S, E extends DomainEvent>(
  store: EventStore,
  stream: string,
  folder: Folder<S, E>,
): Promise<{ state: S; revision: bigint | undefined }> => {
  let state = folder.initialState;
  let revision: bigint | undefined;
  for await (const event of store.readStream(stream)) {
    state = folder.evolve(state, { type: event.type, data: event.data } as E);
    revision = event.revision;
  }
  return { state, revision };
};
