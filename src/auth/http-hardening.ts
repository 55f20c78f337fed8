/**
 * Security headers on every answer (helmet) and CORS only for configured origins. Helmet's
 * default content security policy already suits /docs (Swagger UI loads its scripts from
 * the service itself; its inline styles are allowed by the default style-src), so no route
 * gets a relaxed policy.
 */
import helmet from '@fastify/helmet';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppConfig } from '../config/config';

/** Browsers may cache a CORS preflight this long. */
const CORS_MAX_AGE_SECONDS = 600;

export const hardenHttp = async (app: NestFastifyApplication, config: AppConfig): Promise<void> => {
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        // The service speaks plain HTTP behind its TLS proxy; upgrading sub-requests of a page
        // reached over http would break /docs there.
        upgradeInsecureRequests: null,
      },
    },
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
