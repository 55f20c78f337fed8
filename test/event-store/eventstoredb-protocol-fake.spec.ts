/**
 * The protocol fake (a test double of an EventStoreDB node) keeps the server's documented
 * append semantics, checked here through the real client alone, without the adapter.
 */
import { randomUUID } from 'node:crypto';
import {
  ANY,
  BACKWARDS,
  END,
  EventStoreDBClient,
  jsonEvent,
  MaxAppendSizeExceededError,
  NO_STREAM,
  STREAM_EXISTS,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
import { collect } from '../../src/event-store/event-store';
import { EsdbProtocolFake } from '../support/esdb-protocol-fake';

const event = (id = randomUUID()) => jsonEvent({ id, type: 'ThingHappened', data: { id } });

const failureOf = (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    () => {
      throw new Error('expected the promise to reject');
    },
    (error: unknown) => error,
  );

describe.each([true, false])('EsdbProtocolFake (batch append advertised: %s)', (batchAppend) => {
  let fake: EsdbProtocolFake;
  let client: EventStoreDBClient;

  beforeAll(async () => {
    fake = await EsdbProtocolFake.start({ batchAppend });
    client = EventStoreDBClient.connectionString(fake.connectionString);
  });
  afterAll(async () => {
    await client.dispose();
    await fake.stop();
  });

  it('answers a repeat after the expected revision idempotently, a different append as a conflict', async () => {
    const stream = `s-${randomUUID()}`;
    await client.appendToStream(stream, [event()], { expectedRevision: NO_STREAM });
    const repeated = [event(), event()];
    await client.appendToStream(stream, repeated, { expectedRevision: 0n });
    const again = await client.appendToStream(stream, repeated, { expectedRevision: 0n });
    expect(again.nextExpectedRevision).toBe(2n);
    const conflict = await failureOf(
      client.appendToStream(stream, [event()], { expectedRevision: 0n }),
    );
    expect(conflict).toBeInstanceOf(WrongExpectedVersionError);
    expect(conflict).toMatchObject({ streamName: stream, actualVersion: 2n });
    expect(await collect(client.readStream(stream))).toHaveLength(3);
  });

  it('writes the same ids again when the expected revision is the current one, as the server does', async () => {
    const stream = `s-${randomUUID()}`;
    const once = event();
    await client.appendToStream(stream, [once], { expectedRevision: NO_STREAM });
    await client.appendToStream(stream, [once], { expectedRevision: 0n });
    expect(await collect(client.readStream(stream))).toHaveLength(2);
  });

  it('looks the first id up for `any`, and refuses `stream_exists` on a missing stream', async () => {
    const stream = `s-${randomUUID()}`;
    const events = [event(), event()];
    await client.appendToStream(stream, events, { expectedRevision: ANY });
    await client.appendToStream(stream, [event()], { expectedRevision: ANY });
    expect(
      (await client.appendToStream(stream, events, { expectedRevision: ANY })).nextExpectedRevision,
    ).toBe(1n);
    expect(await collect(client.readStream(stream))).toHaveLength(3);
    const missing = await failureOf(
      client.appendToStream(`s-${randomUUID()}`, [event()], { expectedRevision: STREAM_EXISTS }),
    );
    expect(missing).toMatchObject({ actualVersion: NO_STREAM });
  });

  it('refuses an append over the default 1 MiB MaxAppendSize', async () => {
    const big = jsonEvent({ type: 'Big', data: { blob: 'x'.repeat(1024 * 1024) } });
    const error = await failureOf(client.appendToStream(`s-${randomUUID()}`, [big]));
    expect(error).toBeInstanceOf(MaxAppendSizeExceededError);
  });

  it('reads $all only from a position where a record begins', async () => {
    const result = await client.appendToStream(`s-${randomUUID()}`, [event()]);
    const at = result.position?.commit ?? 0n;
    const inside = { commit: at + 1n, prepare: at + 1n };
    expect(
      await collect(client.readAll({ fromPosition: { commit: at, prepare: at } })),
    ).toHaveLength(1);
    await expect(collect(client.readAll({ fromPosition: inside }))).rejects.toThrow(
      /invalid position/,
    );
  });

  it('numbers $all by strictly increasing, non-contiguous positions, commit equal to prepare', async () => {
    const stream = `s-${randomUUID()}`;
    await client.appendToStream(stream, [event(), event()]);
    const [last, previous] = await collect(
      client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 2 }),
    );
    const positions = [previous, last].map((e) => e.event?.position);
    expect(positions.every((p) => p !== undefined && p.commit === p.prepare)).toBe(true);
    const [a, b] = positions.map((p) => p?.commit ?? 0n);
    expect(b - a).toBeGreaterThan(1n);
  });
});
