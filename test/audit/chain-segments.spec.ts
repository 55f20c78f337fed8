/**
 * The single chain verified in segments, joined in order (chain-segment.ts), says what one
 * pass from the first event says: the same verdict, first broken position, reason and count,
 * and the same digests, whatever was done to the file and wherever the segments are cut. The
 * worker threads (chain-workers.ts) read a real ledger file on connections of their own.
 */
import fc from 'fast-check';
import { join } from 'node:path';
import { verifySegment } from '../../src/audit/chain-segment';
import { ChainSegments, WorkerChainSegments } from '../../src/audit/chain-workers';
import { GlobalChainVerifier } from '../../src/audit/global-chain-verifier';
import { PROGRESS_INTERVAL_EVENTS, progressCounter } from '../../src/audit/ledger-verifier';
import { EventStore, StoreUnavailableError } from '../../src/event-store/event-store';
import {
  backdate,
  changeOneByte,
  deleteAfter,
  deleteEvent,
  garbleData,
  ledgerFixture,
  rewriteChain,
  swapEvents,
} from './support/ledger-file';

const EVENTS = 60;

/** The segments verified one after another in this thread: the same code the workers run. */
const inThread = (store: EventStore, parts: number): ChainSegments => ({
  stop: async () => undefined,
  partsFor: () => parts,
  verify: async (requests, onEvents) => {
    const results = [];
    for (const request of requests)
      results.push(await verifySegment(store, request, () => onEvents(1)));
    return results;
  },
});

type Tamper = (path: string) => void;

const TAMPERS: Record<string, (position: number) => Tamper> = {
  none: () => () => undefined,
  changeOneByte: (p) => (path) => changeOneByte(path, p),
  garbleData: (p) => (path) => garbleData(path, p),
  deleteEvent: (p) => (path) => deleteEvent(path, p),
  deleteAfter: (p) => (path) => deleteAfter(path, p),
  swapEvents: (p) => (path) => swapEvents(path, p, Math.min(p + 1, EVENTS)),
  rewriteChain: () => (path) => rewriteChain(path),
  // Slipped into the past and every hash recomputed: the recorded time breaks the chain, also
  // where a segment joins the one before.
  backdate: (p) => (path) => {
    backdate(path, p);
    rewriteChain(path);
  },
};

describe('the chain verified in segments', () => {
  const ledger = ledgerFixture(EVENTS);
  const onCopy = ledger.onCopy;

  /**
   * One or two tamperings, one after the other: a rewrite first (it reads every row; so does a
   * back-dating, which rewrites the chain after it), then the edits, then the deletions (so
   * that every edit finds its row).
   */
  const tamperings = fc.array(
    fc.tuple(fc.constantFrom(...Object.keys(TAMPERS)), fc.integer({ min: 1, max: EVENTS })),
    { minLength: 1, maxLength: 2 },
  );
  const order = (kind: string): number =>
    kind === 'rewriteChain' || kind === 'backdate'
      ? 0
      : kind === 'deleteEvent' || kind === 'deleteAfter'
        ? 2
        : 1;
  const allOf =
    (done: readonly [string, number][]): Tamper =>
    (path) => {
      const ordered = [...done].sort(([a], [b]) => order(a) - order(b));
      for (const [kind, position] of ordered) TAMPERS[kind](position)(path);
    };

  it('joins to what one pass says, for every tampering and every cut', async () => {
    await fc.assert(
      fc.asyncProperty(
        tamperings,
        fc.integer({ min: 2, max: 9 }),
        fc.integer({ min: 0, max: EVENTS + 2 }),
        async (done, parts, digestAt) => {
          await onCopy(allOf(done), async (store) => {
            const whole = new GlobalChainVerifier(store);
            const cut = new GlobalChainVerifier(store, { segments: inThread(store, parts) });
            expect(await cut.verify()).toEqual(await whole.verify());
            const at = BigInt(digestAt);
            expect(await cut.digest({ position: at })).toEqual(
              await whole.digest({ position: at }),
            );
            const digest = { scope: 'global' as const, position: at, hash: 'f'.repeat(64) };
            expect(await cut.verify({ digest })).toEqual(await whole.verify({ digest }));
          });
        },
      ),
      { numRuns: 200 },
    );
  });

  it('tells progress each time the count passes a multiple of the interval', () => {
    const calls: number[] = [];
    const counter = progressCounter(({ done }) => calls.push(done), 9_000);
    counter.add(PROGRESS_INTERVAL_EVENTS - 1);
    expect(calls).toEqual([]);
    counter.tick();
    counter.add(2);
    counter.add(PROGRESS_INTERVAL_EVENTS * 3);
    counter.done();
    const interval = PROGRESS_INTERVAL_EVENTS;
    expect(calls).toEqual([interval, interval * 4 + 2, interval * 4 + 2]);
  });

  describe('in worker threads, on the ledger file', () => {
    const workers = (file: string): ChainSegments =>
      new WorkerChainSegments(file, { workers: 3, minEventsPerSegment: 5 });

    // Cut into (0, 20], (20, 40], (40, end]: tampered at and around the joins.
    const cases: [string, Tamper][] = [
      ['untouched', TAMPERS.none(0)],
      ['the first event of the second segment deleted', TAMPERS.deleteEvent(21)],
      ['the last event of the second segment changed', TAMPERS.changeOneByte(40)],
      ['the first event of the third segment unreadable', TAMPERS.garbleData(41)],
      ['two events across a join swapped', TAMPERS.swapEvents(20)],
      [
        'the last events of the first segment gone, the next one unreadable',
        allOf([
          ['deleteEvent', 19],
          ['deleteEvent', 20],
          ['garbleData', 21],
        ]),
      ],
      ['the whole chain rewritten', TAMPERS.rewriteChain(0)],
    ];

    it.each(cases)('says what one pass says: %s', async (_name, tamper) => {
      await onCopy(tamper, async (store) => {
        const segments = workers(store.file!);
        expect(segments.partsFor(BigInt(EVENTS))).toBe(3);
        const cut = new GlobalChainVerifier(store, { segments });
        const whole = new GlobalChainVerifier(store);
        const read = { cut: 0, whole: 0 };
        const report = await cut.verify({ onProgress: ({ done }) => (read.cut = done) });
        expect(report).toEqual(
          await whole.verify({ onProgress: ({ done }) => (read.whole = done) }),
        );
        // Workers read on past a break in another segment: at least what one pass reads.
        if (report.ok) expect(read.cut).toBe(EVENTS);
        else expect(read.cut).toBeGreaterThanOrEqual(read.whole);
        for (const position of [0n, 33n, 60n]) {
          expect(await cut.digest({ position })).toEqual(await whole.digest({ position }));
        }
      });
    });

    it('keeps a short pass in this thread', () => {
      expect(workers('unused').partsFor(14n)).toBe(2);
      expect(workers('unused').partsFor(9n)).toBe(1);
      expect(new WorkerChainSegments('unused').partsFor(99_999n)).toBe(1);
    });

    it('fails, with no verdict, when a worker cannot read the file', async () => {
      await onCopy(TAMPERS.none(0), async (store) => {
        const cut = new GlobalChainVerifier(store, {
          segments: workers(join(ledger.dir(), 'no-such-ledger.sqlite')),
        });
        const failure = cut.verify();
        await expect(failure).rejects.toThrow(/unable to open database file/);
        await expect(failure).rejects.toBeInstanceOf(StoreUnavailableError);
      });
    });

    it('fails, with no verdict, when the store closes during the pass', async () => {
      await onCopy(TAMPERS.none(0), async (store) => {
        const pass = new GlobalChainVerifier(store, { segments: workers(store.file!) }).verify();
        await store.close();
        await expect(pass).rejects.toBeInstanceOf(StoreUnavailableError);
      });
    });

    it('stops the passes under way, and refuses new ones, when the ledger closes', async () => {
      await onCopy(TAMPERS.none(0), async (store) => {
        const verifier = new GlobalChainVerifier(store, { segments: workers(store.file!) });
        const pass = verifier.verify();
        await verifier.close();
        await expect(pass).rejects.toThrow(/the verification was stopped/);
        await expect(verifier.verify()).rejects.toBeInstanceOf(StoreUnavailableError);
      });
    });

    it('fails the pass, not the process, when a listener throws', async () => {
      await onCopy(TAMPERS.none(0), async (store) => {
        const segments = workers(store.file!);
        const requests = [
          { after: 0n, upTo: 30n, linkEvery: 8 },
          { after: 30n, linkEvery: 8 },
        ];
        const listener = () => {
          throw new Error('the listener failed');
        };
        await expect(segments.verify(requests, listener)).rejects.toThrow('the listener failed');
      });
    });
  });
});
