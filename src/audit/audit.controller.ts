/**
 * The auditor's endpoints of API.md § Reports and audit: the change report (JSON or CSV),
 * tamper verification, the digest to keep outside the system, and the raw event feed.
 * Reads only; open to every authenticated role.
 */
import { Controller, Get, Inject, Query, Res, StreamableFile } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiSecurity,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Readable } from 'node:stream';
import { ApiJsonOrFiles, ApiProblems } from '../http/dto/answers.dto';
import { EventStore } from '../event-store/event-store';
import { invalidInput, problem, ProblemException } from '../shared/problem';
import { EVENT_STORE } from '../infra/tokens';
import { DigestAnswer, digestAnswer, VerifyAnswer, verifyAnswer } from './audit-answers';
import { parseDigestParam, parseLimit, parsePosition } from './audit-params';
import { LEDGER_VERIFIER } from './audit.tokens';
import { ChangeRow, changesIn, changesPage, feedPage, MAX_PAGE_SIZE, Page } from './change-report';
import { changesCsv, changesSheet, CSV_CONTENT_TYPE } from './changes-csv';
import { csvFilename } from '../reports/csv';
import { DEFAULT_DIALECT, DEFAULT_FORMAT, DEFAULT_LANG } from '../reports/dto/report-queries.dto';
import { refuseFilePaging } from '../reports/query-params';
import { XLSX_CONTENT_TYPE, xlsxStream } from '../reports/xlsx';
import { FeedEvent } from './audit-event';
import { LedgerDigest } from './ledger-digest';
import { MAX_CONCURRENT_VERIFICATIONS } from './gated-verifier';
import { LedgerVerifier } from './ledger-verifier';
import { parseTimeRange } from './time-range';
import {
  ChangesAnswerDto,
  DigestAnswerDto,
  FeedPageDto,
  VerifyAnswerDto,
} from './dto/audit-answers.dto';
import {
  ChangesQueryDto,
  DigestQueryDto,
  FeedQueryDto,
  VerifyQueryDto,
} from './dto/audit-queries.dto';

export interface ChangesAnswer extends Page<ChangeRow> {
  readonly from: string | null;
  readonly to: string | null;
}

@ApiTags('audit')
@ApiSecurity('bearer')
@ApiProblems()
@Controller('api')
export class AuditController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(LEDGER_VERIFIER) private readonly verifier: LedgerVerifier,
  ) {}

  @Get('audit/changes')
  @ApiOperation({
    summary: 'Every event recorded in a time range, for the whole ledger',
    description:
      `JSON pages of at most ${MAX_PAGE_SIZE} events (walk them with \`after\` = \`next\`), ` +
      'or the whole range as one CSV or XLSX file (header row, data as JSON in a column), streamed a row at a time; ' +
      'a file is not paged: `after` or `limit` beside format=csv|xlsx is a 400 naming them.',
  })
  @ApiProduces('application/json', CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE)
  @ApiJsonOrFiles(ChangesAnswerDto, [CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE])
  async changes(
    @Res({ passthrough: true }) reply: FastifyReply,
    @Query() query: ChangesQueryDto,
  ): Promise<ChangesAnswer | StreamableFile> {
    // Checked by the DTO; read here into instants, a position and a page size. A file is the
    // whole range: a page of it is refused, as the investments list refuses one.
    refuseFilePaging(query, ['after', 'limit'], 'every event recorded in the range');
    const range = parseTimeRange(query.from, query.to);
    const start = parsePosition(query.after, 'after') ?? 0n;
    const pageSize = parseLimit(query.limit);
    const dialect = query.dialect ?? DEFAULT_DIALECT;
    const lang = query.lang ?? DEFAULT_LANG;
    const as = query.format ?? DEFAULT_FORMAT;
    if (as === 'xlsx') {
      void reply.header('Content-Disposition', 'attachment; filename="ledger-changes.xlsx"');
      const sheet = changesSheet(this.store, changesIn(this.store, range, start), lang);
      return new StreamableFile(await xlsxStream([sheet], lang), { type: XLSX_CONTENT_TYPE });
    }
    if (as === 'csv') {
      const filename = csvFilename('ledger-changes', dialect);
      void reply.header('Content-Disposition', `attachment; filename="${filename}"`);
      const events = changesIn(this.store, range, start);
      const rows = Readable.from(changesCsv(this.store, events, dialect));
      return new StreamableFile(rows, { type: CSV_CONTENT_TYPE });
    }
    const page = await changesPage(this.store, range, start, pageSize);
    return { from: range.from ?? null, to: range.to ?? null, ...page };
  }

  @Get('audit/verify')
  @ApiOperation({
    summary:
      'Recompute every link of the hash chain; with a digest, prove the history up to it is unchanged',
    description:
      'An appended tail keeps a digest valid; a changed, removed, inserted or reordered event before its position does not. ' +
      'On the embedded store recorded time never goes back along the chain (from the first event of a ledger this version began, ' +
      'or from the position after the last event when this version first opened an older one): an event with no recorded time, ' +
      'one that is not a real instant written as 2017-06-01T09:30:00.000Z, or one recorded before the event before it is a broken link.',
  })
  @ApiOkResponse({
    type: VerifyAnswerDto,
    description:
      '{ ok, scope, eventsChecked, firstBrokenPosition?, reason?, digest?: { digest, position, matches, reason? } }',
  })
  @ApiTooManyRequestsResponse({
    description: `More than ${MAX_CONCURRENT_VERIFICATIONS} verifications at once.`,
  })
  async verify(@Query() query: VerifyQueryDto): Promise<VerifyAnswer> {
    const digest = this.checkScope(parseDigestParam(query.digest));
    const report = await this.verifier.verify({ digest });
    return verifyAnswer(report, digest);
  }

  @Get('audit/digest')
  @ApiOperation({
    summary: 'A digest of the ledger at a position (default: its head), to keep outside the system',
    description:
      'Format v1:<global|stream>:<position>:<64 hex>. Given only for a chain that verifies up to the position.',
  })
  @ApiOkResponse({
    type: DigestAnswerDto,
    description: '{ position, digest, scope, eventsChecked }',
  })
  @ApiConflictResponse({
    description: 'LEDGER_BROKEN: the chain does not verify, so no digest is given.',
  })
  async digest(@Query() query: DigestQueryDto): Promise<DigestAnswer> {
    const position = parsePosition(query.position, 'position');
    const outcome = await this.verifier.digest({ position });
    switch (outcome.kind) {
      case 'digest':
        return digestAnswer(outcome.digest, outcome.eventsChecked);
      case 'broken':
        throw new ProblemException(
          problem(
            409,
            'LEDGER_BROKEN',
            `The hash chain is broken (${outcome.report.reason ?? 'see verify'}); a digest would vouch for changed history.`,
            {
              firstBrokenPosition: outcome.report.firstBrokenPosition?.toString() ?? null,
            },
          ),
        );
      case 'no-event':
        throw new ProblemException(
          problem(
            404,
            'POSITION_NOT_FOUND',
            `The ledger has no event at position ${outcome.position} (its head is ${outcome.headPosition}).`,
          ),
        );
      default: {
        const exhaustive: never = outcome;
        throw new Error(`unknown digest outcome ${JSON.stringify(exhaustive)}`);
      }
    }
  }

  @Get('events')
  @ApiOperation({
    summary: 'The raw event feed: events after a position, in order, as the store has them',
  })
  @ApiOkResponse({
    type: FeedPageDto,
    description:
      '{ events: [{ position, streamId, revision, eventId, type, data, metadata, prevHash, hash }], next }',
  })
  events(@Query() query: FeedQueryDto): Promise<Page<FeedEvent>> {
    return feedPage(this.store, parsePosition(query.after, 'after') ?? 0n, parseLimit(query.limit));
  }

  private checkScope(digest: LedgerDigest | undefined): LedgerDigest | undefined {
    if (digest !== undefined && digest.scope !== this.verifier.scope) {
      throw invalidInput([
        {
          path: 'digest',
          message: `was taken of a ledger with a ${digest.scope} chain; this ledger keeps a ${this.verifier.scope} chain`,
        },
      ]);
    }
    return digest;
  }
}
