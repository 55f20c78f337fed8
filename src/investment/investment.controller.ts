/**
 * The investment endpoints of API.md § Investments. Ownership is checked here with the pure
 * rules of investment.access.ts before the command reaches the decider.
 */
import {
  Body,
  Controller,
  Get,
  HttpCode,
  Inject,
  Param,
  Post,
  Put,
  Query,
  Res,
  StreamableFile,
} from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { LRUCache } from 'lru-cache';
import { randomUUID } from 'node:crypto';
import type { FastifyReply } from 'fastify';
import { Roles } from '../auth/actor.guard';
import { ApiCommandAnswer, ApiJsonOrFiles, ApiProblems } from '../http/dto/answers.dto';
import { ReadQueryDto } from '../http/dto/read-query.dto';
import { UserDirectory } from '../auth/user-directory';
import { Clock, CLOCK, EVENT_STORE } from '../infra/tokens';
import { ActorRef, EventStore, StreamCondition } from '../event-store/event-store';
import { fundStream } from '../fund/fund.events';
import { earliestDay, stockholmDay } from '../periods/stockholm-day';
import { Call, CommandCall, CommandGateway, CommandHeaders } from '../http/command-gateway';
import { IdParam } from '../http/id-param.pipe';
import { problem, ProblemException } from '../http/problem';
import { CommandAnswer } from '../infra/idempotency';
import { Money } from '../money/money';
import { CommandHandler } from '../shared/command-handler';
import {
  BenefitCaseDoc,
  ChangeStageDto,
  CloseInvestmentDto,
  CorrectAmountDto,
  CorrectEffectReportDto,
  ProposeInvestmentDto,
  RecordCostDto,
  RecordHarvestDto,
  ReportEffectDto,
  ReverseEntryDto,
  ReviseBaselineDto,
  WaiveObligationDto,
} from './dto/investment.dto';
import { ExplainDeviationDto } from './dto/deviation-explanation.dto';
import { InvestmentListDto, InvestmentViewDto } from './dto/investment-view.dto';
import { canWrite, InvestmentAction } from './investment.access';
import { InvestmentCommand } from './investment.commands';
import { investmentDecider } from './investment.decider';
import { CostRecordedData, investmentStream, Stage } from './investment.events';
import { needsFirstDecision, reportedPeriod } from './decide/report';
import { InvestmentState } from './decide/investment-state';
import { InvestmentListItem, InvestmentQueries, InvestmentView } from './investment.queries';
import { CSV_CONTENT_TYPE } from '../reports/csv';
import { XLSX_CONTENT_TYPE } from '../reports/xlsx';
import { ExportChoice, investmentsFile, pickIds } from '../reports/investments-export';
import { DEFAULT_DIALECT, DEFAULT_FORMAT, DEFAULT_LANG } from '../reports/dto/report-queries.dto';
import { InvestmentListQueryDto } from './dto/investment-queries.dto';
import { parseListOrdering, parseListPage } from './list-params';

const SUMMARY_DESCRIPTION =
  'Figures to date cover the monetised lines and the periods due by today (or the asOf moment): ' +
  'forecastToDate is the baseline forecast once approved (the current one before), actualToDate the effective reports (not one made before its period ended until a correction after the end confirms it), ' +
  'varianceToDate = forecastDriftToDate + deliveryGapToDate + notReportedToDate (a due period without a report counts as ' +
  'nothing delivered, as in forecast-vs-actual and every report), realisationRatio the signed ratio (4 decimals), ' +
  'indicatorStatus the worst of the line statuses (on-track / watch / stale / deviation) and of the totals, ' +
  'overdueCount the overdue effect reports.';

/** How many investments' first decision days the controller keeps (firstDecisionFor). */
const MAX_REMEMBERED_FIRST_DECISIONS = 10_000;

interface Write {
  readonly investmentId: string;
  readonly action: InvestmentAction;
  /** The id the answer names. */
  readonly id: string;
  /**
   * The command, or its builder when it needs a look-up first: run by the gateway after the
   * access check and only when the command is decided (not for a replayed Idempotency-Key).
   */
  readonly command: InvestmentCommand | (() => Promise<InvestmentCommand>);
  readonly why?: { readonly reason?: string; readonly decisionRef?: string };
  /** Other streams the command was built from (CommandSpec.unchanged). */
  readonly unchanged?: () => readonly StreamCondition[];
}

/** Four eyes on a harvest (decide/harvests.ts), said on each of its three operations. */
const HARVEST_BY_RESPONSIBLE_TEXT =
  ' 409 HARVEST_BY_RESPONSIBLE (with `responsible` and `as`: `project lead` or `line owner`) when the ' +
  "caller answers for the line's savings (the investment's project lead, or an owner of the line in any " +
  'version), even holding finance.';

@ApiTags('investments')
@ApiSecurity('bearer')
@ApiProblems()
@Controller('api/investments')
export class InvestmentController {
  /** Per investment, the first allocation's `decidedOn` last looked up (firstDecisionFor). */
  private readonly firstDecisions = new LRUCache<string, string>({
    max: MAX_REMEMBERED_FIRST_DECISIONS,
  });

  constructor(
    private readonly gateway: CommandGateway,
    private readonly handler: CommandHandler,
    private readonly queries: InvestmentQueries,
    private readonly directory: UserDirectory,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  /**
   * When the investment and its fund began, as costs and closings are judged (guards.ts
   * requireWithinLife, requireWithinFundLife): the fund from the earliest of its first event's
   * recorded day and its tranches' release days, and the investment's first allocation
   * decision; with `lastDecision`, its latest too (a closing may not lie before it). None before
   * any allocation.
   */
  private async lifeStarts(
    investmentId: string,
    { lastDecision = false }: { readonly lastDecision?: boolean } = {},
  ): Promise<{ fundOpenedOn?: string; firstDecidedOn?: string; lastDecidedOn?: string }> {
    // The latest decision bounds a closing, so it is read with every allocation the ledger
    // holds (the read models waited for up to its head), not as the views stand: stale, they
    // let a closing be dated before an allocation just recorded.
    const since = await this.queries.recordedSince(
      investmentId,
      lastDecision ? { minPosition: String(await this.store.headPosition()) } : {},
    );
    if (since.fundId === undefined) return {};
    let recorded: string | undefined;
    for await (const event of this.store.readStream(fundStream(since.fundId), { maxCount: 1 })) {
      recorded = stockholmDay(event.metadata.recordedAt);
    }
    const fundOpenedOn = earliestDay(
      [recorded, since.firstReleasedOn].filter((day): day is string => day !== undefined),
    );
    return {
      ...(fundOpenedOn === undefined ? {} : { fundOpenedOn }),
      ...(since.firstDecidedOn === undefined ? {} : { firstDecidedOn: since.firstDecidedOn }),
      ...(lastDecision && since.lastDecidedOn !== undefined
        ? { lastDecidedOn: since.lastDecidedOn }
        : {}),
    };
  }

  /** The first allocation's decidedOn, whatever it is needed for; none before any allocation. */
  private async firstDecision(investmentId: string): Promise<{ firstDecidedOn?: string }> {
    const { firstDecidedOn } = await this.queries.recordedSince(investmentId);
    if (firstDecidedOn === undefined) return {};
    this.firstDecisions.set(investmentId, firstDecidedOn);
    return { firstDecidedOn };
  }

  /**
   * The first allocation's `decidedOn`, for a report, correction or waiver of `period`, only
   * when it can matter (report.ts needsFirstDecision: the period ends before the proposal's day
   * and before the day last seen): an effect report, the commonest write, then does not wait
   * for the read models. A day seen stays true enough to keep: allocations are never removed,
   * so the life can only come to begin earlier (a later-recorded allocation decided earlier),
   * and a period ending on or after a day seen lies in the life whatever is recorded since; one
   * ending before it is looked up again.
   */
  private async firstDecisionFor(
    investmentId: string,
    period: string | undefined,
  ): Promise<{ firstDecidedOn?: string }> {
    const { state } = await this.handler.state(investmentStream(investmentId), investmentDecider);
    const seen = this.firstDecisions.get(investmentId);
    if (!needsFirstDecision(state, period, seen)) {
      return seen === undefined ? {} : { firstDecidedOn: seen };
    }
    return this.firstDecision(investmentId);
  }

  /**
   * Who recorded a cost, as its CostRecorded event's metadata says, when someone asks to correct
   * or reverse it (costs.ts: the investment's project lead, in whatever role, changes only the
   * costs they recorded). Looked up for finance only when they are the project lead. Undefined
   * when there is no such cost.
   */
  private async costRecorder(
    investmentId: string,
    costId: string,
    actor: ActorRef,
  ): Promise<{ recordedBy?: ActorRef }> {
    if (actor.role === 'finance') {
      const stream = investmentStream(investmentId);
      const { state } = await this.handler.state(stream, investmentDecider);
      // Finance with no part in the project may change any cost: nothing to look up.
      if (!state.exists || state.projectLead !== actor.id) return {};
    }
    for await (const event of this.store.readStream(investmentStream(investmentId))) {
      if (event.type === 'CostRecorded' && (event.data as CostRecordedData).costId === costId) {
        const { id, role } = event.metadata.actor;
        return { recordedBy: { id, role } };
      }
    }
    return {};
  }

  /** The Europe/Stockholm day of now: what dated commands are judged against. */
  private today(): string {
    return stockholmDay(this.clock());
  }

  private async write(call: CommandCall, write: Write): Promise<CommandAnswer> {
    const { actor } = call;
    const stream = investmentStream(write.investmentId);
    const forbidden = (state: InvestmentState): void => {
      if (canWrite(actor, state, write.action)) return;
      throw new ProblemException(
        problem(
          403,
          'FORBIDDEN',
          `${actor.id} (${actor.role}) may not do this to this investment.`,
        ),
      );
    };
    // Asked first on the state this instance holds, so a refusal comes before the command is
    // built; asked again on the state the command is decided on, which is read again when
    // another process has moved the stream (a lead replaced as the line's owner there).
    const { state } = await this.handler.state(stream, investmentDecider);
    if (!canWrite(actor, state, write.action)) {
      forbidden((await this.handler.currentState(stream, investmentDecider)).state);
    }
    const { command } = write;
    return this.gateway.run(call, {
      stream,
      decider: investmentDecider,
      authorize: forbidden,
      id: write.id,
      why: write.why,
      command: typeof command === 'function' ? command : () => command,
      ...(write.unchanged === undefined ? {} : { unchanged: write.unchanged }),
    });
  }

  /**
   * Every fund's stream at its revision now, read before the allocations a closing is judged
   * on. The closing is recorded only if none has moved since: an allocation committed between
   * that read and the closing's append (decided after its closedOn, on this instance or
   * another) makes the closing be built and decided again with it, instead of a closed
   * investment taking money. Any fund may allocate to the investment, so every one is read.
   */
  private async fundsAsRead(): Promise<StreamCondition[]> {
    // Every fund the ledger holds, those another process established a moment ago too.
    const ids = await this.queries.fundIds({
      minPosition: String(await this.store.headPosition()),
    });
    return Promise.all(
      ids.map(async (fundId) => {
        const stream = fundStream(fundId);
        const revision = await this.store.streamRevision(stream);
        return { stream, revision: revision ?? ('no-stream' as const) };
      }),
    );
  }

  @Post()
  @CommandHeaders()
  @Roles('finance', 'project-lead')
  @ApiOperation({
    summary: 'Propose an investment (a project lead proposes their own)',
    description:
      '409 PROJECT_LEAD_UNKNOWN (with `projectLead` and `errors` at `projectLead`) when the project lead is not ' +
      'a registered user; nothing is recorded. 409 INVESTMENT_ALREADY_EXISTS when the id is taken with other details.',
  })
  @ApiCommandAnswer('{ id, revision, position }')
  propose(@Body() dto: ProposeInvestmentDto, @Call() call: CommandCall): Promise<CommandAnswer> {
    return this.write(call, {
      investmentId: dto.investmentId,
      action: { kind: 'propose', projectLead: dto.projectLead },
      id: dto.investmentId,
      command: async () => {
        const isKnownUser = await this.knownUsers();
        return {
          type: 'ProposeInvestment',
          investmentId: dto.investmentId,
          title: dto.title,
          department: dto.department,
          projectLead: dto.projectLead,
          need: dto.need,
          isKnownUser,
          today: this.today(),
          actor: call.actor,
        };
      },
    });
  }

  @Put(':id/benefit-case')
  @CommandHeaders()
  @Roles('finance', 'project-lead')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Document the benefit case: a new version each time',
    description:
      '400 BENEFIT_CASE_INVALID lists every problem with its path. 409 BENEFIT_CASE_INCOMPLETE (with `missing`) ' +
      'when the case is no calculation: it needs a cost line with a non-zero forecast and a valued benefit line ' +
      'with a non-zero forecast, or qualitativeOnlyReason for a purely qualitative case. 409 BENEFIT_OWNER_UNKNOWN ' +
      '(with `owners`) when a benefit owner is not a known user. 409 BENEFIT_LINE_CLASS_CHANGED (with `changes`) when ' +
      'a line id an earlier version names is given another class: add a new line with a new id instead. ' +
      '409 COST_LINE_KIND_CHANGED (with `costLineIds`, `changes` [{ costLineId, documentedKind, kind }] and `errors`) ' +
      'when a cost line id an earlier version names is given the other kind. ' +
      '409 HORIZON_START_BEFORE_BASELINE (with `baselineStartYear`) when, once approved, the horizon would begin ' +
      "before the baseline version's. 409 OWNER_SELF_APPOINTED (with `benefitLineIds`, `owner`, `projectLead` and " +
      '`errors` at `benefits[i].owner`) when the caller, not the project lead, names themself owner of a line they ' +
      'do not own now (a line of the current version, or one it left out that is still owed, owned by someone else; ' +
      'or a new line): the project lead names themself owner, an owner keeps their line, anyone may name others.',
  })
  @ApiBody({ type: BenefitCaseDoc })
  @ApiCommandAnswer('{ id, revision, position }', 200)
  documentCase(
    @Param('id', IdParam) id: string,
    @Body() body: unknown,
    @Call() call: CommandCall,
  ): Promise<CommandAnswer> {
    return this.write(call, {
      investmentId: id,
      action: { kind: 'document-benefit-case' },
      id,
      command: async () => ({
        type: 'DocumentBenefitCase',
        investmentId: id,
        benefitCase: body,
        isKnownUser: await this.knownUsers(),
        actor: call.actor,
      }),
    });
  }

  /** Who the user register knows, from a snapshot read before deciding: the decider stays pure. */
  private async knownUsers(): Promise<(userId: string) => boolean> {
    const { users } = await this.directory.current();
    return (userId) => users.has(userId);
  }

  @Post(':id/stage-changes')
  @CommandHeaders()
  @Roles('finance', 'project-lead')
  @ApiOperation({
    summary: 'Move the investment to another stage',
    description: 'approved is set by the first allocation; closed by the close command.',
  })
  @ApiCommandAnswer('{ id, revision, position }')
  changeStage(
    @Param('id', IdParam) id: string,
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
  @ApiOperation({
    summary: 'Record an actual cost',
    description:
      "409 DATE_OUTSIDE_INVESTMENT_LIFE when incurredOn lies before the proposal's day or after today; " +
      "DATE_OUTSIDE_FUND_LIFE when it lies before the investment's fund was established.",
  })
  @ApiCommandAnswer('{ id, revision, position }')
  recordCost(
    @Param('id', IdParam) id: string,
    @Body() dto: RecordCostDto,
    @Call() call: CommandCall,
  ): Promise<CommandAnswer> {
    return this.write(call, {
      investmentId: id,
      action: { kind: 'record-cost' },
      id: dto.costId,
      command: async () => ({
        type: 'RecordCost',
        investmentId: id,
        costId: dto.costId,
        ...(dto.costLineId !== undefined ? { costLineId: dto.costLineId } : {}),
        amount: Money.ofRequest(dto.amount),
        incurredOn: dto.incurredOn,
        reference: dto.reference,
        ...(dto.description !== undefined ? { description: dto.description } : {}),
        today: this.today(),
        ...(await this.lifeStarts(id)),
        actor: call.actor,
      }),
    });
  }

  @Post(':id/effect-reports')
  @CommandHeaders()
  @Roles('project-lead')
  @ApiOperation({
    summary: 'Report the realised effect of one benefit line in one period',
    description:
      'A second report for the same line and period is 409 EFFECT_ALREADY_REPORTED: correct the first instead. ' +
      'The line is judged against the current case, or, for a line it left out that is still owed since approval, ' +
      'the latest version from the approved one on that has it (recorded as caseVersion); 404 BENEFIT_LINE_NOT_FOUND ' +
      'otherwise. 409 PERIOD_OUTSIDE_HORIZON (with `period`, `startYear`, `endYear`) for a period outside that ' +
      "version's horizon that is not owed for the line either; 409 PERIOD_NOT_STARTED for a period whose first day " +
      'is after today (Europe/Stockholm); ' +
      "409 EFFECT_PERIOD_BEFORE_LIFE (with `period`, `endsOn`, `lifeBegins`) for a period that ended before the investment's " +
      "life began (the proposal's day, or the earlier decidedOn of its first allocation); 409 READING_COARSER_THAN_FREQUENCY " +
      '(with `benefitLineId`, `period`, `frequency`, `grain`) for a qualitative reading of a coarser period than its ' +
      'indicator is read at (a year of a line read monthly); 409 HARVEST_EXCEEDS_REALISED (with `benefitLineId`, ' +
      "`reportId`, `realised`, `harvested`) when a financial line's report of an ended period (a loss) would leave " +
      'its harvests not marked ahead of realisation above its realised actual to date, as a correction may not.',
  })
  @ApiCommandAnswer('{ id, revision, position }')
  reportEffect(
    @Param('id', IdParam) id: string,
    @Body() dto: ReportEffectDto,
    @Call() call: CommandCall,
  ): Promise<CommandAnswer> {
    return this.write(call, {
      investmentId: id,
      action: { kind: 'report-effect', benefitLineId: dto.benefitLineId },
      id: dto.reportId,
      command: async () => ({
        type: 'ReportEffect',
        investmentId: id,
        reportId: dto.reportId,
        benefitLineId: dto.benefitLineId,
        period: dto.period,
        value: dto.value,
        evidence: dto.evidence,
        today: this.today(),
        ...(await this.firstDecisionFor(id, dto.period)),
        actor: call.actor,
      }),
    });
  }

  @Post(':id/effect-reports/:reportId/corrections')
  @CommandHeaders()
  @Roles('project-lead')
  @ApiOperation({
    summary: 'Correct an effect report: supersedes it, both stay in the ledger',
    description:
      "409 EFFECT_PERIOD_BEFORE_LIFE (with `period`, `endsOn`, `lifeBegins`) when the report's period ended before " +
      "the investment's life began. 409 HARVEST_EXCEEDS_REALISED (with `benefitLineId`, `reportId`, `realised`, " +
      "`harvested`) when lowering a financial line's report of an ended period would leave its harvests not marked " +
      'ahead of realisation above its realised actual to date: correct or reverse the harvest first.',
  })
  @ApiCommandAnswer('{ id, revision, position }; id is the correction id')
  correct(
    @Param('id', IdParam) id: string,
    @Param('reportId', IdParam) reportId: string,
    @Body() dto: CorrectEffectReportDto,
    @Call() call: CommandCall,
  ): Promise<CommandAnswer> {
    const correctionId = randomUUID();
    return this.write(call, {
      investmentId: id,
      action: { kind: 'correct-effect', reportId },
      id: correctionId,
      why: { reason: dto.reason },
      command: async () => {
        const { state } = await this.handler.state(investmentStream(id), investmentDecider);
        return {
          type: 'CorrectEffectReport',
          investmentId: id,
          correctionId,
          reportId,
          value: dto.value,
          reason: dto.reason,
          ...(dto.evidence !== undefined ? { evidence: dto.evidence } : {}),
          today: this.today(),
          ...(await this.firstDecisionFor(id, reportedPeriod(state, reportId))),
          actor: call.actor,
        };
      },
    });
  }

  @Post(':id/harvests')
  @CommandHeaders()
  @Roles('finance')
  @ApiOperation({
    summary: 'Record a harvest: a budget reduction actually made for a financial line',
    description:
      "409 HARVEST_EXCEEDS_REALISED (with `realised`, `harvested`, `amount`) when the line's harvests would " +
      'exceed its realised actual to date (its reports of periods ended before today, Europe/Stockholm, made or confirmed after their end), ' +
      'unless aheadOfRealisation is true with a reason (without a reason: 400 ' +
      'VALIDATION_FAILED on `reason`). 409 FISCAL_YEAR_OUTSIDE_HORIZON (with `startYear`, `endYear`).' +
      HARVEST_BY_RESPONSIBLE_TEXT,
  })
  @ApiCommandAnswer('{ id, revision, position }')
  harvest(
    @Param('id', IdParam) id: string,
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
        amount: Money.ofRequest(dto.amount),
        decisionRef: dto.decisionRef,
        ...(dto.aheadOfRealisation !== undefined
          ? { aheadOfRealisation: dto.aheadOfRealisation }
          : {}),
        ...(dto.reason !== undefined ? { reason: dto.reason } : {}),
        today: this.today(),
        actor: call.actor,
      },
    });
  }

  @Post(':id/close')
  @CommandHeaders()
  @Roles('finance')
  @ApiOperation({
    summary: 'Close the investment: no more allocations or costs; effects and harvests go on',
    description:
      "409 DATE_OUTSIDE_INVESTMENT_LIFE (with `field`, `date`, `earliest`, `latest`) when closedOn lies before the proposal's " +
      'day (or the earlier first allocation decision), after today, before a cost that still counts, or before the latest ' +
      'decidedOn of its allocations; DATE_OUTSIDE_FUND_LIFE when it lies before its fund was established.',
  })
  @ApiCommandAnswer('{ id, revision, position }')
  close(
    @Param('id', IdParam) id: string,
    @Body() dto: CloseInvestmentDto,
    @Call() call: CommandCall,
  ): Promise<CommandAnswer> {
    let funds: readonly StreamCondition[] = [];
    return this.write(call, {
      investmentId: id,
      action: { kind: 'close' },
      id,
      why: { reason: dto.reason },
      command: async () => {
        // Before the allocations are read, so one committed in between is in one or the other.
        funds = await this.fundsAsRead();
        return {
          type: 'CloseInvestment',
          investmentId: id,
          closedOn: dto.closedOn,
          reason: dto.reason,
          today: this.today(),
          ...(await this.lifeStarts(id, { lastDecision: true })),
          actor: call.actor,
        };
      },
      unchanged: () => funds,
    });
  }

  @Post(':id/baseline-revisions')
  @CommandHeaders()
  @Roles('finance')
  @ApiOperation({
    summary: 'Re-baseline: adopt the current case version as the decision basis',
    description:
      'A decision of its own, with reason and decisionRef. 409 BASELINE_BY_RESPONSIBLE (with `responsible`, `as`) when ' +
      "the caller is the investment's project lead or owned (in any version) a benefit line of the baseline or the version, " +
      'even holding finance. ' +
      '409 BASELINE_APPROVER_IS_AUTHOR when the caller documented ' +
      'that version, BASELINE_VERSION_NOT_CURRENT, BASELINE_UNCHANGED, INVESTMENT_NOT_APPROVED, NEGATIVE_RUNNING_COST_EFFECT ' +
      "(with `runningCostEffect`) when the version's effect over its horizon is negative and no overrideRef is given. " +
      '409 BASELINE_REWRITES_PAST (with `rewrites`, each { kind: forecast, line: cost|benefit, lineId, period, before, after } | ' +
      '{ kind: indicator, lineId, field: baseline|direction, before, after } | { kind: line-dropped, lineId }, and ' +
      '`rewriteCount`) when the version changes what was already due today (Europe/Stockholm): the forecast of a ' +
      'period that has ended (a new entry for one too), a qualitative line whose readings are owed, or its ' +
      "indicator's baseline or direction. " +
      '404 BENEFIT_CASE_VERSION_NOT_FOUND when the investment has no such case version. ' +
      'Obligations already owed stay owed.',
  })
  @ApiCommandAnswer('{ id, revision, position }')
  reviseBaseline(
    @Param('id', IdParam) id: string,
    @Body() dto: ReviseBaselineDto,
    @Call() call: CommandCall,
  ): Promise<CommandAnswer> {
    return this.write(call, {
      investmentId: id,
      action: { kind: 'revise-baseline' },
      id,
      why: { reason: dto.reason, decisionRef: dto.decisionRef },
      // What is owed starts with the investment's life, which the first allocation's decidedOn
      // may begin (rebaseline-past.ts judges the readings owed by today).
      command: async () => ({
        type: 'ReviseBaseline',
        investmentId: id,
        caseVersion: dto.caseVersion,
        reason: dto.reason,
        decisionRef: dto.decisionRef,
        ...(dto.overrideRef !== undefined ? { overrideRef: dto.overrideRef } : {}),
        ...(await this.firstDecision(id)),
        actor: call.actor,
        today: this.today(),
      }),
    });
  }

  @Post(':id/obligation-waivers')
  @CommandHeaders()
  @Roles('finance')
  @ApiOperation({
    summary: 'Waive one owed effect report or reading, with a reason',
    description:
      'Shown in GET /api/reports/follow-up (waived) and the history. 409 OBLIGATION_NOT_OWED (with ' +
      "`endsOn` and `lifeBegins` when the period ended before the investment's life began: such a " +
      'period is owed nothing), OBLIGATION_ALREADY_MET, ' +
      'OBLIGATION_ALREADY_WAIVED, INVESTMENT_NOT_APPROVED, WAIVER_BY_RESPONSIBLE when the caller is the ' +
      "investment's project lead or an owner of the line in any case version.",
  })
  @ApiCommandAnswer('{ id, revision, position }')
  waiveObligation(
    @Param('id', IdParam) id: string,
    @Body() dto: WaiveObligationDto,
    @Call() call: CommandCall,
  ): Promise<CommandAnswer> {
    return this.write(call, {
      investmentId: id,
      action: { kind: 'waive-obligation' },
      id,
      why: { reason: dto.reason },
      // A period that ended before the life began is owed nothing: the first decision is
      // looked up only when it can matter (firstDecisionFor), as for a report.
      command: async () => ({
        type: 'WaiveObligation',
        investmentId: id,
        benefitLineId: dto.benefitLineId,
        period: dto.period,
        reason: dto.reason,
        ...(await this.firstDecisionFor(id, dto.period)),
        actor: call.actor,
      }),
    });
  }

  @Post(':id/costs/:costId/corrections')
  @CommandHeaders()
  @Roles('finance', 'project-lead')
  @ApiOperation({
    summary: 'Correct a cost amount: the cost and the correction both stay',
    description:
      'Finance corrects any cost; the project lead (in either role) only a cost they recorded themself: 409 COST_BOOKED_BY_FINANCE ' +
      '(with `costId`, `recordedBy`) for one finance booked.',
  })
  @ApiCommandAnswer('{ id, revision, position }; id is the correction id')
  correctCost(
    @Param('id', IdParam) id: string,
    @Param('costId', IdParam) costId: string,
    @Body() dto: CorrectAmountDto,
    @Call() call: CommandCall,
  ): Promise<CommandAnswer> {
    const correctionId = randomUUID();
    return this.write(call, {
      investmentId: id,
      action: { kind: 'correct-cost' },
      id: correctionId,
      why: { reason: dto.reason },
      command: async () => ({
        type: 'CorrectCost',
        investmentId: id,
        correctionId,
        costId,
        amount: Money.ofRequest(dto.amount),
        reason: dto.reason,
        ...(await this.costRecorder(id, costId, call.actor)),
        actor: call.actor,
      }),
    });
  }

  @Post(':id/costs/:costId/reversals')
  @CommandHeaders()
  @Roles('finance', 'project-lead')
  @ApiOperation({
    summary: 'Reverse a cost: it counts as zero from now on; both events stay',
    description:
      'Finance reverses any cost; the project lead (in either role) only a cost they recorded themself: 409 COST_BOOKED_BY_FINANCE ' +
      '(with `costId`, `recordedBy`) for one finance booked.',
  })
  @ApiCommandAnswer('{ id, revision, position }; id is the cost id')
  reverseCost(
    @Param('id', IdParam) id: string,
    @Param('costId', IdParam) costId: string,
    @Body() dto: ReverseEntryDto,
    @Call() call: CommandCall,
  ): Promise<CommandAnswer> {
    return this.write(call, {
      investmentId: id,
      action: { kind: 'correct-cost' },
      id: costId,
      why: { reason: dto.reason },
      command: async () => ({
        type: 'ReverseCost',
        investmentId: id,
        costId,
        reason: dto.reason,
        ...(await this.costRecorder(id, costId, call.actor)),
        actor: call.actor,
      }),
    });
  }

  @Post(':id/harvests/:harvestId/corrections')
  @CommandHeaders()
  @Roles('finance')
  @ApiOperation({
    summary: 'Correct a harvest amount: the harvest and the correction both stay',
    description:
      '409 HARVEST_EXCEEDS_REALISED when a larger amount would harvest more than the line realised to date (unless the harvest was marked aheadOfRealisation).' +
      HARVEST_BY_RESPONSIBLE_TEXT,
  })
  @ApiCommandAnswer('{ id, revision, position }; id is the correction id')
  correctHarvest(
    @Param('id', IdParam) id: string,
    @Param('harvestId', IdParam) harvestId: string,
    @Body() dto: CorrectAmountDto,
    @Call() call: CommandCall,
  ): Promise<CommandAnswer> {
    const correctionId = randomUUID();
    return this.write(call, {
      investmentId: id,
      action: { kind: 'correct-harvest' },
      id: correctionId,
      why: { reason: dto.reason },
      command: {
        type: 'CorrectHarvest',
        investmentId: id,
        correctionId,
        harvestId,
        amount: Money.ofRequest(dto.amount),
        reason: dto.reason,
        today: this.today(),
        actor: call.actor,
      },
    });
  }

  @Post(':id/harvests/:harvestId/reversals')
  @CommandHeaders()
  @Roles('finance')
  @ApiOperation({
    summary: 'Reverse a harvest: it counts as zero from now on; both events stay',
    description: HARVEST_BY_RESPONSIBLE_TEXT.trim(),
  })
  @ApiCommandAnswer('{ id, revision, position }; id is the harvest id')
  reverseHarvest(
    @Param('id', IdParam) id: string,
    @Param('harvestId', IdParam) harvestId: string,
    @Body() dto: ReverseEntryDto,
    @Call() call: CommandCall,
  ): Promise<CommandAnswer> {
    return this.write(call, {
      investmentId: id,
      action: { kind: 'correct-harvest' },
      id: harvestId,
      why: { reason: dto.reason },
      command: {
        type: 'ReverseHarvest',
        investmentId: id,
        harvestId,
        reason: dto.reason,
        actor: call.actor,
      },
    });
  }

  @Post(':id/deviation-explanations')
  @CommandHeaders()
  @Roles('project-lead')
  @ApiOperation({
    summary: 'Explain why a benefit line is in watch or deviation (the board report shows it)',
    description:
      'Its project lead or the line owner. A later explanation of the same line supersedes it in the board report; ' +
      '`valued-lines-together` (the project lead) explains the valued lines together, which the board lists when ' +
      'their summed realisation is worse than every line; ' +
      'both stay in the history. 404 BENEFIT_LINE_NOT_FOUND; 409 EXPLANATION_ALREADY_EXISTS for the same id with ' +
      'another body; 409 PERIOD_NOT_STARTED (with `period`, `startsOn`, `today`) for a period beginning after today.',
  })
  @ApiCommandAnswer('{ id, revision, position }; id is the explanation id')
  explainDeviation(
    @Param('id', IdParam) id: string,
    @Body() dto: ExplainDeviationDto,
    @Call() call: CommandCall,
  ): Promise<CommandAnswer> {
    return this.write(call, {
      investmentId: id,
      action: { kind: 'explain-deviation', benefitLineId: dto.benefitLineId },
      id: dto.explanationId,
      why: { reason: dto.explanation },
      command: {
        type: 'ExplainDeviation',
        investmentId: id,
        explanationId: dto.explanationId,
        benefitLineId: dto.benefitLineId,
        ...(dto.period !== undefined ? { period: dto.period } : {}),
        explanation: dto.explanation,
        actor: call.actor,
        today: this.today(),
      },
    });
  }

  @Get()
  @ApiOperation({
    summary: 'Investments, optionally by department and stage',
    description:
      SUMMARY_DESCRIPTION +
      ' Each item is the investment without the facts that pile up with its follow-up (benefitCase, costs, ' +
      'effectReports, harvests, costChanges, harvestChanges), with `counts` of its costs, effect reports ' +
      'and harvests instead; GET /api/investments/{id} gives them. In id order, or by `sort` and `order`; ' +
      '`q` searches titles and ids, `overspent` keeps those that spent more than allocated (or the others). ' +
      'With `limit` (and `after`, the `next` of the page before, or `offset`) one page of them, JSON only; ' +
      '`next` is null on the last page and without a limit. `total` counts every investment the filters ' +
      'leave, whatever the page; `departments` lists every department of the list, whatever the filters.',
  })
  @ApiJsonOrFiles(InvestmentListDto, [CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE])
  async list(
    @Res({ passthrough: true }) reply: FastifyReply,
    @Query() query: InvestmentListQueryDto,
  ): Promise<{ investments: InvestmentListItem[] } | string | StreamableFile> {
    const filter = {
      department: query.department,
      stage: query.stage,
      search: query.q,
      overspent: query.overspent === undefined ? undefined : query.overspent === 'true',
    };
    const ids = query.ids?.split(',');
    const choice: ExportChoice = {
      format: query.format ?? DEFAULT_FORMAT,
      dialect: query.dialect ?? DEFAULT_DIALECT,
      lang: query.lang ?? DEFAULT_LANG,
    };
    const answer = await this.queries.listItems(
      filter,
      query,
      parseListPage(query),
      parseListOrdering(query),
    );
    const investments = pickIds(answer.investments, ids);
    if (choice.format === 'json') return { ...answer, investments };
    // The dashboard's columns, through the service's one CSV and XLSX writers.
    return investmentsFile(investments, choice, reply);
  }

  @Get(':id')
  @ApiOperation({
    summary:
      'One investment: stage, benefit case, allocations, costs, effect reports, harvests, figures to date',
    description: SUMMARY_DESCRIPTION,
  })
  @ApiOkResponse({ type: InvestmentViewDto })
  get(
    @Param('id', IdParam) id: string,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Query() read: ReadQueryDto,
  ): Promise<InvestmentView> {
    return this.queries.get(id, read, reply);
  }
}
