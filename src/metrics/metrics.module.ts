import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { ProjectionsModule } from '../projections/projections.module';
import { MetricsController } from './metrics.controller';
import { LedgerMetrics } from './metrics';

@Module({
  imports: [ProjectionsModule, AuditModule],
  controllers: [MetricsController],
  providers: [LedgerMetrics],
})
export class MetricsModule {}
