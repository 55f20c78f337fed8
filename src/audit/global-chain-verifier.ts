/**
 * Verifies the embedded store's single chain: every event in position order links to the
 * hash of the one before, and every hash recomputes from its event. Positions there are
 * 1, 2, 3, … without gaps, which lets an unreadable row be named by position too.
 */
import { EventStore, RecordedEvent } from '../event-store/event-store';
import { ChainVerification, GENESIS_HASH, verifyChain } from '../event-store/hash-chain';
import { firstEventFrom } from '../event-store/recorded-position';
import { LedgerDigest } from './ledger-digest';
import {
  DigestCheck,
  DigestOptions,
  DigestOutcome,
  LedgerVerifier,
  progressCounter,
  ProgressListener,
  tapEvents,
  VerifyOptions,
  VerifyReport,
} from './ledger-verifier';

interface ChainPass {
  readonly chain: ChainVerification;
  /** The last event the pass read (the broken one, when the chain breaks). */
  readonly last: RecordedEvent | undefined;
  readonly atPosition: RecordedEvent | undefined;
}

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

/** What the digest says against what the ledger holds at its position. */
const checkDigest = (digest: LedgerDigest, pass: ChainPass): DigestCheck => {
  const { position } = digest;
  const mismatch = (reason: string): DigestCheck => ({ position, matches: false, reason });
  const { chain, atPosition } = pass;
  if (!chain.ok && chain.firstBrokenPosition <= position) {
    return mismatch(
      `the history up to position ${position} has changed: the first broken link is at ${chain.firstBrokenPosition}`,
    );
  }
  const hash = position === 0n ? GENESIS_HASH : atPosition?.hash;
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
interface VerifiedLink {
  readonly position: bigint;
  readonly hash: string;
}

export class GlobalChainVerifier implements LedgerVerifier {
  readonly scope = 'global' as const;
  /**
   * Links this verifier verified from the first event, by position. Only ever filled by
   * passes that found every link before them intact; emptied when a pass finds a break or a
   * remembered hash no longer matches what the store holds.
   */
  private readonly verified = new Map<bigint, string>();

  constructor(
    private readonly store: EventStore,
    /** Positions between remembered links (tests use a few). */
    private readonly linkEvery: number = VERIFIED_LINK_EVERY,
  ) {}

  async verify(options: VerifyOptions = {}): Promise<VerifyReport> {
    const pass = await this.pass({ at: options.digest?.position, onProgress: options.onProgress });
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
        digest: { scope: 'global', position, hash: GENESIS_HASH },
        eventsChecked: 0,
      };
    }
    // A digest at a remembered link itself reads no event after it.
    const hash = pass.atPosition?.hash ?? (from?.position === position ? from.hash : undefined);
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
    let best: VerifiedLink | undefined;
    for (const [at, hash] of this.verified) {
      if (at <= position && (best === undefined || at > best.position))
        best = { position: at, hash };
    }
    if (best === undefined) return undefined;
    const stored = await firstEventFrom(this.store, best.position);
    if (stored?.position === best.position && stored.hash === best.hash) return best;
    this.verified.clear();
    return undefined;
  }

  private remember(position: bigint, hash: string): void {
    this.verified.delete(position);
    const oldest = this.verified.keys().next();
    if (this.verified.size >= MAX_VERIFIED_LINKS && !oldest.done)
      this.verified.delete(oldest.value);
    this.verified.set(position, hash);
  }

  /**
   * One pass over the chain (up to `upTo`), remembering the event at position `at`: from the
   * first event, or from a verified link (`from`), the events after it linking to its hash.
   */
  private async pass(options: {
    readonly at?: bigint;
    readonly upTo?: bigint;
    readonly from?: VerifiedLink;
    readonly onProgress?: ProgressListener;
  }): Promise<ChainPass> {
    const head = await this.store.headPosition();
    const start = options.from?.position ?? 0n;
    const progress = progressCounter(options.onProgress, Number((options.upTo ?? head) - start));
    let read = 0;
    let last: RecordedEvent | undefined;
    let atPosition: RecordedEvent | undefined;
    // Links seen go into a list first: only a pass that reaches its end intact vouches for them.
    const links: VerifiedLink[] = [];
    const events = tapEvents(
      this.store.readAll(
        options.from ? { after: start, upTo: options.upTo } : { upTo: options.upTo },
      ),
      (event) => {
        progress.tick();
        read += 1;
        last = event;
        if (event.position === options.at) atPosition = event;
        if (event.position % BigInt(this.linkEvery) === 0n) {
          links.push({ position: event.position, hash: event.hash });
        }
      },
    );
    const chain = await verifyReadable(events, () => ({ read, last, start }), options.from?.hash);
    progress.done();
    if (!chain.ok) {
      this.verified.clear();
    } else {
      for (const link of links) this.remember(link.position, link.hash);
      if (last !== undefined) this.remember(last.position, last.hash);
    }
    return { chain, last, atPosition };
  }
}

/**
 * A row whose JSON no longer parses is as broken as one whose hash does not match: it is
 * reported at the position after the last one read (positions have no gaps in this store).
 * Any other error (the store went away) is not a verdict on the ledger and goes up.
 */
const verifyReadable = async (
  events: AsyncIterable<RecordedEvent>,
  sofar: () => {
    readonly read: number;
    readonly last: RecordedEvent | undefined;
    readonly start: bigint;
  },
  startHash?: string,
): Promise<ChainVerification> => {
  try {
    return await verifyChain(events, { scope: 'global', startHash });
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    const { read, last, start } = sofar();
    const position = (last?.position ?? start) + 1n;
    return {
      ok: false,
      eventsChecked: read + 1,
      firstBrokenPosition: position,
      reason: `the event at position ${position} cannot be read: ${error.message}`,
    };
  }
};
