/**
 * GET /api/investments/{id}/history (API.md § Investments): what was decided about an
 * investment, by whom, on what basis and when, with its state after every event.
 */
import { Controller, Get, Inject, Param, Query, Res, StreamableFile } from '@nestjs/common';
import {
  ApiNotFoundResponse,
  ApiOperation,
  ApiProduces,
  ApiSecurity,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Readable } from 'node:stream';
import { ApiJsonOrFiles, ApiProblems } from '../http/dto/answers.dto';
import { InvestmentHistoryDto } from './dto/audit-answers.dto';
import { HistoryQueryDto } from './dto/audit-queries.dto';
import { DEFAULT_DIALECT, DEFAULT_FORMAT, DEFAULT_LANG } from '../reports/dto/report-queries.dto';
import { EventStore } from '../event-store/event-store';
import { IdParam } from '../http/id-param.pipe';
import { later, lazyList, streamedJson } from '../http/json-stream';
import { EVENT_STORE } from '../infra/tokens';
import { investmentNotFound } from '../investment/investment.refusals';
import { CSV_CONTENT_TYPE, CsvDialect, csvFilename } from '../reports/csv';
import { Lang } from '../reports/swedish';
import { refuseFilePaging, ReportFormat } from '../reports/query-params';
import { XLSX_CONTENT_TYPE, xlsxStream } from '../reports/xlsx';
import { parseLimit, parsePosition } from './audit-params';
import { historyCsv, historyRows, historySheet } from './history-export';
import {
  DEFAULT_HISTORY_PAGE,
  foldHistory,
  historyHead,
  HistoryPage,
  HistoryPoints,
  InvestmentHistory,
  MAX_HISTORY_PAGE,
  readHistoryPage,
} from './investment-history';
import { parseTimeRange, TimeRange } from './time-range';

@ApiTags('investments')
@ApiSecurity('bearer')
@ApiProblems()
@Controller('api/investments')
export class HistoryController {
  /** Where recent pages ended, so a client paging through a long history folds it once. */
  private readonly points = new HistoryPoints();

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
      'One page of at most `limit` events; `next`, when not null, is the `after` of the following page. ' +
      'format=csv|xlsx is the whole history in the range, not paged: `after` or `limit` beside it is a 400 naming them.',
  })
  @ApiJsonOrFiles(
    InvestmentHistoryDto,
    [CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE],
    '{ investmentId, from, to, limit, events: [...], stateAtEnd, next }',
  )
  @ApiProduces('application/json', CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE)
  @ApiNotFoundResponse({ description: 'INVESTMENT_NOT_FOUND' })
  async history(
    @Res({ passthrough: true }) reply: FastifyReply,
    @Param('id', IdParam) id: string,
    @Query() query: HistoryQueryDto,
  ): Promise<StreamableFile> {
    // Checked by the DTO; read here into instants, a position and a page size. A file is the
    // whole history in the range: a page of it is refused, as the investments list refuses one.
    refuseFilePaging(
      query,
      ['after', 'limit'],
      "every event of the investment's history in the range",
    );
    const range = parseTimeRange(query.from, query.to);
    const as = query.format ?? DEFAULT_FORMAT;
    const dialect = query.dialect ?? DEFAULT_DIALECT;
    const lang = query.lang ?? DEFAULT_LANG;
    if (as !== 'json') return this.file(reply, id, range, as, { dialect, lang });
    const page: HistoryPage = {
      after: parsePosition(query.after, 'after'),
      limit: parseLimit(query.limit, 'limit', {
        size: DEFAULT_HISTORY_PAGE,
        max: MAX_HISTORY_PAGE,
      }),
    };
    const read = await readHistoryPage(this.store, id, range, page, this.points);
    if (read === undefined) throw investmentNotFound(id, range.to);
    // The page's events are read before a byte is sent (and the history before them folded),
    // so a failed read is still a problem answer; then each is folded as it is written out, as
    // the caller reads it (a whole 10 000-event page is 12 MB of JSON). Folding a recorded
    // event does not throw (foldHistory notes a failure in the event's entry), so an answer
    // once begun is whole.
    const fold = foldHistory(read, this.points);
    return streamedJson({
      ...historyHead(id, range, page),
      events: lazyList(fold.entries),
      stateAtEnd: later(fold.stateAtEnd),
      next: later(fold.next),
    } satisfies Record<keyof InvestmentHistory, unknown>);
  }

  private async file(
    reply: FastifyReply,
    id: string,
    range: TimeRange,
    as: Exclude<ReportFormat, 'json'>,
    options: { readonly dialect: CsvDialect; readonly lang: Lang },
  ): Promise<StreamableFile> {
    const lang = as === 'csv' ? (options.dialect === 'excel-sv' ? 'sv' : 'en') : options.lang;
    const rows = await historyRows(this.store, id, range, lang);
    if (rows === undefined) throw investmentNotFound(id, range.to);
    const [filename, content, type] =
      as === 'csv'
        ? [
            csvFilename(`history-${id}`, options.dialect),
            Readable.from(historyCsv(rows, options.dialect)),
            CSV_CONTENT_TYPE,
          ]
        : [
            `history-${id}.xlsx`,
            await xlsxStream([historySheet(rows)], options.lang),
            XLSX_CONTENT_TYPE,
          ];
    void reply.header('Content-Disposition', `attachment; filename="${filename}"`);
    return new StreamableFile(content, { type });
  }
}
