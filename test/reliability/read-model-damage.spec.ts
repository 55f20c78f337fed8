/**
 * A read-model file that SQLite finds damaged (bytes changed outside the service) must not
 * make the service serve figures that leave out what it acknowledged, nor answer 500:
 * - when the projection cannot write it, /health says so (503, the reason), and a read that
 *   needs a change the service recorded answers 503 READ_MODELS_STOPPED at once rather than
 *   the models as they were (a fund just created read as "not found"); once the projection
 *   runs again, it catches up and the read sees the change;
 * - an error of SQLite's damage codes (of any realm) answers 503 STORAGE_DAMAGED with what to
 *   do, not 500;
 * - a database file whose header is garbled is refused at start naming the file and the fix
 *   (a file that is no database at all is refused untouched: test/security/file-modes.spec.ts).
 * The damage is simulated at SQLite's boundary (its error, with its code) where a real one
 * cannot be made to land on a given page; the last case writes real garbage into a file.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { CellProjector } from '../../src/projections/cell-projector';
import { PROJECTION_RETRY_DELAY_MS } from '../../src/projections/projection-runner';
import { ReadModelDb } from '../../src/projections/read-model-db';
import { toProblem } from '../../src/http/problem.filter';
import { startTestApp, TestApp } from '../support/test-app';

/** SQLite's error for a damaged page, as better-sqlite3 raises it. */
const damaged = (): Error =>
  Object.assign(new Error('database disk image is malformed'), {
    name: 'SqliteError',
    code: 'SQLITE_CORRUPT',
  });

const FUND = {
  fundId: 'g',
  name: 'Fond G',
  currency: 'SEK',
  decisionRef: 'Ks 1/2017',
  tranches: [{ trancheId: 't1', name: 'Etapp 1', amount: '1000000.00' }],
};

describe('a damaged read-model file', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp();
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    await t.close();
  });

  it(
    'stops the projection visibly: health 503, reads 503 rather than without the change, then catches up',
    async () => {
      const finance = t.as('fia', 'finance');
      await finance.get('/api/funds').expect(200);
      const project = jest.spyOn(CellProjector.prototype, 'project').mockImplementation(() => {
        throw damaged();
      });
      await finance.post('/api/funds', FUND).expect(201);

      const read = await finance.get('/api/funds/g').expect(503);
      expect(read.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(read.body).toMatchObject({ code: 'READ_MODELS_STOPPED' });
      expect(read.body.detail).toMatch(/malformed/);
      expect(Number(read.headers['retry-after'])).toBeGreaterThanOrEqual(1);

      const health = await t.anonymous().get('/health').expect(503);
      expect(health.body).toMatchObject({
        status: 'unavailable',
        store: { ready: true },
        readModels: { running: false, reason: 'database disk image is malformed' },
      });
      // Stopped, a read does not wait out the read-your-writes bound before saying so.
      const started = Date.now();
      await finance.get('/api/funds/g').expect(503);
      expect(Date.now() - started).toBeLessThan(PROJECTION_RETRY_DELAY_MS);

      project.mockRestore();
      await new Promise((resolve) => setTimeout(resolve, PROJECTION_RETRY_DELAY_MS + 500));
      await finance.get('/api/funds/g').expect(200);
      const healthy = await t.anonymous().get('/health').expect(200);
      expect(healthy.body.readModels).toMatchObject({ running: true });
    },
    PROJECTION_RETRY_DELAY_MS * 4,
  );
});

describe('a read that meets SQLite damage', () => {
  it('is answered 503 STORAGE_DAMAGED with the remedy, not 500, whatever realm the error is of', () => {
    // better-sqlite3's errors may be of another realm's Error (one copy of the addon per process).
    for (const error of [
      damaged(),
      { name: 'SqliteError', code: 'SQLITE_CORRUPT_INDEX', message: 'x' },
    ]) {
      expect(toProblem(error)).toMatchObject({
        status: 503,
        code: 'STORAGE_DAMAGED',
        detail: expect.stringMatching(/ledger rebuild/),
      });
    }
    expect(toProblem({ code: 'SQLITE_BUSY', message: 'x' })).toBeUndefined();
  });
});

describe('a read-model file SQLite cannot read as a database', () => {
  it('is refused at open naming the file and what to do', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'ledger-damaged-')), 'models.sqlite');
    // SQLite's header, then garbage where the page size and the rest should be.
    const garbled = Buffer.alloc(8192, 0x5a);
    garbled.write('SQLite format 3\0', 'latin1');
    writeFileSync(path, garbled);
    expect(() => ReadModelDb.open(path)).toThrow(
      new RegExp(
        `^cannot open ${path}: .*\\(SQLITE_NOTADB\\); the file is damaged: .*rebuilt from the ledger`,
      ),
    );
  });
});
