/**
 * A streamed JSON answer is, byte for byte, what JSON.stringify writes for it, whatever the
 * chunk size: keys in order, values JSON leaves out left out, list items it cannot write
 * written as null, text outside ASCII as it is.
 */
import fc from 'fast-check';
import { Readable } from 'node:stream';
import {
  jsonChunks,
  JSON_CONTENT_TYPE,
  later,
  lazyList,
  streamedJson,
} from '../../src/http/json-stream';

const joined = (answer: object, chunkChars?: number): string =>
  [...jsonChunks(answer, chunkChars)].join('');

describe('jsonChunks', () => {
  it('writes what JSON.stringify writes, for any answer and chunk size', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.string(), fc.oneof(fc.jsonValue(), fc.array(fc.jsonValue()))),
        fc.integer({ min: 1, max: 64 }),
        (answer, chunkChars) => {
          expect(joined(answer, chunkChars)).toBe(JSON.stringify(answer));
        },
      ),
    );
  });

  it('leaves out what JSON leaves out and writes list items it cannot write as null', () => {
    const answer = {
      id: 'e-arkiv',
      gone: undefined,
      events: [{ a: 1, b: undefined }, undefined, () => 1, 'Stage a → b', [1, [2]]],
      empty: [],
      fn: () => 1,
      next: null,
      money: { toJSON: () => '12.50' },
    };
    expect(joined(answer, 4)).toBe(JSON.stringify(answer));
    expect(joined({})).toBe('{}');
  });

  it('writes a list made while it is written, and a value worked out when reached, as the plain answer', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.string(), fc.oneof(fc.jsonValue(), fc.array(fc.jsonValue()))),
        fc.integer({ min: 1, max: 64 }),
        fc.boolean(),
        (answer, chunkChars, listsLater) => {
          const lazy = Object.fromEntries(
            Object.entries(answer).map(([key, value]) => {
              if (!Array.isArray(value)) return [key, later(() => value)];
              return [key, listsLater ? later(() => value) : lazyList(value.values())];
            }),
          );
          expect(joined(lazy, chunkChars)).toBe(JSON.stringify(answer));
        },
      ),
    );
  });

  it('makes a lazy list’s items only as it writes them, and a later value after them', () => {
    let made = 0;
    function* items(): Generator<{ n: number; text: string }> {
      for (let n = 0; n < 10_000; n++) {
        made += 1;
        yield { n, text: 'x'.repeat(40) };
      }
    }
    const chunks = jsonChunks({ events: lazyList(items()), made: later(() => made) }, 4096);
    const first = chunks.next();
    expect(first.done).toBe(false);
    expect(made).toBeGreaterThan(0);
    expect(made).toBeLessThan(1_000);
    const rest = [...chunks].join('');
    const parsed = JSON.parse(`${String(first.value)}${rest}`) as {
      events: unknown[];
      made: number;
    };
    expect(parsed.events).toHaveLength(10_000);
    expect(parsed.made).toBe(10_000);
  });

  it('cuts a long list into chunks of about the size asked for', () => {
    const events = Array.from({ length: 1000 }, (_, i) => ({
      position: String(i),
      text: 'x'.repeat(50),
    }));
    const chunks = [...jsonChunks({ events, next: null }, 4096)];
    expect(chunks.length).toBeGreaterThan(10);
    for (const chunk of chunks.slice(0, -1)) expect(chunk.length).toBeLessThan(4096 + 100);
    expect(chunks.join('')).toBe(JSON.stringify({ events, next: null }));
  });
});

describe('streamedJson', () => {
  it('is a stream of the JSON, sent as application/json', async () => {
    const answer = { id: 'e-arkiv', events: [{ summary: 'Effekt för 2017-01: 1 200,00 kr' }] };
    const file = streamedJson(answer);
    expect(file.getHeaders().type).toBe(JSON_CONTENT_TYPE);
    const pieces: string[] = [];
    for await (const piece of file.getStream() as Readable) pieces.push(String(piece));
    expect(pieces.join('')).toBe(JSON.stringify(answer));
  });
});
