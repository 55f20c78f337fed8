import { EventStore } from '../../src/event-store/event-store';

/**
 * The same store seen through the port without its recorded-time index: a reader of moments
 * must bisect over positions, as it does on EventStoreDB.
 */
export const withoutIndex = (store: EventStore): EventStore => ({
  append: (stream, events, options) => store.append(stream, events, options),
  readStream: (stream, options) => store.readStream(stream, options),
  readAll: (options) => store.readAll(options),
  subscribe: (options) => store.subscribe(options),
  streamRevision: (stream) => store.streamRevision(stream),
  headPosition: () => store.headPosition(),
  settleRecordedUpTo: (instant) => store.settleRecordedUpTo(instant),
  readiness: () => store.readiness(),
  close: () => store.close(),
});
