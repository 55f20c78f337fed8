import type { EventStoreDBClient } from '@eventstore/db-client';
import { EventEmitter } from 'node:events';
import { Readable } from 'node:stream';

/**
 * Every read or subscription call the adapter opens on the client goes through this module, so
 * each is drained as below; the adapter never calls `readStream`, `readAll` or
 * `subscribeToAll` on the client itself.
 */

/**
 * Lets every read or subscription call the client opens finish, however its reader stops.
 *
 * The client pipes each call's gRPC stream into the object stream it returns (a read or a
 * subscription). When that object stream goes away first (a reader that stops after the event
 * it wanted, or a subscription the server drops with an error), Node unpipes the gRPC stream and
 * leaves it paused. If the server ends the call after that, nothing ever reads the gRPC stream to
 * its end, and cancelling a call that has ended does nothing. The client's `dispose()` waits for
 * every call it opened to finish, so the store's `close()` would hang, and each such call would
 * stay in the client's set of open calls for the life of the process. A call left behind holds
 * only what the server sent before it ended, which its reader has already given up, so it is read
 * on and dropped.
 */
export const drainWhenUnpiped = <T extends EventEmitter>(call: T): T => {
  call.on('unpipe', (source: Readable) => {
    source.resume();
  });
  return call;
};

/** `client.readStream`, read to its end once its reader lets go. */
export const openReadStream = (
  client: EventStoreDBClient,
  ...args: Parameters<EventStoreDBClient['readStream']>
): ReturnType<EventStoreDBClient['readStream']> => drainWhenUnpiped(client.readStream(...args));

/** `client.readAll`, read to its end once its reader lets go. */
export const openReadAll = (
  client: EventStoreDBClient,
  ...args: Parameters<EventStoreDBClient['readAll']>
): ReturnType<EventStoreDBClient['readAll']> => drainWhenUnpiped(client.readAll(...args));

/** `client.subscribeToAll`, read to its end once the subscription lets it go. */
export const openSubscribeToAll = (
  client: EventStoreDBClient,
  ...args: Parameters<EventStoreDBClient['subscribeToAll']>
): ReturnType<EventStoreDBClient['subscribeToAll']> =>
  drainWhenUnpiped(client.subscribeToAll(...args));
