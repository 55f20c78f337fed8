/**
 * The read side's wiring: the read-model file, the live runner (started before the service
 * listens, so the first GET already sees the whole ledger), the as-of reader and the
 * read-your-writes waiter the command gateway uses. Global, so query services anywhere can
 * read the models.
 */
import {
  Global,
  Injectable,
  Module,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import type { Logger } from 'pino';
import { AppConfig } from '../config/config';
import { EventStore } from '../event-store/event-store';
import { APP_CONFIG, EVENT_STORE, LOGGER } from '../infra/tokens';
import { AsOfReader, MAX_CONCURRENT_AS_OF_FOLDS } from './as-of-reader';
import { DocumentWorkers } from './document-workers';
import { ProjectionRunner } from './projection-runner';
import { ReadModelDb } from './read-model-db';
import { READ_MODEL_WAITER } from './read-model-waiter';
import { ReadModels } from './read-models.service';

@Injectable()
class ProjectionLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    private readonly runner: ProjectionRunner,
    private readonly db: ReadModelDb,
    private readonly workers: DocumentWorkers,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.runner.start();
  }

  async onApplicationShutdown(): Promise<void> {
    this.runner.stop();
    // Before the file closes: a worker reads it on a connection of its own.
    await this.workers.stop();
    this.db.close();
  }
}

@Global()
@Module({
  providers: [
    {
      provide: ReadModelDb,
      useFactory: (config: AppConfig) => ReadModelDb.open(config.readModelPath),
      inject: [APP_CONFIG],
    },
    {
      provide: ProjectionRunner,
      useFactory: (store: EventStore, db: ReadModelDb, logger: Logger) =>
        new ProjectionRunner(store, db, logger),
      inject: [EVENT_STORE, ReadModelDb, LOGGER],
    },
    { provide: READ_MODEL_WAITER, useExisting: ProjectionRunner },
    {
      provide: DocumentWorkers,
      useFactory: (db: ReadModelDb, config: AppConfig) =>
        new DocumentWorkers(db.file, {
          workers: config.figureWorkers,
          minDocumentsPerWorker: config.figureWorkerMinInvestments,
        }),
      inject: [ReadModelDb, APP_CONFIG],
    },
    {
      provide: AsOfReader,
      useFactory: (store: EventStore, runner: ProjectionRunner) =>
        new AsOfReader(store, MAX_CONCURRENT_AS_OF_FOLDS, runner),
      inject: [EVENT_STORE, ProjectionRunner],
    },
    ReadModels,
    ProjectionLifecycle,
  ],
  exports: [ReadModels, ProjectionRunner, READ_MODEL_WAITER, DocumentWorkers],
})
export class ProjectionsModule {}
