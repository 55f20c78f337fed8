import { Module } from '@nestjs/common';
import { AuditController } from './audit.controller';
import { ChainWatch } from './chain-watch';
import { HistoryController } from './history.controller';

@Module({
  controllers: [AuditController, HistoryController],
  // The ledger's verifier is LedgerModule's (one bound on verifications for the service); the
  // chain watch verifies through it, and /health and /metrics read what the watch knows.
  providers: [ChainWatch],
  exports: [ChainWatch],
})
export class AuditModule {}
