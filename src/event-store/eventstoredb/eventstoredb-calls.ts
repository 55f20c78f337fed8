import { EventEmitter } from 'node:events';
import { Readable } from 'node:stream';

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
