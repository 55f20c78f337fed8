/**
 * The approval process's wiring: its checkpoint beside the read models, started before the
 * service listens (so allocations left unapproved by a crash are approved first) and stopped
 * on shutdown. Global, so the fund's allocation answer can wait for it through its port.
 */
import {
  Global,
  Injectable,
  Module,
  BeforeApplicationShutdown,
  OnApplicationBootstrap,
} from '@nestjs/common';
import type { Logger } from 'pino';
import { AppConfig } from '../config/config';
import { EventStore } from '../event-store/event-store';
import { APP_CONFIG, EVENT_STORE, LOGGER } from '../infra/tokens';
import { CommandHandler } from '../shared/command-handler';
import {
  approvalCheckpointPath,
  FileApprovalCheckpoint,
  MemoryApprovalCheckpoint,
} from './approval-checkpoint';
import { ProjectionRunner } from '../projections/projection-runner';
import { valuesOf } from '../projections/lazy-views';
import {
  ApprovalProcessManager,
  APPROVAL_RETRY_DELAY_MS,
  ApprovedAlready,
} from './approval.process-manager';

const BASELINE = ['baselineCaseVersion'];

/**
 * The live investment summary has a baseline: set by the approval, only moved by a revision.
 * Only that field is read: the whole summary of a long-lived investment is thousands of
 * reports, and a first start handled every allocation of the ledger this way (on the 1M-event
 * bench ledger it read every summary whole: 6 s and 307 MB at its peak).
 */
export const approvedInReadModels =
  (runner: ProjectionRunner): ApprovedAlready =>
  (investmentId) =>
    (valuesOf(runner.current().views.investmentSummary.investments, investmentId, BASELINE)
      ?.baselineCaseVersion ?? null) !== null;

@Injectable()
class ApprovalLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(private readonly process: ApprovalProcessManager) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.process.start();
  }

  /** Before the store closes, so nothing under way is taken for a store fault. */
  beforeApplicationShutdown(): void {
    this.process.stop();
  }
}

@Global()
@Module({
  providers: [
    {
      provide: ApprovalProcessManager,
      useFactory: (
        config: AppConfig,
        store: EventStore,
        handler: CommandHandler,
        logger: Logger,
        runner: ProjectionRunner,
      ) => {
        const path = approvalCheckpointPath(config.readModelPath);
        const checkpoint =
          path === undefined
            ? new MemoryApprovalCheckpoint()
            : new FileApprovalCheckpoint(path, logger);
        return new ApprovalProcessManager(
          store,
          handler,
          checkpoint,
          logger,
          APPROVAL_RETRY_DELAY_MS,
          approvedInReadModels(runner),
        );
      },
      inject: [APP_CONFIG, EVENT_STORE, CommandHandler, LOGGER, ProjectionRunner],
    },
    ApprovalLifecycle,
  ],
  exports: [ApprovalProcessManager],
})
export class ApprovalModule {}
