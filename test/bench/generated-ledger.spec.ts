/**
 * The bench's generated ledger must tell a story the service could have recorded: its figures
 * are only evidence if the ledger under them keeps the rules. Generated small here, through
 * the same writer and deciders as `npm run bench`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateLedger } from '../../bench/ledger/generate-ledger';
import { loadBenchConfig } from '../../bench/support/config';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import { investmentStream } from '../../src/investment/investment.events';
import { parsePeriod, periodEnd, periodStart } from '../../src/periods/period';

const periodOf = (text: string) => {
  const parsed = parsePeriod(text);
  if (!parsed.ok) throw new Error(`${text}: ${parsed.message}`);
  return parsed.period;
};
/** The first and last day of a recorded period ('2017', '2017-Q1' or '2017-03'), as the service reads them. */
const periodBegins = (text: string): string => periodStart(periodOf(text));
const periodEnds = (text: string): string => periodEnd(periodOf(text));

/** Fields that name a day something happened or was decided: none may come after the recording. */
const DAY_FIELDS = ['incurredOn', 'closedOn', 'decidedOn', 'proposedOn', 'releasedOn'] as const;

describe('the bench ledger generator', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'bench-ledger-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('records every allocation after its case, every report after its period began, in recorded-time order', async () => {
    const config = { ...loadBenchConfig({ BENCH_SCALE: '0.02' }), ledgerCacheDir: undefined };
    const ledger = await generateLedger({ config, workDir: dir, log: () => undefined });
    const store = SqliteEventStore.open(ledger.path);
    const documented = new Set<string>();
    /** Each investment's proposal day, by stream. */
    const proposed = new Map<string, string>();
    const problems: string[] = [];
    let allocations = 0;
    let reports = 0;
    let lastRecordedAt = '';
    try {
      for await (const event of store.readAll()) {
        const recordedAt = String(event.metadata.recordedAt);
        if (recordedAt < lastRecordedAt) problems.push(`#${event.position} goes back in time`);
        lastRecordedAt = recordedAt;
        const recordedOn = recordedAt.slice(0, 10);
        const data = event.data as Record<string, unknown>;
        for (const field of DAY_FIELDS) {
          const day = data[field];
          if (typeof day === 'string' && day > recordedOn)
            problems.push(
              `#${event.position} ${event.type} ${field} ${day} recorded on ${recordedOn}`,
            );
        }
        if (event.type === 'EffectReported') {
          reports += 1;
          const begins = periodBegins(String(data.period));
          if (begins > recordedOn)
            problems.push(`#${event.position} reports ${String(data.period)} on ${recordedOn}`);
        }
        if (event.type === 'InvestmentProposed') {
          proposed.set(event.streamId, String(data.proposedOn));
        }
        if (event.type === 'BenefitCaseDocumented') {
          documented.add(event.streamId);
          // A forecast cost is planned for a period that has not ended before the proposal.
          const { costs } = data.case as { costs: { forecast: { period: string }[] }[] };
          for (const { period } of costs.flatMap((line) => line.forecast)) {
            if (periodEnds(period) < (proposed.get(event.streamId) ?? ''))
              problems.push(
                `#${event.position} forecasts a cost for ${period}, before its proposal`,
              );
          }
        }
        if (event.type === 'FundsAllocated' || event.type === 'AllocationReduced') {
          allocations += 1;
          const { investmentId } = event.data as { investmentId: string };
          if (!documented.has(investmentStream(investmentId)))
            problems.push(`#${event.position} ${event.type} for ${investmentId} before its case`);
        }
      }
    } finally {
      await store.close();
    }
    expect(ledger.events).toBeGreaterThanOrEqual(config.ledgerEvents);
    expect(ledger.investments).toBe(proposed.size);
    expect(ledger.historyEvents).toBeGreaterThanOrEqual(config.streamEvents);
    expect(allocations).toBeGreaterThan(50);
    expect(reports).toBeGreaterThan(1_000);
    expect(problems.slice(0, 5)).toEqual([]);
    // One calendar from the fund's first month, ending before the day the bench runs.
    expect(ledger.recordedFrom).toBe('2017-01-01');
    expect(lastRecordedAt.slice(0, 10)).toBe(ledger.recordedUntil);
    expect(ledger.recordedUntil < '2026-11-01').toBe(true);
    expect(ledger.midpointRecordedAt < ledger.recordedUntil).toBe(true);
  });
});
