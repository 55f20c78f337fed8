import { Module } from '@nestjs/common';
import { EventStore } from '../event-store/event-store';
import { FundQueries } from '../fund/fund.queries';
import { EVENT_STORE } from '../infra/tokens';
import { InvestmentQueries } from '../investment/investment.queries';
import { BoardController } from './board.controller';
import { BoardReports, DEVIATION_EXPLANATIONS } from './board-report';
import { StreamExplanations } from './deviation-explanations.reader';
import { ReportsController } from './reports.controller';
import { ReportQueries } from './report.queries';

/**
 * The report endpoints. The board report reads through the same query services the fund and
 * investment endpoints use (stateless, so this module keeps its own instances of them).
 */
@Module({
  controllers: [ReportsController, BoardController],
  providers: [
    ReportQueries,
    FundQueries,
    InvestmentQueries,
    BoardReports,
    {
      provide: DEVIATION_EXPLANATIONS,
      useFactory: (store: EventStore) => new StreamExplanations(store),
      inject: [EVENT_STORE],
    },
  ],
})
export class ReportsModule {}
