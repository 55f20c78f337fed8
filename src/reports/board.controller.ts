/**
 * GET /api/reports/board: the board report as JSON, XLSX or PDF (format= or the Accept
 * header), Swedish unless lang=en. Everyone authenticated reads; nothing writes.
 */
import { Controller, Get, Headers, Inject, Query, Res, StreamableFile } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiOperation,
  ApiProduces,
  ApiSecurity,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ApiJsonOrFiles, ApiProblems } from '../http/dto/answers.dto';
import { BoardReportDto } from './dto/report-views.dto';
import { Clock, CLOCK } from '../infra/tokens';
import { parseLedgerMoment, requireNotAfterToday } from '../periods/moment';
import { stockholmDay } from '../periods/stockholm-day';
import { BoardReport, BoardReports } from './board-report';
import { boardPdfStream, PDF_CONTENT_TYPE } from './board-pdf';
import { boardSheets } from './board-xlsx';
import { boardLabels } from './board-labels';
import { download } from './file-answer';
import { XLSX_CONTENT_TYPE, xlsxStream } from './xlsx';
import { BoardFormat, BoardQueryDto, DEFAULT_LANG } from './dto/report-queries.dto';

/** format= wins; else the first of PDF or XLSX the Accept header names; else JSON. */
const boardFormat = (format: BoardFormat | undefined, accept: string | undefined): BoardFormat =>
  format ?? acceptedFormat(accept);

const acceptedFormat = (accept: string | undefined): BoardFormat => {
  const wanted = (accept ?? '').toLowerCase();
  if (wanted.includes(PDF_CONTENT_TYPE)) return 'pdf';
  if (wanted.includes(XLSX_CONTENT_TYPE)) return 'xlsx';
  return 'json';
};

@ApiTags('reports')
@ApiSecurity('bearer')
@ApiProblems()
@Controller('api/reports')
export class BoardController {
  constructor(
    private readonly boards: BoardReports,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get('board')
  @ApiOperation({
    summary:
      'The board report: the fund as of a closing date, for kommunstyrelsen and the auditors',
    description:
      'Per tranche amount, available now, expected, lapsed, allocated, spent and harvested; per investment allocation, ' +
      'spent (overspend flagged), baseline and current forecast, actual and harvested to date, running-cost effect, NPV, BCR, ' +
      'status, overdue reports and stale indicators; deviations (watch/deviation lines) with the lead’s explanation or ' +
      'marked unexplained; overdue reports; every follow-up obligation finance waived up to asOf (`waived`, with the reason, ' +
      'who and when; counted per investment in `waivedReports`); the changes recorded after `since` (default: the end of the last Stockholm day of the quarter before ' +
      "asOf); per-year forecast against actual; the rules the figures were read by (`rules`: the service's tolerances and " +
      "follow-up grace, which the ledger does not record, the read models' versions and `code`, the digest of the service's own code files); and the ledger position and digest the report was read at (check it with " +
      '`ledger verify --digest` or GET /api/audit/verify?digest=). Every figure is read by the same query the API answers ' +
      'with at the same asOf. JSON, XLSX (a sheet per section) or PDF (with the charts), by format= or Accept. ' +
      'The XLSX and PDF are Swedish unless lang=en, their change list included (Swedish event names and lines, ' +
      'a correction of an effect report as old → new); the JSON is the same for both, its summaries English. ' +
      'As of an instant only: `asOfPosition`, which other reads take, is a 400 naming it (use asOf). ' +
      "A moment later than now (today's date: the end of today) is read as now, and the answer's `asOf` says that moment.",
  })
  @ApiProduces('application/json', XLSX_CONTENT_TYPE, PDF_CONTENT_TYPE)
  @ApiJsonOrFiles(
    BoardReportDto,
    [XLSX_CONTENT_TYPE, PDF_CONTENT_TYPE],
    'The report (JSON), or the XLSX or PDF file',
  )
  @ApiConflictResponse({
    description: 'LEDGER_BROKEN: the hash chain does not verify, so no report vouches for it.',
  })
  async board(
    @Res({ passthrough: true }) reply: FastifyReply,
    @Query() query: BoardQueryDto,
    @Headers('accept') accept?: string,
  ): Promise<BoardReport | StreamableFile> {
    const format = boardFormat(query.format, accept);
    const lang = query.lang ?? DEFAULT_LANG;
    // Checked by the DTO; a bare date is read here as the end of its Stockholm day.
    // Not after today, the service clock's Stockholm day: a 400 before anything is read.
    const asOf = requireNotAfterToday(parseLedgerMoment(query.asOf, 'asOf'), this.clock(), 'asOf');
    const since = parseLedgerMoment(query.since, 'since');
    const fundId = await this.boards.fundIdOf(query.fundId, asOf);
    // The JSON's change summaries are English, as every text of the API; a file's are in its language.
    const report = await this.boards.board({
      fundId,
      asOf,
      since,
      lang: format === 'json' ? 'en' : lang,
    });
    if (format === 'json') return report;
    // The Stockholm day the report closes on, as the report names it (not the UTC date).
    const day = stockholmDay(report.asOf);
    const name = `${boardLabels(lang).fileName}-${report.fundId}-${day}.${format}`;
    return format === 'xlsx'
      ? download(reply, name, await xlsxStream(boardSheets(report, lang), lang), XLSX_CONTENT_TYPE)
      : download(reply, name, await boardPdfStream(report, lang), PDF_CONTENT_TYPE);
  }
}
