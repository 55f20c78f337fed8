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
  @ApiOkResponse({
    type: HealthDto,
    description: 'Alive, the event store is ready and the read models run.',
  })
  @ApiServiceUnavailableResponse({
    type: HealthDto,
    description:
      'Alive, but the event store is not ready, or the read models stopped (they retry from their checkpoint; reads that need what they lack answer 503 READ_MODELS_STOPPED).',
  })
  async health(@Res({ passthrough: true }) reply: FastifyReply): Promise<object> {
    const readiness = await this.store.readiness();
    const stopped = this.runner.stoppedBy();
    const ok = readiness.ready && stopped === undefined;
    if (!ok) void reply.status(503);
    return {
      status: ok ? 'ok' : 'unavailable',
      store: {
        kind: this.config.store,
        ready: readiness.ready,
        ...(readiness.ready
          ? { position: String(await this.store.headPosition()) }
          : { reason: readiness.reason }),
      },
      readModels: {
        position: String(this.runner.current().position),
        running: stopped === undefined,
        ...(stopped === undefined ? {} : { reason: stopped.reason, stoppedAt: stopped.since }),
      },
    };
  }
}
