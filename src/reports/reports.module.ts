import { Module } from '@nestjs/common';
import { ReportsController } from './reports.controller';
import { ReportQueries } from './report.queries';

@Module({
  controllers: [ReportsController],
  providers: [ReportQueries],
})
export class ReportsModule {}
