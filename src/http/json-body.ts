/**
 * The one body parser: JSON in UTF-8. Registered by the service itself rather than left to
 * Nest, which also registers a form parser (`application/x-www-form-urlencoded` bodies were
 * taken as commands; that type is one a page on another site may send without asking), and
 * whose JSON parser decodes bytes that are not UTF-8 as U+FFFD: a Latin-1 `å` was recorded as
 * text the caller never sent. Both are refused now, and nothing is recorded:
 * - another content type: 415 (no parser matches);
 * - a charset other than UTF-8: 415;
 * - bytes that are not UTF-8: 400 MALFORMED_REQUEST.
 * Prototype-poisoning keys are refused as the server is configured to (fastify's own parser).
 */
import { isUtf8 } from 'node:buffer';
import type { FastifyInstance, FastifyRequest } from 'fastify';

const JSON_TYPE = 'application/json';

/** The charset a Content-Type names, lower-cased, or undefined for none. */
const charsetOf = (contentType: string | undefined): string | undefined =>
  /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType ?? '')?.[1]?.toLowerCase();

const refusal = (statusCode: number, message: string): Error =>
  Object.assign(new Error(message), { statusCode });

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
      parseJson(request, bytes.toString('utf8'), done);
    },
  );
};
