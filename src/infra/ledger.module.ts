/**
 * The shell's shared services: configuration, clock, logger, the event store and the
 * command handler. Global, so feature modules only declare their controllers.
 */
import { DynamicModule, Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import { LEDGER_VERIFIER } from '../audit/audit.tokens';
import { GatedLedgerVerifier } from '../audit/gated-verifier';
import { chainScopeOf, ledgerVerifierFor } from '../audit/ledger-verifier.factory';
import { LedgerVerifier } from '../audit/ledger-verifier';
import { AUTH_EXPORTS, authProviders } from '../auth/auth.providers';
import { AppConfig } from '../config/config';
import { EventStore } from '../event-store/event-store';
import { CommandHandler } from '../shared/command-handler';
import { IdempotencyIndex } from './idempotency';
import { IdempotencyDb } from './idempotency-db';
import { APP_CONFIG, Clock, CLOCK, EVENT_STORE, LOGGER } from './tokens';

export interface LedgerModuleOptions {
  readonly config: AppConfig;
  readonly store: EventStore;
  readonly clock: Clock;
  readonly logger: Logger;
}

class StoreCloser implements OnApplicationShutdown {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly idempotency: IdempotencyIndex,
    @Inject(LEDGER_VERIFIER) private readonly verifier: LedgerVerifier,
  ) {}
  async onApplicationShutdown(signal?: string): Promise<void> {
    await this.idempotency.stop();
    // Verifications in worker threads read the ledger file on their own connections.
    await this.verifier.close?.();
    await this.store.close();
    this.logger.info({ signal }, 'event store closed');
  }
}

@Global()
@Module({})
export class LedgerModule {
  static register(options: LedgerModuleOptions): DynamicModule {
    return {
      module: LedgerModule,
      providers: [
        { provide: APP_CONFIG, useValue: options.config },
        { provide: EVENT_STORE, useValue: options.store },
        { provide: CLOCK, useValue: options.clock },
        { provide: LOGGER, useValue: options.logger },
        {
          provide: CommandHandler,
          useFactory: (store: EventStore, clock: Clock, idempotency: IdempotencyIndex) =>
            new CommandHandler(store, clock, idempotency),
          inject: [EVENT_STORE, CLOCK, IdempotencyIndex],
        },
        {
          // Caught up from its own checkpoint: start-up reads only the ledger after it.
          provide: IdempotencyIndex,
          useFactory: async (store: EventStore, config: AppConfig) =>
            IdempotencyIndex.start(store, IdempotencyDb.open(config.idempotencyPath)),
          inject: [EVENT_STORE, APP_CONFIG],
        },
        {
          // One verifier for the service, so every verification shares one bound.
          provide: LEDGER_VERIFIER,
          useFactory: (config: AppConfig, store: EventStore) =>
            new GatedLedgerVerifier(ledgerVerifierFor(chainScopeOf(config.store), store)),
          inject: [APP_CONFIG, EVENT_STORE],
        },
        StoreCloser,
        ...authProviders(),
      ],
      exports: [
        APP_CONFIG,
        EVENT_STORE,
        CLOCK,
        LOGGER,
        CommandHandler,
        IdempotencyIndex,
        LEDGER_VERIFIER,
        ...AUTH_EXPORTS,
      ],
    };
  }
}
