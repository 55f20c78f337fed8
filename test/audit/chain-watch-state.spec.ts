/**
 * What the service knows of its chain, as a pure state machine: verifications start, end in a
 * verdict or are abandoned, the last verdict stands while the next one runs, and a change of
 * verdict is news once. Reasons shown without a token never quote the stored event.
 */
import {
  ChainKnowledge,
  ChainVerdict,
  ChainWatchEvent,
  evolveChain,
  lastVerdict,
  MAX_PUBLIC_REASON_LENGTH,
  publicReason,
  transitionOf,
} from '../../src/audit/chain-watch-state';
import { VerifyReport } from '../../src/audit/ledger-verifier';

const T1 = '2024-05-01T10:00:00.000Z';
const T2 = '2024-05-01T10:00:02.000Z';
const T3 = '2024-05-01T11:00:00.000Z';

const INTACT: VerifyReport = { ok: true, scope: 'global', eventsChecked: 40 };
const BROKEN: VerifyReport = {
  ok: false,
  scope: 'global',
  eventsChecked: 7,
  firstBrokenPosition: 7n,
  reason: "hash 3cac does not match the event's content",
};

const started = (at = T1): ChainWatchEvent => ({ type: 'started', at });
const verified = (report: VerifyReport, at = T2, position?: bigint): ChainWatchEvent => ({
  type: 'verified',
  report,
  at,
  ...(position === undefined ? {} : { position }),
});
const abandoned: ChainWatchEvent = { type: 'abandoned' };

const run = (from: ChainKnowledge, events: readonly ChainWatchEvent[]): ChainKnowledge =>
  events.reduce(evolveChain, from);

const NEW: ChainKnowledge = { state: 'not-yet-verified' };

describe('chain watch state', () => {
  it('goes from not yet verified through verifying to intact, with the head it verified up to', () => {
    const verifying = evolveChain(NEW, started());
    expect(verifying).toEqual({ state: 'verifying', since: T1 });
    expect(lastVerdict(verifying)).toBeUndefined();
    expect(evolveChain(verifying, verified(INTACT, T2, 40n))).toEqual({
      state: 'intact',
      eventsChecked: 40,
      position: 40n,
      verifiedAt: T2,
    });
  });

  it('records a broken chain with its first broken position and reason', () => {
    expect(run(NEW, [started(), verified(BROKEN, T2, 12n)])).toEqual({
      state: 'broken',
      eventsChecked: 7,
      firstBrokenPosition: 7n,
      reason: "hash 3cac does not match the event's content",
      verifiedAt: T2,
    });
  });

  it('keeps the last verdict while the next verification runs', () => {
    const broken = run(NEW, [started(), verified(BROKEN)]);
    const again = evolveChain(broken, started(T3));
    expect(again).toEqual({ state: 'verifying', since: T3, last: broken });
    expect(lastVerdict(again)).toEqual(broken);
    // A second start while one runs changes nothing.
    expect(evolveChain(again, started('2024-05-01T12:00:00.000Z'))).toBe(again);
  });

  it('goes back to what was known when a verification is abandoned (gate full, store failed)', () => {
    const intact = run(NEW, [started(), verified(INTACT)]);
    expect(run(intact, [started(T3), abandoned])).toBe(intact);
    expect(run(NEW, [started(), abandoned])).toEqual(NEW);
    // Abandoned outside a verification: nothing to undo.
    expect(evolveChain(intact, abandoned)).toBe(intact);
  });

  it('takes the newest verdict, broken or intact', () => {
    const broken = run(NEW, [started(), verified(INTACT), started(T3), verified(BROKEN, T3)]);
    expect(broken).toMatchObject({ state: 'broken', verifiedAt: T3 });
    expect(run(broken, [started(), verified(INTACT, T3, 41n)])).toMatchObject({
      state: 'intact',
      position: 41n,
    });
  });

  it('stays off whatever happens', () => {
    const off: ChainKnowledge = { state: 'off' };
    expect(run(off, [started(), verified(BROKEN), abandoned])).toBe(off);
    expect(lastVerdict(off)).toBeUndefined();
  });

  it('names a break without a position or reason as well as the verifier can', () => {
    const bare: VerifyReport = { ok: false, scope: 'stream', eventsChecked: 3 };
    expect(run(NEW, [started(), verified(bare)])).toEqual({
      state: 'broken',
      eventsChecked: 3,
      reason: 'the chain does not verify',
      verifiedAt: T2,
    });
  });
});

describe('which verdicts are news', () => {
  const intact: ChainVerdict = { state: 'intact', eventsChecked: 4, verifiedAt: T1 };
  const brokenAt = (position: bigint): ChainVerdict => ({
    state: 'broken',
    eventsChecked: Number(position),
    firstBrokenPosition: position,
    reason: 'r',
    verifiedAt: T2,
  });

  it('tells the first verdict, a break, a moved break and a mended chain, once each', () => {
    expect(transitionOf(undefined, intact)).toBe('intact');
    expect(transitionOf(undefined, brokenAt(3n))).toBe('broken');
    expect(transitionOf(intact, brokenAt(3n))).toBe('broken');
    expect(transitionOf(brokenAt(3n), brokenAt(2n))).toBe('break-moved');
    expect(transitionOf(brokenAt(3n), intact)).toBe('mended');
  });

  it('says nothing when the verdict is the same as before', () => {
    expect(transitionOf(intact, { ...intact, eventsChecked: 9, verifiedAt: T3 })).toBeUndefined();
    expect(transitionOf(brokenAt(3n), { ...brokenAt(3n), verifiedAt: T3 })).toBeUndefined();
  });
});

describe('the reason shown without a token', () => {
  it('keeps a reason that quotes nothing', () => {
    const reason = `previous hash ${'a'.repeat(64)} does not match ${'b'.repeat(64)}`;
    expect(publicReason(reason)).toBe(reason);
  });

  it('stops before text quoted from the stored event', () => {
    // What Node's JSON.parse says of a damaged text: it cites the text.
    expect(
      publicReason(
        `the event at position 7 cannot be read: Unexpected token 'x', "{"amount":"12x"... is not valid JSON`,
      ),
    ).toBe('the event at position 7 cannot be read: Unexpected token …');
    expect(publicReason('the stored JSON names the key "secret" twice in one object')).toBe(
      'the stored JSON names the key …',
    );
  });

  it('is bounded in length', () => {
    const long = publicReason(`stream ${'s'.repeat(1_000)} in the chain of stream t`);
    expect(long).toHaveLength(MAX_PUBLIC_REASON_LENGTH);
    expect(long.endsWith('…')).toBe(true);
  });
});
