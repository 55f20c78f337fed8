/**
 * Builds the HTTP application around an opened event store. Used by main.ts and by the
 * e2e tests, so tests run exactly what production runs.
 */
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import type { Logger } from 'pino';
import { AppModule } from './app.module';
import { AUTHENTICATOR } from './auth/authenticator';
import { installAuthentication } from './auth/authentication.hook';
import { hardenHttp } from './auth/http-hardening';
import { RequestLimits } from './auth/rate-limiter';
import { AppConfig } from './config/config';
import { EventStore } from './event-store/event-store';
import { guardBodies } from './http/body-guard';
import { capConnectionsPerClient, edgeServerOptions } from './http/edge-limits';
import { installJsonBodyParser } from './http/json-body';
import { describeIdsAndRoles } from './http/openapi-document';
import { noStoreOnApi, refuseUnwantedBodies } from './http/request-bodies';
import { answerRouterRefusals, MAX_PATH_PARAM_LENGTH } from './http/router-refusals';
import { refuseWhileClosing } from './http/draining';
import { requestIdFor, traceRequests } from './http/request-logging';
import { ProblemFilter } from './http/problem.filter';
import { validationPipe } from './http/validation';
import { NestPinoLogger } from './infra/logger';
import { Clock, systemClock } from './infra/tokens';

export interface AppOptions {
  readonly config: AppConfig;
  readonly store: EventStore;
  readonly logger: Logger;
  readonly clock?: Clock;
}

export const createApp = async (options: AppOptions): Promise<NestFastifyApplication> => {
  const adapter = new FastifyAdapter({
    bodyLimit: options.config.bodyLimitBytes,
    // Prototype-poisoning keys in JSON bodies are refused outright (400).
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    // Refused by refuseWhileClosing instead, as problem+json with Retry-After.
    return503OnClosing: false,
    // The correlation id: the caller's X-Request-Id when acceptable, else a fresh UUID.
    requestIdHeader: false,
    genReqId: requestIdFor,
    // Paths the router refuses before any hook runs (bad percent-encoding, a path segment
    // past the limit) are answered as problem+json with the security headers, not Fastify's
    // plain JSON; the limit sits far above the longest valid id (see router-refusals.ts).
    frameworkErrors: answerRouterRefusals(options.logger),
    routerOptions: { maxParamLength: MAX_PATH_PARAM_LENGTH },
    ...edgeServerOptions(options.config.httpEdge),
    // request.ip is the client the proxy names only when the connection comes from a proxy
    // named in LEDGER_TRUSTED_PROXIES; otherwise the connection's address, whatever is sent.
    trustProxy:
      options.config.httpEdge.trustedProxies.length > 0
        ? [...options.config.httpEdge.trustedProxies]
        : false,
  });
  capConnectionsPerClient(
    adapter.getInstance().server,
    options.config.httpEdge.maxConnectionsPerClient,
  );
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.register({ ...options, clock: options.clock ?? systemClock }),
    adapter,
    // The body parser is the service's own (installJsonBodyParser): Nest's would add a form parser.
    { logger: new NestPinoLogger(options.logger), bufferLogs: false, bodyParser: false },
  );
  app.useGlobalFilters(new ProblemFilter(options.logger));
  app.useGlobalPipes(validationPipe());

  const fastify = app.getHttpAdapter().getInstance();
  // The API speaks JSON in UTF-8 only: anything else is a 415, not a string for validation to
  // puzzle over, and bytes that are not UTF-8 a 400.
  fastify.removeAllContentTypeParsers();
  installJsonBodyParser(fastify);
  hardenHttp(app, options.config);
  traceRequests(fastify);
  refuseWhileClosing(fastify);
  guardBodies(fastify);
  installAuthentication(fastify, {
    authenticator: app.get(AUTHENTICATOR),
    limits: app.get(RequestLimits),
    logger: options.logger,
  });
  // After authentication, so /api answers strangers 401 whatever they send.
  refuseUnwantedBodies(fastify);
  noStoreOnApi(fastify);

  // Built on the first request for the document (/docs-json, or the UI's init script), not at
  // start: scanning every controller for it is a noticeable part of a start, and most
  // instances are never asked. A schema Swagger cannot build then fails that request (the
  // OpenAPI specs fetch the document, so it cannot go unnoticed).
  const document = (): OpenAPIObject =>
    describeIdsAndRoles(
      SwaggerModule.createDocument(
        app,
        new DocumentBuilder()
          .setTitle('Digitalisation fund ledger')
          .setDescription(
            'Event-sourced system of record for a municipal digitalisation fund: tranches, allocations, ' +
              'benefit cases, realised effects and harvests, replayable as of any moment.',
          )
          .setVersion('1')
          .addBearerAuth()
          .build(),
      ),
    );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  return app;
};
