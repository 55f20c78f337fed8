import { Controller, Get, Header, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { LedgerMetrics } from './metrics';

/** `GET /metrics` in Prometheus text format; no token, like /health. */
@ApiExcludeController()
@Controller()
export class MetricsController {
  constructor(private readonly metrics: LedgerMetrics) {}

  @Get('metrics')
  @Header('Cache-Control', 'no-store')
  async scrape(@Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    void reply.header('Content-Type', this.metrics.registry.contentType);
    return this.metrics.registry.metrics();
  }
}
