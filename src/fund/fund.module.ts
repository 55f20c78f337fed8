import { Module } from '@nestjs/common';
import { CommandGateway } from '../http/command-gateway';
import { FundController } from './fund.controller';
import { FundQueries } from './fund.queries';
import { InvestmentCheckAdapter } from '../investment/investment-check.adapter';
import { INVESTMENT_CHECK } from './investment-check';

@Module({
  controllers: [FundController],
  providers: [
    CommandGateway,
    FundQueries,
    { provide: INVESTMENT_CHECK, useClass: InvestmentCheckAdapter },
  ],
})
export class FundModule {}
