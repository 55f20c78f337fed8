import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AppConfig } from '../config/config';
import { EventStore } from '../event-store/event-store';
import { APP_CONFIG, EVENT_STORE } from '../infra/tokens';
import { ProjectionRunner } from '../projections/projection-runner';
import { HealthDto } from './dto/health.dto';

@ApiTags('operations')
@Controller()
export class HealthController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly runner: ProjectionRunner,
  ) {}

  @Get('health')
  @ApiOkResponse({ type: HealthDto, description: 'Alive, and the event store is ready.' })
  @ApiServiceUnavailableResponse({
    type: HealthDto,
    description: 'Alive, but the event store is not ready.',
  })
  async health(@Res({ passthrough: true }) reply: FastifyReply): Promise<object> {
    const readiness = await this.store.readiness();
    if (!readiness.ready) void reply.status(503);
    return {
      status: readiness.ready ? 'ok' : 'unavailable',
      store: {
        kind: this.config.store,
        ready: readiness.ready,
        ...(readiness.ready
          ? { position: String(await this.store.headPosition()) }
          : { reason: readiness.reason }),
      },
      readModels: { position: String(this.runner.current().position) },
    };
  }
}
