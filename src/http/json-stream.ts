/**
 * A large JSON answer sent as it is written instead of as one string. Fastify's default is
 * JSON.stringify of the whole answer, then a pass to measure its UTF-8 length and one to
 * encode it, and only then the first byte goes out: for a 10 000-event history (12 MB) the
 * caller waited for all three before it could start reading, and no other request was
 * served meanwhile. Here the answer's top-level lists are written an item at a time, in
 * chunks of about CHUNK_CHARS, as the caller reads the ones before (chunked transfer
 * encoding); no 12 MB string is held, and the length pass is gone.
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

/** The text of JSON.stringify(answer), in pieces; `answer` must be a plain object. */
export function* jsonChunks(answer: object, chunkChars = CHUNK_CHARS): Generator<string> {
  let text = '{';
  let separator = '';
  for (const [key, value] of Object.entries(answer)) {
    if (Array.isArray(value)) {
      text += `${separator}${JSON.stringify(key)}:[`;
      for (let index = 0; index < value.length; index++) {
        if (index > 0) text += ',';
        text += JSON.stringify(value[index]) ?? 'null';
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
