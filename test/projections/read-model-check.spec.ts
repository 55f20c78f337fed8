/**
 * The check of a served read-model file against a fresh fold of the ledger
 * (src/projections/read-model-check.ts, `ledger verify --read-models`): a file the live runner
 * wrote, across a restart and while it goes on past the checkpoint compared, agrees; a row
 * changed, added or removed behind the service's back, as someone with the file could, is
 * named with its model, document and position.
 */
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyCommand } from '../../src/cli/verify.command';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import { createLogger } from '../../src/infra/logger';
import { ProjectionRunner } from '../../src/projections/projection-runner';
import {
  checkReadModelFile,
  compareReadModelFiles,
  ReadModelComparison,
} from '../../src/projections/read-model-check';
import { ReadModelDb } from '../../src/projections/read-model-db';
import { rebuildReadModelsUpTo } from '../../src/projections/rebuild';
import { changeOneByte } from '../audit/support/ledger-file';
import { LedgerDriver } from './ledger-driver';
import { action, INVESTMENTS } from './random-actions';

const RUNS = 8;
const MAX_ACTIONS = 40;
const logger = createLogger('silent');

/** A ledger with a live-projected read-model file beside it, the runner stopped. */
const servedLedger = async (dir: string): Promise<{ ledger: string; served: string }> => {
  const ledger = join(dir, 'ledger.sqlite');
  const served = join(dir, 'models.sqlite');
  const store = SqliteEventStore.open(ledger);
  const db = ReadModelDb.open(served);
  try {
    const driver = new LedgerDriver(store);
    await driver.establish(2);
    await driver.apply({ kind: 'allocate', inv: 0, tranche: 0, cents: 150_000_000 });
    await driver.apply({ kind: 'allocate', inv: 1, tranche: 0, cents: 90_000_000 });
    const runner = new ProjectionRunner(store, db, logger);
    await runner.start();
    await driver.apply({ kind: 'cost', inv: 0, cents: 12_345_00, month: 3 });
    await driver.apply({ kind: 'report', inv: 0, line: 0, year: 2018, cents: 55_000_000 });
    await driver.apply({ kind: 'correct', report: 0, cents: 56_000_000 });
    await driver.apply({ kind: 'cost', inv: 1, cents: 2_000_00, month: 5 });
    expect(await runner.waitFor(await store.headPosition(), 5_000)).toBe(true);
    runner.stop();
  } finally {
    db.close();
    await store.close();
  }
  return { ledger, served };
};

/** The served file compared with a fresh fold up to its checkpoint. */
const check = async (ledger: string, served: string): Promise<ReadModelComparison> => {
  const store = SqliteEventStore.open(ledger);
  try {
    const result = await checkReadModelFile(store, served);
    if (result.kind !== 'compared') throw new Error(`not compared: ${result.kind}`);
    return result.comparison;
  } finally {
    await store.close();
  }
};

/** Changes the served file behind the service's back with plain SQL. */
const tamper = (path: string, sql: string): number => {
  const file = new Database(path);
  try {
    return file.prepare(sql).run().changes;
  } finally {
    file.close();
  }
};

describe('a served read-model file checked against the ledger', () => {
  let dir: string;
  const env = { ...process.env };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-read-model-check-'));
  });
  afterEach(() => {
    process.env = { ...env };
    rmSync(dir, { recursive: true, force: true });
  });

  it('agrees for any run of commands the live runner projected, across a restart, also while it goes on past the checkpoint compared', async () => {
    let run = 0;
    let documents = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(action, { minLength: 1, maxLength: MAX_ACTIONS, size: 'max' }),
        fc.nat(),
        fc.nat(),
        async (actions, cut, later) => {
          run += 1;
          const store = SqliteEventStore.open(join(dir, `ledger-${run}.sqlite`));
          const servedPath = join(dir, `served-${run}.sqlite`);
          const foldedPath = join(dir, `folded-${run}.sqlite`);
          const served = ReadModelDb.open(servedPath);
          const folded = ReadModelDb.open(foldedPath);
          try {
            const driver = new LedgerDriver(store);
            await driver.establish(INVESTMENTS - 1);
            const first = new ProjectionRunner(store, served, logger);
            await first.start();
            const half = cut % (actions.length + 1);
            const rest = half + (later % (actions.length - half + 1));
            for (const a of actions.slice(0, half)) await driver.apply(a);
            first.stop();
            const second = new ProjectionRunner(store, served, logger);
            await second.start();
            for (const a of actions.slice(half, rest)) await driver.apply(a);
            const compared = await store.headPosition();
            expect(await second.waitFor(compared, 5_000)).toBe(true);
            await rebuildReadModelsUpTo(store, folded, compared);
            // The service goes on: rows are closed and added past the position compared.
            for (const a of actions.slice(rest)) await driver.apply(a);
            expect(await second.waitFor(await store.headPosition(), 5_000)).toBe(true);
            second.stop();

            const comparison = compareReadModelFiles(servedPath, foldedPath, compared);
            expect(comparison.differences).toEqual([]);
            expect(comparison.ok).toBe(true);
            expect(comparison.differing).toBe(0);
            documents += comparison.documents;
          } finally {
            served.close();
            folded.close();
            await store.close();
          }
        },
      ),
      { numRuns: RUNS },
    );
    expect(documents).toBeGreaterThan(0);
  });

  it('names a list item whose body was changed in the file', async () => {
    const { ledger, served } = await servedLedger(dir);
    expect((await check(ledger, served)).ok).toBe(true);
    // A cost's amount, as it is served today: the latest version of one cost entry.
    const changed = tamper(
      served,
      `UPDATE cells SET body = replace(body, '12345.00', '1234.50')
       WHERE (coll, doc_id, field, key, valid_from) IN
         (SELECT coll, doc_id, field, key, valid_from FROM cells WHERE body LIKE '%12345.00%'
                       ORDER BY valid_from DESC LIMIT 1)`,
    );
    expect(changed).toBe(1);
    const comparison = await check(ledger, served);
    expect(comparison.ok).toBe(false);
    expect(comparison.differing).toBe(1);
    const [difference] = comparison.differences;
    expect(difference).toMatchObject({ part: 'cell' });
    expect(difference.served).toContain('1234.50');
    expect(difference.folded).toContain('12345.00');
    expect(difference.model).toMatch(
      /^(fund-balance|forecast-vs-actual|investment-summary|follow-up)$/,
    );
    expect(difference.field).toBeDefined();
    expect(difference.key).toBeDefined();
  });

  it('names a value field changed, a row added and a document removed', async () => {
    const { ledger, served } = await servedLedger(dir);
    const pristine = join(dir, 'pristine.sqlite');
    copyFileSync(served, pristine);

    // A value field (a total, a stage): its latest version says something else.
    expect(
      tamper(
        served,
        `UPDATE cell_values SET body = '"9999999.99"'
         WHERE (coll, doc_id, field, valid_from) IN
         (SELECT coll, doc_id, field, valid_from FROM cell_values WHERE body LIKE '"%.%"'
                         ORDER BY valid_from DESC LIMIT 1)`,
      ),
    ).toBe(1);
    let comparison = await check(ledger, served);
    expect(comparison.ok).toBe(false);
    expect(comparison.differences[0]).toMatchObject({ part: 'value', served: '"9999999.99"' });

    // An entry the ledger never recorded.
    copyFileSync(pristine, served);
    expect(
      tamper(
        served,
        `INSERT INTO cells (coll, doc_id, field, key, valid_from, valid_to, ord, body)
         SELECT coll, doc_id, field, 'forged', valid_from, valid_to, ord, body
         FROM cells ORDER BY valid_from DESC LIMIT 1`,
      ),
    ).toBe(1);
    comparison = await check(ledger, served);
    expect(comparison.ok).toBe(false);
    expect(comparison.differences[0]).toMatchObject({
      part: 'cell',
      key: 'forged',
      folded: 'absent',
    });

    // An investment gone from the index: it would not be listed.
    copyFileSync(pristine, served);
    expect(
      tamper(
        served,
        `DELETE FROM document_index WHERE (coll, doc_id, created) IN
           (SELECT coll, doc_id, created FROM document_index WHERE doc_id LIKE '%inv-1%' LIMIT 1)`,
      ),
    ).toBe(1);
    comparison = await check(ledger, served);
    expect(comparison.ok).toBe(false);
    expect(comparison.differences[0]).toMatchObject({ part: 'document', served: 'absent' });
    expect(comparison.differences[0].folded).toMatch(/^a document from position \d+/);

    // A version stored as two rows of the same content, one ending where the next begins:
    // every reader sees the same, so it is not a difference.
    copyFileSync(pristine, served);
    const file = new Database(served);
    try {
      const open = file
        .prepare(
          `SELECT coll, doc_id, field, key, valid_from, ord, body FROM cells
           WHERE valid_to = 9223372036854775807 ORDER BY valid_from LIMIT 1`,
        )
        .get() as { valid_from: number } & Record<string, unknown>;
      const split = open.valid_from + 1;
      file
        .prepare(
          `UPDATE cells SET valid_to = @split WHERE coll = @coll AND doc_id = @doc_id
             AND field = @field AND key = @key AND valid_from = @valid_from`,
        )
        .run({ ...open, split });
      file
        .prepare(
          `INSERT INTO cells (coll, doc_id, field, key, valid_from, valid_to, ord, body)
           VALUES (@coll, @doc_id, @field, @key, @split, 9223372036854775807, @ord, @body)`,
        )
        .run({ ...open, split });
    } finally {
      file.close();
    }
    comparison = await check(ledger, served);
    expect(comparison.differences).toEqual([]);
    expect(comparison.ok).toBe(true);

    // A version's end moved before the checkpoint: as of the positions after it, the entry
    // would read as gone.
    copyFileSync(pristine, served);
    expect(
      tamper(
        served,
        `UPDATE cells SET valid_to = valid_from + 1 WHERE (coll, doc_id, field, key, valid_from) IN
           (SELECT coll, doc_id, field, key, valid_from FROM cells WHERE valid_to = 9223372036854775807
            ORDER BY valid_from LIMIT 1)`,
      ),
    ).toBe(1);
    comparison = await check(ledger, served);
    expect(comparison.ok).toBe(false);
    expect(comparison.differences[0].part).toBe('cell');
  });

  describe('ledger verify --read-models', () => {
    const verify = async (args: string[]) => {
      const out: string[] = [];
      const err: string[] = [];
      const code = await verifyCommand.run(args, {
        out: (line) => out.push(line),
        err: (line) => err.push(line),
      });
      return { code, out: out.join('\n'), err: err.join('\n') };
    };

    beforeEach(async () => {
      const { ledger, served } = await servedLedger(dir);
      process.env.LEDGER_SQLITE_PATH = ledger;
      process.env.LEDGER_READMODEL_PATH = served;
    });

    it('says the file holds what the ledger folds to, and exits 0', async () => {
      const text = await verify(['--read-models']);
      expect(text.code).toBe(0);
      expect(text.out).toMatch(/^ok: every link of the global chain holds/);
      expect(text.out).toMatch(
        /read models: .*models\.sqlite holds what the ledger folds to up to position \d+ \(\d+ documents, \d+ rows compared\)/,
      );
      const json = await verify(['--read-models', '--json']);
      expect(json.code).toBe(0);
      expect(JSON.parse(json.out)).toMatchObject({
        ok: true,
        readModels: { ok: true, differing: 0, differences: [] },
      });
    });

    it('names what differs and exits 1; without the flag the chain alone is checked', async () => {
      tamper(
        process.env.LEDGER_READMODEL_PATH!,
        `UPDATE cells SET body = replace(body, '12345.00', '1.00')
         WHERE (coll, doc_id, field, key, valid_from) IN
         (SELECT coll, doc_id, field, key, valid_from FROM cells WHERE body LIKE '%12345.00%' LIMIT 1)`,
      );
      const text = await verify(['--read-models']);
      expect(text.code).toBe(1);
      expect(text.out).toMatch(
        /READ MODELS DIFFER from what the ledger folds to up to position \d+: 1 of \d+ documents/,
      );
      expect(text.out).toMatch(
        /from position \d+: the file holds .*1\.00.*; the ledger folds to .*12345\.00/,
      );
      const json = JSON.parse((await verify(['--read-models', '--json'])).out);
      expect(json.ok).toBe(true);
      expect(json.readModels).toMatchObject({ ok: false, differing: 1 });
      expect((await verify([])).code).toBe(0);
    });

    it('exits 1 for a broken chain even where the read models agree with what it now reads', async () => {
      changeOneByte(process.env.LEDGER_SQLITE_PATH!, 3);
      const text = await verify(['--read-models', '--json']);
      expect(text.code).toBe(1);
      expect(JSON.parse(text.out)).toMatchObject({ ok: false, firstBrokenPosition: '3' });
    });

    it('exits 2 where there is no file to compare, or one another version wrote', async () => {
      const served = process.env.LEDGER_READMODEL_PATH!;
      process.env.LEDGER_READMODEL_PATH = join(dir, 'none.sqlite');
      const missing = await verify(['--read-models']);
      expect(missing.code).toBe(2);
      expect(missing.out).toMatch(
        /read models not compared: there is no read-model file at .*none\.sqlite/,
      );

      process.env.LEDGER_READMODEL_PATH = served;
      tamper(served, `UPDATE checkpoint SET signature = 'an-older-version'`);
      const other = await verify(['--read-models', '--json']);
      expect(other.code).toBe(2);
      expect(JSON.parse(other.out).readModels).toMatchObject({ ok: false, compared: false });
    });

    it('exits 1 for read models folded from another ledger', async () => {
      tamper(process.env.LEDGER_READMODEL_PATH!, `UPDATE checkpoint SET hash = 'sha256:0000'`);
      const text = await verify(['--read-models']);
      expect(text.code).toBe(1);
      expect(text.out).toMatch(/READ MODELS of another ledger/);
    });
  });
});
