import { Controller, Get, Header, Inject, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppConfig } from '../config/config';
import { problem, ProblemException } from '../shared/problem';
import { APP_CONFIG } from '../infra/tokens';
import { metricsTokenMatches } from './metrics-token';
import { LedgerMetrics } from './metrics';

/**
 * `GET /metrics` in Prometheus text format. Open like /health unless LEDGER_METRICS_TOKEN
 * is set; then the scraper must send `Authorization: Bearer <that token>`.
 */
@ApiExcludeController()
@Controller()
export class MetricsController {
  constructor(
    private readonly metrics: LedgerMetrics,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('metrics')
  @Header('Cache-Control', 'no-store')
  async scrape(
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const expected = this.config.metricsToken;
    if (expected !== undefined && !metricsTokenMatches(request.headers.authorization, expected)) {
      void reply.header('WWW-Authenticate', 'Bearer realm="fund-ledger-metrics"');
      throw new ProblemException(
        problem(401, 'UNAUTHENTICATED', 'Send the metrics token: Authorization: Bearer <token>.'),
      );
    }
    void reply.header('Content-Type', this.metrics.registry.contentType);
    return this.metrics.registry.metrics();
  }
}
