import { Module } from '@nestjs/common';
import { CommandGateway } from '../http/command-gateway';
import { ApprovalReconciler } from './approval-reconciler';
import { InvestmentController } from './investment.controller';
import { InvestmentQueries } from './investment.queries';

@Module({
  controllers: [InvestmentController],
  providers: [CommandGateway, InvestmentQueries, ApprovalReconciler],
  exports: [ApprovalReconciler],
})
export class InvestmentModule {}
