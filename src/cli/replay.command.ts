/**
 * `ledger replay <investmentId> [--as-of <timestamp>] [--json]`: the investment's history as
 * a readable timeline, as the ledger stood at that moment: who recorded what and when, why,
 * and where the investment stood after each event. The ledger's text in it (titles, reasons)
 * reaches the terminal with its control characters escaped (main.ts, terminal-text.ts).
 */
import { formatSek } from '../audit/event-summary';
import {
  HistoryEntry,
  InvestmentHistory,
  readInvestmentHistory,
} from '../audit/investment-history';
import { parseIdParam } from '../shared/params';
import { investmentNotFound } from '../investment/investment.refusals';
import { CliIo, CommandGroup, EXIT_OK, parseCommand, stringOption } from './cli';
import { asUsage, cliTimeRange, withLedger } from './audit-context';
import { systemClock } from '../infra/tokens';
import { requireNotAfterToday } from '../periods/moment';

/** Enough of a hash to tell events apart by eye; `--json` gives the whole one. */
const SHORT_HASH_LENGTH = 12;

const when = (recordedAt: string): string =>
  recordedAt.replace('T', ' ').replace(/\.[0-9]+Z$/, 'Z');

const stateLine = (entry: HistoryEntry): string => {
  const s = entry.stateAfter;
  return (
    `  → ${s.stage ?? 'no investment'} · allocated ${formatSek(s.allocated)} · spent ${formatSek(s.spent)}` +
    ` · harvested ${formatSek(s.harvested)} · ${s.counts.effectReports} effect reports`
  );
};

const entryLines = (entry: HistoryEntry): string[] => {
  const why = [entry.reason, entry.decisionRef].filter((part): part is string => part !== null);
  return [
    `${when(entry.recordedAt)}  #${entry.position}  ${entry.actor.id} (${entry.actor.role})  hash ${entry.hash.slice(0, SHORT_HASH_LENGTH)}…`,
    `  ${entry.type}: ${entry.summary}`,
    ...(why.length > 0 ? [`  why: ${why.join(' · ')}`] : []),
    ...(entry.stateError === undefined
      ? []
      : [`  ! state could not be folded: ${entry.stateError}`]),
    stateLine(entry),
  ];
};

const timeline = (history: InvestmentHistory): string[] => {
  const last = history.stateAtEnd;
  return [
    `Investment ${history.investmentId}: ${last?.title ?? ''}`,
    `${last?.department ?? ''} · project lead ${last?.projectLead ?? ''}`,
    `History ${history.to === null ? 'up to now' : `as of ${history.to}`} (${history.events.length} events)`,
    '',
    ...history.events.flatMap((entry) => [...entryLines(entry), '']),
  ];
};

const run = async (args: readonly string[], io: CliIo): Promise<number> => {
  const parsed = parseCommand(args, { 'as-of': { type: 'string' }, json: { type: 'boolean' } }, 1);
  const investmentId = asUsage(() => parseIdParam('investmentId', parsed.positionals[0]), {
    investmentId: '<investmentId>',
  });
  const range = cliTimeRange(undefined, { flag: '--as-of', value: stringOption(parsed, 'as-of') });
  // A moment, as every read's asOf: not after today (this machine's clock, Europe/Stockholm).
  asUsage(() => requireNotAfterToday(range.to, systemClock(), '--as-of'));
  const whole = await withLedger(({ store }) =>
    // The whole history in one page, however long: a terminal or a file, not an HTTP answer.
    readInvestmentHistory(store, investmentId, range, { limit: Number.MAX_SAFE_INTEGER }),
  );
  if (whole === undefined) throw investmentNotFound(investmentId, range.to);
  // The page's limit as what it held: every event.
  const history = { ...whole, limit: whole.events.length };
  if (parsed.values.json === true) io.out(JSON.stringify(history, null, 2));
  else timeline(history).forEach((line) => io.out(line));
  return EXIT_OK;
};

export const replayCommand: CommandGroup = {
  name: 'replay',
  summary: "an investment's history as a readable timeline, as of any moment",
  usage: ['replay <investmentId> [--as-of <timestamp>] [--json]'],
  run,
};
