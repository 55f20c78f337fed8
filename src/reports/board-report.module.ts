/**
 * The board report outside the HTTP service (the CLI, the bench): the service's own modules
 * (ledger, projections, reports) without a server, on a private temporary read-model file so
 * a running service's read models are never written by a second process. When the service's
 * read models are there, the private file starts as a copy of them (SQLite's online backup: a
 * consistent snapshot, read while the service goes on writing), so only the events after
 * their checkpoint are folded: folding a 1M-event ledger from its first event took the
 * command 100 s. A copy written by another version of the read models is rebuilt on open, as
 * the service would.
 */
import { DynamicModule, INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import Database from 'better-sqlite3';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppConfig } from '../config/config';
import { EventStore } from '../event-store/event-store';
import { LedgerModule, LedgerModuleOptions } from '../infra/ledger.module';
import { createLogger } from '../infra/logger';
import { systemClock } from '../infra/tokens';
import { ProjectionsModule } from '../projections/projections.module';
import { approvalCheckpointPath } from '../investment/approval-checkpoint';
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

/** Pages per backup step: all of them in one, so the copy is one snapshot and never restarts. */
const WHOLE_FILE = 0x7fffffff;

/** A consistent copy of a SQLite file another process may be writing; nothing when it is not there. */
const snapshot = async (from: string, to: string): Promise<void> => {
  if (from === ':memory:' || !existsSync(from)) return;
  const source = new Database(from, { readonly: true, fileMustExist: true });
  try {
    await source.backup(to, { progress: () => WHOLE_FILE });
  } finally {
    source.close();
  }
};

/** The service's derived files, copied to the private ones (a missing one is rebuilt). */
export const seedDerivedFiles = async (base: AppConfig, config: AppConfig): Promise<void> => {
  await snapshot(base.readModelPath, config.readModelPath);
  await snapshot(base.idempotencyPath, config.idempotencyPath);
  const from = approvalCheckpointPath(base.readModelPath);
  const to = approvalCheckpointPath(config.readModelPath);
  if (from !== undefined && to !== undefined && existsSync(from)) copyFileSync(from, to);
};

/**
 * Private derived files in a new temporary folder. The token file too: a report reads no token,
 * and opening the service's would create it where it is missing, after which a service that
 * refuses to start without its token file (a ledger whose tokens were issued elsewhere) started
 * and answered every token 401.
 */
const privateFiles = (base: AppConfig): { readonly dir: string; readonly config: AppConfig } => {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-report-'));
  const config = {
    ...base,
    readModelPath: join(dir, 'read-models.sqlite'),
    idempotencyPath: join(dir, 'idempotency.sqlite'),
    tokensPath: join(dir, 'tokens.sqlite'),
  };
  return { dir, config };
};

/**
 * `onWarning` hears why the service's files could not be copied (unreadable, or no room in
 * the temporary folder): the report is then read from read models folded afresh, slower but
 * the same.
 */
export const openBoardReports = async (
  base: AppConfig,
  store: EventStore,
  onWarning: (message: string) => void = () => undefined,
): Promise<OpenBoardReports> => {
  let { dir, config } = privateFiles(base);
  try {
    await seedDerivedFiles(base, config);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    ({ dir, config } = privateFiles(base));
    const reason = error instanceof Error ? error.message : String(error);
    onWarning(
      `could not copy the service's read models (${reason}); folding the ledger afresh instead`,
    );
  }
  let app: INestApplicationContext;
  try {
    app = await NestFactory.createApplicationContext(
      BoardReportModule.register({
        config,
        store,
        clock: systemClock,
        logger: createLogger('error'),
      }),
      // Thrown, not exited: Nest's default ends the process silently on an error here, before
      // the caller can say why or remove the temporary folder.
      { logger: false, abortOnError: false },
    );
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    boards: app.get(BoardReports),
    close: async () => {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
};
