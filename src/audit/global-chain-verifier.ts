/**
 * Verifies the embedded store's single chain: every event in position order links to the
 * hash of the one before, and every hash recomputes from its event. Positions there are
 * 1, 2, 3, … without gaps, which lets an unreadable row be named by position too.
 */
import { EventStore, RecordedEvent } from '../event-store/event-store';
import { ChainVerification, GENESIS_HASH, verifyChain } from '../event-store/hash-chain';
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

export class GlobalChainVerifier implements LedgerVerifier {
  readonly scope = 'global' as const;

  constructor(private readonly store: EventStore) {}

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
    const pass = await this.pass({ at: position, upTo: position, onProgress: options.onProgress });
    if (!pass.chain.ok) return { kind: 'broken', report: toReport(pass.chain) };
    if (position === 0n) {
      return {
        kind: 'digest',
        digest: { scope: 'global', position, hash: GENESIS_HASH },
        eventsChecked: 0,
      };
    }
    if (pass.atPosition === undefined) return { kind: 'no-event', position, headPosition };
    const digest: LedgerDigest = { scope: 'global', position, hash: pass.atPosition.hash };
    return { kind: 'digest', digest, eventsChecked: pass.chain.eventsChecked };
  }

  /** One pass over the chain (up to `upTo`), remembering the event at position `at`. */
  private async pass(options: {
    readonly at?: bigint;
    readonly upTo?: bigint;
    readonly onProgress?: ProgressListener;
  }): Promise<ChainPass> {
    const head = await this.store.headPosition();
    const progress = progressCounter(options.onProgress, Number(options.upTo ?? head));
    let read = 0;
    let last: RecordedEvent | undefined;
    let atPosition: RecordedEvent | undefined;
    const events = tapEvents(this.store.readAll({ upTo: options.upTo }), (event) => {
      progress.tick();
      read += 1;
      last = event;
      if (event.position === options.at) atPosition = event;
    });
    const chain = await verifyReadable(events, () => ({ read, last }));
    progress.done();
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
  sofar: () => { readonly read: number; readonly last: RecordedEvent | undefined },
): Promise<ChainVerification> => {
  try {
    return await verifyChain(events, { scope: 'global' });
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    const { read, last } = sofar();
    const position = (last?.position ?? 0n) + 1n;
    return {
      ok: false,
      eventsChecked: read + 1,
      firstBrokenPosition: position,
      reason: `the event at position ${position} cannot be read: ${error.message}`,
    };
  }
};
