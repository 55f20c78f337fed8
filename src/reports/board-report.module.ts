/**
 * The board report outside the HTTP service (the CLI, the bench): the service's own modules
 * (ledger, projections, reports) without a server, on a private temporary read-model file so
 * a running service's read models are never written by a second process.
 */
import { DynamicModule, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppConfig } from '../config/config';
import { EventStore } from '../event-store/event-store';
import { LedgerModule, LedgerModuleOptions } from '../infra/ledger.module';
import { createLogger } from '../infra/logger';
import { systemClock } from '../infra/tokens';
import { ProjectionsModule } from '../projections/projections.module';
import { BoardReports } from './board-report';
import { ReportsModule } from './reports.module';

@Module({})
class BoardReportModule {
  static register(options: LedgerModuleOptions): DynamicModule {
    return {
      module: BoardReportModule,
      imports: [LedgerModule.register(options), ProjectionsModule, ReportsModule],
    };
  }
}

export interface OpenBoardReports {
  readonly boards: BoardReports;
  /** Closes the modules (and the store) and removes the temporary read models. */
  close(): Promise<void>;
}

export const openBoardReports = async (
  base: AppConfig,
  store: EventStore,
): Promise<OpenBoardReports> => {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-report-'));
  const config = {
    ...base,
    readModelPath: join(dir, 'read-models.sqlite'),
    idempotencyPath: join(dir, 'idempotency.sqlite'),
  };
  const app = await NestFactory.createApplicationContext(
    BoardReportModule.register({
      config,
      store,
      clock: systemClock,
      logger: createLogger('error'),
    }),
    { logger: false },
  );
  return {
    boards: app.get(BoardReports),
    close: async () => {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
};
