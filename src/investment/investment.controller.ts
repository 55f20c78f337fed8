/**
 * The investment endpoints of API.md § Investments. Ownership is checked here with the pure
 * rules of investment.access.ts before the command reaches the decider.
 */
import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  Post,
  Put,
  Query,
  Res,
  UseGuards,
} from '@nestjs/common';
import {
  ApiBody,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiSecurity,
  ApiTags,
} from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import type { FastifyReply } from 'fastify';
import { ActorGuard, Roles } from '../auth/actor.guard';
import { Call, CommandCall, CommandGateway, CommandHeaders } from '../http/command-gateway';
import { parseIdParam } from '../http/params';
import { problem, ProblemException } from '../http/problem';
import { CommandAnswer } from '../infra/idempotency';
import { Money } from '../money/money';
import { CommandHandler } from '../shared/command-handler';
import {
  BenefitCaseDoc,
  ChangeStageDto,
  CloseInvestmentDto,
  CorrectEffectReportDto,
  ProposeInvestmentDto,
  RecordCostDto,
  RecordHarvestDto,
  ReportEffectDto,
} from './dto/investment.dto';
import { canWrite, InvestmentAction } from './investment.access';
import { InvestmentCommand } from './investment.commands';
import { investmentDecider } from './investment.decider';
import { investmentStream, Stage, STAGES } from './investment.events';
import { InvestmentQueries, InvestmentView } from './investment.queries';
import { parseStage, parseText } from '../reports/query-params';
import { AS_OF_DESCRIPTION, MIN_POSITION_DESCRIPTION } from '../reports/read-docs';

const SUMMARY_DESCRIPTION =
  'Figures to date cover the monetised lines and the periods due by today (or the asOf moment): ' +
  'forecastToDate is the baseline forecast once approved (the current one before), actualToDate the effective reports, ' +
  'realisationRatio their ratio (4 decimals), indicatorStatus the worst line status, overdueCount the overdue effect reports.';

interface Write {
  readonly investmentId: string;
  readonly action: InvestmentAction;
  /** The id the answer names. */
  readonly id: string;
  readonly command: InvestmentCommand;
  readonly why?: { readonly reason?: string; readonly decisionRef?: string };
}

@ApiTags('investments')
@ApiSecurity('bearer')
@UseGuards(ActorGuard)
@Controller('api/investments')
export class InvestmentController {
  constructor(
    private readonly gateway: CommandGateway,
    private readonly handler: CommandHandler,
    private readonly queries: InvestmentQueries,
  ) {}

  private async write(call: CommandCall, write: Write): Promise<CommandAnswer> {
    const { actor } = call;
    parseIdParam('id', write.investmentId);
    const stream = investmentStream(write.investmentId);
    const { state } = await this.handler.state(stream, investmentDecider);
    if (!canWrite(actor, state, write.action)) {
      throw new ProblemException(
        problem(
          403,
          'FORBIDDEN',
          `${actor.id} (${actor.role}) may not do this to this investment.`,
        ),
      );
    }
    return this.gateway.run(call, {
      stream,
      decider: investmentDecider,
      id: write.id,
      why: write.why,
      command: () => write.command,
    });
  }

  @Post()
  @CommandHeaders()
  @Roles('finance', 'project-lead')
  @ApiOperation({ summary: 'Propose an investment (a project lead proposes their own)' })
  @ApiCreatedResponse({ description: '{ id, revision, position }' })
  propose(@Body() dto: ProposeInvestmentDto, @Call() call: CommandCall): Promise<CommandAnswer> {
    return this.write(call, {
      investmentId: dto.investmentId,
      action: { kind: 'propose', projectLead: dto.projectLead },
      id: dto.investmentId,
      command: {
        type: 'ProposeInvestment',
        investmentId: dto.investmentId,
        title: dto.title,
        department: dto.department,
        projectLead: dto.projectLead,
        need: dto.need,
        actor: call.actor,
      },
    });
  }

  @Put(':id/benefit-case')
  @CommandHeaders()
  @Roles('finance', 'project-lead')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Document the benefit case: a new version each time',
    description: '400 BENEFIT_CASE_INVALID lists every problem with its path.',
  })
  @ApiBody({ type: BenefitCaseDoc })
  @ApiOkResponse({ description: '{ id, revision, position }' })
  documentCase(
    @Param('id') id: string,
    @Body() body: unknown,
    @Call() call: CommandCall,
  ): Promise<CommandAnswer> {
    return this.write(call, {
      investmentId: id,
      action: { kind: 'document-benefit-case' },
      id,
      command: {
        type: 'DocumentBenefitCase',
        investmentId: id,
        benefitCase: body,
        actor: call.actor,
      },
    });
  }

  @Post(':id/stage-changes')
  @CommandHeaders()
  @Roles('finance', 'project-lead')
  @ApiOperation({
    summary: 'Move the investment to another stage',
    description: 'approved is set by the first allocation; closed by the close command.',
  })
  @ApiCreatedResponse({ description: '{ id, revision, position }' })
  changeStage(
    @Param('id') id: string,
    @Body() dto: ChangeStageDto,
    @Call() call: CommandCall,
  ): Promise<CommandAnswer> {
    return this.write(call, {
      investmentId: id,
      action: { kind: 'change-stage' },
      id,
      why: { reason: dto.reason },
      command: {
        type: 'ChangeStage',
        investmentId: id,
        stage: dto.stage as Stage,
        reason: dto.reason,
        actor: call.actor,
      },
    });
  }

  @Post(':id/costs')
  @CommandHeaders()
  @Roles('finance', 'project-lead')
  @ApiOperation({ summary: 'Record an actual cost' })
  @ApiCreatedResponse({ description: '{ id, revision, position }' })
  recordCost(
    @Param('id') id: string,
    @Body() dto: RecordCostDto,
    @Call() call: CommandCall,
  ): Promise<CommandAnswer> {
    return this.write(call, {
      investmentId: id,
      action: { kind: 'record-cost' },
      id: dto.costId,
      command: {
        type: 'RecordCost',
        investmentId: id,
        costId: dto.costId,
        ...(dto.costLineId !== undefined ? { costLineId: dto.costLineId } : {}),
        amount: Money.of(dto.amount),
        incurredOn: dto.incurredOn,
        reference: dto.reference,
        ...(dto.description !== undefined ? { description: dto.description } : {}),
        actor: call.actor,
      },
    });
  }

  @Post(':id/effect-reports')
  @CommandHeaders()
  @Roles('project-lead')
  @ApiOperation({
    summary: 'Report the realised effect of one benefit line in one period',
    description:
      'A second report for the same line and period is 409 EFFECT_ALREADY_REPORTED: correct the first instead.',
  })
  @ApiCreatedResponse({ description: '{ id, revision, position }' })
  reportEffect(
    @Param('id') id: string,
    @Body() dto: ReportEffectDto,
    @Call() call: CommandCall,
  ): Promise<CommandAnswer> {
    return this.write(call, {
      investmentId: id,
      action: { kind: 'report-effect', benefitLineId: dto.benefitLineId },
      id: dto.reportId,
      command: {
        type: 'ReportEffect',
        investmentId: id,
        reportId: dto.reportId,
        benefitLineId: dto.benefitLineId,
        period: dto.period,
        value: dto.value,
        evidence: dto.evidence,
        actor: call.actor,
      },
    });
  }

  @Post(':id/effect-reports/:reportId/corrections')
  @CommandHeaders()
  @Roles('project-lead')
  @ApiOperation({ summary: 'Correct an effect report: supersedes it, both stay in the ledger' })
  @ApiCreatedResponse({ description: '{ id, revision, position }; id is the correction id' })
  correct(
    @Param('id') id: string,
    @Param('reportId') reportId: string,
    @Body() dto: CorrectEffectReportDto,
    @Call() call: CommandCall,
  ): Promise<CommandAnswer> {
    parseIdParam('reportId', reportId);
    const correctionId = randomUUID();
    return this.write(call, {
      investmentId: id,
      action: { kind: 'correct-effect', reportId },
      id: correctionId,
      why: { reason: dto.reason },
      command: {
        type: 'CorrectEffectReport',
        investmentId: id,
        correctionId,
        reportId,
        value: dto.value,
        reason: dto.reason,
        ...(dto.evidence !== undefined ? { evidence: dto.evidence } : {}),
        actor: call.actor,
      },
    });
  }

  @Post(':id/harvests')
  @CommandHeaders()
  @Roles('finance')
  @ApiOperation({
    summary: 'Record a harvest: a budget reduction actually made for a financial line',
  })
  @ApiCreatedResponse({ description: '{ id, revision, position }' })
  harvest(
    @Param('id') id: string,
    @Body() dto: RecordHarvestDto,
    @Call() call: CommandCall,
  ): Promise<CommandAnswer> {
    return this.write(call, {
      investmentId: id,
      action: { kind: 'record-harvest' },
      id: dto.harvestId,
      why: { decisionRef: dto.decisionRef },
      command: {
        type: 'RecordHarvest',
        investmentId: id,
        harvestId: dto.harvestId,
        benefitLineId: dto.benefitLineId,
        fiscalYear: dto.fiscalYear,
        amount: Money.of(dto.amount),
        decisionRef: dto.decisionRef,
        actor: call.actor,
      },
    });
  }

  @Post(':id/close')
  @CommandHeaders()
  @Roles('finance')
  @ApiOperation({
    summary: 'Close the investment: no more allocations or costs; effects and harvests go on',
  })
  @ApiCreatedResponse({ description: '{ id, revision, position }' })
  close(
    @Param('id') id: string,
    @Body() dto: CloseInvestmentDto,
    @Call() call: CommandCall,
  ): Promise<CommandAnswer> {
    return this.write(call, {
      investmentId: id,
      action: { kind: 'close' },
      id,
      why: { reason: dto.reason },
      command: {
        type: 'CloseInvestment',
        investmentId: id,
        closedOn: dto.closedOn,
        reason: dto.reason,
        actor: call.actor,
      },
    });
  }

  @Get()
  @ApiOperation({
    summary: 'Investments, optionally by department and stage',
    description: SUMMARY_DESCRIPTION,
  })
  @ApiQuery({ name: 'department', required: false })
  @ApiQuery({ name: 'stage', required: false, enum: STAGES })
  @ApiQuery({ name: 'asOf', required: false, description: AS_OF_DESCRIPTION })
  @ApiQuery({ name: 'minPosition', required: false, description: MIN_POSITION_DESCRIPTION })
  list(
    @Query('department') department?: string,
    @Query('stage') stage?: string,
    @Query('asOf') asOf?: string,
    @Query('minPosition') minPosition?: string,
  ): Promise<{ investments: InvestmentView[] }> {
    const filter = { department: parseText('department', department), stage: parseStage(stage) };
    return this.queries.list(filter, { asOf, minPosition });
  }

  @Get(':id')
  @ApiOperation({
    summary:
      'One investment: stage, benefit case, allocations, costs, effect reports, harvests, figures to date',
    description: SUMMARY_DESCRIPTION,
  })
  @ApiQuery({ name: 'asOf', required: false, description: AS_OF_DESCRIPTION })
  @ApiQuery({ name: 'minPosition', required: false, description: MIN_POSITION_DESCRIPTION })
  get(
    @Param('id') id: string,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Query('asOf') asOf?: string,
    @Query('minPosition') minPosition?: string,
  ): Promise<InvestmentView> {
    parseIdParam('id', id);
    return this.queries.get(id, { asOf, minPosition }, reply);
  }
}
