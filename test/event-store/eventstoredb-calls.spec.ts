import { finished } from 'node:stream/promises';
import { Readable, Transform } from 'node:stream';
import { drainWhenUnpiped } from '../../src/event-store/eventstoredb/eventstoredb-calls';

/**
 * The client's shape, on plain Node streams: a call's stream (here `call`) piped into the object
 * stream a reader gets (`reading`). The call ends after the reader has let go, as a gRPC call
 * whose status arrives late does (grpc-js pushes the end then; cancelling it after that is a
 * no-op).
 */
const aCallAndItsReading = (): { call: Readable; reading: Transform } => {
  // A gRPC call's stream pushes what arrives from the network, whatever its reader asks.
  const call = new Readable({ objectMode: true, read: () => undefined });
  const reading = new Transform({
    objectMode: true,
    transform: (chunk, _encoding, next) => next(null, chunk),
  });
  call.pipe(reading);
  return { call, reading };
};

/** Lets Node run what it has scheduled (pipe, resume and end work on ticks). */
const settle = async (): Promise<void> => {
  for (let i = 0; i < 10; i += 1) await new Promise((resolve) => setImmediate(resolve));
};

const firstOf = async (reading: Transform): Promise<unknown> => {
  for await (const item of reading) return item;
  return undefined;
};

/** A reader that takes the first of two events and stops; then the server ends the call. */
const stopAtTheFirstEvent = async (drain: boolean): Promise<Readable> => {
  const { call, reading } = aCallAndItsReading();
  if (drain) drainWhenUnpiped(reading);
  call.push({ n: 1 });
  call.push({ n: 2 });
  expect(await firstOf(reading)).toEqual({ n: 1 });
  await settle(); // the reader's stream has closed and let go of the call
  expect(reading.destroyed).toBe(true);
  call.push(null);
  return call;
};

describe('drainWhenUnpiped', () => {
  it('lets a call end after its reader stopped at the first event', async () => {
    const call = await stopAtTheFirstEvent(true);
    await finished(call);
    expect(call.readableEnded).toBe(true);
  });

  it('lets a call end after its subscription failed with the server’s error', async () => {
    const { call, reading } = aCallAndItsReading();
    drainWhenUnpiped(reading);
    reading.on('error', () => undefined);
    reading.emit('error', new Error('UNAVAILABLE'));
    await settle();
    call.push({ n: 1 });
    call.push(null);
    await finished(call);
    expect(call.readableEnded).toBe(true);
  });

  // Why it is needed: Node leaves an unpiped call paused, so the end the server sends later is
  // never read, and the client's dispose() (which waits for every call to finish) never returns.
  it('is what ends the call: without it the call stays paused and unfinished', async () => {
    const call = await stopAtTheFirstEvent(false);
    await settle();
    expect(call.isPaused()).toBe(true);
    expect(call.readableEnded).toBe(false);
  });
});
