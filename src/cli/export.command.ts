/**
 * `ledger export changes [--from <t>] [--to <t>] [--csv [--dialect excel-sv]]`: every event
 * recorded in the range, for the whole ledger, to stdout: one JSON document (an event per line,
 * so it streams) or the CSV of GET /api/audit/changes?format=csv, byte for byte (the same
 * writer, src/audit/changes-csv.ts, so the same dialects, CRLF line ends and excel-sv's BOM).
 */
import { changesIn, toChangeRow } from '../audit/change-report';
import { changesCsv } from '../audit/changes-csv';
import { CSV_DIALECTS, CsvDialect } from '../reports/csv';
import { TimeRange } from '../audit/time-range';
import { EventStore, RecordedEvent } from '../event-store/event-store';
import {
  CliIo,
  CommandGroup,
  EXIT_OK,
  parseCommand,
  stringOption,
  UsageError,
  writeExact,
} from './cli';
import { cliTimeRange, withLedger } from './audit-context';
import { ProgressBar, progressBar } from './progress-bar';

const writeCsv = async (
  store: EventStore,
  range: TimeRange,
  io: CliIo,
  bar: ProgressBar,
  head: number,
  dialect: CsvDialect,
): Promise<number> => {
  let count = 0;
  const counted = async function* (): AsyncIterable<RecordedEvent> {
    for await (const event of changesIn(store, range)) {
      count += 1;
      bar.update(Number(event.position), head);
      yield event;
    }
  };
  for await (const text of changesCsv(store, counted(), dialect)) writeExact(io, text);
  return count;
};

const writeJson = async (
  store: EventStore,
  range: TimeRange,
  io: CliIo,
  bar: ProgressBar,
  head: number,
): Promise<number> => {
  let count = 0;
  io.out(
    `{"from":${JSON.stringify(range.from ?? null)},"to":${JSON.stringify(range.to ?? null)},"events":[`,
  );
  for await (const event of changesIn(store, range)) {
    io.out(`${count === 0 ? '' : ','}${JSON.stringify(toChangeRow(event))}`);
    count += 1;
    bar.update(Number(event.position), head);
  }
  io.out(']}');
  return count;
};

const cliDialect = (value: string | undefined): CsvDialect => {
  if (value === undefined) return 'rfc4180';
  if ((CSV_DIALECTS as readonly string[]).includes(value)) return value as CsvDialect;
  throw new UsageError(`--dialect must be one of ${CSV_DIALECTS.join(', ')}`);
};

const changes = async (args: readonly string[], io: CliIo): Promise<number> => {
  const options = {
    from: { type: 'string' },
    to: { type: 'string' },
    csv: { type: 'boolean' },
    dialect: { type: 'string' },
  } as const;
  const parsed = parseCommand(args, options, 0);
  const range = cliTimeRange(
    { flag: '--from', value: stringOption(parsed, 'from') },
    { flag: '--to', value: stringOption(parsed, 'to') },
  );
  const dialect = cliDialect(stringOption(parsed, 'dialect'));
  if (parsed.values.csv !== true && parsed.values.dialect !== undefined)
    throw new UsageError('--dialect needs --csv');
  const count = await withLedger(async ({ store }) => {
    const head = Number(await store.headPosition());
    const bar = progressBar('exporting');
    try {
      return parsed.values.csv === true
        ? await writeCsv(store, range, io, bar, head, dialect)
        : await writeJson(store, range, io, bar, head);
    } finally {
      bar.finish();
    }
  });
  io.err(`${count} events exported`);
  return EXIT_OK;
};

export const exportCommand: CommandGroup = {
  name: 'export',
  summary: 'every event recorded in a time range, as JSON or CSV',
  usage: ['export changes [--from <timestamp>] [--to <timestamp>] [--csv [--dialect excel-sv]]'],
  run: (args, io) => {
    const [sub, ...rest] = args;
    if (sub !== 'changes') {
      throw new UsageError(
        sub === undefined
          ? 'name what to export: changes'
          : `unknown export ${JSON.stringify(sub)}`,
      );
    }
    return changes(rest, io);
  },
};
