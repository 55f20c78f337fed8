import { Module } from '@nestjs/common';
import { CommandGateway } from '../http/command-gateway';
import { FundController } from './fund.controller';
import { FundQueries } from './fund.queries';
import { INVESTMENT_CHECK, InvestmentCheckPort } from './investment-check';

/** Until investments are wired, any investment id is accepted (API.md allows it for now). */
const anyInvestment: InvestmentCheckPort = {
  check: async () => ({ exists: true, closed: false, missing: [], caseVersion: null }),
  allocated: async () => undefined,
};

@Module({
  controllers: [FundController],
  providers: [CommandGateway, FundQueries, { provide: INVESTMENT_CHECK, useValue: anyInvestment }],
})
export class FundModule {}
