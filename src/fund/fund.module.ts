import { Module } from '@nestjs/common';
import { CommandGatewayModule } from '../http/command-gateway.module';
import { FundController } from './fund.controller';
import { FundQueries } from './fund.queries';
import { InvestmentCheckAdapter } from '../investment/investment-check.adapter';
import { INVESTMENT_CHECK } from './investment-check';

@Module({
  imports: [CommandGatewayModule],
  controllers: [FundController],
  providers: [FundQueries, { provide: INVESTMENT_CHECK, useClass: InvestmentCheckAdapter }],
})
export class FundModule {}
