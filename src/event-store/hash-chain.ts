/**
 * Tamper evidence shared by the event stores. Every recorded event carries the hash of the
 * previous event in its chain and its own hash over a canonical serialisation of its content,
 * so changing, removing or reordering a stored event breaks a link that anyone holding the
 * events can recompute.
 *
 * The chain's scope is the caller's choice: the embedded store keeps one global chain in
 * position order; an adapter whose server assigns positions only at commit (EventStoreDB)
 * can keep one chain per stream, which hashes the revision instead of the unknown position.
 */
import { hash } from 'node:crypto';
import { RecordedEvent } from './event-store';
import { canonicalJson } from '../shared/canonical-json';
import { isCalendarDay } from '../periods/period';

export { canonicalJson };

/**
 * The previous hash of the first event of a chain: of every per-stream chain, and of an
 * embedded ledger begun before its chain held recorded time in order (see below).
 */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * The previous hash of the first event of an embedded ledger begun by a build that holds
 * recorded time in order along its chain (recordedTimeBroken): such a ledger is checked for it
 * from its first event, and nothing short of rewriting every hash of the chain (which any
 * digest taken before shows) makes it a ledger checked from later. The sha-256 of the text.
 */
export const TIME_ORDERED_GENESIS_HASH = hash(
  'sha256',
  'ledger chain: recorded time never goes back',
  'hex',
);

/** 'global': one chain over all events in position order; 'stream': one chain per stream. */
export type ChainScope = 'global' | 'stream';

/** The fields a link covers. `position` is left out of per-stream chains. */
export type HashedEvent = Pick<
  RecordedEvent,
  'streamId' | 'revision' | 'position' | 'eventId' | 'type' | 'data' | 'metadata'
>;

/** This event's hash: hex sha-256 over its canonical content and the previous hash. */
export const computeHash = (
  prevHash: string,
  event: HashedEvent,
  scope: ChainScope = 'global',
): string => {
  const content = {
    prevHash,
    streamId: event.streamId,
    revision: event.revision,
    position: scope === 'global' ? event.position : undefined,
    eventId: event.eventId,
    type: event.type,
    data: event.data,
    metadata: event.metadata,
  };
  // The one-shot hash (Node 20.12+): no Hash object per event, about twice as quick on an
  // event's few hundred bytes, which a verification of the whole chain hashes a million times.
  return hash('sha256', canonicalJson(content), 'hex');
};

/**
 * An event as the embedded store keeps it: its data and metadata as the canonical JSON they
 * were hashed over (stores written before that kept them as written, in any key order).
 */
export interface StoredLink {
  readonly streamId: string;
  readonly revision: bigint;
  readonly position: bigint;
  readonly eventId: string;
  readonly type: string;
  readonly dataJson: string;
  readonly metadataJson: string;
  readonly prevHash: string;
  readonly hash: string;
}

/**
 * computeHash's text put together from canonical data and metadata texts, with no walk of the
 * values: the same bytes as canonicalJson of the content (its keys in code-unit order, bigints
 * as decimal strings) whenever `dataJson` and `metadataJson` are canonicalJson's own and the
 * revision and position are bigints. A verification of a long chain writes this per event
 * instead of parsing the event and writing it out again (two fifths of its time).
 */
export const hashOfTexts = (
  prevHash: string,
  event: Omit<StoredLink, 'prevHash' | 'hash'>,
  scope: ChainScope = 'global',
): string => {
  const position = scope === 'global' ? `,"position":"${event.position}"` : '';
  const text =
    `{"data":${event.dataJson},"eventId":${JSON.stringify(event.eventId)}` +
    `,"metadata":${event.metadataJson}${position},"prevHash":${JSON.stringify(prevHash)}` +
    `,"revision":"${event.revision}","streamId":${JSON.stringify(event.streamId)}` +
    `,"type":${JSON.stringify(event.type)}}`;
  return hash('sha256', text, 'hex');
};

/**
 * Whether `text` opens with `{` or `[` and its brackets first close again at its very end
 * (brackets inside JSON strings not counted). A text that holds one JSON object or array
 * does; one that holds it followed by more does not. So where a stored text's hash
 * recomputes (hashOfTexts), each text of the event is exactly the piece that was hashed, not
 * a neighbouring piece shifted across the boundary between two columns: the canonical text
 * hashed opened a value there, and only that value's end brings its brackets back to none.
 */
export const isOneBracketedValue = (text: string): boolean => {
  const open = text.charCodeAt(0);
  if (open !== OPEN_BRACE && open !== OPEN_BRACKET) return false;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i += 1;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) inString = true;
    else if (c === OPEN_BRACE || c === OPEN_BRACKET) depth += 1;
    else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      depth -= 1;
      if (depth === 0) return i === text.length - 1;
    }
  }
  return false;
};

const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** A link of the chain: where it is, and the hashes it links by. */
export type ChainLink = Pick<
  RecordedEvent,
  'streamId' | 'revision' | 'position' | 'prevHash' | 'hash'
>;

/**
 * A link whose hash recomputes from its stored texts as they are (intactFromTexts): its
 * content is what was hashed, so it need not be parsed and written out again to be checked.
 */
export interface IntactLink extends ChainLink {
  /** The chain whose hash was recomputed (a global chain's covers the position). */
  readonly intactIn: ChainScope;
}

/**
 * A link whose stored texts no parse may be trusted for (a key named twice: see
 * duplicate-keys.ts); the verification reports it broken with `malformed` as the reason.
 */
export interface MalformedLink extends ChainLink {
  readonly malformed: string;
}

/**
 * A link's recorded time as the store's recorded-time index reads it (the embedded store hands
 * it over with every link; for an event read whole, its metadata's). Every as-of answer is
 * placed by that index.
 */
export interface RecordedTime {
  readonly recordedAt?: unknown;
}

/** What a verification checks: an event read whole, or a link found intact from its texts. */
export type LinkToCheck = (RecordedEvent | IntactLink | MalformedLink) & RecordedTime;

/** The recorded time a link is checked by (see RecordedTime). */
export const recordedTimeOf = (link: LinkToCheck): unknown =>
  'recordedAt' in link
    ? link.recordedAt
    : 'metadata' in link
      ? link.metadata.recordedAt
      : undefined;

/**
 * A recorded time as the service writes one (Date.toISOString): only in that one form does the
 * text order, which the recorded-time index keeps, agree with the instants' (a time at +05:00
 * would sort after one it lies hours before, `…10:00:00Z` after `…10:00:00.999Z`), and only a
 * real instant (no minute 99, no 30 February) can be read back as one by the as-of answers.
 */
const RECORDED_TIME_FORMAT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

export const isRecordedTime = (text: string): boolean =>
  RECORDED_TIME_FORMAT.test(text) &&
  isCalendarDay(text.slice(0, 10)) &&
  Number(text.slice(11, 13)) <= 23 &&
  Number(text.slice(14, 16)) <= 59 &&
  Number(text.slice(17, 19)) <= 59;

/** Characters of a malformed recorded time a reason quotes. */
const MAX_TIME_SHOWN = 40;

/**
 * Why a link of a chain held to recorded-time order is broken by its time, or undefined. The
 * embedded store refuses an append without a recorded time of this form (sqlite-limits.ts) or
 * recorded before the event before it (sqlite-commit.ts), so in a chain it wrote, recorded time
 * never goes back.
 * A row appended or changed behind its back with an earlier time and its hash computed as the
 * store would breaks no hash, but every as-of answer from that time on would count it and a
 * change report would skip what lies between. `before` is the recorded time of the event
 * before (not judged when it is not text: the first event this build wrote after an older
 * one's). Values are described by their type: a file edited behind the store's back may hold
 * anything, a bigint too.
 */
export const recordedTimeBroken = (at: unknown, before: unknown): string | undefined => {
  if (at === undefined || at === null) return 'no recorded time';
  if (typeof at !== 'string') return `a recorded time of type ${typeof at}, not text`;
  if (!isRecordedTime(at)) {
    return `recorded time ${JSON.stringify(at.slice(0, MAX_TIME_SHOWN))} is not an ISO 8601 UTC time`;
  }
  if (typeof before === 'string' && at < before) {
    return `recorded at ${at}, before the event before it (${before})`;
  }
  return undefined;
};

/**
 * Where a store's single chain starts and from which position it is held to recorded-time
 * order (the embedded store: TimeOrderedChain).
 */
export interface ChainRules {
  /** The hash the first event links to: GENESIS_HASH or TIME_ORDERED_GENESIS_HASH. */
  readonly genesis: string;
  /**
   * The first position held to recorded-time order: 1 for a ledger begun by this build (its
   * genesis says so); for one begun by an older build, the position after its last event when
   * this build first opened it (the file's schema step records it). Undefined: none (a store
   * that keeps no single chain in recorded-time order: GlobalChainVerifier's default).
   */
  readonly timeOrderedFrom: bigint | undefined;
}

/** A store that tells its chain's rules (the embedded store). */
export interface TimeOrderedChain {
  chainRules(): Promise<ChainRules>;
}

export const tellsChainRules = (store: object): store is TimeOrderedChain =>
  typeof (store as Partial<TimeOrderedChain>).chainRules === 'function';

/**
 * Whether every field of a stored row has the type the store writes (a file edited behind its
 * back may hold, say, a BLOB where a text or an integer belongs: `${}` would read such a
 * revision's bytes as its digits, where the parsed check sees no number at all).
 */
const storedAsWritten = (link: StoredLink): boolean =>
  typeof link.dataJson === 'string' &&
  typeof link.metadataJson === 'string' &&
  typeof link.streamId === 'string' &&
  typeof link.eventId === 'string' &&
  typeof link.type === 'string' &&
  typeof link.prevHash === 'string' &&
  typeof link.hash === 'string' &&
  typeof link.revision === 'bigint' &&
  typeof link.position === 'bigint';

/**
 * Whether the stored event's own hash recomputes from its texts as they are (hashOfTexts),
 * each field being of the type the store writes and each text one whole object or array
 * (isOneBracketedValue). True only for texts that are the canonical JSON they were hashed
 * over; false says nothing about the event (a store written before it kept canonical texts,
 * data that is not an object or array, a field of another type), which is then parsed and
 * checked as any other, so its verdict is the one a parsed check gives.
 */
export const intactFromTexts = (link: StoredLink, scope: ChainScope = 'global'): boolean =>
  storedAsWritten(link) &&
  isOneBracketedValue(link.dataJson) &&
  isOneBracketedValue(link.metadataJson) &&
  hashOfTexts(link.prevHash, link, scope) === link.hash;

/** A store that hands its chain over for verification as links (the embedded store). */
export interface LinkReader {
  /** Every event after `after` up to `upTo`, in position order, as links to check. */
  readLinks(options: {
    readonly after?: bigint;
    readonly upTo?: bigint;
  }): AsyncIterable<LinkToCheck>;
}

export const isLinkReader = (store: object): store is LinkReader =>
  typeof (store as Partial<LinkReader>).readLinks === 'function';

/**
 * A store that can tell whether anything other than itself has written to its ledger since
 * it last asked (the embedded store: SQLite's data_version): a row changed in place by another
 * connection leaves every hash as it was, so what a verifier remembered of the chain must then
 * be verified again.
 */
export interface WritesByOthers {
  /** A value that changes whenever another connection has committed to the ledger. */
  othersWriteMark(): unknown;
}

export const tellsWritesByOthers = (store: object): store is WritesByOthers =>
  typeof (store as Partial<WritesByOthers>).othersWriteMark === 'function';

export interface VerifyChainOptions {
  readonly scope?: ChainScope;
  /**
   * The hash the first event must link to: GENESIS_HASH unless verifying from a checkpoint
   * (absent, a global chain's first event may link to TIME_ORDERED_GENESIS_HASH instead, which
   * holds the whole chain to recorded-time order).
   * LINKED_ON_JOIN: whatever the first event names, for a segment of the chain whose first
   * link is checked where the segments are joined (audit/chain-segment.ts).
   */
  readonly startHash?: string | typeof LINKED_ON_JOIN;
  /**
   * From this position on, every event is held to recorded-time order (recordedTimeBroken);
   * absent: none is. Only a global chain is (the embedded store's).
   */
  readonly timeOrderedFrom?: bigint;
  /**
   * The recorded time of the event before the first (a remembered link's); absent with
   * LINKED_ON_JOIN, the first event's is compared with it where the segments are joined.
   */
  readonly startRecordedAt?: unknown;
}

/** See VerifyChainOptions.startHash. */
export const LINKED_ON_JOIN: unique symbol = Symbol('linked on join');

export type ChainVerification =
  | { readonly ok: true; readonly eventsChecked: number }
  | {
      readonly ok: false;
      /** Events read, including the first broken one. */
      readonly eventsChecked: number;
      readonly firstBrokenPosition: bigint;
      readonly reason: string;
    };

/**
 * Checks every link of a chain, in the order given: each event links to the previous one's
 * hash, each hash recomputes from the event's content, and positions strictly increase (in a
 * per-stream chain the events also share one stream and their revisions strictly increase);
 * from `timeOrderedFrom` on, recorded time never goes back. Stops at the first broken link.
 */
export const verifyChain = async (
  events: AsyncIterable<LinkToCheck>,
  options: VerifyChainOptions = {},
): Promise<ChainVerification> => {
  const scope = options.scope ?? 'global';
  let previous: ChainLink | undefined;
  const start = options.startHash ?? GENESIS_HASH;
  let prevHash: string | undefined = start === LINKED_ON_JOIN ? undefined : start;
  let eventsChecked = 0;
  let from = scope === 'global' ? options.timeOrderedFrom : undefined;
  let before = options.startRecordedAt;
  for await (const event of events) {
    eventsChecked += 1;
    if (eventsChecked === 1 && beginsTimeOrdered(event, options, scope)) {
      // A global chain from its first event may start at either genesis; this one says the
      // whole chain is held to recorded-time order.
      prevHash = TIME_ORDERED_GENESIS_HASH;
      from = event.position;
    }
    prevHash ??= event.prevHash;
    const at = recordedTimeOf(event);
    const reason =
      brokenLink(event, previous, prevHash, scope) ??
      (from !== undefined && event.position >= from ? recordedTimeBroken(at, before) : undefined);
    if (reason !== undefined) {
      return { ok: false, eventsChecked, firstBrokenPosition: event.position, reason };
    }
    previous = event;
    prevHash = event.hash;
    before = at;
  }
  return { ok: true, eventsChecked };
};

/** Whether a pass from a global chain's first event finds it linked to the ordered genesis. */
const beginsTimeOrdered = (
  event: LinkToCheck,
  options: VerifyChainOptions,
  scope: ChainScope,
): boolean =>
  scope === 'global' &&
  (options.startHash === undefined || options.startHash === TIME_ORDERED_GENESIS_HASH) &&
  event.prevHash === TIME_ORDERED_GENESIS_HASH;

/** Why a link whose previous hash is not the hash before it is broken. */
export const previousHashMismatch = (prevHash: string, expected: string): string =>
  `previous hash ${prevHash} does not match ${expected}`;

/** Why this link is broken, or undefined when it holds. */
const brokenLink = (
  event: LinkToCheck,
  previous: ChainLink | undefined,
  expectedPrevHash: string,
  scope: ChainScope,
): string | undefined => {
  if (previous !== undefined && event.position <= previous.position) {
    return `position ${event.position} does not follow ${previous.position}`;
  }
  if (scope === 'stream' && previous !== undefined) {
    if (event.streamId !== previous.streamId) {
      return `stream ${event.streamId} in the chain of stream ${previous.streamId}`;
    }
    if (event.revision <= previous.revision) {
      return `revision ${event.revision} does not follow ${previous.revision}`;
    }
  }
  if (event.prevHash !== expectedPrevHash)
    return previousHashMismatch(event.prevHash, expectedPrevHash);
  if ('malformed' in event) return event.malformed;
  if ('intactIn' in event) {
    // Recomputed for another chain's hash: a caller's mistake, not a verdict on the ledger.
    if (event.intactIn !== scope)
      throw new Error(`a link of a ${event.intactIn} chain checked in a ${scope} one`);
  } else if (computeHash(event.prevHash, event, scope) !== event.hash) {
    return `hash ${event.hash} does not match the event's content`;
  }
  return undefined;
};
