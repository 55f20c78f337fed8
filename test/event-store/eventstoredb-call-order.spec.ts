/**
 * The EventStoreDB adapter within one process, on the protocol fake: its appends reach the
 * server one at a time in call order, whatever their streams, so
 * - an append conditioned on another stream (`unchanged`: an allocation on its investment being
 *   open) never lands after an append to that stream called after it (a close);
 * - recorded time, stamped by the command handler in call order, never goes back along the
 *   ledger, and an as-of moment finds exactly the events recorded by then;
 * and an append whose answer is lost after the server committed it is read back, not reported
 * as "nothing was recorded".
 */
import { randomUUID } from 'node:crypto';
import { collect, NewEvent, StoreOutcomeUnknownError } from '../../src/event-store/event-store';
import { EventStoreDbEventStore } from '../../src/event-store/eventstoredb/eventstoredb-event-store';
import { lastPositionAtOrBefore } from '../../src/event-store/recorded-position';
import { CommandHandler } from '../../src/shared/command-handler';
import { Decider } from '../../src/shared/decider';
import { EsdbProtocolFake } from '../support/esdb-protocol-fake';

const event = (type: string): NewEvent => ({
  eventId: randomUUID(),
  type,
  data: {},
  metadata: {
    actor: { id: 'u', role: 'finance' },
    recordedAt: new Date().toISOString(),
    schemaVersion: 1,
  },
});

/** A pause of about `us` microseconds that lets other work run meanwhile. */
const pause = (us: number): Promise<void> =>
  new Promise((resolve) => {
    const until = process.hrtime.bigint() + BigInt(us) * 1000n;
    const spin = (): void =>
      process.hrtime.bigint() >= until ? resolve() : void setImmediate(spin);
    spin();
  });

describe('EventStoreDB adapter: appends in call order', () => {
  let fake: EsdbProtocolFake;
  let store: EventStoreDbEventStore;
  beforeAll(async () => {
    fake = await EsdbProtocolFake.start();
    store = EventStoreDbEventStore.connect(fake.connectionString);
  });
  afterAll(async () => {
    await store.close();
    await fake.stop();
  });

  it('never lands an append conditioned on a stream after a later append to that stream', async () => {
    const late: string[] = [];
    // Side by side (a queue per stream), most of these pairs put the close first.
    for (let trial = 0; trial < 32; trial++) {
      const fund = `fund-${randomUUID().slice(0, 8)}`;
      const investment = `investment-${randomUUID().slice(0, 8)}`;
      await store.append(fund, [event('FundEstablished')], { expectedRevision: 'no-stream' });
      await store.append(investment, [event('InvestmentProposed')], {
        expectedRevision: 'no-stream',
      });
      const allocation = store.append(fund, [event('FundsAllocated')], {
        expectedRevision: 0n,
        unchanged: [{ stream: investment, revision: 0n }],
      });
      const close = pause((trial % 16) * 200).then(() =>
        store.append(investment, [event('InvestmentClosed')], { expectedRevision: 0n }),
      );
      const [allocated, closed] = await Promise.allSettled([allocation, close]);
      if (
        allocated.status === 'fulfilled' &&
        closed.status === 'fulfilled' &&
        closed.value.position < allocated.value.position
      ) {
        late.push(
          `trial ${trial}: closed at ${closed.value.position}, allocated at ${allocated.value.position}`,
        );
      }
    }
    expect(late).toEqual([]);
  });

  it('keeps recorded time growing with position across streams, so as-of finds what was recorded by then', async () => {
    type Noted = { type: 'Noted'; data: { label: string } };
    const decider: Decider<string, Noted, number> = {
      initialState: 0,
      decide: (label) => ({ kind: 'append', events: [{ type: 'Noted', data: { label } }] }),
      evolve: (n) => n + 1,
    };
    const context = { actor: { id: 'u1', role: 'finance' as const }, correlationId: 'c' };
    let ms = Date.parse('2026-01-15T10:00:00.000Z');
    const handler = new CommandHandler(store, () => new Date((ms += 1)));
    const x = `investment-${randomUUID().slice(0, 8)}`;
    const y = `investment-${randomUUID().slice(0, 8)}`;
    await handler.execute(x, decider, 'x0', context);
    await handler.state(x, decider);
    await handler.state(y, decider);
    // Stamped in this order; y is new, so its append needs no read of the stream first.
    await Promise.all(
      [
        [x, 'a1'],
        [x, 'a2'],
        [y, 'b'],
      ].map(([stream, label]) => handler.execute(stream, decider, label, context)),
    );

    const rows = (await collect(store.readAll()))
      .filter((e) => e.streamId === x || e.streamId === y)
      .map((e) => ({
        label: (e.data as { label: string }).label,
        position: e.position,
        recordedAt: String(e.metadata.recordedAt),
      }));
    expect(rows.map((r) => r.label)).toEqual(['x0', 'a1', 'a2', 'b']);
    for (const row of rows) {
      const at = await lastPositionAtOrBefore(store, row.recordedAt);
      const shown = rows.filter((r) => r.position <= at).map((r) => r.label);
      const recorded = rows.filter((r) => r.recordedAt <= row.recordedAt).map((r) => r.label);
      expect({ asOf: row.label, shown }).toEqual({ asOf: row.label, shown: recorded });
    }
  });
});

describe('EventStoreDB adapter: an answer lost after the commit', () => {
  let fake: EsdbProtocolFake;
  beforeEach(async () => {
    fake = await EsdbProtocolFake.start();
  });
  afterEach(async () => fake.stop());

  it('reads the append back and answers it when the server recorded it', async () => {
    const store = EventStoreDbEventStore.connect(fake.connectionString);
    try {
      const stream = `investment-${randomUUID().slice(0, 8)}`;
      await store.append(stream, [event('CostRecorded')], { expectedRevision: 'no-stream' });
      fake.loseAnswerAfterNextWrite(stream, 50);
      const result = await store.append(stream, [event('CostRecorded')], { expectedRevision: 0n });
      const stored = await collect(store.readStream(stream));
      expect(stored).toHaveLength(2);
      expect(result).toEqual({ nextRevision: 1n, position: stored[1].position });
    } finally {
      await store.close();
    }
  });

  it('says the outcome is unknown when the stream cannot be read back either', async () => {
    const store = EventStoreDbEventStore.connect(fake.connectionString);
    try {
      const stream = `investment-${randomUUID().slice(0, 8)}`;
      await store.append(stream, [event('CostRecorded')], { expectedRevision: 'no-stream' });
      // Down for longer than the read-backs wait.
      fake.loseAnswerAfterNextWrite(stream, 3_000);
      const failure = await store
        .append(stream, [event('CostRecorded')], { expectedRevision: 0n })
        .then(
          () => undefined,
          (error: unknown) => error,
        );
      expect(failure).toBeInstanceOf(StoreOutcomeUnknownError);
      expect((failure as Error).message).toMatch(/may have been recorded/);
    } finally {
      await store.close();
    }
  }, 20_000);
});
