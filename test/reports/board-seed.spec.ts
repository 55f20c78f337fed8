/**
 * `ledger report board` runs on private copies of the service's derived files, taken while
 * the service runs: the read models (and the Idempotency-Key index and the approval
 * checkpoint) start where the service's stood, so only the events after them are folded.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/config';
import { approvalCheckpointPath } from '../../src/investment/approval-checkpoint';
import { ReadModelDb } from '../../src/projections/read-model-db';
import { seedDerivedFiles } from '../../src/reports/board-report.module';
import { startWorkedExample, WorkedExample } from './support/worked-example';

const SETTLE_POLL_MS = 10;
const SETTLE_LIMIT_MS = 5_000;

describe('the board report command’s private read models', () => {
  let example: WorkedExample;
  let dir: string;

  beforeAll(async () => {
    example = await startWorkedExample();
    dir = mkdtempSync(join(tmpdir(), 'board-seed-'));
  });
  afterAll(async () => {
    await example.t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('start as a copy of the running service’s, at its checkpoint', async () => {
    // The configuration the command reads: the service's files beside its ledger.
    const config = loadConfig({ LEDGER_SQLITE_PATH: example.t.sqlitePath });
    const copy = {
      ...config,
      readModelPath: join(dir, 'read-models.sqlite'),
      idempotencyPath: join(dir, 'idempotency.sqlite'),
    };
    const service = ReadModelDb.open(config.readModelPath);
    // The service folds what the example recorded a moment after answering (it folds events
    // together): copied before it stood still, the copy would be behind the checkpoint read
    // after it.
    const head = await example.t.store.headPosition();
    for (let waited = 0; service.checkpoint().position < head; waited += SETTLE_POLL_MS) {
      if (waited > SETTLE_LIMIT_MS) throw new Error('the service never folded up to the head');
      await new Promise((resolve) => setTimeout(resolve, SETTLE_POLL_MS));
    }
    await seedDerivedFiles(config, copy);
    const seeded = ReadModelDb.open(copy.readModelPath);
    try {
      expect(seeded.checkpoint().position).toBeGreaterThan(0n);
      expect(seeded.checkpoint()).toEqual(service.checkpoint());
    } finally {
      service.close();
      seeded.close();
    }
    expect(existsSync(copy.idempotencyPath)).toBe(true);
    const approval = approvalCheckpointPath(config.readModelPath)!;
    expect(readFileSync(approvalCheckpointPath(copy.readModelPath)!, 'utf8')).toBe(
      readFileSync(approval, 'utf8'),
    );
  });

  it('start empty when the service has no derived files there', async () => {
    const config = loadConfig({ LEDGER_SQLITE_PATH: join(dir, 'none', 'ledger.sqlite') });
    const copy = { ...config, readModelPath: join(dir, 'fresh.sqlite') };
    await seedDerivedFiles(config, copy);
    expect(existsSync(copy.readModelPath)).toBe(false);
  });
});
