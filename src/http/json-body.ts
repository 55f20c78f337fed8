/**
 * The one body parser: JSON in UTF-8. Registered by the service itself rather than left to
 * Nest, which also registers a form parser (`application/x-www-form-urlencoded` bodies were
 * taken as commands; that type is one a page on another site may send without asking), and
 * whose JSON parser decodes bytes that are not UTF-8 as U+FFFD: a Latin-1 `å` was recorded as
 * text the caller never sent. Both are refused now, and nothing is recorded:
 * - another content type: 415 (no parser matches);
 * - a charset other than UTF-8: 415;
 * - bytes that are not UTF-8: 400 MALFORMED_REQUEST.
 * Prototype-poisoning keys are refused as the server is configured to (fastify's own parser),
 * and said to be so: JSON holding a `__proto__` key (or a `constructor` holding `prototype`) is
 * JSON, and no request has such a field, so it is a 400 VALIDATION_FAILED naming the key where
 * it lies, as an unknown field is (body-guard.ts refuses `constructor` and the other names of
 * Object.prototype the same way); fastify's parser called it "not valid JSON".
 * A body that names a key twice in one object is refused too (400 VALIDATION_FAILED naming the
 * key where it lies): JSON.parse keeps the last of the two, so the command would be decided on
 * a value the text also contradicts, and a log or a proxy reading the first would see another
 * request than the one recorded (the store refuses such texts for the same reason).
 */
import { isUtf8 } from 'node:buffer';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { invalidInput, ProblemException } from '../shared/problem';
import { childPath } from './body-guard';
import { firstDuplicateKeyIn } from '../event-store/duplicate-keys';

const JSON_TYPE = 'application/json';

/** The charset a Content-Type names, lower-cased, or undefined for none. */
const charsetOf = (contentType: string | undefined): string | undefined =>
  /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType ?? '')?.[1]?.toLowerCase();

const refusal = (statusCode: number, message: string): Error =>
  Object.assign(new Error(message), { statusCode });

/** What is said of a key fastify's parser refuses (it could reach an object's prototype). */
export const prototypeKeyMessage = (key: string): string =>
  `the key ${key} is not accepted: no request has such a field`;

/** Whether `key` holding `value` is one fastify's parser refuses (secure-json-parse's rule). */
const isPoisoning = (key: string, value: unknown): boolean =>
  key === '__proto__' ||
  (key === 'constructor' &&
    typeof value === 'object' &&
    value !== null &&
    Object.prototype.hasOwnProperty.call(value, 'prototype'));

/**
 * The refusal of a text that is JSON but holds keys the parser refuses, naming each where it
 * lies (breadth first, without recursion); undefined when the text is not JSON. JSON.parse
 * makes `__proto__` an own key like any other, so the walk reads it and never a prototype.
 */
export const prototypeKeysRefusal = (text: string): ProblemException | undefined => {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return undefined;
  }
  const errors: { path: string; message: string }[] = [];
  let level: { value: unknown; path: string }[] = [{ value: body, path: '' }];
  while (level.length > 0) {
    const next: { value: unknown; path: string }[] = [];
    for (const { value, path } of level) {
      if (typeof value !== 'object' || value === null) continue;
      const inArray = Array.isArray(value);
      for (const [key, child] of Object.entries(value)) {
        const at = childPath(path, key, inArray);
        if (!inArray && isPoisoning(key, child))
          errors.push({ path: at, message: prototypeKeyMessage(key) });
        else next.push({ value: child, path: at });
      }
    }
    level = next;
  }
  return errors.length === 0 ? undefined : invalidInput(errors);
};

/** The refusal of a JSON text that names a key twice in one object, naming where; else undefined. */
export const duplicateKeyRefusal = (text: string): ProblemException | undefined => {
  const duplicate = firstDuplicateKeyIn(text);
  if (duplicate === undefined) return undefined;
  let path = '';
  for (const segment of duplicate.path) {
    path = childPath(path, String(segment), typeof segment === 'number');
  }
  return invalidInput([
    {
      path: childPath(path, duplicate.key, false),
      message: 'is named twice in one object: send each field once',
    },
  ]);
};

export const installJsonBodyParser = (fastify: FastifyInstance): void => {
  const { onProtoPoisoning, onConstructorPoisoning, bodyLimit } = fastify.initialConfig;
  const parseJson = fastify.getDefaultJsonParser(
    onProtoPoisoning ?? 'error',
    onConstructorPoisoning ?? 'error',
  );
  fastify.addContentTypeParser(
    JSON_TYPE,
    { parseAs: 'buffer', bodyLimit },
    (request: FastifyRequest, body: Buffer | string, done) => {
      const charset = charsetOf(request.headers['content-type']);
      if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
        done(refusal(415, `Send the body as application/json in UTF-8, not ${charset}.`));
        return;
      }
      const bytes = typeof body === 'string' ? Buffer.from(body) : body;
      if (!isUtf8(bytes)) {
        done(refusal(400, 'the body is not valid UTF-8; send the JSON encoded as UTF-8'));
        return;
      }
      const text = bytes.toString('utf8');
      parseJson(request, text, (error, parsed) => {
        if (error) done(prototypeKeysRefusal(text) ?? error);
        else done(duplicateKeyRefusal(text) ?? null, parsed);
      });
    },
  );
};
