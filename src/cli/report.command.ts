/**
 * `ledger report board [--as-of <t>] [--fund <id>] [--since <t>] [--lang sv|en] --out <file.xlsx|file.pdf>`:
 * the board report of GET /api/reports/board written to a file, with a progress bar on stderr.
 * It runs the service's own modules (the same queries as the API) on a private, temporary
 * read-model file, so it never writes the running service's read models.
 */
import { extname } from 'node:path';
import { ProblemException } from '../shared/problem';
import { systemClock } from '../infra/tokens';
import { parseLedgerMoment, requireNotAfterToday } from '../periods/moment';
import { BOARD_STEPS, BoardReport, BoardReports } from '../reports/board-report';
import { boardPdfBuffer } from '../reports/board-pdf';
import { openBoardReports } from '../reports/board-report.module';
import { writeFileWhole } from './write-file';
import { boardSheets } from '../reports/board-xlsx';
import { parseLang } from '../reports/query-params';
import { Lang } from '../reports/swedish';
import { xlsxBuffer } from '../reports/xlsx';
import { asUsage, withLedger } from './audit-context';
import {
  CliIo,
  CommandGroup,
  EXIT_OK,
  parseCommand,
  requiredOption,
  stringOption,
  UsageError,
} from './cli';
import { progressBar } from './progress-bar';

const OUTPUTS = { '.xlsx': 'xlsx', '.pdf': 'pdf' } as const;
type Output = (typeof OUTPUTS)[keyof typeof OUTPUTS];

const outputOf = (path: string): Output => {
  const output = OUTPUTS[extname(path).toLowerCase() as keyof typeof OUTPUTS];
  if (output === undefined) throw new UsageError(`--out ${path}: name a .xlsx or .pdf file`);
  return output;
};

interface BoardArgs {
  readonly asOf?: string;
  readonly fund?: string;
  readonly since?: string;
  /** The file's language, which the change list's summaries are written in. */
  readonly lang: Lang;
}

/** The fund named, or the only one; the HTTP answer's 400 becomes a usage error here. */
const fundIdOf = async (boards: BoardReports, args: BoardArgs): Promise<string> => {
  try {
    return await boards.fundIdOf(args.fund, args.asOf);
  } catch (error) {
    if (error instanceof ProblemException) throw new UsageError(`--fund: ${error.problem.detail}`);
    throw error;
  }
};

/** The report, read through the service's modules (board-report.module.ts). */
const readBoard = (
  args: BoardArgs,
  onProgress: (done: number, total: number) => void,
  onWarning: (message: string) => void,
): Promise<BoardReport> =>
  withLedger(async ({ config, store }) => {
    const opened = await openBoardReports(config, store, onWarning);
    try {
      onProgress(0, BOARD_STEPS);
      const fundId = await fundIdOf(opened.boards, args);
      const { asOf, since, lang } = args;
      return await opened.boards.board({ fundId, asOf, since, lang, onProgress });
    } finally {
      await opened.close();
    }
  });

const write = async (report: BoardReport, output: Output, lang: Lang): Promise<Buffer> =>
  output === 'xlsx' ? xlsxBuffer(boardSheets(report, lang), lang) : boardPdfBuffer(report, lang);

const board = async (args: readonly string[], io: CliIo): Promise<number> => {
  const parsed = parseCommand(
    args,
    {
      'as-of': { type: 'string' },
      fund: { type: 'string' },
      since: { type: 'string' },
      lang: { type: 'string' },
      out: { type: 'string' },
    },
    0,
  );
  const out = requiredOption(parsed, 'out');
  const output = outputOf(out);
  const lang = asUsage(() => parseLang(stringOption(parsed, 'lang')), { lang: '--lang' });
  // Not after today (this machine's clock, its Europe/Stockholm day), as the API refuses it.
  const asOf = asUsage(() =>
    requireNotAfterToday(
      parseLedgerMoment(stringOption(parsed, 'as-of'), '--as-of'),
      systemClock(),
      '--as-of',
    ),
  );
  const since = asUsage(() => parseLedgerMoment(stringOption(parsed, 'since'), '--since'));
  const bar = progressBar('board report');
  let report: BoardReport;
  let file: Buffer;
  try {
    report = await readBoard(
      { asOf, fund: stringOption(parsed, 'fund'), since, lang },
      bar.update,
      (m) => io.err(`warning: ${m}`),
    );
    file = await write(report, output, lang);
  } finally {
    bar.finish();
  }
  writeFileWhole(out, file);
  io.err(
    `board report of ${report.fundId} as of ${report.asOf} (ledger position ${report.ledger.position}) written to ${out}`,
  );
  io.out(report.ledger.digest ?? '');
  return EXIT_OK;
};

export const reportCommand: CommandGroup = {
  name: 'report',
  summary: 'the board report as XLSX or PDF',
  usage: [
    'report board [--as-of <timestamp>] [--fund <fundId>] [--since <timestamp>] [--lang sv|en] --out <file.xlsx|file.pdf>',
  ],
  run: (args, io) => {
    const [sub, ...rest] = args;
    if (sub !== 'board') {
      throw new UsageError(
        sub === undefined ? 'name the report: board' : `unknown report ${JSON.stringify(sub)}`,
      );
    }
    return board(rest, io);
  },
};
