/**
 * The ledger, its read models and its token hashes, with SQLite's -wal and -shm files, are
 * readable and writable by the service's user only (0600), whatever the umask allows, and
 * an older file left readable by others is tightened when it is opened.
 */
import { chmodSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import { PRIVATE_FILE_MODE } from '../../src/infra/private-file';
import { ReadModelDb } from '../../src/projections/read-model-db';
import { startTestApp, TestApp } from '../support/test-app';

const modeOf = (path: string): number => statSync(path).mode & 0o777;

/** The usual umask: files would be created readable by everyone. */
const OPEN_UMASK = 0o022;

describe('file modes', () => {
  let umaskBefore: number;
  beforeAll(() => {
    umaskBefore = process.umask(OPEN_UMASK);
  });
  afterAll(() => {
    process.umask(umaskBefore);
  });

  describe('of a running service', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp();
    });
    afterAll(async () => t.close());

    it('creates every file next to the ledger 0600: events, read models, tokens, -wal, -shm', async () => {
      await t
        .as('fia', 'finance')
        .post('/api/funds', {
          fundId: 'modes',
          name: 'Modes',
          currency: 'SEK',
          decisionRef: 'K',
          tranches: [{ trancheId: 't1', name: 'T', amount: '1000.00' }],
        })
        .expect(201);
      const files = readdirSync(t.dir);
      // The ledger, the read models and the tokens, each with its WAL.
      for (const stem of ['ledger.sqlite', 'ledger.readmodels.sqlite', 'ledger.tokens.sqlite']) {
        expect(files).toEqual(expect.arrayContaining([stem, `${stem}-wal`, `${stem}-shm`]));
      }
      for (const file of files) {
        expect({ file, mode: modeOf(join(t.dir, file)).toString(8) }).toEqual({
          file,
          mode: PRIVATE_FILE_MODE.toString(8),
        });
      }
    });
  });

  describe('of files opened directly', () => {
    let dir: string;
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'ledger-modes-'));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('creates the event store and the read-model file 0600', async () => {
      const ledger = join(dir, 'ledger.sqlite');
      const store = SqliteEventStore.open(ledger);
      await store.append(
        's-1',
        [
          {
            eventId: randomUUID(),
            type: 'ThingHappened',
            data: { n: 1 },
            metadata: {
              actor: { id: 'u1', role: 'finance' },
              recordedAt: '2017-01-01T00:00:00Z',
              schemaVersion: 1,
            },
          },
        ],
        { expectedRevision: 'no-stream' },
      );
      const readModels = ReadModelDb.open(join(dir, 'read-models.sqlite'));
      try {
        for (const file of readdirSync(dir))
          expect([file, modeOf(join(dir, file))]).toEqual([file, 0o600]);
        expect(readdirSync(dir)).toEqual(
          expect.arrayContaining(['ledger.sqlite-wal', 'read-models.sqlite-wal']),
        );
      } finally {
        readModels.close();
        await store.close();
      }
    });

    it('tightens an older ledger file that others could read', async () => {
      const ledger = join(dir, 'old.sqlite');
      writeFileSync(ledger, '');
      chmodSync(ledger, 0o644);
      const store = SqliteEventStore.open(ledger);
      try {
        expect(modeOf(ledger)).toBe(0o600);
      } finally {
        await store.close();
      }
    });
  });
});
