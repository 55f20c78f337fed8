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

describe('the bench ledger generator', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'bench-ledger-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('records every allocation after its investment documented a case, in recorded-time order', async () => {
    const config = { ...loadBenchConfig({ BENCH_SCALE: '0.02' }), ledgerCacheDir: undefined };
    const ledger = await generateLedger({ config, workDir: dir, log: () => undefined });
    const store = SqliteEventStore.open(ledger.path);
    const documented = new Set<string>();
    const problems: string[] = [];
    let allocations = 0;
    let lastRecordedAt = '';
    try {
      for await (const event of store.readAll()) {
        const recordedAt = String(event.metadata.recordedAt);
        if (recordedAt < lastRecordedAt) problems.push(`#${event.position} goes back in time`);
        lastRecordedAt = recordedAt;
        if (event.type === 'BenefitCaseDocumented') documented.add(event.streamId);
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
    expect(ledger.events).toBeGreaterThan(10_000);
    expect(allocations).toBeGreaterThan(50);
    expect(problems.slice(0, 5)).toEqual([]);
  });
});
