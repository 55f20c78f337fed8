/**
 * Verifies a store that keeps one chain per stream (the EventStoreDB adapter: its server
 * assigns positions only at commit, so a link cannot cover one). Each stream is checked from
 * its first revision; the verdict names the lowest broken position over all streams, so it
 * reads the same as the global verifier's. A digest covers the heads of every stream at its
 * position (see ledger-digest.ts), which is what catches a removed tail or a removed stream.
 */
import { EventStore, RecordedEvent } from '../event-store/event-store';
import { ChainVerification, verifyChain } from '../event-store/hash-chain';
import { LedgerDigest, StreamHead, streamHeadsHash } from './ledger-digest';
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

interface StreamsPass {
  readonly report: VerifyReport;
  /** Every stream's last event at or below the position asked for. */
  readonly heads: readonly StreamHead[];
}

const lowestBreak = (
  current: VerifyReport,
  chain: ChainVerification,
): Pick<VerifyReport, 'firstBrokenPosition' | 'reason'> => {
  if (chain.ok) return current;
  if (
    current.firstBrokenPosition !== undefined &&
    current.firstBrokenPosition <= chain.firstBrokenPosition
  ) {
    return current;
  }
  return { firstBrokenPosition: chain.firstBrokenPosition, reason: chain.reason };
};

export class StreamChainVerifier implements LedgerVerifier {
  readonly scope = 'stream' as const;

  constructor(private readonly store: EventStore) {}

  async verify(options: VerifyOptions = {}): Promise<VerifyReport> {
    const at = options.digest?.position ?? (await this.store.headPosition());
    const { report, heads } = await this.pass(at, options.onProgress);
    if (options.digest === undefined) return report;
    const digest = checkDigest(options.digest, report, heads);
    return { ...report, ok: report.ok && digest.matches, digest };
  }

  async digest(options: DigestOptions = {}): Promise<DigestOutcome> {
    const headPosition = await this.store.headPosition();
    const position = options.position ?? headPosition;
    if (position > headPosition) return { kind: 'no-event', position, headPosition };
    const { report, heads } = await this.pass(position, options.onProgress);
    if (!report.ok) return { kind: 'broken', report };
    const digest: LedgerDigest = { scope: 'stream', position, hash: streamHeadsHash(heads) };
    return { kind: 'digest', digest, eventsChecked: report.eventsChecked };
  }

  /** Checks every stream in full, and notes each one's head at `at`. */
  private async pass(at: bigint, onProgress: ProgressListener | undefined): Promise<StreamsPass> {
    const { streams, total } = await this.streams();
    const progress = progressCounter(onProgress, total);
    let report: VerifyReport = { ok: true, scope: 'stream', eventsChecked: 0 };
    const heads: StreamHead[] = [];
    for (const streamId of streams) {
      let head: RecordedEvent | undefined;
      const events = tapEvents(this.store.readStream(streamId), (event) => {
        progress.tick();
        if (event.position <= at) head = event;
      });
      const chain = await verifyChain(events, { scope: 'stream' });
      report = {
        ...report,
        ...lowestBreak(report, chain),
        ok: report.ok && chain.ok,
        eventsChecked: report.eventsChecked + chain.eventsChecked,
      };
      if (head !== undefined) heads.push({ streamId, revision: head.revision, hash: head.hash });
    }
    progress.done();
    return { report, heads };
  }

  /** Every stream in the store, in the order they began, and how many events there are. */
  private async streams(): Promise<{ streams: string[]; total: number }> {
    const streams = new Set<string>();
    let total = 0;
    for await (const event of this.store.readAll()) {
      streams.add(event.streamId);
      total += 1;
    }
    return { streams: [...streams], total };
  }
}

const checkDigest = (
  digest: LedgerDigest,
  report: VerifyReport,
  heads: readonly StreamHead[],
): DigestCheck => {
  const { position } = digest;
  if (report.firstBrokenPosition !== undefined && report.firstBrokenPosition <= position) {
    return {
      position,
      matches: false,
      reason: `the history up to position ${position} has changed: the first broken link is at ${report.firstBrokenPosition}`,
    };
  }
  if (streamHeadsHash(heads) !== digest.hash) {
    return {
      position,
      matches: false,
      reason: `the streams' chain heads at position ${position} differ from the digest: events were changed, removed or inserted`,
    };
  }
  return { position, matches: true };
};
