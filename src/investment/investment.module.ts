import { Module } from '@nestjs/common';
import { CommandGatewayModule } from '../http/command-gateway.module';
import { InvestmentController } from './investment.controller';
import { InvestmentQueries } from './investment.queries';

@Module({
  imports: [CommandGatewayModule],
  controllers: [InvestmentController],
  providers: [InvestmentQueries],
})
export class InvestmentModule {}
