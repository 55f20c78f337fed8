import { Module } from '@nestjs/common';
import { ProjectionsModule } from '../projections/projections.module';
import { MetricsController } from './metrics.controller';
import { LedgerMetrics } from './metrics';

@Module({
  imports: [ProjectionsModule],
  controllers: [MetricsController],
  providers: [LedgerMetrics],
})
export class MetricsModule {}
