/**
 * The fund endpoints of API.md § Fund. Thin: DTO → command → handler → answer.
 */
import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Res } from '@nestjs/common';
import {
  ApiBody,
  ApiConflictResponse,
  ApiOkResponse,
  ApiOperation,
  ApiSecurity,
  ApiTags,
} from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import type { FastifyReply } from 'fastify';
import { Roles } from '../auth/actor.guard';
import { ApiCommandAnswer, ApiProblems } from '../http/dto/answers.dto';
import { ReadQueryDto } from '../http/dto/read-query.dto';
import { Call, CommandCall, CommandGateway, CommandHeaders } from '../http/command-gateway';
import { IdParam } from '../http/id-param.pipe';
import { invalidInput } from '../shared/problem';
import { CommandAnswer } from '../infra/idempotency';
import { CLOCK, Clock } from '../infra/tokens';
import { Money } from '../money/money';
import {
  AddTrancheDto,
  AllocateFundsDto,
  AMENDMENT_WITHOUT_CHANGE_MESSAGE,
  AmendTrancheDto,
  CloseTrancheDto,
  EstablishFundDto,
  ReduceAllocationDto,
  ReleaseTrancheDto,
  TrancheDto,
} from './dto/fund.dto';
import { FundListDto, FundViewDto } from './dto/fund-view.dto';
import { TrancheSpec } from './fund.commands';
import { fundDecider } from './fund.decider';
import { fundStream } from './fund.events';
import { FundQueries, FundView } from './fund.queries';
import { INVESTMENT_CHECK, InvestmentCheckPort } from './investment-check';
import { StreamCondition } from '../event-store/event-store';

const trancheSpec = (dto: TrancheDto): TrancheSpec => ({
  trancheId: dto.trancheId,
  name: dto.name,
  amount: Money.ofRequest(dto.amount),
  allocatableFrom: dto.allocatableFrom ?? null,
  allocatableUntil: dto.allocatableUntil ?? null,
});

@ApiTags('fund')
@ApiSecurity('bearer')
@ApiProblems()
@Controller('api/funds')
export class FundController {
  constructor(
    private readonly gateway: CommandGateway,
    private readonly queries: FundQueries,
    @Inject(INVESTMENT_CHECK) private readonly investments: InvestmentCheckPort,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** The recording moment a decision date is checked against (the handler stamps the same clock). */
  private recordedAt(): string {
    return this.clock().toISOString();
  }

  @Post()
  @Roles('finance')
  @CommandHeaders()
  @ApiOperation({ summary: 'Establish a fund with its tranches' })
  @ApiBody({ type: EstablishFundDto })
  @ApiCommandAnswer('{ id, revision, position }')
  establish(@Body() dto: EstablishFundDto, @Call() call: CommandCall): Promise<CommandAnswer> {
    return this.gateway.run(call, {
      stream: fundStream(dto.fundId),
      decider: fundDecider,
      id: dto.fundId,
      why: { decisionRef: dto.decisionRef },
      command: () => ({
        type: 'EstablishFund' as const,
        fundId: dto.fundId,
        name: dto.name,
        currency: dto.currency,
        decisionRef: dto.decisionRef,
        tranches: dto.tranches.map(trancheSpec),
      }),
    });
  }

  @Post(':fundId/tranches')
  @Roles('finance')
  @CommandHeaders()
  @ApiOperation({ summary: 'Add a tranche (expected until released)' })
  @ApiCommandAnswer('{ id, revision, position }')
  addTranche(
    @Param('fundId', IdParam) fundId: string,
    @Body() dto: AddTrancheDto,
    @Call() call: CommandCall,
  ): Promise<CommandAnswer> {
    return this.gateway.run(call, {
      stream: fundStream(fundId),
      decider: fundDecider,
      id: dto.trancheId,
      why: { decisionRef: dto.decisionRef },
      command: () => ({
        type: 'AddTranche' as const,
        fundId,
        decisionRef: dto.decisionRef,
        ...trancheSpec(dto),
      }),
    });
  }

  @Post(':fundId/tranches/:trancheId/release')
  @Roles('finance')
  @CommandHeaders()
  @ApiOperation({ summary: 'Release a tranche: its money becomes allocatable' })
  @ApiCommandAnswer('{ id, revision, position }')
  release(
    @Param('fundId', IdParam) fundId: string,
    @Param('trancheId', IdParam) trancheId: string,
    @Body() dto: ReleaseTrancheDto,
    @Call() call: CommandCall,
  ): Promise<CommandAnswer> {
    return this.gateway.run(call, {
      stream: fundStream(fundId),
      decider: fundDecider,
      id: trancheId,
      why: { decisionRef: dto.decisionRef },
      command: () => ({
        type: 'ReleaseTranche' as const,
        fundId,
        trancheId,
        releasedOn: dto.releasedOn,
        decisionRef: dto.decisionRef,
        recordedAt: this.recordedAt(),
      }),
    });
  }

  @Post(':fundId/tranches/:trancheId/amendments')
  @Roles('finance')
  @CommandHeaders()
  @ApiOperation({
    summary:
      'Amend a tranche: a recorded decision changing its amount, its allocation window or both',
    description:
      'The event keeps the terms before and after; the tranche as added stays in the ledger, and an asOf ' +
      'before the amendment answers with the terms then. Left out, a term stays; a window bound null is open. ' +
      'The amendment holds from its own decidedOn on: allocations decided before it keep the terms then. ' +
      '400 VALIDATION_FAILED when no term is named, TRANCHE_WINDOW_INVALID; 409 TRANCHE_AMOUNT_BELOW_ALLOCATED ' +
      '(with `allocated`, the most allocated on any day from decidedOn on, and the first such day above the ' +
      'amount, `on` and `allocatedOn`), TRANCHE_WINDOW_EXCLUDES_ALLOCATIONS (with `firstAllocatedOn` and `lastAllocatedOn`), ' +
      'TRANCHE_AMENDED_BEFORE_LAST_AMENDMENT (with `lastAmendedOn`), TRANCHE_AMENDMENT_CHANGES_NOTHING, ' +
      'TRANCHE_CLOSED, DECISION_DATE_IN_FUTURE. The same decision sent again (same terms, decidedOn, ' +
      'decisionRef and reason as the last amendment) is answered with the first answer, appending nothing.',
  })
  @ApiCommandAnswer('{ id, revision, position }; id is the tranche id')
  amend(
    @Param('fundId', IdParam) fundId: string,
    @Param('trancheId', IdParam) trancheId: string,
    @Body() dto: AmendTrancheDto,
    @Call() call: CommandCall,
  ): Promise<CommandAnswer> {
    const { amount, allocatableFrom, allocatableUntil } = dto;
    if (amount === undefined && allocatableFrom === undefined && allocatableUntil === undefined) {
      throw invalidInput([{ path: 'amount', message: AMENDMENT_WITHOUT_CHANGE_MESSAGE }]);
    }
    return this.gateway.run(call, {
      stream: fundStream(fundId),
      decider: fundDecider,
      id: trancheId,
      why: { decisionRef: dto.decisionRef, reason: dto.reason },
      command: () => ({
        type: 'AmendTranche' as const,
        fundId,
        trancheId,
        // Left out stays left out (the term stays); null is an open bound.
        ...(amount === undefined ? {} : { amount: Money.ofRequest(amount) }),
        ...(allocatableFrom === undefined ? {} : { allocatableFrom }),
        ...(allocatableUntil === undefined ? {} : { allocatableUntil }),
        decidedOn: dto.decidedOn,
        decisionRef: dto.decisionRef,
        reason: dto.reason,
        recordedAt: this.recordedAt(),
      }),
    });
  }

  @Post(':fundId/tranches/:trancheId/close')
  @Roles('finance')
  @CommandHeaders()
  @ApiOperation({
    summary: 'Close a tranche: no further allocations from it',
    description:
      '409 TRANCHE_ALREADY_CLOSED; TRANCHE_CLOSED_BEFORE_ITS_RECORD (with `earliest`) for a closedOn before ' +
      "the tranche's release, its allocations' decisions or its last amendment's; DECISION_DATE_IN_FUTURE.",
  })
  @ApiCommandAnswer('{ id, revision, position }')
  close(
    @Param('fundId', IdParam) fundId: string,
    @Param('trancheId', IdParam) trancheId: string,
    @Body() dto: CloseTrancheDto,
    @Call() call: CommandCall,
  ): Promise<CommandAnswer> {
    return this.gateway.run(call, {
      stream: fundStream(fundId),
      decider: fundDecider,
      id: trancheId,
      why: { decisionRef: dto.decisionRef, reason: dto.reason },
      command: () => ({
        type: 'CloseTranche' as const,
        fundId,
        trancheId,
        closedOn: dto.closedOn,
        decisionRef: dto.decisionRef,
        reason: dto.reason,
        recordedAt: this.recordedAt(),
      }),
    });
  }

  @Post(':fundId/allocations')
  @Roles('finance')
  @CommandHeaders()
  @ApiOperation({
    summary: 'Allocate money from a released tranche to an investment',
    description:
      "Judged against the tranche's terms in force on decidedOn (each amendment from its own decidedOn on), " +
      'and no business day from decidedOn on may be overdrawn. ' +
      '409 codes: TRANCHE_INSUFFICIENT_FUNDS (with `available`, what an allocation decided that day can take, ' +
      'and the first day it would overdraw: `on`, `amountInForce`, `allocatedOn`), TRANCHE_NOT_RELEASED, ' +
      'TRANCHE_CLOSED, OUTSIDE_ALLOCATION_WINDOW (with the window that excludes decidedOn and `windowDecidedOn`), ' +
      'DECIDED_BEFORE_RELEASE, DECISION_DATE_IN_FUTURE, BENEFIT_CASE_MISSING ' +
      '(with `missing`), INVESTMENT_CLOSED, CASE_VERSION_MISMATCH (with `versions`), ' +
      'NEGATIVE_RUNNING_COST_EFFECT (with `runningCostEffect`; overrideRef allows it), ALLOCATION_ALREADY_EXISTS, ' +
      "ALLOCATION_BY_RESPONSIBLE (with `responsible` and `as`: `project lead` or `line owner`) when the caller answers for the investment's delivery, " +
      'even holding finance: its project lead or the owner of a benefit line in any documented version; ' +
      "ALLOCATION_APPROVER_IS_AUTHOR (with `caseVersion` and `author`) when the allocation is the investment's first, which approves " +
      'the version it names as the baseline, and the caller documented that version.',
  })
  @ApiCommandAnswer('{ id, revision, position }')
  @ApiConflictResponse({
    description: 'A rule of the ledger refuses the allocation (problem+json with `code`).',
  })
  allocate(
    @Param('fundId', IdParam) fundId: string,
    @Body() dto: AllocateFundsDto,
    @Call() call: CommandCall,
  ): Promise<CommandAnswer> {
    let read: readonly StreamCondition[] = [];
    return this.gateway.run(call, {
      stream: fundStream(fundId),
      decider: fundDecider,
      id: dto.allocationId,
      why: { decisionRef: dto.decisionRef },
      command: async () => {
        const investment = await this.investments.check(dto.investmentId);
        read = investment.unchanged;
        return {
          type: 'AllocateFunds' as const,
          fundId,
          allocationId: dto.allocationId,
          investmentId: dto.investmentId,
          trancheId: dto.trancheId,
          amount: Money.ofRequest(dto.amount),
          decidedOn: dto.decidedOn,
          decisionRef: dto.decisionRef,
          ...(dto.note !== undefined ? { note: dto.note } : {}),
          caseVersion: dto.caseVersion,
          ...(dto.overrideRef !== undefined ? { overrideRef: dto.overrideRef } : {}),
          recordedAt: this.recordedAt(),
          investment: investment.value,
          actor: call.actor,
        };
      },
      // The investment as checked: a close, a case or anything else recorded on it since
      // makes the allocation be decided again on what is there now.
      unchanged: () => read,
      // The approval process records the approval; the answer waits for it (bounded).
      after: (answer) => this.investments.allocationHandled(BigInt(answer.position)),
    });
  }

  @Post(':fundId/allocations/:allocationId/reductions')
  @Roles('finance')
  @CommandHeaders()
  @ApiOperation({
    summary: 'Reduce an allocation (give money back to its tranche)',
    description:
      '409 ALLOCATION_REDUCTION_EXCEEDS_REMAINING (with `remaining`), REDUCTION_BELOW_SPENT (with `spent`, ' +
      '`remaining` and `largestReduction`), ' +
      'REDUCTION_BEFORE_ALLOCATION, DECISION_DATE_IN_FUTURE, REDUCTION_ALREADY_EXISTS (same reductionId, other body).',
  })
  @ApiCommandAnswer('{ id, revision, position }; id is the reduction id')
  reduce(
    @Param('fundId', IdParam) fundId: string,
    @Param('allocationId', IdParam) allocationId: string,
    @Body() dto: ReduceAllocationDto,
    @Call() call: CommandCall,
  ): Promise<CommandAnswer> {
    const reductionId = dto.reductionId ?? this.serverReductionId(call);
    let read: readonly StreamCondition[] = [];
    return this.gateway.run(call, {
      stream: fundStream(fundId),
      decider: fundDecider,
      id: reductionId,
      why: { decisionRef: dto.decisionRef, reason: dto.reason },
      command: async () => {
        const spent = await this.investments.spentAgainst(fundId, allocationId);
        read = spent.unchanged;
        return {
          type: 'ReduceAllocation' as const,
          fundId,
          reductionId,
          allocationId,
          amount: Money.ofRequest(dto.amount),
          decidedOn: dto.decidedOn,
          decisionRef: dto.decisionRef,
          reason: dto.reason,
          recordedAt: this.recordedAt(),
          spent: spent.value,
        };
      },
      // A cost recorded on the investment since the spend was read makes the reduction be
      // decided again with it.
      unchanged: () => read,
    });
  }

  /**
   * A reduction without its own id is recorded twice when a client retries it blindly, so the
   * id may only be left out by a client that sends an Idempotency-Key (which makes the retry
   * safe); the server then makes one.
   */
  private serverReductionId(call: CommandCall): string {
    if (call.request.headers['idempotency-key'] === undefined) {
      throw invalidInput([
        {
          path: 'reductionId',
          message:
            'is required (a client chosen id such as "reduction-1"), unless the request carries an Idempotency-Key',
        },
      ]);
    }
    return randomUUID();
  }

  @Get()
  @ApiOperation({
    summary:
      'All funds with their balances, windows and what can be allocated today (see GET /api/funds/{fundId})',
  })
  @ApiOkResponse({ type: FundListDto })
  list(@Query() read: ReadQueryDto): Promise<{ funds: FundView[] }> {
    return this.queries.list(read);
  }

  @Get(':fundId')
  @ApiOperation({
    summary:
      'One fund: per tranche status, window, amount, allocated, available (now), expected, lapsed, closed, spent, harvested',
    description:
      "A tranche's `amount`, `allocatableFrom` and `allocatableUntil` are its terms as amended by the moment asked " +
      'about (POST …/tranches/{trancheId}/amendments; before an amendment, the terms then). ' +
      '`available` (= `availableNow`) is what can be allocated on `today`, the Europe/Stockholm day of asOf or of now; ' +
      'the rest of `unallocated` is `expected`, `lapsed` or `closed`. A cost is attributed when it is recorded to the ' +
      "investment's allocations in recorded order, each up to its room, and never moves (what none has room for is the " +
      "fund's `spentBeyondAllocations`); a cost recorded before the investment's first allocation is attributed when " +
      'that allocation is recorded, as if recorded just after it; harvests are attributed in proportion to net allocations. ' +
      "`overriddenAllocations` lists allocations made on the board's overrideRef, `overriddenBaselines` the re-baselinings of its " +
      'investments made on one.',
  })
  @ApiOkResponse({
    type: FundViewDto,
    description: 'The fund balance; ETag is the fund stream revision.',
  })
  @HttpCode(200)
  get(
    @Param('fundId', IdParam) fundId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Query() read: ReadQueryDto,
  ): Promise<FundView> {
    return this.queries.get(fundId, read, reply);
  }
}
