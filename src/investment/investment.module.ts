import { Module } from '@nestjs/common';
import { CommandGateway } from '../http/command-gateway';
import { InvestmentController } from './investment.controller';
import { InvestmentQueries } from './investment.queries';

@Module({
  controllers: [InvestmentController],
  providers: [CommandGateway, InvestmentQueries],
})
export class InvestmentModule {}
