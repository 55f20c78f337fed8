/**
 * The realistic ledger most scenarios read: one fund (Örebro's two tranches) and thousands
 * of investments living their lives side by side, plus one long-running investment whose
 * stream holds the 10 000 events (the auditor's history, the stream-read scenario).
 * Every life runs on one calendar from the fund's first month (calendar.ts): new investments
 * are proposed every month at a steady rate, and each live one acts on a day of the month.
 * Generated once per run through the real deciders and the store, in large batches.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import { fundDecider } from '../../src/fund/fund.decider';
import { fundStream } from '../../src/fund/fund.events';
import { MAX_BENEFIT_LINES } from '../../src/investment/benefit-case';
import { investmentStream } from '../../src/investment/investment.events';
import { Money } from '../../src/money/money';
import { aFinanceOfficer } from '../../test/support/investment.mothers';
import { anEstablishFund, aReleaseTranche, FUND_ID, T1 } from '../../test/support/mothers';
import { BenchConfig } from '../support/config';
import { nowMs } from '../support/measure';
import { dayOf, MONTHS_PER_YEAR, spreadDay } from './calendar';
import { FIRST_REPORT_MONTH, InvestmentLife, LifeShape } from './investment-life';
import { LedgerWriter } from './ledger-writer';

/**
 * Bumped whenever the generated events change, so a cached file is not reused by mistake.
 * Version 6: the same events, their texts written as the store now keeps them (canonical JSON,
 * which a verification checks as stored). Version 7: the same events in a chain held to
 * recorded-time order from its first event (its genesis says so), which a verification checks
 * too; a version-6 file opened now is held to it only from its next event. Version 8: effect
 * reports and their corrections carry the day they were made (`reportedOn`, `correctedOn`).
 */
const GENERATOR_VERSION = 8;
/**
 * The calendar's months: 2017-01 to 2026-10, so the whole ledger lies before the day the
 * bench runs and "now" is after its last event.
 */
const CALENDAR_MONTHS = 118;
/** The ledger is meant to fill this many months before the calendar's end (the rate's margin). */
const CALENDAR_SLACK_MONTHS = 4;
const EVENTS_PER_INVESTMENT = 280;
const BENEFIT_LINES = 5;
const HORIZON_YEARS = 8;
/** Corrections, costs and harvests on top of one report per line and month, rounded down. */
const HISTORY_EVENTS_PER_LINE_MONTH = 1.08;
const HORIZON_SLACK_YEARS = 3;
const REGULAR_ALLOCATION = Money.of('15000.00');
const HISTORY_ALLOCATION = Money.of('1000000.00');
const PROGRESS_EVERY_EVENTS = 100_000;

export interface GeneratedLedger {
  readonly path: string;
  readonly events: number;
  readonly fundId: string;
  readonly investments: number;
  /** The long-running investment: streamEvents events in its own stream. */
  readonly historyInvestmentId: string;
  readonly historyStream: string;
  readonly historyEvents: number;
  /** A moment just after the long-running investment closed: as of it, its whole stream counts. */
  readonly historyClosedAt: string;
  /** Recorded time of the event halfway through the log: as-of queries cut there. */
  readonly midpointRecordedAt: string;
  /** The first and last day commands were recorded on. */
  readonly recordedFrom: string;
  readonly recordedUntil: string;
  readonly generateSeconds: number;
}

export interface GenerateOptions {
  readonly config: BenchConfig;
  readonly workDir: string;
  readonly log: (message: string) => void;
}

/** Months the ledger is meant to fill: the calendar less its margin. */
const FILLED_MONTHS = CALENDAR_MONTHS - CALENDAR_SLACK_MONTHS;

/**
 * The long-running investment reports monthly on as many lines as it takes to reach its
 * events within the filled months: a fund's calendar is years, not the decades twenty lines
 * would need for 10 000 events.
 */
const historyShape = (streamEvents: number): LifeShape => {
  // Its months before reports begin, and one to spare.
  const reportingMonths = FILLED_MONTHS - (FIRST_REPORT_MONTH + 1);
  const benefitLines = Math.ceil(streamEvents / (reportingMonths * HISTORY_EVENTS_PER_LINE_MONTH));
  if (benefitLines > MAX_BENEFIT_LINES) {
    throw new Error(
      `${streamEvents} events in one stream need ${benefitLines} benefit lines; a case holds ${MAX_BENEFIT_LINES}`,
    );
  }
  return {
    index: 0,
    investmentId: 'e-arkiv-historik',
    fundId: FUND_ID,
    trancheId: T1,
    benefitLines,
    horizonYears: Math.ceil(CALENDAR_MONTHS / MONTHS_PER_YEAR) + HORIZON_SLACK_YEARS,
    targetEvents: streamEvents,
    allocation: HISTORY_ALLOCATION,
    startMonth: 0,
  };
};

const regularShape = (index: number, startMonth: number): LifeShape => ({
  index,
  investmentId: `inv-${index}`,
  fundId: FUND_ID,
  trancheId: T1,
  benefitLines: BENEFIT_LINES,
  horizonYears: HORIZON_YEARS,
  targetEvents: EVENTS_PER_INVESTMENT,
  allocation: REGULAR_ALLOCATION,
  startMonth,
});

/** The day the fund is established on: the ledger's first day. */
const FUND_DAY = dayOf(0, 1);

const establishFund = async (writer: LedgerWriter): Promise<void> => {
  writer.beginDay(FUND_DAY);
  const finance = aFinanceOfficer();
  const fund = anEstablishFund();
  await writer.run(fundStream(FUND_ID), fundDecider, fund, finance, {
    decisionRef: fund.decisionRef,
  });
  const release = aReleaseTranche({ recordedAt: writer.nextRecordedAt });
  await writer.run(fundStream(FUND_ID), fundDecider, release, finance, {
    decisionRef: release.decisionRef,
  });
};

/**
 * New investments a month so the ledger fills about when the calendar's margin begins. One
 * regular life is lived on a writer that never writes (its appends stay queued and are
 * dropped with it), counting its events after each month
 * (E(j) after j months); an investment proposed in month s has lived FILLED_MONTHS - s months
 * by then, so one a month gives the sum of E(1..FILLED_MONTHS) events.
 */
const proposalsPerMonth = async (regularEvents: number): Promise<number> => {
  const writer = new LedgerWriter({
    append: () => Promise.reject(new Error('the rate is worked out on a writer that never writes')),
  });
  await establishFund(writer);
  const life = new InvestmentLife(regularShape(1, 0), writer);
  let sum = 0;
  for (let month = 0; month < FILLED_MONTHS; month++) {
    writer.beginDay(dayOf(month, 1));
    if (!life.done) await life.step();
    sum += life.eventCount;
  }
  return regularEvents / sum;
};

const cachedPath = (config: BenchConfig): string | undefined =>
  config.ledgerCacheDir === undefined
    ? undefined
    : join(
        config.ledgerCacheDir,
        `ledger-v${GENERATOR_VERSION}-${config.ledgerEvents}-${config.streamEvents}.sqlite`,
      );

interface Lives {
  readonly history: InvestmentLife;
  /** Lives made so far (each regular one's index), the long-running one included. */
  made: number;
  /** Investments proposed in the ledger: a life made in the last month may never have acted. */
  investments: number;
  historyClosedAt: string | undefined;
  midpointRecordedAt: string | undefined;
}

/**
 * Calendar months pass; each month new investments are proposed at the worked-out rate and
 * every live one acts on its day, until the ledger holds its events and the long-running
 * investment is closed. Those still live then stay live: the ledger ends mid-story, as a
 * fund's does on any day.
 */
const liveUntilFull = async (
  writer: LedgerWriter,
  options: GenerateOptions,
  lives: Lives,
): Promise<void> => {
  const { ledgerEvents, streamEvents } = options.config;
  const rate = await proposalsPerMonth(ledgerEvents - streamEvents);
  const active: InvestmentLife[] = [];
  let owed = 0;
  let nextProgress = PROGRESS_EVERY_EVENTS;
  const full = (): boolean => writer.eventsWritten >= ledgerEvents && lives.history.done;
  for (let month = 0; month < CALENDAR_MONTHS && !full(); month++) {
    for (owed += rate; owed >= 1; owed -= 1) {
      lives.made += 1;
      active.push(new InvestmentLife(regularShape(lives.made, month), writer));
    }
    const acting = lives.history.done ? active : [lives.history, ...active];
    for (const [p, life] of acting.entries()) {
      if (full()) break;
      writer.beginDay(dayOf(month, spreadDay(p, acting.length)));
      const proposing = life.eventCount === 0;
      await life.step();
      if (proposing && life.eventCount > 0) lives.investments += 1;
      if (life === lives.history && life.done) lives.historyClosedAt = writer.nextRecordedAt;
      if (lives.midpointRecordedAt === undefined && writer.eventsWritten >= ledgerEvents / 2) {
        lives.midpointRecordedAt = writer.nextRecordedAt;
      }
    }
    active.splice(0, active.length, ...active.filter((life) => !life.done));
    if (writer.eventsWritten >= nextProgress) {
      options.log(
        `generated ${writer.eventsWritten.toLocaleString('en-US')} events (${writer.today})`,
      );
      nextProgress += PROGRESS_EVERY_EVENTS;
    }
  }
  if (!full()) {
    throw new Error(
      `the calendar ended at ${writer.eventsWritten} events, the long-running investment ${lives.history.done ? 'closed' : 'still open'}; the rate of new investments is off`,
    );
  }
};

const write = async (path: string, options: GenerateOptions): Promise<GeneratedLedger> => {
  const start = nowMs();
  const store = SqliteEventStore.open(path);
  const writer = new LedgerWriter(store);
  const shape = historyShape(options.config.streamEvents);
  const lives: Lives = {
    history: new InvestmentLife(shape, writer),
    made: 1,
    investments: 0,
    historyClosedAt: undefined,
    midpointRecordedAt: undefined,
  };
  try {
    await establishFund(writer);
    await liveUntilFull(writer, options, lives);
    await writer.flush();
  } finally {
    await store.close();
  }
  return {
    path,
    events: writer.eventsWritten,
    fundId: FUND_ID,
    investments: lives.investments,
    historyInvestmentId: shape.investmentId,
    historyStream: investmentStream(shape.investmentId),
    historyEvents: lives.history.eventCount,
    historyClosedAt: lives.historyClosedAt ?? writer.nextRecordedAt,
    midpointRecordedAt: lives.midpointRecordedAt ?? writer.nextRecordedAt,
    recordedFrom: FUND_DAY,
    recordedUntil: writer.today,
    generateSeconds: (nowMs() - start) / 1000,
  };
};

/** The run's ledger: from the development cache when BENCH_LEDGER_CACHE has it, else written now. */
export const generateLedger = async (options: GenerateOptions): Promise<GeneratedLedger> => {
  const cache = cachedPath(options.config);
  if (cache !== undefined && existsSync(`${cache}.json`)) {
    options.log(`reusing the cached ledger ${cache}`);
    return JSON.parse(readFileSync(`${cache}.json`, 'utf8')) as GeneratedLedger;
  }
  options.log(
    `generating a ledger of ${options.config.ledgerEvents.toLocaleString('en-US')} events`,
  );
  const ledger = await write(join(options.workDir, 'ledger.sqlite'), options);
  options.log(
    `generated ${ledger.events.toLocaleString('en-US')} events (${ledger.investments} investments) in ${ledger.generateSeconds.toFixed(1)} s`,
  );
  if (cache === undefined) return ledger;
  mkdirSync(options.config.ledgerCacheDir as string, { recursive: true });
  copyFileSync(ledger.path, cache);
  const cached = { ...ledger, path: cache };
  writeFileSync(`${cache}.json`, JSON.stringify(cached, null, 2));
  return cached;
};
