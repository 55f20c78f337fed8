/**
 * Tamper evidence on copies of a real ledger file written by the SQLite store: every kind of
 * edit is found at the right position, a digest catches what the chain alone cannot (a cut
 * tail, a recomputed chain), and an appended tail keeps a digest valid.
 */
import { GlobalChainVerifier } from '../../src/audit/global-chain-verifier';
import { formatDigest, LedgerDigest, parseDigest } from '../../src/audit/ledger-digest';
import { VerifyReport } from '../../src/audit/ledger-verifier';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import {
  appendEvents,
  backdate,
  changeOneByte,
  deleteAfter,
  deleteEvent,
  garbleData,
  plantDuplicateRecordedAt,
  rewriteChain,
  setRecordedTime,
  swapEvents,
  ledgerFixture,
  withFile,
  asLeftByAnOlderBuild,
  plantBackdatedSecondRecordedAt,
  rewriteChainFromTexts,
} from './support/ledger-file';
import { copyFileSync } from 'node:fs';
import { GENESIS_HASH, TIME_ORDERED_GENESIS_HASH } from '../../src/event-store/hash-chain';

const EVENTS = 12;

describe('tamper evidence on a real ledger file', () => {
  const ledger = ledgerFixture(EVENTS);

  const onCopy = <T>(
    tamper: (path: string) => void,
    work: (v: GlobalChainVerifier, s: SqliteEventStore) => Promise<T>,
  ): Promise<T> => ledger.onCopy(tamper, (store) => work(new GlobalChainVerifier(store), store));
  const verifyCopy = (
    tamper: (path: string) => void,
    digest?: LedgerDigest,
  ): Promise<VerifyReport> => onCopy(tamper, (verifier) => verifier.verify({ digest }));

  const digestAt = async (position?: bigint): Promise<LedgerDigest> => {
    const outcome = await onCopy(
      () => undefined,
      (verifier) => verifier.digest({ position }),
    );
    if (outcome.kind !== 'digest') throw new Error(`no digest: ${JSON.stringify(outcome)}`);
    return outcome.digest;
  };

  it('verifies the untouched file, checking every event', async () => {
    expect(await verifyCopy(() => undefined)).toEqual({
      ok: true,
      scope: 'global',
      eventsChecked: EVENTS,
    });
  });

  it('finds one changed byte of an event at that event', async () => {
    const report = await verifyCopy((path) => changeOneByte(path, 5));
    expect(report).toMatchObject({ ok: false, firstBrokenPosition: 5n, eventsChecked: 5 });
    expect(report.reason).toMatch(/does not match the event's content/);
  });

  it('finds an event whose data no longer parses at that event', async () => {
    expect(await verifyCopy((path) => garbleData(path, 7))).toMatchObject({
      ok: false,
      firstBrokenPosition: 7n,
    });
  });

  it('finds a key planted twice, whose parse still hashes as before, at that event', async () => {
    const report = await verifyCopy((path) => plantDuplicateRecordedAt(path, 6));
    expect(report).toMatchObject({ ok: false, firstBrokenPosition: 6n });
    expect(report.reason).toMatch(/names the key "recordedAt" twice/);
  });

  it('finds an event slipped into the past, every hash recomputed after it, at that event', async () => {
    const report = await verifyCopy((path) => {
      backdate(path, 7);
      rewriteChain(path);
    });
    expect(report).toMatchObject({ ok: false, firstBrokenPosition: 7n, eventsChecked: 7 });
    expect(report.reason).toMatch(
      /^recorded at 2016-06-01T00:00:00.000Z, before the event before it/,
    );
  });

  it('finds a tail event slipped into the past though a digest taken before it still matches', async () => {
    const digest = await digestAt(BigInt(EVENTS - 1));
    const report = await verifyCopy((path) => {
      backdate(path, EVENTS);
      rewriteChain(path);
    }, digest);
    expect(report).toMatchObject({
      ok: false,
      firstBrokenPosition: BigInt(EVENTS),
      digest: { matches: true },
    });
  });

  it('takes the first event at any recorded time, and one recorded as the event before it', async () => {
    expect(
      await verifyCopy((path) => {
        backdate(path, 1);
        const recordedAt = withFile(
          path,
          (db) =>
            (
              db.prepare('SELECT metadata FROM events WHERE position = 4').get() as {
                metadata: string;
              }
            ).metadata,
        );
        backdate(path, 5, (JSON.parse(recordedAt) as { recordedAt: string }).recordedAt);
        rewriteChain(path);
      }),
    ).toMatchObject({ ok: true });
  });

  it('finds a recorded time named twice, the index reading one and every reader the other, though hashed as stored', async () => {
    // As the store writes a key, with a space before its colon, and with a letter escaped.
    for (const firstKey of ['"recordedAt":', '"recordedAt" :', '"recorded\\u0041t":']) {
      const report = await verifyCopy((path) => {
        plantBackdatedSecondRecordedAt(path, EVENTS, firstKey);
        rewriteChainFromTexts(path);
      });
      expect(report).toMatchObject({ ok: false, firstBrokenPosition: BigInt(EVENTS) });
      expect(report.reason).toMatch(/names the key "recordedAt" twice/);
    }
    // The texts as stored hash as the store would: only the key named twice breaks the link.
    expect(await verifyCopy((path) => rewriteChainFromTexts(path))).toMatchObject({ ok: true });
  });

  it('finds a forged event with no recorded time, or one that is not text, at that event', async () => {
    const untimed = await verifyCopy((path) => {
      setRecordedTime(path, EVENTS, undefined);
      rewriteChain(path);
    });
    expect(untimed).toMatchObject({ ok: false, firstBrokenPosition: BigInt(EVENTS) });
    expect(untimed.reason).toBe('no recorded time');
    // SQL reads a number in JSON as an integer: a verdict, not a verification that throws.
    const numbered = await verifyCopy((path) => {
      setRecordedTime(path, 4, 20170105);
      rewriteChain(path);
    });
    expect(numbered).toMatchObject({ ok: false, firstBrokenPosition: 4n });
    expect(numbered.reason).toMatch(/^a recorded time of type (bigint|number), not text$/);
  });

  it('holds a chain rewritten from the plain genesis to order all the same: its file says from where', async () => {
    const report = await verifyCopy((path) => {
      backdate(path, 7);
      rewriteChain(path, GENESIS_HASH);
    });
    expect(report).toMatchObject({ ok: false, firstBrokenPosition: 7n });
    expect(report.reason).toMatch(/^recorded at 2016-06-01T00:00:00.000Z, before the event/);
  });

  it('judges nothing an older build wrote, and everything after it from the first event this build writes', async () => {
    // An older build's ledger with an event out of order, as builds before the rule could write.
    const older = ledger.copy((path) => {
      backdate(path, 7);
      asLeftByAnOlderBuild(path);
    });
    const store = SqliteEventStore.open(older);
    try {
      const verifier = new GlobalChainVerifier(store);
      expect(await verifier.verify()).toEqual({ ok: true, scope: 'global', eventsChecked: EVENTS });
      await appendEvents(store, 2, EVENTS + 1);
      expect(await verifier.verify()).toMatchObject({ ok: true, eventsChecked: EVENTS + 2 });
    } finally {
      await store.close();
    }
    // The file's record of where the order starts, edited behind the store's back, holds the
    // ledger to it from its first event, where the older build's event out of order is found.
    for (const edit of [
      'DROP TABLE chain_rules',
      'DELETE FROM chain_rules',
      'UPDATE chain_rules SET time_ordered_from = 1.5',
      "UPDATE chain_rules SET time_ordered_from = 'later'",
      'ALTER TABLE chain_rules RENAME COLUMN time_ordered_from TO gone',
      // A position past any the ledger could have had next.
      'UPDATE chain_rules SET time_ordered_from = 1000',
    ]) {
      const edited = ledger.copy();
      copyFileSync(older, edited);
      withFile(edited, (db) => db.exec(edit));
      const reader = SqliteEventStore.open(edited);
      try {
        expect(await new GlobalChainVerifier(reader).verify()).toMatchObject({
          ok: false,
          firstBrokenPosition: 7n,
        });
      } finally {
        await reader.close();
      }
    }
    // The file's schema version set back: the step that records the position keeps it.
    withFile(older, (db) => db.exec('UPDATE schema_version SET version = 3'));
    // A tail event forged back in time after it is found.
    backdate(older, EVENTS + 2);
    rewriteChain(older);
    const reopened = SqliteEventStore.open(older);
    try {
      const report = await new GlobalChainVerifier(reopened).verify();
      expect(report).toMatchObject({ ok: false, firstBrokenPosition: BigInt(EVENTS + 2) });
    } finally {
      await reopened.close();
    }
  });

  it('holds a digest of the empty history for any ledger, at either genesis', async () => {
    const at0 = (hash: string): LedgerDigest => ({ scope: 'global', position: 0n, hash });
    const ordered = await digestAt(0n);
    expect(ordered.hash).toBe(TIME_ORDERED_GENESIS_HASH);
    for (const hash of [ordered.hash, GENESIS_HASH]) {
      expect(await verifyCopy(() => undefined, at0(hash))).toMatchObject({
        ok: true,
        digest: { matches: true },
      });
    }
    expect(await verifyCopy(() => undefined, at0('a'.repeat(64)))).toMatchObject({
      ok: false,
      digest: { matches: false },
    });
  });

  it('finds a deleted event at the one after it', async () => {
    const report = await verifyCopy((path) => deleteEvent(path, 4));
    expect(report).toMatchObject({ ok: false, firstBrokenPosition: 5n });
    expect(report.reason).toMatch(/previous hash/);
  });

  it('finds two swapped events at the first of them', async () => {
    expect(await verifyCopy((path) => swapEvents(path, 3, 8))).toMatchObject({
      ok: false,
      firstBrokenPosition: 3n,
    });
  });

  it('checks the middle too: a change far from both ends is found', async () => {
    expect(await verifyCopy((path) => changeOneByte(path, EVENTS / 2))).toMatchObject({
      firstBrokenPosition: BigInt(EVENTS / 2),
    });
  });

  describe('with a digest kept outside', () => {
    it('takes a digest of the head as position and the hash of the event there', async () => {
      const digest = await digestAt();
      expect(formatDigest(digest)).toMatch(new RegExp(`^v1:global:${EVENTS}:[0-9a-f]{64}$`));
      expect(parseDigest(formatDigest(digest))).toEqual(digest);
    });

    it('matches the untouched file', async () => {
      const report = await verifyCopy(() => undefined, await digestAt());
      expect(report).toMatchObject({
        ok: true,
        digest: { position: BigInt(EVENTS), matches: true },
      });
    });

    it('catches a cut tail that the chain alone cannot see', async () => {
      const digest = await digestAt();
      const cut = (path: string): void => deleteAfter(path, EVENTS - 2);
      expect(await verifyCopy(cut)).toMatchObject({ ok: true });
      const report = await verifyCopy(cut, digest);
      expect(report).toMatchObject({ ok: false, digest: { matches: false } });
      expect(report.digest?.reason).toMatch(/ends at position 10/);
    });

    it('catches a chain recomputed after an edit', async () => {
      const digest = await digestAt();
      const edit = (path: string): void => {
        changeOneByte(path, 2);
        rewriteChain(path);
      };
      expect(await verifyCopy(edit)).toMatchObject({ ok: true });
      const report = await verifyCopy(edit, digest);
      expect(report).toMatchObject({ ok: false, digest: { matches: false } });
      expect(report.digest?.reason).toMatch(/rewritten/);
    });

    it('catches changes before its position, and reports ones after it only as broken links', async () => {
      const digest = await digestAt(6n);
      const before = await verifyCopy((path) => changeOneByte(path, 6), digest);
      expect(before).toMatchObject({
        ok: false,
        firstBrokenPosition: 6n,
        digest: { matches: false },
      });
      const after = await verifyCopy((path) => changeOneByte(path, 7), digest);
      expect(after).toMatchObject({
        ok: false,
        firstBrokenPosition: 7n,
        digest: { matches: true },
      });
    });

    it('stays valid when events are appended after it', async () => {
      const digest = await digestAt(8n);
      const report = await onCopy(
        () => undefined,
        async (verifier, store) => {
          await appendEvents(store, 5, EVENTS + 1);
          return verifier.verify({ digest });
        },
      );
      expect(report).toMatchObject({
        ok: true,
        eventsChecked: EVENTS + 5,
        digest: { matches: true },
      });
    });

    it('refuses to give a digest of a broken chain', async () => {
      const outcome = await onCopy(
        (path) => changeOneByte(path, 3),
        (verifier) => verifier.digest(),
      );
      expect(outcome).toMatchObject({ kind: 'broken', report: { firstBrokenPosition: 3n } });
    });
  });
});
