/**
 * The read-model database: every read model's documents and the one checkpoint they were
 * folded up to, in a SQLite file of their own (LEDGER_READMODEL_PATH). Documents and
 * checkpoint are written in one transaction, so after a crash the file holds the models as
 * of exactly its checkpoint: the runner resumes after it and no event is applied twice or
 * skipped. The file can always be deleted and rebuilt from the ledger.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { FoldScope } from '../shared/fold-scope';
import { preparePrivateSqliteFile } from '../infra/private-file';
import { LedgerViews, MODEL_NAMES, ModelName, initialViews } from '../../projections/ledger-views';

/** A view is collections of documents: { investments: { [id]: doc } }. */
type DocumentView = Readonly<Record<string, Readonly<Record<string, unknown>>>>;

export interface StoredModels {
  readonly position: bigint;
  /** The models and versions that wrote the file; null for a new file. */
  readonly signature: string | null;
  readonly views: LedgerViews;
}

interface DocumentRow {
  readonly model: string;
  readonly collection: string;
  readonly id: string;
  readonly body: string;
}

type Change =
  | { readonly kind: 'put'; readonly row: DocumentRow }
  | {
      readonly kind: 'delete';
      readonly model: string;
      readonly collection: string;
      readonly id: string;
    };

/** How long a write waits for another connection (a rebuild from the CLI) before failing. */
export const READ_MODEL_BUSY_TIMEOUT_MS = 5_000;

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS checkpoint (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    position INTEGER NOT NULL,
    signature TEXT NOT NULL
  );
  CREATE TABLE IF NOT EXISTS documents (
    model TEXT NOT NULL,
    collection TEXT NOT NULL,
    id TEXT NOT NULL,
    body TEXT NOT NULL,
    PRIMARY KEY (model, collection, id)
  ) WITHOUT ROWID;
`;

const asDocuments = (views: LedgerViews, model: ModelName): DocumentView =>
  views[model] as unknown as DocumentView;

/**
 * Documents that differ between two views, found by reference: the folds never change a view
 * they were given. When the fold's scope is known, only the ids it wrote to a collection are
 * looked at (the others are the same objects); otherwise every document is compared.
 */
export const changedDocuments = (
  before: LedgerViews,
  after: LedgerViews,
  scope?: FoldScope,
): Change[] => {
  const changes: Change[] = [];
  for (const model of MODEL_NAMES) {
    if (before[model] === after[model]) continue;
    const old = asDocuments(before, model);
    const now = asDocuments(after, model);
    for (const collection of Object.keys(now)) {
      if (old[collection] === now[collection]) continue;
      const oldDocs = old[collection] ?? {};
      const nowDocs = now[collection];
      const written = scope?.writtenIds(nowDocs);
      for (const id of written ?? Object.keys(nowDocs)) {
        const doc = nowDocs[id];
        if (oldDocs[id] !== doc) {
          changes.push({ kind: 'put', row: { model, collection, id, body: JSON.stringify(doc) } });
        }
      }
      // The folds only add and replace documents; a deletion can only be seen by a full walk.
      if (written !== undefined) continue;
      for (const id of Object.keys(oldDocs)) {
        if (!(id in nowDocs)) changes.push({ kind: 'delete', model, collection, id });
      }
    }
  }
  return changes;
};

const allDocuments = (views: LedgerViews): DocumentRow[] =>
  MODEL_NAMES.flatMap((model) =>
    Object.entries(asDocuments(views, model)).flatMap(([collection, docs]) =>
      Object.entries(docs).map(([id, doc]) => ({
        model,
        collection,
        id,
        body: JSON.stringify(doc),
      })),
    ),
  );

export class ReadModelDb {
  private readonly statements;

  private constructor(private readonly db: Database.Database) {
    this.statements = {
      checkpoint: db.prepare<[], { position: bigint; signature: string }>(
        'SELECT position, signature FROM checkpoint WHERE id = 1',
      ),
      setCheckpoint: db.prepare<[bigint, string]>(
        `INSERT INTO checkpoint (id, position, signature) VALUES (1, ?, ?)
         ON CONFLICT (id) DO UPDATE SET position = excluded.position, signature = excluded.signature`,
      ),
      documents: db.prepare<[], DocumentRow>('SELECT model, collection, id, body FROM documents'),
      put: db.prepare<[string, string, string, string]>(
        `INSERT INTO documents (model, collection, id, body) VALUES (?, ?, ?, ?)
         ON CONFLICT (model, collection, id) DO UPDATE SET body = excluded.body`,
      ),
      delete: db.prepare<[string, string, string]>(
        'DELETE FROM documents WHERE model = ? AND collection = ? AND id = ?',
      ),
      clear: db.prepare('DELETE FROM documents'),
    };
  }

  static open(path: string): ReadModelDb {
    if (path !== ':memory:') {
      mkdirSync(dirname(path), { recursive: true });
      preparePrivateSqliteFile(path);
    }
    const db = new Database(path);
    try {
      db.pragma('journal_mode = WAL');
      // NORMAL, not FULL: under WAL a crash can lose only the last committed transactions,
      // never tear one, and each transaction holds a batch's documents together with its
      // checkpoint, so the file always holds the models as of exactly its checkpoint and the
      // runner folds the lost batches again from the ledger (which stays FULL). That spares
      // every command a second fsync while it waits to read its own writes.
      db.pragma('synchronous = NORMAL');
      db.pragma(`busy_timeout = ${READ_MODEL_BUSY_TIMEOUT_MS}`);
      db.exec(SCHEMA);
      db.defaultSafeIntegers(true);
      return new ReadModelDb(db);
    } catch (error) {
      db.close();
      throw error;
    }
  }

  load(): StoredModels {
    const read = this.db.transaction(() => ({
      checkpoint: this.statements.checkpoint.get(),
      rows: this.statements.documents.all(),
    }));
    const { checkpoint, rows } = read();
    const views: Record<string, Record<string, Record<string, unknown>>> = {};
    for (const model of MODEL_NAMES) {
      views[model] = Object.fromEntries(
        Object.keys(initialViews[model]).map((collection) => [collection, {}]),
      );
    }
    for (const row of rows) {
      const model = views[row.model];
      if (!model) continue;
      // Filled in place: copying the collection for every row made loading quadratic.
      const docs = (model[row.collection] ??= {});
      docs[row.id] = JSON.parse(row.body) as unknown;
    }
    return {
      position: checkpoint?.position ?? 0n,
      signature: checkpoint?.signature ?? null,
      views: views as unknown as LedgerViews,
    };
  }

  /** The documents that changed and the new checkpoint, together or not at all. */
  commit(
    before: LedgerViews,
    after: LedgerViews,
    position: bigint,
    signature: string,
    scope?: FoldScope,
  ): void {
    const changes = changedDocuments(before, after, scope);
    this.db
      .transaction(() => {
        for (const change of changes) {
          if (change.kind === 'put') {
            const { model, collection, id, body } = change.row;
            this.statements.put.run(model, collection, id, body);
          } else {
            this.statements.delete.run(change.model, change.collection, change.id);
          }
        }
        this.statements.setCheckpoint.run(position, signature);
      })
      .immediate();
  }

  /** Replaces every document and the checkpoint (a rebuild), in one transaction. */
  replaceAll(views: LedgerViews, position: bigint, signature: string): void {
    const rows = allDocuments(views);
    this.db
      .transaction(() => {
        this.statements.clear.run();
        for (const { model, collection, id, body } of rows) {
          this.statements.put.run(model, collection, id, body);
        }
        this.statements.setCheckpoint.run(position, signature);
      })
      .immediate();
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
