import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ChainWatch } from '../audit/chain-watch';
import { ChainKnowledge, ChainVerdict, lastVerdict } from '../audit/chain-watch-state';
import { AppConfig } from '../config/config';
import { EventStore } from '../event-store/event-store';
import { APP_CONFIG, EVENT_STORE } from '../infra/tokens';
import { ProjectionRunner } from '../projections/projection-runner';
import { HealthDto } from './dto/health.dto';

/** The last verdict's own figures, positions as strings. */
const verdictFields = (last: ChainVerdict): object => {
  switch (last.state) {
    case 'intact':
      return last.position === undefined ? {} : { position: String(last.position) };
    case 'broken':
      return {
        ...(last.firstBrokenPosition === undefined
          ? {}
          : { firstBrokenPosition: String(last.firstBrokenPosition) }),
        reason: last.reason,
      };
    default: {
      const exhaustive: never = last;
      throw new Error(`unknown chain verdict ${String(exhaustive)}`);
    }
  }
};

/** What /health says of the chain: the watch's state, and the last verdict while there is one. */
const chainHealth = (knowledge: ChainKnowledge): object => {
  const last = lastVerdict(knowledge);
  if (last === undefined) return { state: knowledge.state };
  return {
    state: knowledge.state,
    verdict: last.state,
    eventsChecked: last.eventsChecked,
    verifiedAt: last.verifiedAt,
    ...verdictFields(last),
  };
};

@ApiTags('operations')
@Controller()
export class HealthController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly runner: ProjectionRunner,
    private readonly chainWatch: ChainWatch,
  ) {}

  @Get('health')
  @ApiOkResponse({
    type: HealthDto,
    description:
      'Alive, the event store is ready, the read models run, and no broken verdict of the chain watch stands (chain.state off, not-yet-verified, intact, or verifying with no verdict or an intact one).',
  })
  @ApiServiceUnavailableResponse({
    type: HealthDto,
    description:
      "Alive, but the event store is not ready, or the read models stopped (they retry from their checkpoint; reads that need what they lack answer 503 READ_MODELS_STOPPED), or the chain watch's last verification found the hash chain broken (chain.verdict broken, with firstBrokenPosition and reason, also while the next verification runs; reads and commands still answer).",
  })
  async health(@Res({ passthrough: true }) reply: FastifyReply): Promise<object> {
    const readiness = await this.store.readiness();
    const stopped = this.runner.stoppedBy();
    const chain = this.chainWatch.current();
    // A ledger whose record no longer verifies must not look healthy to a monitor.
    const broken = lastVerdict(chain)?.state === 'broken';
    const ok = readiness.ready && stopped === undefined && !broken;
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
      chain: chainHealth(chain),
    };
  }
}
