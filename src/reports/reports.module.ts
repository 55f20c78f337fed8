import { Module } from '@nestjs/common';
import { FundQueries } from '../fund/fund.queries';
import { InvestmentQueries } from '../investment/investment.queries';
import { BoardController } from './board.controller';
import { BoardReports } from './board-report';
import { ReportsController } from './reports.controller';
import { ReportQueries } from './report.queries';

/**
 * The report endpoints. The board report reads through the same query services the fund and
 * investment endpoints use (stateless, so this module keeps its own instances of them).
 */
@Module({
  controllers: [ReportsController, BoardController],
  providers: [ReportQueries, FundQueries, InvestmentQueries, BoardReports],
})
export class ReportsModule {}
