/**
 * A command handler keeps the states it decided on and trusts them until an append clashes.
 * Only a refusal or a decision to do nothing answers without an append, so those are given
 * only on a state that is the stream's state now: another process on the same ledger (the CLI
 * beside the service, a second instance) may have moved the stream. Before, a revocation of a
 * role the CLI had granted was answered done with nothing recorded, and a command the other
 * process had made possible was refused again and again. Two handlers on two connections to
 * one SQLite file, and the EventStoreDB adapter on its protocol fake.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { collect, EventStore } from '../../src/event-store/event-store';
import { EventStoreDbEventStore } from '../../src/event-store/eventstoredb/eventstoredb-event-store';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import { CommandHandler } from '../../src/shared/command-handler';
import { append, Decider } from '../../src/shared/decider';
import { DomainError } from '../../src/shared/domain-error';
import { EsdbProtocolFake } from '../support/esdb-protocol-fake';
import { ANNA } from '../idempotency/support';

const STREAM = 'flag-1';

type FlagCommand =
  { readonly type: 'Raise' } | { readonly type: 'Lower' } | { readonly type: 'Touch' };
type FlagEvent =
  | { readonly type: 'Raised'; readonly data: Record<string, never> }
  | { readonly type: 'Lowered'; readonly data: Record<string, never> }
  | { readonly type: 'Touched'; readonly data: Record<string, never> };

/** A flag: raising a raised flag does nothing; lowering a lowered one is refused. */
const flagDecider: Decider<FlagCommand, FlagEvent, { readonly raised: boolean }> = {
  initialState: { raised: false },
  decide(command, state) {
    switch (command.type) {
      case 'Raise':
        return state.raised ? append<FlagEvent>() : append<FlagEvent>({ type: 'Raised', data: {} });
      case 'Lower':
        if (!state.raised) throw new DomainError('NOT_RAISED', 'The flag is not raised.');
        return append<FlagEvent>({ type: 'Lowered', data: {} });
      case 'Touch':
        return append<FlagEvent>({ type: 'Touched', data: {} });
    }
  },
  evolve(state, event) {
    switch (event.type) {
      case 'Raised':
        return { raised: true };
      case 'Lowered':
        return { raised: false };
      case 'Touched':
        return state;
    }
  },
};

interface Ledger {
  connect(): EventStore | Promise<EventStore>;
  release(): Promise<void>;
}

describe.each([
  [
    'two connections to one SQLite file',
    async (dir: string): Promise<Ledger> => ({
      connect: () => SqliteEventStore.open(join(dir, 'ledger.sqlite')),
      release: async () => undefined,
    }),
  ],
  [
    'two clients of one EventStoreDB (protocol fake)',
    async (): Promise<Ledger> => {
      const fake = await EsdbProtocolFake.start();
      return {
        connect: () => EventStoreDbEventStore.connect(fake.connectionString),
        release: () => fake.stop(),
      };
    },
  ],
])('a decision without an append, %s', (_name, open) => {
  let dir: string;
  let ledger: Ledger;
  let stores: EventStore[];
  let here: CommandHandler;
  let there: CommandHandler;
  const run = (handler: CommandHandler, command: FlagCommand, authorize?: (s: unknown) => void) =>
    handler.execute(STREAM, flagDecider, command, {
      actor: ANNA,
      correlationId: command.type,
      ...(authorize ? { authorize } : {}),
    });
  const types = async () => (await collect(stores[0].readStream(STREAM))).map((e) => e.type);

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-stale-'));
    ledger = await open(dir);
    stores = [await ledger.connect(), await ledger.connect()];
    here = new CommandHandler(stores[0]);
    there = new CommandHandler(stores[1]);
  });
  afterEach(async () => {
    for (const store of stores) await store.close();
    await ledger.release();
    rmSync(dir, { recursive: true, force: true });
  });

  it('records what another process made needed again, instead of answering it done', async () => {
    await run(here, { type: 'Raise' });
    await run(there, { type: 'Lower' });
    // `here` still holds the flag as raised.
    expect(await run(here, { type: 'Raise' })).toMatchObject({ replayed: false, revision: 2n });
    expect(await types()).toEqual(['Raised', 'Lowered', 'Raised']);
  });

  it('carries out what another process made allowed, instead of refusing it', async () => {
    await run(here, { type: 'Touch' });
    await run(there, { type: 'Raise' });
    // `here` holds the flag as never raised.
    expect(await run(here, { type: 'Lower' })).toMatchObject({ replayed: false, revision: 2n });
    expect(await types()).toEqual(['Touched', 'Raised', 'Lowered']);
  });

  it('decides again when a command pipelined beside it makes the old revision look current', async () => {
    // `here` holds the flag as raised at revision 0; `there` lowers it (revision 1). A Touch
    // sent beside the Raise is appended at revision 1 on the old state: it fails, and the
    // cached revision it advanced equals the store's. The Raise must not be answered done.
    await run(here, { type: 'Raise' });
    await run(there, { type: 'Lower' });
    const [raise, touch] = await Promise.allSettled([
      run(here, { type: 'Raise' }),
      run(here, { type: 'Touch' }),
    ]);
    expect(raise).toMatchObject({ status: 'fulfilled', value: { replayed: false } });
    expect(touch).toMatchObject({ status: 'fulfilled' });
    const recorded = await types();
    expect(recorded.slice(0, 2)).toEqual(['Raised', 'Lowered']);
    expect([...recorded.slice(2)].sort()).toEqual(['Raised', 'Touched']);

    // The mirror: a refusal on the old state with a Touch beside it.
    await run(there, { type: 'Lower' });
    await run(here, { type: 'Touch' });
    await run(there, { type: 'Raise' });
    const [lower] = await Promise.allSettled([
      run(here, { type: 'Lower' }),
      run(here, { type: 'Touch' }),
    ]);
    expect(lower).toMatchObject({ status: 'fulfilled', value: { replayed: false } });
    expect((await types()).slice(-2)).toContain('Lowered');
  });

  it('does not land a pipelined command on an event another process took its revision with', async () => {
    // `here` holds the flag as touched at revision 0; `there` raises it (revision 1). A Touch
    // and a Raise sent together by `here`: the Touch expects revision 0 and fails; the Raise,
    // decided on the state after the Touch (not raised), expects revision 1, which `there`'s
    // Raised holds. Revision numbers alone let it land: a Raise recorded on a raised flag.
    await run(here, { type: 'Touch' });
    await run(there, { type: 'Raise' });
    const [touch, raise] = await Promise.all([
      run(here, { type: 'Touch' }),
      run(here, { type: 'Raise' }),
    ]);
    expect(touch).toMatchObject({ replayed: false });
    expect(raise).toMatchObject({ replayed: true });
    expect(await types()).toEqual(['Touched', 'Raised', 'Touched']);
  });

  it('does not answer 412 to an If-Match that holds when the append before it lost its revision', async () => {
    // `here` holds the flag as raised at revision 0; `there` lowers it (revision 1). `here`
    // sends a Lower (appended at revision 0: it fails, and decided again it is refused) and a
    // Touch under If-Match 1, pipelined after the Lower. The stream is at revision 1, so the
    // client's condition holds: only this process's guess of what revision 1 holds failed.
    await run(here, { type: 'Raise' });
    await run(there, { type: 'Lower' });
    const [lower, touch] = await Promise.allSettled([
      run(here, { type: 'Lower' }),
      here.execute(
        STREAM,
        flagDecider,
        { type: 'Touch' },
        { actor: ANNA, correlationId: 'Touch', ifMatch: 1n },
      ),
    ]);
    expect(lower).toMatchObject({ status: 'rejected', reason: { code: 'NOT_RAISED' } });
    expect(touch).toMatchObject({ status: 'fulfilled', value: { revision: 2n } });
    expect(await types()).toEqual(['Raised', 'Lowered', 'Touched']);
  });

  it("answers refusals in a burst of this process's own commands as refusals, the burst carried out", async () => {
    // Only this process writes: its pipelined appends are no reason to decide again, and a
    // command built from a look-up (rebuildWhenBehind) is not sent back to be built again.
    const burst = Array.from({ length: 40 }, (_, i) =>
      here.execute(STREAM, flagDecider, { type: i % 4 === 0 ? 'Lower' : 'Touch' } as FlagCommand, {
        actor: ANNA,
        correlationId: `burst-${i}`,
        rebuildWhenBehind: true,
      }),
    );
    const outcomes = await Promise.allSettled(burst);
    outcomes.forEach((outcome, i) =>
      expect(outcome).toMatchObject(
        i % 4 === 0
          ? { status: 'rejected', reason: { code: 'NOT_RAISED' } }
          : { status: 'fulfilled' },
      ),
    );
    expect(await types()).toHaveLength(30);
  });

  it('answers a refusal without waiting for appends of this process made after it', async () => {
    // The appends of `held` wait at a gate until released: a refusal decided before them, on
    // the state the store holds, is answered while they wait.
    let release = (): void => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const held = new CommandHandler(
      new Proxy(stores[0], {
        get(target, property, receiver) {
          if (property === 'append')
            return async (...args: Parameters<EventStore['append']>) => {
              await gate;
              return target.append(...args);
            };
          const value: unknown = Reflect.get(target, property, receiver);
          return typeof value === 'function' ? value.bind(target) : value;
        },
      }),
    );
    await run(here, { type: 'Touch' });
    const refusal = run(held, { type: 'Lower' });
    const touches = [1, 2, 3].map(() => run(held, { type: 'Touch' }));
    await expect(refusal).rejects.toMatchObject({ code: 'NOT_RAISED' });
    release();
    await Promise.all(touches);
    expect(await types()).toEqual(['Touched', 'Touched', 'Touched', 'Touched']);
  });

  it('does not count rounds lost to its own failed appends ahead of it as lost races', async () => {
    // Twelve commands conditioned on another stream that has moved (each fails for its own
    // reason, as an allocation does whose investment closed meanwhile), sent ahead of twelve
    // Touches: each round, the one at the head fails and takes those pipelined after it down.
    // Counted as attempts, the last Touches ran out of them (CONCURRENT_UPDATE) on EventStoreDB,
    // whose appends go one at a time.
    const conditioned = Array.from({ length: 12 }, (_, i) =>
      here.execute(
        STREAM,
        flagDecider,
        { type: 'Touch' },
        {
          actor: ANNA,
          correlationId: `conditioned-${i}`,
          unchanged: [{ stream: 'other-1', revision: 0n }],
        },
      ),
    );
    const touches = Array.from({ length: 12 }, () => run(here, { type: 'Touch' }));
    const [refused, carriedOut] = await Promise.all([
      Promise.allSettled(conditioned),
      Promise.allSettled(touches),
    ]);
    for (const outcome of refused) {
      expect(outcome).toMatchObject({ status: 'rejected', reason: { stream: 'other-1' } });
    }
    for (const outcome of carriedOut) expect(outcome).toMatchObject({ status: 'fulfilled' });
    expect(await types()).toHaveLength(12);
  });

  it('still refuses, and still does nothing, on a state that is current', async () => {
    await run(here, { type: 'Touch' });
    await expect(run(here, { type: 'Lower' })).rejects.toMatchObject({ code: 'NOT_RAISED' });
    await run(here, { type: 'Raise' });
    expect(await run(here, { type: 'Raise' })).toMatchObject({ replayed: true, revision: 1n });
    expect(await types()).toEqual(['Touched', 'Raised']);
  });

  it('asks `authorize` on the state the command is decided on, read again when it is behind', async () => {
    const onlyWhenRaised = (state: unknown): void => {
      if (!(state as { raised: boolean }).raised) throw new DomainError('FORBIDDEN', 'No.');
    };
    await run(here, { type: 'Touch' });
    await expect(run(here, { type: 'Touch' }, onlyWhenRaised)).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await run(there, { type: 'Raise' });
    expect(await run(here, { type: 'Touch' }, onlyWhenRaised)).toMatchObject({ revision: 2n });
    // And refused on a state that is current, though `here` last saw it allowed.
    await run(there, { type: 'Lower' });
    await expect(run(here, { type: 'Touch' }, onlyWhenRaised)).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    expect(await types()).toEqual(['Touched', 'Raised', 'Touched', 'Lowered']);
  });
});

/**
 * The SQLite store answers an append whose event ids are already in the stream with those
 * events (a retried append), whatever revision it expected. (The EventStoreDB protocol fake
 * writes such events again, so it has no case here.)
 */
describe('a decision after the store answered an append with earlier events, on SQLite', () => {
  let dir: string;
  let store: EventStore;
  let handler: CommandHandler;
  const run = (h: CommandHandler, command: FlagCommand) =>
    h.execute(STREAM, flagDecider, command, { actor: ANNA, correlationId: command.type });
  const types = async () => (await collect(store.readStream(STREAM))).map((e) => e.type);

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-stale-repeat-'));
    store = SqliteEventStore.open(join(dir, 'ledger.sqlite'));
    handler = new CommandHandler(store);
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads the stream again when the store answered an append with earlier events', async () => {
    // Two commands under one key get the same event ids: the store answers the second with
    // the first's events and writes nothing. The state holding the second's events is not
    // the stream's, so a refusal is not answered on it.
    const keyed = (command: FlagCommand) =>
      handler.execute(STREAM, flagDecider, command, {
        actor: ANNA,
        correlationId: command.type,
        metadata: { idempotencyKey: 'k-1', requestHash: `h-${command.type}` },
      });
    await run(handler, { type: 'Touch' });
    await Promise.all([keyed({ type: 'Raise' }), keyed({ type: 'Lower' })]);
    expect(await types()).toEqual(['Touched', 'Raised']);
    expect(await run(handler, { type: 'Lower' })).toMatchObject({ replayed: false, revision: 2n });
    expect(await types()).toEqual(['Touched', 'Raised', 'Lowered']);
  });
});
