/**
 * Appends `count` corrections of one effect report to a ledger: the first report of the
 * investment's own stream, corrected again and again. What a read model that keeps a growing
 * list inside one cell does with that (each correction rewriting all the corrections before
 * it) shows in the read-model file's size and the rebuild's time and memory; docs/READ-SIDE.md
 * ("Nothing that piles up inside one cell") and bench/README.md give what was measured.
 *
 *   npx tsc -p tsconfig.bench.json
 *   node dist/bench-build/bench/tools/correct-one-report.js <ledger.sqlite> <investmentId> [count]
 *
 * The ledger is changed in place: use a copy (e.g. of a generated bench ledger).
 */
import { randomUUID } from 'node:crypto';
import { NewEvent, RecordedEvent } from '../../src/event-store/event-store';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';

const DEFAULT_COUNT = 20_000;
/** Corrections per append: one transaction each. */
const APPEND_BATCH = 1_000;
/** The corrections are recorded a minute apart, after the ledger's last event. */
const MINUTE_MS = 60_000;

interface ReportedData {
  readonly reportId: string;
  readonly benefitLineId: string;
  readonly period: string;
  readonly value: string;
  readonly caseVersion: number;
}

const firstReport = async (
  store: SqliteEventStore,
  stream: string,
): Promise<{ report: ReportedData; last: RecordedEvent }> => {
  let report: ReportedData | undefined;
  let last: RecordedEvent | undefined;
  for await (const event of store.readStream(stream)) {
    if (report === undefined && event.type === 'EffectReported') {
      report = event.data as unknown as ReportedData;
    }
    last = event;
  }
  if (report === undefined || last === undefined) {
    throw new Error(`no effect report in ${stream}`);
  }
  return { report, last };
};

const main = async (): Promise<void> => {
  const [path, investmentId, countText] = process.argv.slice(2);
  if (path === undefined || investmentId === undefined) {
    throw new Error('usage: correct-one-report <ledger.sqlite> <investmentId> [count]');
  }
  const count = countText === undefined ? DEFAULT_COUNT : Number(countText);
  const stream = `investment-${investmentId}`;
  const store = SqliteEventStore.open(path);
  try {
    const { report } = await firstReport(store, stream);
    let lastMs = 0;
    for await (const event of store.readAll()) {
      lastMs = Math.max(lastMs, Date.parse(String(event.metadata.recordedAt)));
    }
    // Ids of their own, so the tool can be run again on the same ledger.
    const run = randomUUID().slice(0, 8);
    const correction = (n: number): NewEvent => ({
      eventId: randomUUID(),
      type: 'EffectReportCorrected',
      data: {
        investmentId,
        reportId: report.reportId,
        correctionId: `korr-${run}-${n}`,
        benefitLineId: report.benefitLineId,
        period: report.period,
        value: `${40_000 + (n % 1_000)}.00`,
        reason: 'Efterhandsrättelse',
        caseVersion: report.caseVersion,
      },
      metadata: {
        actor: { id: 'lena.berg', role: 'project-lead' },
        recordedAt: new Date(lastMs + MINUTE_MS * (n + 1)).toISOString(),
        schemaVersion: 1,
      },
    });
    for (let first = 0; first < count; first += APPEND_BATCH) {
      const batch = Array.from({ length: Math.min(APPEND_BATCH, count - first) }, (_, i) =>
        correction(first + i),
      );
      await store.append(stream, batch, { expectedRevision: 'any' });
    }
    process.stdout.write(`${count} corrections of ${report.reportId} appended to ${stream}\n`);
  } finally {
    await store.close();
  }
};

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
