/**
 * Security headers on every answer (helmet) and CORS only for configured origins. Helmet's
 * default content security policy already suits /docs (Swagger UI loads its scripts from
 * the service itself; its inline styles are allowed by the default style-src), so no route
 * gets a relaxed policy.
 *
 * Helmet's middleware is built once, when the service starts: it works out every header's
 * value then, and each request only sets them. (The Fastify plugin built it again for every
 * request, parsing the policy each time: about 2 % of the service's time under load.)
 */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import helmet from 'helmet';
import { AppConfig } from '../config/config';

/** Browsers may cache a CORS preflight this long. */
const CORS_MAX_AGE_SECONDS = 600;

/** Sets the headers on a raw answer; also used where no hook runs (src/http/router-refusals.ts). */
export const securityHeaders = helmet({
  contentSecurityPolicy: {
    directives: {
      // The service speaks plain HTTP behind its TLS proxy; upgrading sub-requests of a page
      // reached over http would break /docs there.
      upgradeInsecureRequests: null,
    },
  },
});

export const hardenHttp = (app: NestFastifyApplication, config: AppConfig): void => {
  // Added before the service's other hooks (app.ts), so every answer carries the headers,
  // refusals (401, 413, 415, 429, 503) included.
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', (request, reply, done) => {
      securityHeaders(request.raw, reply.raw, (error?: unknown) =>
        done(error === undefined ? undefined : (error as Error)),
      );
    });
  if (config.corsOrigins.length > 0) {
    app.enableCors({
      origin: [...config.corsOrigins],
      methods: ['GET', 'POST', 'PUT'],
      allowedHeaders: [
        'Authorization',
        'Content-Type',
        'If-Match',
        'Idempotency-Key',
        'X-Request-Id',
      ],
      exposedHeaders: ['ETag', 'Retry-After', 'Location', 'X-Request-Id'],
      maxAge: CORS_MAX_AGE_SECONDS,
    });
  }
};
