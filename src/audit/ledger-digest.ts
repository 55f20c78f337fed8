/**
 * The digest: a short text an auditor keeps outside the system, which later proves the ledger
 * still holds the same history up to a position. Format (version 1):
 *
 *   v1:<scope>:<position>:<64 hex digits>
 *
 * - `global` (one chain over every event, the embedded store): the hex is the chain hash of
 *   the event at <position>. That hash covers the event and, through prevHash, every event
 *   before it, so once the chain verifies, an equal hash means an unchanged history.
 *   An empty ledger has position 0 and the hash its first event links to (the genesis of a
 *   chain held to recorded-time order; a digest of position 0 with the plain genesis, taken
 *   by an older build, holds too).
 * - `stream` (one chain per stream, the EventStoreDB adapter): the hex is the SHA-256 of the
 *   canonical JSON of [[streamId, revision, hash], ...] for the last event of every stream
 *   at or below <position>, sorted by stream id: the chain heads as they stood then.
 *
 * Events appended after <position> do not change the digest; a changed, removed, inserted or
 * reordered event at or below it does.
 */
import { createHash } from 'node:crypto';
import { canonicalJson, ChainScope } from '../event-store/hash-chain';

export const DIGEST_VERSION = 'v1';

export interface LedgerDigest {
  readonly scope: ChainScope;
  readonly position: bigint;
  /** Lower-case hex SHA-256. */
  readonly hash: string;
}

/** The longest position a digest may name: SQLite's and EventStoreDB's positions fit in 19 digits. */
const DIGEST_PATTERN = /^v1:(global|stream):(0|[1-9][0-9]{0,18}):([0-9a-f]{64})$/;

/** The longest text a digest can be; longer input is refused before the pattern runs. */
export const MAX_DIGEST_LENGTH = 'v1:stream:'.length + 19 + 1 + 64;

export const DIGEST_FORMAT_TEXT =
  'must be a ledger digest v1:<global|stream>:<position>:<64 lower-case hex digits>, as GET /api/audit/digest gives';

export const formatDigest = (digest: LedgerDigest): string =>
  `${DIGEST_VERSION}:${digest.scope}:${digest.position.toString()}:${digest.hash}`;

export const parseDigest = (text: string): LedgerDigest | undefined => {
  if (text.length > MAX_DIGEST_LENGTH) return undefined;
  const match = DIGEST_PATTERN.exec(text.trim());
  if (!match) return undefined;
  return { scope: match[1] as ChainScope, position: BigInt(match[2]), hash: match[3] };
};

/** One stream's chain head: its last event at or below the digest's position. */
export interface StreamHead {
  readonly streamId: string;
  readonly revision: bigint;
  readonly hash: string;
}

export const streamHeadsHash = (heads: Iterable<StreamHead>): string => {
  const sorted = [...heads]
    .sort((a, b) => (a.streamId < b.streamId ? -1 : a.streamId > b.streamId ? 1 : 0))
    .map((head) => [head.streamId, head.revision.toString(), head.hash]);
  return createHash('sha256').update(canonicalJson(sorted), 'utf8').digest('hex');
};
