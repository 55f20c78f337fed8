/**
 * A large JSON answer sent as it is written instead of as one string. Fastify's default is
 * JSON.stringify of the whole answer, then a pass to measure its UTF-8 length and one to
 * encode it, and only then the first byte goes out: for a 10 000-event history (12 MB) the
 * caller waited for all three before it could start reading, and no other request was
 * served meanwhile. Here the answer's top-level lists are written a few items at a time, in
 * chunks of about CHUNK_CHARS, as the caller reads the ones before (chunked transfer
 * encoding); no 12 MB string is held, and the length pass is gone. A list may also be made
 * while it is written (LazyList), so that its items are not all held at once either.
 *
 * The bytes are exactly JSON.stringify's: the same keys in the same order, values written by
 * JSON.stringify itself, a property whose value JSON leaves out left out, a list item it
 * cannot write written as null.
 */
import { StreamableFile } from '@nestjs/common';
import { Readable } from 'node:stream';

/** About 64 KB: a few socket writes' worth, small next to the answers this is for. */
export const CHUNK_CHARS = 64 * 1024;
/** What Fastify sends with a JSON answer it serialises itself. */
export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';
/**
 * The most list items written by one JSON.stringify. Items are written a few at a time rather
 * than one by one (a 10 000-event history's 10 000 entries, 15 at a time: 25 ms rather than
 * 27-29 ms), about a quarter of a chunk each.
 */
const MAX_ITEMS_AT_ONCE = 256;
/** Pieces of a few items written together per chunk: a chunk is cut between pieces. */
const PIECES_PER_CHUNK = 4;

/**
 * A list made while it is written: its items are written as the iterable yields them and can
 * be dropped once written, so an answer of thousands of items never holds them all. Read once.
 */
export class LazyList {
  constructor(readonly items: Iterable<unknown>) {}
}

/** A field's value worked out when the writer reaches it: after every field before it. */
export class Later {
  constructor(readonly value: () => unknown) {}
}

export const lazyList = (items: Iterable<unknown>): LazyList => new LazyList(items);
export const later = (value: () => unknown): Later => new Later(value);

/**
 * The items' JSON texts joined by commas, in pieces of a few items each (the list's brackets
 * left out): JSON.stringify of a few items together writes each as it would alone, and an
 * item it cannot write as null.
 */
function* listPieces(items: Iterable<unknown>, chunkChars: number): Generator<string> {
  const perPiece = chunkChars / PIECES_PER_CHUNK;
  let batch: unknown[] = [];
  let atOnce = 1;
  for (const item of items) {
    batch.push(item);
    if (batch.length < atOnce) continue;
    const text = JSON.stringify(batch);
    // As many at once as make about a piece, judging by these.
    const perItem = Math.max(1, text.length / batch.length);
    atOnce = Math.min(MAX_ITEMS_AT_ONCE, Math.max(1, Math.floor(perPiece / perItem)));
    batch = [];
    yield text.slice(1, -1);
  }
  if (batch.length > 0) yield JSON.stringify(batch).slice(1, -1);
}

/**
 * The text of JSON.stringify(answer), in pieces; `answer` must be a plain object. A field may
 * be a LazyList, written as a list, or a Later, worked out when reached.
 */
export function* jsonChunks(answer: object, chunkChars = CHUNK_CHARS): Generator<string> {
  let text = '{';
  let separator = '';
  for (const [key, field] of Object.entries(answer)) {
    const value: unknown = field instanceof Later ? field.value() : field;
    const items = Array.isArray(value) ? value : value instanceof LazyList ? value.items : null;
    if (items !== null) {
      text += `${separator}${JSON.stringify(key)}:[`;
      let first = true;
      for (const piece of listPieces(items, chunkChars)) {
        const next = first ? piece : `,${piece}`;
        first = false;
        // Cut before a piece that would take the chunk past its size, and after one that did.
        if (text.length > 0 && text.length + next.length > chunkChars) {
          yield text;
          text = '';
        }
        text += next;
        if (text.length >= chunkChars) {
          yield text;
          text = '';
        }
      }
      text += ']';
    } else {
      const written = JSON.stringify(value) as string | undefined;
      if (written === undefined) continue;
      text += `${separator}${JSON.stringify(key)}:${written}`;
    }
    separator = ',';
  }
  yield `${text}}`;
}

/** The answer as a streamed JSON body, for a controller to return. */
export const streamedJson = (answer: object): StreamableFile =>
  new StreamableFile(Readable.from(jsonChunks(answer)), { type: JSON_CONTENT_TYPE });
