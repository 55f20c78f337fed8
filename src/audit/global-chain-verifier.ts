/**
 * Verifies the embedded store's single chain: every event in position order links to the
 * hash of the one before, and every hash recomputes from its event. Positions there are
 * 1, 2, 3, … without gaps, which lets an unreadable row be named by position too.
 */
import { EventStore } from '../event-store/event-store';
import {
  ChainRules,
  ChainVerification,
  GENESIS_HASH,
  tellsChainRules,
  tellsWritesByOthers,
} from '../event-store/hash-chain';
import { firstEventFrom } from '../event-store/recorded-position';
import {
  ChainPoint,
  JoinedPass,
  joinSegments,
  PassStart,
  SegmentRequest,
  SegmentResult,
  segmentRequests,
  verifySegment,
} from './chain-segment';
import { ChainSegments, PassOptions } from './chain-workers';
import { LedgerDigest } from './ledger-digest';
import {
  DigestCheck,
  DigestOptions,
  DigestOutcome,
  LedgerVerifier,
  progressCounter,
  ProgressListener,
  VerifyOptions,
  VerifyReport,
} from './ledger-verifier';

const toReport = (chain: ChainVerification): VerifyReport =>
  chain.ok
    ? { ok: true, scope: 'global', eventsChecked: chain.eventsChecked }
    : {
        ok: false,
        scope: 'global',
        eventsChecked: chain.eventsChecked,
        firstBrokenPosition: chain.firstBrokenPosition,
        reason: chain.reason,
      };

/** A pass with the hash its chain starts at: a digest of position 0 is of that. */
type PassFromGenesis = JoinedPass & { readonly genesis: string };

/** What the digest says against what the ledger holds at its position. */
const checkDigest = (digest: LedgerDigest, pass: PassFromGenesis): DigestCheck => {
  const { position } = digest;
  const mismatch = (reason: string): DigestCheck => ({ position, matches: false, reason });
  const { chain, at } = pass;
  if (!chain.ok && chain.firstBrokenPosition <= position) {
    return mismatch(
      `the history up to position ${position} has changed: the first broken link is at ${chain.firstBrokenPosition}`,
    );
  }
  // The empty history before the first event: a digest of it taken when the ledger was empty
  // (by a build that began chains at the plain genesis, too) holds for any ledger.
  if (position === 0n && (digest.hash === pass.genesis || digest.hash === GENESIS_HASH)) {
    return { position, matches: true };
  }
  const hash = position === 0n ? pass.genesis : at?.hash;
  if (hash === undefined) {
    const end = pass.last?.position ?? 0n;
    return mismatch(
      `the ledger ends at position ${end}, before the digest's position ${position}: events were removed`,
    );
  }
  if (hash !== digest.hash) {
    return mismatch(
      `the event at position ${position} has hash ${hash}, the digest recorded ${digest.hash}: the history was rewritten`,
    );
  }
  return { position, matches: true };
};

/**
 * A verified link is remembered every this many positions along a pass (and at its end), so
 * a later digest at any position starts near it.
 */
export const VERIFIED_LINK_EVERY = 100_000;
/**
 * Links remembered at most (a 100M-event ledger at VERIFIED_LINK_EVERY, or a thousand reports
 * at as many moments); past it, the longest remembered goes first.
 */
const MAX_VERIFIED_LINKS = 1_000;

/** A position up to which the chain was verified from its first event, with its hash there. */
type VerifiedLink = ChainPoint;

export interface GlobalChainVerifierOptions {
  /** Positions between remembered links (tests use a few). */
  readonly linkEvery?: number;
  /** Where a long pass is verified in segments side by side; absent: in this thread. */
  readonly segments?: ChainSegments;
}

export class GlobalChainVerifier implements LedgerVerifier {
  readonly scope = 'global' as const;
  /**
   * Links this verifier verified from the first event, by position. Only ever filled by
   * passes that found every link before them intact; emptied when a pass finds a break or a
   * remembered hash no longer matches what the store holds.
   */
  private readonly verified = new Map<bigint, VerifiedLink>();
  /**
   * The store's othersWriteMark when the links remembered were verified: once another
   * connection has written (a row changed in place with the sqlite3 shell, say, which leaves
   * every hash as it was), nothing remembered is trusted until verified again.
   */
  private verifiedMark: unknown;

  private readonly linkEvery: number;
  private readonly segments: ChainSegments | undefined;

  constructor(
    private readonly store: EventStore,
    options: GlobalChainVerifierOptions = {},
  ) {
    this.linkEvery = options.linkEvery ?? VERIFIED_LINK_EVERY;
    this.segments = options.segments;
  }

  async close(): Promise<void> {
    await this.segments?.stop();
  }

  async verify(options: VerifyOptions = {}): Promise<VerifyReport> {
    const pass = await this.pass({
      at: options.digest?.position,
      onProgress: options.onProgress,
      background: options.background,
    });
    const report = toReport(pass.chain);
    if (options.digest === undefined) return report;
    const digest = checkDigest(options.digest, pass);
    return { ...report, ok: report.ok && digest.matches, digest };
  }

  async digest(options: DigestOptions = {}): Promise<DigestOutcome> {
    const headPosition = await this.store.headPosition();
    const position = options.position ?? headPosition;
    if (position > headPosition) return { kind: 'no-event', position, headPosition };
    const from = options.reuseVerified ? await this.verifiedBelow(position) : undefined;
    const pass = await this.pass({
      at: position,
      upTo: position,
      from,
      onProgress: options.onProgress,
    });
    if (!pass.chain.ok) return { kind: 'broken', report: toReport(pass.chain) };
    if (position === 0n) {
      return {
        kind: 'digest',
        digest: { scope: 'global', position, hash: pass.genesis },
        eventsChecked: 0,
      };
    }
    // A digest at a remembered link itself reads no event after it.
    const hash = pass.at?.hash ?? (from?.position === position ? from.hash : undefined);
    if (hash === undefined) return { kind: 'no-event', position, headPosition };
    const digest: LedgerDigest = { scope: 'global', position, hash };
    return { kind: 'digest', digest, eventsChecked: pass.chain.eventsChecked };
  }

  /**
   * The furthest remembered link at or below `position` whose event still has the hash it
   * had when verified (one point read); undefined when there is none. A changed hash there
   * means the stored chain was rewritten: everything remembered is forgotten.
   */
  private async verifiedBelow(position: bigint): Promise<VerifiedLink | undefined> {
    if (this.othersWriteMark() !== this.verifiedMark) this.verified.clear();
    let best: VerifiedLink | undefined;
    for (const [at, link] of this.verified) {
      if (at <= position && (best === undefined || at > best.position)) best = link;
    }
    if (best === undefined) return undefined;
    const stored = await firstEventFrom(this.store, best.position);
    if (stored?.position === best.position && stored.hash === best.hash) return best;
    this.verified.clear();
    return undefined;
  }

  /** The store's mark of writes by others, where it tells one (undefined: it tells none). */
  private othersWriteMark(): unknown {
    return tellsWritesByOthers(this.store) ? this.store.othersWriteMark() : undefined;
  }

  private remember(link: VerifiedLink): void {
    this.verified.delete(link.position);
    const oldest = this.verified.keys().next();
    if (this.verified.size >= MAX_VERIFIED_LINKS && !oldest.done)
      this.verified.delete(oldest.value);
    this.verified.set(link.position, link);
  }

  /** The store's chain rules; a store that tells none keeps GENESIS_HASH and no time order. */
  private async chainRules(): Promise<ChainRules> {
    return tellsChainRules(this.store)
      ? this.store.chainRules()
      : { genesis: GENESIS_HASH, timeOrderedFrom: undefined };
  }

  /**
   * One pass over the chain (up to `upTo`), remembering the event at position `at`: from the
   * first event, or from a verified link (`from`), the events after it linking to its hash.
   * A long pass is cut into segments verified side by side (chain-segment.ts).
   */
  private async pass(options: {
    readonly at?: bigint;
    readonly upTo?: bigint;
    readonly from?: VerifiedLink;
    readonly onProgress?: ProgressListener;
    readonly background?: boolean;
  }): Promise<PassFromGenesis> {
    // Taken before anything is read: a write by another connection during the pass makes the
    // links it remembers untrusted at the next digest, never trusted past that write.
    const mark = this.othersWriteMark();
    const head = await this.store.headPosition();
    const start = options.from?.position ?? 0n;
    const end = options.upTo ?? head;
    const span = end > start ? end - start : 0n;
    const progress = progressCounter(options.onProgress, Number(span));
    const { genesis, timeOrderedFrom } = await this.chainRules();
    const passStart: PassStart = {
      after: start,
      startHash: options.from?.hash ?? genesis,
      startRecordedAt: options.from?.recordedAt,
      timeOrderedFrom,
    };
    const parts = this.segments?.partsFor(span) ?? 1;
    const requests = segmentRequests(
      { ...passStart, upTo: options.upTo, span, at: options.at, linkEvery: this.linkEvery },
      parts,
    );
    const segments =
      this.segments !== undefined && parts > 1
        ? await this.inWorkers(this.segments, requests, (events) => progress.add(events), {
            background: options.background,
          })
        : [await verifySegment(this.store, requests[0], progress.tick)];
    const pass = { ...joinSegments(segments, passStart), genesis };
    progress.done();
    // Only a pass that reached its end intact vouches for the links it saw.
    if (!pass.chain.ok) {
      this.verified.clear();
    } else if (options.from !== undefined && mark !== this.verifiedMark) {
      // Started from a link verified before another connection wrote: vouches for nothing.
      this.verified.clear();
    } else {
      // From the first event, or from a link verified under the same mark: every link
      // remembered holds under `mark` (older ones, under another, are let go).
      if (mark !== this.verifiedMark) this.verified.clear();
      this.verifiedMark = mark;
      for (const link of pass.links) this.remember(link);
      if (pass.last !== undefined) this.remember(pass.last);
    }
    return pass;
  }

  /**
   * The segments verified beside this thread, on connections of their own: the store's own
   * is asked once more at the end, so a store closed meanwhile fails the pass as it would have
   * failed a pass read here.
   */
  private async inWorkers(
    segments: ChainSegments,
    requests: readonly SegmentRequest[],
    onEvents: (count: number) => void,
    options: PassOptions,
  ): Promise<SegmentResult[]> {
    const results = await segments.verify(requests, onEvents, options);
    await this.store.headPosition();
    return results;
  }
}
