/**
 * The embedded store's single chain, verified in segments of positions. Each segment is read
 * and checked on its own (in a worker thread each, see chain-workers.ts, or one after another
 * in this thread), its first event taken at its word for the hash it links to; joining the
 * segments in order then checks exactly that link, against the last event of the segments
 * before. Joined, they say what one pass from the first event says: the same first broken
 * position, reason and count of events checked.
 */
import { EventStore } from '../event-store/event-store';
import {
  ChainVerification,
  isLinkReader,
  LINKED_ON_JOIN,
  LinkToCheck,
  previousHashMismatch,
  recordedTimeBroken,
  recordedTimeOf,
  verifyChain,
} from '../event-store/hash-chain';
import { tapEvents } from './ledger-verifier';

/**
 * An event of the chain as a link: where it is, the hash the next one must name and its own
 * recorded time, which the next one may not go back from (hash-chain.ts recordedTimeBroken).
 */
export interface ChainPoint {
  readonly position: bigint;
  readonly hash: string;
  readonly recordedAt?: unknown;
}

/** A segment to verify (plain data: it is what a worker thread is given). */
export interface SegmentRequest {
  /** The segment is the events after this position … */
  readonly after: bigint;
  /** … up to this one; to the end of the ledger when absent. */
  readonly upTo?: bigint;
  /**
   * The hash the first event must link to. Absent: whatever it names, checked when the
   * segments are joined (every segment but the first of a pass).
   */
  readonly startHash?: string;
  /** With startHash: the recorded time of the event it is the hash of (a remembered link's). */
  readonly startRecordedAt?: unknown;
  /** The first position held to recorded-time order (ChainRules); absent: none. */
  readonly timeOrderedFrom?: bigint;
  /** The position whose hash is wanted (a digest's). */
  readonly at?: bigint;
  /** Links at positions that are multiples of this are reported (see GlobalChainVerifier). */
  readonly linkEvery: number;
}

export interface SegmentResult {
  readonly chain: ChainVerification;
  /** The first event read: where the segment joins the ones before. */
  readonly first?: ChainPoint & { readonly prevHash: string };
  /** The last event read (the broken one, when the segment breaks). */
  readonly last?: ChainPoint;
  readonly at?: ChainPoint;
  readonly links: readonly ChainPoint[];
  /**
   * Why the row after the last event read does not parse, when that broke the segment. Its
   * position is the last event's + 1; for a segment that read none, the join's (the rows
   * before the cut may be gone too).
   */
  readonly unreadable?: string;
}

/** One pass over the chain, from its segments joined. */
export interface JoinedPass {
  readonly chain: ChainVerification;
  readonly last: ChainPoint | undefined;
  readonly at: ChainPoint | undefined;
  /** Links seen on the way; only a pass that is whole and intact vouches for them. */
  readonly links: readonly ChainPoint[];
}

const pointOf = (event: LinkToCheck): ChainPoint => ({
  position: event.position,
  hash: event.hash,
  recordedAt: recordedTimeOf(event),
});

/** Reads and checks one segment, calling `onEvent` for every event read. */
export const verifySegment = async (
  store: EventStore,
  request: SegmentRequest,
  onEvent: () => void = () => undefined,
): Promise<SegmentResult> => {
  let read = 0;
  let first: SegmentResult['first'];
  let last: ChainPoint | undefined;
  let at: ChainPoint | undefined;
  const links: ChainPoint[] = [];
  const every = BigInt(request.linkEvery);
  // A pass from the first event reads without `after`, as it always did.
  const range =
    request.after > 0n ? { after: request.after, upTo: request.upTo } : { upTo: request.upTo };
  // The embedded store checks each link from its stored texts where they are canonical,
  // parsing only the others (hash-chain.ts intactFromTexts).
  const source: AsyncIterable<LinkToCheck> = isLinkReader(store)
    ? store.readLinks(range)
    : store.readAll(range);
  const events = tapEvents(source, (event) => {
    onEvent();
    read += 1;
    last = pointOf(event);
    first ??= { ...last, prevHash: event.prevHash };
    if (event.position === request.at) at = last;
    if (event.position % every === 0n) links.push(last);
  });
  try {
    const chain = await verifyChain(events, {
      scope: 'global',
      startHash: request.startHash ?? LINKED_ON_JOIN,
      startRecordedAt: request.startRecordedAt,
      timeOrderedFrom: request.timeOrderedFrom,
    });
    return { chain, first, last, at, links };
  } catch (error) {
    // A row whose JSON no longer parses is as broken as one whose hash does not match. Any
    // other error (the store went away) is not a verdict on the ledger and goes up.
    if (!(error instanceof SyntaxError)) throw error;
    const position = (last?.position ?? request.after) + 1n;
    const chain: ChainVerification = {
      ok: false,
      eventsChecked: read + 1,
      firstBrokenPosition: position,
      reason: unreadableReason(position, error.message),
    };
    return { chain, first, last, at, links, unreadable: error.message };
  }
};

/** Positions have no gaps in this store, so an unreadable row is named by position too. */
const unreadableReason = (position: bigint, message: string): string =>
  `the event at position ${position} cannot be read: ${message}`;

/** Where a pass starts: the link before its first event, and the rule it is held to. */
export interface PassStart {
  /** The position the pass starts after. */
  readonly after: bigint;
  /** The hash its first event links to. */
  readonly startHash: string;
  /** The recorded time of the event at `after` (none before the first event). */
  readonly startRecordedAt?: unknown;
  /** The first position held to recorded-time order; absent: none. */
  readonly timeOrderedFrom?: bigint;
}

/**
 * Why the first event of a segment is broken by what the segment could not check on its own
 * (the hash and the recorded time of the event before it), or undefined.
 */
const brokenJoin = (
  segment: SegmentResult,
  before: ChainPoint,
  timeOrderedFrom: bigint | undefined,
): string | undefined => {
  const { first } = segment;
  if (first === undefined) return undefined;
  // In one pass the previous hash is checked before anything else …
  if (first.prevHash !== before.hash) return previousHashMismatch(first.prevHash, before.hash);
  // … and the recorded time after the event's own hash and time, which its segment checked.
  const brokeFirst = !segment.chain.ok && segment.chain.firstBrokenPosition === first.position;
  if (brokeFirst || timeOrderedFrom === undefined || first.position < timeOrderedFrom) {
    return undefined;
  }
  return recordedTimeBroken(first.recordedAt, before.recordedAt);
};

/** Joins segments verified in position order (each after the one before, none overlapping). */
export const joinSegments = (segments: readonly SegmentResult[], start: PassStart): JoinedPass => {
  const { after, timeOrderedFrom } = start;
  const startPoint: ChainPoint = {
    position: after,
    hash: start.startHash,
    recordedAt: start.startRecordedAt,
  };
  let checked = 0;
  let linkTo: ChainPoint | undefined;
  let at: ChainPoint | undefined;
  const links: ChainPoint[] = [];
  for (const segment of segments) {
    const { first } = segment;
    const reason = brokenJoin(segment, linkTo ?? startPoint, timeOrderedFrom);
    if (first !== undefined && reason !== undefined) {
      const chain: ChainVerification = {
        ok: false,
        eventsChecked: checked + 1,
        firstBrokenPosition: first.position,
        reason,
      };
      return { chain, last: first, at, links };
    }
    at ??= segment.at;
    links.push(...segment.links);
    if (!segment.chain.ok) {
      const last = segment.last ?? linkTo;
      const eventsChecked = checked + segment.chain.eventsChecked;
      if (segment.unreadable === undefined) {
        return { chain: { ...segment.chain, eventsChecked }, last, at, links };
      }
      // One pass names an unreadable row after the last event it read, in this segment or in
      // those before (the rows before the cut may be gone as well).
      const position = (last?.position ?? after) + 1n;
      const reason = unreadableReason(position, segment.unreadable);
      return {
        chain: { ok: false, eventsChecked, firstBrokenPosition: position, reason },
        last,
        at,
        links,
      };
    }
    checked += segment.chain.eventsChecked;
    linkTo = segment.last ?? linkTo;
  }
  return { chain: { ok: true, eventsChecked: checked }, last: linkTo, at, links };
};

/**
 * The requests for a pass over the events after `after` (to `upTo`, or the end), cut into
 * `parts` segments of about `span / parts` positions each, `span` being how many positions
 * the pass covers as it starts (the last segment reads on to whatever is appended meanwhile).
 */
export const segmentRequests = (
  pass: Omit<SegmentRequest, 'after'> & { readonly after: bigint; readonly span: bigint },
  parts: number,
): SegmentRequest[] => {
  const { span, startHash, startRecordedAt, ...common } = pass;
  const size = span / BigInt(parts);
  return Array.from({ length: parts }, (_, i) => {
    const after = pass.after + size * BigInt(i);
    const last = i === parts - 1;
    return {
      ...common,
      after,
      upTo: last ? pass.upTo : after + size,
      ...(i === 0 && startHash !== undefined ? { startHash, startRecordedAt } : {}),
    };
  });
};
