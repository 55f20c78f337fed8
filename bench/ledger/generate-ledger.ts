/**
 * The realistic ledger most scenarios read: one fund (Örebro's two tranches) and thousands
 * of investments living their lives side by side, plus one long-running investment whose
 * stream holds the 10 000 events (the auditor's history, the stream-read scenario).
 * Generated once per run through the real deciders and the store, in large batches.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import { fundDecider } from '../../src/fund/fund.decider';
import { fundStream } from '../../src/fund/fund.events';
import { investmentStream } from '../../src/investment/investment.events';
import { Money } from '../../src/money/money';
import { aFinanceOfficer } from '../../test/support/investment.mothers';
import { anEstablishFund, aReleaseTranche, FUND_ID, T1 } from '../../test/support/mothers';
import { BenchConfig } from '../support/config';
import { nowMs } from '../support/measure';
import { InvestmentLife, LifeShape } from './investment-life';
import { LedgerWriter } from './ledger-writer';

/** Bumped whenever the generated events change, so a cached file is not reused by mistake. */
const GENERATOR_VERSION = 3;
/** Investments in progress at the same time: their events interleave in the log. */
const ACTIVE_INVESTMENTS = 250;
const EVENTS_PER_INVESTMENT = 200;
const BENEFIT_LINES = 3;
const HORIZON_YEARS = 8;
const HISTORY_BENEFIT_LINES = 20;
const MAX_HORIZON_YEARS = 50;
const MONTHS_PER_YEAR = 12;
/** Corrections, costs and harvests on top of one report per line and month. */
const HISTORY_EVENTS_PER_LINE_MONTH = 1.15;
const HORIZON_SLACK_YEARS = 3;
const REGULAR_ALLOCATION = Money.of('15000.00');
const HISTORY_ALLOCATION = Money.of('1000000.00');
/** Recorded times spread over ten years from the fund's start. */
const RECORDED_FROM_MS = Date.UTC(2017, 0, 2, 8);
const RECORDED_SPAN_MS = 10 * 365 * 24 * 3600 * 1000;
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
  /** Recorded time of the event halfway through the log: as-of queries cut there. */
  readonly midpointRecordedAt: string;
  readonly generateSeconds: number;
}

export interface GenerateOptions {
  readonly config: BenchConfig;
  readonly workDir: string;
  readonly log: (message: string) => void;
}

const historyShape = (streamEvents: number): LifeShape => {
  const months = Math.ceil(streamEvents / (HISTORY_BENEFIT_LINES * HISTORY_EVENTS_PER_LINE_MONTH));
  return {
    index: 0,
    investmentId: 'e-arkiv-historik',
    fundId: FUND_ID,
    trancheId: T1,
    benefitLines: HISTORY_BENEFIT_LINES,
    horizonYears: Math.min(
      MAX_HORIZON_YEARS,
      Math.ceil(months / MONTHS_PER_YEAR) + HORIZON_SLACK_YEARS,
    ),
    targetEvents: streamEvents,
    allocation: HISTORY_ALLOCATION,
  };
};

const regularShape = (index: number): LifeShape => ({
  index,
  investmentId: `inv-${index}`,
  fundId: FUND_ID,
  trancheId: T1,
  benefitLines: BENEFIT_LINES,
  horizonYears: HORIZON_YEARS,
  targetEvents: EVENTS_PER_INVESTMENT,
  allocation: REGULAR_ALLOCATION,
});

const cachedPath = (config: BenchConfig): string | undefined =>
  config.ledgerCacheDir === undefined
    ? undefined
    : join(
        config.ledgerCacheDir,
        `ledger-v${GENERATOR_VERSION}-${config.ledgerEvents}-${config.streamEvents}.sqlite`,
      );

const establishFund = async (writer: LedgerWriter): Promise<void> => {
  const finance = aFinanceOfficer();
  const fund = anEstablishFund();
  await writer.run(fundStream(FUND_ID), fundDecider, fund, finance, {
    decisionRef: fund.decisionRef,
  });
  const release = aReleaseTranche();
  await writer.run(fundStream(FUND_ID), fundDecider, release, finance, {
    decisionRef: release.decisionRef,
  });
};

interface Lives {
  readonly history: InvestmentLife;
  investments: number;
  midpointRecordedAt: string | undefined;
}

/** Months pass for every live investment in turn until the ledger is big enough. */
const liveUntilFull = async (
  writer: LedgerWriter,
  options: GenerateOptions,
  lives: Lives,
): Promise<void> => {
  const { ledgerEvents } = options.config;
  const active: InvestmentLife[] = [];
  let nextProgress = PROGRESS_EVERY_EVENTS;
  const room = (): boolean =>
    writer.eventsWritten + active.length * EVENTS_PER_INVESTMENT <
    ledgerEvents - (options.config.streamEvents - lives.history.eventCount);
  while (!lives.history.done || active.length > 0 || room()) {
    while (active.length < ACTIVE_INVESTMENTS && room()) {
      lives.investments += 1;
      active.push(new InvestmentLife(regularShape(lives.investments), writer));
    }
    if (!lives.history.done) await lives.history.step();
    for (const life of active) await life.step();
    active.splice(0, active.length, ...active.filter((life) => !life.done));
    if (lives.midpointRecordedAt === undefined && writer.eventsWritten >= ledgerEvents / 2) {
      lives.midpointRecordedAt = writer.nextRecordedAt;
    }
    if (writer.eventsWritten >= nextProgress) {
      options.log(`generated ${writer.eventsWritten.toLocaleString('en-US')} events`);
      nextProgress += PROGRESS_EVERY_EVENTS;
    }
  }
};

const write = async (path: string, options: GenerateOptions): Promise<GeneratedLedger> => {
  const start = nowMs();
  const store = SqliteEventStore.open(path);
  const stepMs = Math.max(1, Math.floor(RECORDED_SPAN_MS / options.config.ledgerEvents));
  const writer = new LedgerWriter(store, { startMs: RECORDED_FROM_MS, stepMs });
  const shape = historyShape(options.config.streamEvents);
  const lives: Lives = {
    history: new InvestmentLife(shape, writer),
    investments: 1,
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
    midpointRecordedAt: lives.midpointRecordedAt ?? writer.nextRecordedAt,
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
