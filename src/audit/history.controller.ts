/**
 * GET /api/investments/{id}/history (API.md § Investments): what was decided about an
 * investment, by whom, on what basis and when, with its state after every event.
 */
import { Controller, Get, Inject, Param, Query, UseGuards } from '@nestjs/common';
import {
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiSecurity,
  ApiTags,
} from '@nestjs/swagger';
import { ActorGuard } from '../auth/actor.guard';
import { EventStore } from '../event-store/event-store';
import { parseIdParam } from '../http/params';
import { problem, ProblemException } from '../http/problem';
import { EVENT_STORE } from '../infra/tokens';
import { DomainError } from '../shared/domain-error';
import { parseLimit, parsePosition } from './audit-params';
import {
  DEFAULT_HISTORY_PAGE,
  HistoryPage,
  HistoryTooLongError,
  InvestmentHistory,
  MAX_HISTORY_EVENTS,
  MAX_HISTORY_PAGE,
  readInvestmentHistory,
} from './investment-history';
import { parseTimeRange, TimeRange } from './time-range';

@ApiTags('investments')
@ApiSecurity('bearer')
@UseGuards(ActorGuard)
@Controller('api/investments')
export class HistoryController {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  @Get(':id/history')
  @ApiOperation({
    summary:
      'Every event that concerns the investment, in recorded order, with its state after each',
    description:
      'Its own stream and the fund allocations and reductions for it. Each event: position, type, data, actor, ' +
      'recordedAt, reason, decisionRef, hash, summary and stateAfter (stage, case versions, allocated, spent, ' +
      'harvested, counts, closed, and `changed`: the allocation, effect report, cost, harvest or case version ' +
      'the event changed, as it stands after it). The whole state after the last listed event is `stateAtEnd`. ' +
      'One page of at most `limit` events; `next`, when not null, is the `after` of the following page.',
  })
  @ApiQuery({
    name: 'from',
    required: false,
    description: 'Recorded at or after (ISO timestamp; a date means its start)',
  })
  @ApiQuery({
    name: 'to',
    required: false,
    description: 'Recorded at or before (ISO timestamp; a date means its end)',
  })
  @ApiQuery({
    name: 'after',
    required: false,
    description: "List only events after this position: the previous page's `next`",
  })
  @ApiQuery({
    name: 'limit',
    required: false,
    description: `Events per page, 1 to ${MAX_HISTORY_PAGE} (default ${DEFAULT_HISTORY_PAGE})`,
  })
  @ApiOkResponse({
    description: '{ investmentId, from, to, limit, events: [...], stateAtEnd, next }',
  })
  @ApiNotFoundResponse({ description: 'INVESTMENT_NOT_FOUND' })
  async history(
    @Param('id') id: string,
    @Query('from') from?: string,
    @Query('to') to?: string,
    @Query('after') after?: string,
    @Query('limit') limit?: string,
  ): Promise<InvestmentHistory> {
    parseIdParam('id', id);
    const range = parseTimeRange(from, to);
    const page: HistoryPage = {
      after: parsePosition(after, 'after'),
      limit: parseLimit(limit, 'limit', { size: DEFAULT_HISTORY_PAGE, max: MAX_HISTORY_PAGE }),
    };
    const history = await this.read(id, range, page);
    if (history === undefined) {
      const asOf = range.to === undefined ? '' : ` as of ${range.to}`;
      throw new DomainError('INVESTMENT_NOT_FOUND', `No investment ${id}${asOf}.`, 'not-found');
    }
    return history;
  }

  private async read(
    id: string,
    range: TimeRange,
    page: HistoryPage,
  ): Promise<InvestmentHistory | undefined> {
    try {
      return await readInvestmentHistory(this.store, id, range, page);
    } catch (error) {
      if (!(error instanceof HistoryTooLongError)) throw error;
      throw new ProblemException(
        problem(
          422,
          error.code,
          `The history of ${id} holds more than ${MAX_HISTORY_EVENTS} events; ask for a shorter range with to.`,
        ),
      );
    }
  }
}
