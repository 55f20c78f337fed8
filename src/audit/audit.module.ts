import { Module } from '@nestjs/common';
import { AppConfig } from '../config/config';
import { EventStore } from '../event-store/event-store';
import { APP_CONFIG, EVENT_STORE } from '../infra/tokens';
import { AuditController } from './audit.controller';
import { LEDGER_VERIFIER } from './audit.tokens';
import { HistoryController } from './history.controller';
import { chainScopeOf, ledgerVerifierFor } from './ledger-verifier.factory';

@Module({
  controllers: [AuditController, HistoryController],
  providers: [
    {
      provide: LEDGER_VERIFIER,
      useFactory: (config: AppConfig, store: EventStore) =>
        ledgerVerifierFor(chainScopeOf(config.store), store),
      inject: [APP_CONFIG, EVENT_STORE],
    },
  ],
})
export class AuditModule {}
