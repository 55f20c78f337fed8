import { Module } from '@nestjs/common';
import { AuditController } from './audit.controller';
import { HistoryController } from './history.controller';

@Module({
  controllers: [AuditController, HistoryController],
  // The ledger's verifier is LedgerModule's (one bound on verifications for the service).
})
export class AuditModule {}
