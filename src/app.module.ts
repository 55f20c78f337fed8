import { DynamicModule, Module } from '@nestjs/common';
import { AuditModule } from './audit/audit.module';
import { FundModule } from './fund/fund.module';
import { requestLoggingModule } from './http/request-logging';
import { HealthController } from './health/health.controller';
import { LedgerModule, LedgerModuleOptions } from './infra/ledger.module';
import { ApprovalModule } from './investment/approval.module';
import { InvestmentModule } from './investment/investment.module';
import { MetricsModule } from './metrics/metrics.module';
import { ProjectionsModule } from './projections/projections.module';
import { ReportsModule } from './reports/reports.module';
import { WebModule } from './web/web.module';

@Module({})
export class AppModule {
  static register(options: LedgerModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        LedgerModule.register(options),
        requestLoggingModule(options.logger),
        ProjectionsModule,
        ApprovalModule,
        FundModule,
        InvestmentModule,
        ReportsModule,
        WebModule,
        AuditModule,
        MetricsModule,
      ],
      controllers: [HealthController],
    };
  }
}
