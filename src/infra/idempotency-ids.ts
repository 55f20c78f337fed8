/**
 * Event ids derived from an Idempotency-Key. A command sent again under the same key, to
 * this service instance or to another one on the same ledger, appends events with the same
 * ids, so the store's own idempotent append (an id already in the stream) takes the repeat
 * for what it is and writes nothing a second time.
 *
 * The id is a name-based UUID in the manner of RFC 9562's version 5: the SHA-1 of a fixed
 * namespace and the name, cut to 128 bits, with the version and variant bits set.
 */
import { createHash } from 'node:crypto';

/** The ledger's own namespace for event ids; fixed forever, or repeats would get new ids. */
export const EVENT_ID_NAMESPACE = 'fff74344-fb2c-4c42-bac8-80e951b3473b';

const UUID_BYTES = 16;
const VERSION_BYTE = 6;
const VARIANT_BYTE = 8;
const NAME_BASED_SHA1_VERSION = 0x50;
const RFC_VARIANT = 0x80;

const uuidBytes = (uuid: string): Buffer => Buffer.from(uuid.replace(/-/g, ''), 'hex');

const uuidText = (bytes: Buffer): string => {
  const hex = bytes.toString('hex');
  return [
    hex.slice(0, 8),
    hex.slice(8, 12),
    hex.slice(12, 16),
    hex.slice(16, 20),
    hex.slice(20, 32),
  ].join('-');
};

/** A version 5 UUID of `name` in `namespace` (lower case). */
export const nameBasedUuid = (namespace: string, name: string): string => {
  const digest = createHash('sha1')
    .update(uuidBytes(namespace))
    .update(name, 'utf8')
    .digest()
    .subarray(0, UUID_BYTES);
  digest[VERSION_BYTE] = (digest[VERSION_BYTE] & 0x0f) | NAME_BASED_SHA1_VERSION;
  digest[VARIANT_BYTE] = (digest[VARIANT_BYTE] & 0x3f) | RFC_VARIANT;
  return uuidText(digest);
};

/**
 * The id of the `index`-th event a keyed command appends to `stream`. The parts are written
 * as a JSON array so no two different tuples make the same name.
 */
export const keyedEventId = (actorId: string, key: string, stream: string, index: number): string =>
  nameBasedUuid(EVENT_ID_NAMESPACE, JSON.stringify([actorId, key, stream, index]));
