/**
 * The read-model database (LEDGER_READMODEL_PATH): every read model's documents as
 * bi-temporal cells (cells.ts), and the one checkpoint they were folded up to.
 *
 * Every cell row carries the ledger positions from which and until which it held
 * (`valid_from <= P < valid_to`; an open row's `valid_to` is OPEN); the skeleton's and the
 * value fields' rows (`cell_values`) carry only the first, and hold until the next version
 * of the same field begins. So a document as it stood after any position P is one indexed
 * read of its rows, keeping those that hold at P: "as of" is a query, not a refold, and
 * nothing is loaded whole into memory at start. Rows are written with the checkpoint in one
 * transaction, so after a crash the file holds the models as of exactly its checkpoint and
 * the runner resumes after it. The file can always be deleted and rebuilt from the ledger.
 */
import Database from 'better-sqlite3';
import { openPrivateSqlite } from '../infra/private-file';
import { isSqliteError } from '../event-store/sqlite/sqlite-errors';
import {
  LedgerViews,
  MODEL_NAMES,
  ModelName,
  initialViews,
  modelSignature,
} from '../../projections/ledger-views';
import { setEntry } from '../shared/fold-scope';
import {
  assembleFields,
  CellChange,
  Doc,
  FieldCells,
  FieldShape,
  isIndexKey,
  SKELETON_FIELD,
} from './cells';

/** How long a write waits for another connection (a rebuild from the CLI) before failing. */
export const READ_MODEL_BUSY_TIMEOUT_MS = 5_000;
/** `valid_to` of a row that still holds: SQLite's largest integer. */
export const OPEN = 9_223_372_036_854_775_807n;
/**
 * Stored beside the models' names: a file written in another layout is rebuilt. cells@2: a map
 * whose keys change order is written afresh (cells.ts keepsRanks); a cells@1 file may hold such
 * a map with ranks that read it back in its old order, so it is rebuilt once. cells@3: the
 * skeleton and value fields are a log of their own (`cell_values`).
 */
export const STORAGE_FORMAT = 'cells@3';
/** Documents created by one event in one collection at most (the creation order's radix). */
const DOCS_PER_EVENT = 65_536n;

/** One collection of documents of one model: `fundBalance.funds`, … */
export interface CollectionRef {
  readonly model: ModelName;
  readonly collection: string;
}

/** Every collection, in a fixed order: a collection's index is its number in the file. */
export const COLLECTIONS: readonly CollectionRef[] = MODEL_NAMES.flatMap((model) =>
  Object.keys(initialViews[model]).map((collection) => ({ model, collection })),
);

/** The models, their versions, their collections and the layout, as stored with the checkpoint. */
export const storedSignature = (): string =>
  `${modelSignature()};${COLLECTIONS.map((c) => `${c.model}.${c.collection}`).join(',')};${STORAGE_FORMAT}`;

/**
 * The models a file stored under `stored` holds at another version, when the rest of it is as
 * this build writes it: the same models, collections and layout, so those models' documents
 * can be rebuilt alone and the others kept. Undefined when the file must be rebuilt whole (or
 * needs nothing: it is this build's).
 */
export const modelsToRebuild = (stored: string): ReadonlySet<ModelName> | undefined => {
  const [storedModels, ...storedRest] = stored.split(';');
  const [models, ...rest] = storedSignature().split(';');
  if (storedRest.join(';') !== rest.join(';')) return undefined;
  const versions = (text: string): string[] => text.split(',');
  const now = versions(models);
  const then = versions(storedModels);
  const nameOf = (entry: string): string => entry.slice(0, entry.lastIndexOf('@'));
  if (then.length !== now.length || then.some((entry, i) => nameOf(entry) !== nameOf(now[i]))) {
    return undefined;
  }
  const changed = new Set(MODEL_NAMES.filter((_, i) => then[i] !== now[i]));
  return changed.size === 0 ? undefined : changed;
};

/** A document version read back, with the positions between which it held. */
export interface DocumentVersion {
  readonly doc: Doc;
  readonly from: bigint;
  readonly to: bigint;
}

/** A document without some of its fields, and how many cells each of those has. */
export interface DocumentOutline extends DocumentVersion {
  readonly counts: Readonly<Record<string, number>>;
}

/** What one event changed in one document. */
export interface DocumentWrite {
  readonly coll: number;
  readonly id: string;
  readonly position: bigint;
  readonly changes: readonly CellChange[];
  readonly created: boolean;
  readonly removed: boolean;
  /** This document's rank among those `position` created in `coll`. */
  readonly rank: number;
}

export interface Checkpoint {
  readonly position: bigint;
  /** The models, versions and layout that wrote the file; null for a new file. */
  readonly signature: string | null;
  /**
   * The hash (in the ledger's chain) of the event at `position`: which ledger the file was
   * folded from (src/event-store/same-ledger.ts). Null at position 0, and in a file written
   * before the hash was kept.
   */
  readonly hash: string | null;
}

/** A file written before the checkpoint kept its event's hash gains the column, empty. */
const addCheckpointHash = (file: Database.Database): void => {
  const columns = file.prepare('PRAGMA table_info(checkpoint)').all() as { name: string }[];
  if (!columns.some((c) => c.name === 'hash')) {
    file.exec('ALTER TABLE checkpoint ADD COLUMN hash TEXT');
  }
};

export interface StoredModels extends Checkpoint {
  readonly views: LedgerViews;
}

const SCHEMA = `
  DROP TABLE IF EXISTS documents;
  CREATE TABLE IF NOT EXISTS checkpoint (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    position INTEGER NOT NULL,
    signature TEXT NOT NULL,
    hash TEXT
  );
  CREATE TABLE IF NOT EXISTS document_index (
    coll INTEGER NOT NULL,
    doc_id TEXT NOT NULL,
    created INTEGER NOT NULL,
    removed INTEGER NOT NULL,
    ord INTEGER NOT NULL,
    PRIMARY KEY (coll, doc_id, created)
  ) WITHOUT ROWID;
  CREATE INDEX IF NOT EXISTS document_order ON document_index (coll, ord);
  CREATE TABLE IF NOT EXISTS cells (
    coll INTEGER NOT NULL,
    doc_id TEXT NOT NULL,
    field TEXT NOT NULL,
    key TEXT NOT NULL,
    valid_from INTEGER NOT NULL,
    valid_to INTEGER NOT NULL,
    ord INTEGER NOT NULL,
    body TEXT NOT NULL,
    PRIMARY KEY (coll, doc_id, field, key, valid_from)
  ) WITHOUT ROWID;
  -- The open version of each cell, found at once when a change closes it: a hot cell (a
  -- fund's skeleton) has a version per event that touched it, and walking them all to find
  -- the open one made every write slower than the last.
  CREATE UNIQUE INDEX IF NOT EXISTS open_cells ON cells (coll, doc_id, field, key)
    WHERE valid_to = ${OPEN};
  -- The skeleton and the value fields (a revision, a total, a stage): a version of such a cell
  -- holds from its valid_from until the next version's (a NULL body: the field is gone), so
  -- these are only ever appended. They change with most events (the summary's revision with
  -- every one of its investment's: 995k of the bench's 1M-event ledger's 4.53M rows): in
  -- cells each change was an update to close the last version and an insert; here it is one
  -- insert.
  CREATE TABLE IF NOT EXISTS cell_values (
    coll INTEGER NOT NULL,
    doc_id TEXT NOT NULL,
    field TEXT NOT NULL,
    valid_from INTEGER NOT NULL,
    body TEXT,
    PRIMARY KEY (coll, doc_id, field, valid_from)
  ) WITHOUT ROWID;
`;

/**
 * One field of a document as read at P: the keys and orders (JSON arrays) and the bodies (one
 * JSON array) of its cells open at P (bodies null: none, or not read), the last position at or
 * before P at which one of its cells opened or closed (null: none did), the first position
 * after P at which one does (null: none does), and how many are open at P.
 */
type StoredField = [string, string, string, string | null, number | null, number | null, number];

interface FieldsParams {
  readonly coll: number;
  readonly id: string;
  readonly at: bigint;
}

/**
 * A document's cells, one row per field: those open at P (their bodies only where `keep`
 * holds as well), how many are open, and the positions of the changes around P (when the
 * version began and when it ends). A large document is thousands of cells, and handing each
 * over as a row and parsing each body on its own took most of its read (1.4-1.6x the time of
 * this, over the fund report's 2,501 documents at the 1M ledger's midpoint). The lists' and
 * maps' rows of the document are all visited (the key does not lead with the positions); a
 * version that began by closing cells only (an entry removed) began at the close. The
 * skeleton and the value fields come from their log: each one's last version at or before P
 * (SQLite takes a bare column from the row that gives max()), and one seek for the first
 * after P. Walking their versions up to P was quicker than seeking each field's (a skip-scan
 * of the field names, then a seek each): 12 against 23 µs per document over the 1M ledger's
 * tracks, and still under 1 ms for the summary whose revision has 10,000 versions. A field
 * that changed between a value and a list or map may have a row from each; only one of them
 * has bodies at P. Positions as plain numbers (OPEN as NULL). `cellFields`, a condition on
 * the lists' and maps' rows, narrows which of them are visited (documentWithoutAt seeks only
 * those it reads, by name).
 */
const fieldsSql = (keep: string, cellFields = '1'): string => {
  const open = 'valid_from <= @at AND valid_to > @at';
  const doc = 'coll = @coll AND doc_id = @id';
  // Every aggregate of a group steps through the same rows in one pass, so the i-th key, order
  // and body of a field belong to the same cell.
  return `SELECT field,
            json_group_array(key) FILTER (WHERE ${open} AND ${keep}),
            json_group_array(ord) FILTER (WHERE ${open} AND ${keep}),
            '[' || group_concat(body, ',') FILTER (WHERE ${open} AND ${keep}) || ']',
            max(CASE WHEN valid_to <= @at THEN valid_to
                     WHEN valid_from <= @at THEN valid_from END),
            min(CASE WHEN valid_to <= @at THEN NULL
                     WHEN valid_from <= @at THEN nullif(valid_to, ${OPEN})
                     ELSE valid_from END),
            count(*) FILTER (WHERE ${open})
     FROM cells WHERE ${doc} AND ${cellFields}
     GROUP BY field
     UNION ALL
     SELECT field, '[""]', '[0]',
            CASE WHEN ${keep} THEN '[' || body || ']' END,
            max(valid_from),
            (SELECT min(next.valid_from) FROM cell_values AS next
             WHERE next.coll = @coll AND next.doc_id = @id AND next.field = v.field
               AND next.valid_from > @at),
            body IS NOT NULL
     FROM cell_values AS v WHERE ${doc} AND valid_from <= @at
     GROUP BY field`;
};

interface ValuesParams {
  readonly coll: number;
  readonly at: bigint;
  /** A JSON array of field names, the skeleton's ('') first. */
  readonly fields: string;
}

/**
 * Some value fields of every document of a collection at P, one row per document and field:
 * the body of the field's last version at or before P (NULL: none, or the field was gone).
 * One seek per document and field in the value log, never a list's or a map's cells: a list of
 * thousands of documents counts, filters and sorts by a few of their values without stepping
 * through the effect reports and costs their outlines count (0.85 s for the 4,902 summaries
 * at the 1M-event ledger's head).
 */
const valuesSql = (oneDocument: boolean): string => `SELECT d.doc_id, f.value,
    (SELECT v.body FROM cell_values AS v
     WHERE v.coll = @coll AND v.doc_id = d.doc_id AND v.field = f.value AND v.valid_from <= @at
     ORDER BY v.valid_from DESC LIMIT 1)
  FROM document_index AS d, json_each(@fields) AS f
  WHERE d.coll = @coll AND d.created <= @at AND d.removed > @at
    ${oneDocument ? 'AND d.doc_id = @id' : ''}`;

/**
 * valuesAt's rows by document: each document's skeleton says which fields are values (a
 * field held as a list or a map is left out; a value field without a version reads as null,
 * as assembleFields reads it). The rows may come in any order.
 */
const valuesByDocument = (
  rows: readonly [string, string, string | null][],
  fields: readonly string[],
): Map<string, Record<string, unknown>> => {
  const skeletons = new Map<string, string>();
  const bodies = new Map<string, Map<string, string | null>>();
  for (const [id, field, body] of rows) {
    if (field === SKELETON_FIELD) {
      if (body !== null) skeletons.set(id, body);
      continue;
    }
    let ofDoc = bodies.get(id);
    if (ofDoc === undefined) bodies.set(id, (ofDoc = new Map()));
    ofDoc.set(field, body);
  }
  const out = new Map<string, Record<string, unknown>>();
  for (const [id, skeleton] of skeletons) {
    const values: Record<string, unknown> = {};
    const ofDoc = bodies.get(id);
    for (const [field, kind] of JSON.parse(skeleton) as FieldShape[]) {
      if (kind !== 'value' || !fields.includes(field)) continue;
      // As assembleFields: a value field without a version reads as null.
      const body = ofDoc?.get(field) ?? null;
      setEntry(values, field, body === null ? null : JSON.parse(body));
    }
    out.set(id, values);
  }
  return out;
};

/**
 * Positions read back as numbers are exact up to 2^53: a SQLite ledger's positions are row
 * numbers, EventStoreDB's byte offsets in its log (9 PB before they would not be).
 */
const MAX_EXACT_POSITION = BigInt(Number.MAX_SAFE_INTEGER);

const exact = (position: bigint): bigint => {
  if (position > MAX_EXACT_POSITION) throw new RangeError(`position ${position} is too large`);
  return position;
};

/**
 * The order JavaScript gives an object's keys: array-index keys ascending, then the rest in
 * the order given (creation order here), so a lazily read collection enumerates as the
 * folded object did.
 */
export const objectKeyOrder = (keys: readonly string[]): string[] => {
  const indexes = keys.filter(isIndexKey).sort((a, b) => Number(a) - Number(b));
  return [...indexes, ...keys.filter((key) => !isIndexKey(key))];
};

/**
 * The read-model file's checkpoint is not where a batch was folded from: another process has
 * written the file meanwhile. The batch is not written; the runner goes on from `found`.
 */
/** Between two tries at another process's write lock (ReadModelDb.beginImmediate). */
const LOCK_RETRY_PAUSE_MS = 250;

export class ReadModelsMovedError extends Error {
  constructor(
    readonly expected: bigint,
    readonly found: bigint,
  ) {
    super(`the read models are at position ${found}, not ${expected}: another process writes them`);
    this.name = 'ReadModelsMovedError';
  }
}

export class ReadModelDb {
  private readonly statements;
  /** The checkpoint this connection last committed: a commit from it expects that event there. */
  private committed: { readonly position: bigint; readonly hash: string | null } | undefined;

  private constructor(private readonly db: Database.Database) {
    this.statements = {
      checkpoint: db.prepare<[], { position: bigint; signature: string; hash: string | null }>(
        'SELECT position, signature, hash FROM checkpoint WHERE id = 1',
      ),
      setCheckpoint: db.prepare<[bigint, string, string | null]>(
        `INSERT INTO checkpoint (id, position, signature, hash) VALUES (1, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET position = excluded.position,
           signature = excluded.signature, hash = excluded.hash`,
      ),
      fieldsAt: db.prepare<FieldsParams, StoredField>(fieldsSql('1')).raw(true).safeIntegers(false),
      // The same, but the fields named in @counted (a JSON array) only counted.
      outlineAt: db
        .prepare<FieldsParams & { counted: string }, StoredField>(
          fieldsSql('field NOT IN (SELECT value FROM json_each(@counted))'),
        )
        .raw(true)
        .safeIntegers(false),
      // The same again, but the lists and maps named in @leftOut not even visited: the others
      // are sought by name, from the skeleton (its version at P).
      withoutAt: db
        .prepare<FieldsParams & { leftOut: string }, StoredField>(
          fieldsSql(
            '1',
            `field IN (SELECT json_extract(shape.value, '$[0]')
               FROM json_each((SELECT body FROM cell_values
                               WHERE coll = @coll AND doc_id = @id AND field = '${SKELETON_FIELD}'
                                 AND valid_from <= @at
                               ORDER BY valid_from DESC LIMIT 1)) AS shape
               WHERE json_extract(shape.value, '$[1]') <> 'value'
                 AND json_extract(shape.value, '$[0]') NOT IN (SELECT value FROM json_each(@leftOut)))`,
          ),
        )
        .raw(true)
        .safeIntegers(false),
      valuesAt: db
        .prepare<ValuesParams, [string, string, string | null]>(valuesSql(false))
        .raw(true),
      documentValuesAt: db
        .prepare<ValuesParams & { id: string }, [string, string, string | null]>(valuesSql(true))
        .raw(true),
      idsAt: db
        .prepare<[number, bigint, bigint], string>(
          `SELECT doc_id FROM document_index
           WHERE coll = ? AND created <= ? AND removed > ? ORDER BY ord`,
        )
        .pluck(),
      exists: db
        .prepare<[number, string, bigint, bigint], number>(
          `SELECT 1 FROM document_index
           WHERE coll = ? AND doc_id = ? AND created <= ? AND removed > ? LIMIT 1`,
        )
        .pluck(),
      open: db.prepare<[number, string, string, string, bigint, bigint, number, string]>(
        `INSERT INTO cells (coll, doc_id, field, key, valid_from, valid_to, ord, body)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      // OPEN written out, not bound: only then can SQLite use the partial index.
      close: db.prepare<[bigint, number, string, string, string]>(
        `UPDATE cells SET valid_to = ?
         WHERE coll = ? AND doc_id = ? AND field = ? AND key = ? AND valid_to = ${OPEN}`,
      ),
      // A second change of the same value at one position (closed, then opened) is the one kept.
      value: db.prepare<[number, string, string, bigint, string | null]>(
        `INSERT OR REPLACE INTO cell_values (coll, doc_id, field, valid_from, body)
         VALUES (?, ?, ?, ?, ?)`,
      ),
      created: db.prepare<[number, string, bigint, bigint, bigint]>(
        `INSERT INTO document_index (coll, doc_id, created, removed, ord) VALUES (?, ?, ?, ?, ?)`,
      ),
      removed: db.prepare<[bigint, number, string, bigint]>(
        `UPDATE document_index SET removed = ? WHERE coll = ? AND doc_id = ? AND removed = ?`,
      ),
      clearCells: db.prepare('DELETE FROM cells'),
      clearValues: db.prepare('DELETE FROM cell_values'),
      clearIndex: db.prepare('DELETE FROM document_index'),
      clearCollCells: db.prepare<[number]>('DELETE FROM cells WHERE coll = ?'),
      clearCollValues: db.prepare<[number]>('DELETE FROM cell_values WHERE coll = ?'),
      clearCollIndex: db.prepare<[number]>('DELETE FROM document_index WHERE coll = ?'),
    };
  }

  static open(path: string): ReadModelDb {
    const db = openPrivateSqlite(path, {
      // NORMAL, not FULL: under WAL a crash can lose only the last committed transactions,
      // never tear one, and each transaction holds a batch's rows together with its
      // checkpoint, so the file always holds the models as of exactly its checkpoint and the
      // runner folds the lost batches again from the ledger (which stays FULL). That spares
      // every command a second fsync while it waits to read its own writes.
      synchronous: 'NORMAL',
      busyTimeoutMs: READ_MODEL_BUSY_TIMEOUT_MS,
      schema: (file) => {
        file.exec(SCHEMA);
        addCheckpointHash(file);
      },
    });
    return new ReadModelDb(db);
  }

  /**
   * A read-only connection of its own on the file at `path` (a worker thread's): it writes
   * nothing, not even the schema, and reads at positions up to the checkpoint, whose rows no
   * writer changes (a version closed later still held there).
   */
  static openReader(path: string): ReadModelDb {
    const db = new Database(path, { readonly: true, fileMustExist: true });
    try {
      db.pragma(`busy_timeout = ${READ_MODEL_BUSY_TIMEOUT_MS}`);
      db.defaultSafeIntegers(true);
      return new ReadModelDb(db);
    } catch (error) {
      db.close();
      throw error;
    }
  }

  /** The file, for another connection to read; undefined for a database in memory. */
  get file(): string | undefined {
    return this.db.memory ? undefined : this.db.name;
  }

  checkpoint(): Checkpoint {
    const row = this.statements.checkpoint.get();
    return {
      position: row?.position ?? 0n,
      signature: row?.signature ?? null,
      hash: row?.hash ?? null,
    };
  }

  /**
   * One document as it stood right after `position`, with the positions it held between:
   * from the last change at or before it until the first change after (a cell closed or
   * opened).
   */
  documentAt(coll: number, id: string, position: bigint): DocumentVersion | undefined {
    return this.readDocument(this.statements.fieldsAt.all({ coll, id, at: exact(position) }));
  }

  /**
   * One document as documentAt gives it, but without the fields named in `counted` (lists and
   * maps that grow with its history), which are only counted: what a list of many documents
   * shows of each, read without the bodies it leaves out.
   */
  outlineAt(
    coll: number,
    id: string,
    position: bigint,
    counted: readonly string[],
  ): DocumentOutline | undefined {
    const rows = this.statements.outlineAt.all({
      coll,
      id,
      at: exact(position),
      counted: JSON.stringify(counted),
    });
    const version = this.readDocument(rows, new Set(counted));
    if (version === undefined) return undefined;
    const counts: Record<string, number> = {};
    for (const field of counted) counts[field] = 0;
    for (const [field, , , , , , open] of rows) {
      // A field that was a value and is now a list has a row of each: one counts what is open.
      if (Object.hasOwn(counts, field)) counts[field] += open;
    }
    return { ...version, counts };
  }

  /**
   * One document as documentAt gives it, but without the lists and maps named in `leftOut`,
   * whose cells are not visited at all (outlineAt walks them to count them): what a caller
   * that needs neither those lists nor their sizes reads, in a fraction of the time when they
   * hold most of the document's cells (an investment summary's effect reports). Its version's
   * bounds are not known from what it reads, so none are given.
   */
  documentWithoutAt(
    coll: number,
    id: string,
    position: bigint,
    leftOut: readonly string[],
  ): Doc | undefined {
    const rows = this.statements.withoutAt.all({
      coll,
      id,
      at: exact(position),
      leftOut: JSON.stringify(leftOut),
    });
    return this.readDocument(rows, new Set(leftOut))?.doc;
  }

  /**
   * The named fields of every document of a collection right after `position`, by id: those
   * that are values there (a text, a number, null), as documentAt would give them. A field the
   * document does not have, or holds as a list or a map, is left out.
   */
  valuesAt(
    coll: number,
    position: bigint,
    fields: readonly string[],
  ): Map<string, Record<string, unknown>> {
    const rows = this.statements.valuesAt.all({
      coll,
      at: exact(position),
      fields: JSON.stringify([SKELETON_FIELD, ...fields]),
    });
    return valuesByDocument(rows, fields);
  }

  /**
   * The named value fields of one document right after `position`, as valuesAt gives them;
   * undefined when there is no such document then. A few seeks in the value log: a question
   * about one field (is it approved?) without reading the document's lists.
   */
  documentValuesAt(
    coll: number,
    id: string,
    position: bigint,
    fields: readonly string[],
  ): Record<string, unknown> | undefined {
    const rows = this.statements.documentValuesAt.all({
      coll,
      id,
      at: exact(position),
      fields: JSON.stringify([SKELETON_FIELD, ...fields]),
    });
    return valuesByDocument(rows, fields).get(id);
  }

  private readDocument(
    rows: readonly StoredField[],
    leftOut: ReadonlySet<string> = new Set(),
  ): DocumentVersion | undefined {
    let from = 0;
    let to = Infinity;
    let shape: readonly FieldShape[] | undefined;
    const fields = new Map<string, FieldCells>();
    for (const [field, keys, ords, bodies, latest, next] of rows) {
      if (next !== null && next < to) to = next;
      if (latest !== null && latest > from) from = latest;
      if (bodies === null) continue;
      if (field === SKELETON_FIELD) shape = (JSON.parse(bodies) as [FieldShape[]])[0];
      else {
        fields.set(field, {
          keys: JSON.parse(keys) as string[],
          ords: JSON.parse(ords) as number[],
          values: JSON.parse(bodies) as unknown[],
        });
      }
    }
    if (shape === undefined) return undefined;
    const doc = assembleFields(
      shape.filter(([field]) => !leftOut.has(field)),
      fields,
    );
    return { doc, from: BigInt(from), to: to === Infinity ? OPEN : BigInt(to) };
  }

  /** The ids of a collection's documents right after `position`, in the folded object's order. */
  idsAt(coll: number, position: bigint): string[] {
    return objectKeyOrder(this.statements.idsAt.all(coll, position, position));
  }

  hasAt(coll: number, id: string, position: bigint): boolean {
    return this.statements.exists.get(coll, id, position, position) !== undefined;
  }

  /**
   * Every document change and the new checkpoint, together or not at all, and only onto the
   * checkpoint `from` the batch was folded from: when another process (a second service on the
   * same file) has moved the file on meanwhile, nothing is written and ReadModelsMovedError
   * says where the file stands. The write lock is taken first (IMMEDIATE), so the checkpoint
   * cannot move between the check and the writes. Called inside `transaction` by a rebuild,
   * it becomes a savepoint of the rebuild's one transaction. `hash`: the chain hash of the
   * event at `position` (Checkpoint.hash).
   */
  commit(
    writes: readonly DocumentWrite[],
    from: bigint,
    position: bigint,
    signature: string,
    hash: string | null = null,
  ): void {
    this.db
      .transaction(() => {
        const found = this.checkpoint();
        // At the same position, another ledger's event: a service on another ledger rebuilt
        // the file up to exactly where this connection last committed.
        const replaced =
          this.committed?.position === from &&
          this.committed.hash !== null &&
          found.hash !== null &&
          found.hash !== this.committed.hash;
        if (found.position !== from || replaced)
          throw new ReadModelsMovedError(from, found.position);
        for (const write of writes) this.apply(write);
        this.statements.setCheckpoint.run(position, signature, hash);
      })
      .immediate();
    this.committed = { position, hash };
  }

  /**
   * BEGIN IMMEDIATE, trying again up to `lockWaitMs` while another process holds the write lock
   * (its own rebuild holds it throughout: 14-42 s on the 1M-event ledger). Each try blocks the
   * thread for the connection's busy timeout (5 s); the pauses between them leave it free.
   */
  private async beginImmediate(lockWaitMs: number): Promise<void> {
    const deadline = Date.now() + lockWaitMs;
    for (;;) {
      try {
        this.db.exec('BEGIN IMMEDIATE');
        return;
      } catch (error) {
        const busy = isSqliteError(error) && error.code === 'SQLITE_BUSY';
        if (!busy || Date.now() >= deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, LOCK_RETRY_PAUSE_MS));
      }
    }
  }

  /**
   * The file's checkpoint, as read now, is the one a commit from `position` expects (with its
   * event's hash): what a runner standing at it (a start, or going on from another process's
   * commit) has not committed itself. Another position than the file's: nothing expected.
   */
  expectCheckpoint(position: bigint): void {
    const stored = this.checkpoint();
    this.committed = stored.position === position ? { position, hash: stored.hash } : undefined;
  }

  /** SQLite's `cache_size` for this connection: negative in KiB, positive in pages. */
  private cacheSize(): number {
    // Integers come back as bigint from this connection.
    return Number(this.db.pragma('cache_size', { simple: true }));
  }

  /** SQLite's page cache for this connection now, in KiB. */
  pageCacheKib(): number {
    const size = this.cacheSize();
    if (size < 0) return -size;
    return (size * Number(this.db.pragma('page_size', { simple: true }))) / 1024;
  }

  /**
   * Runs `work` in one transaction; async, so a rebuild can read the ledger in between.
   * `pageCacheKib`: SQLite's page cache for this connection while it runs (then back to what it
   * was), for a transaction that writes all over a large file.
   */
  async transaction<T>(work: () => Promise<T>, pageCacheKib?: number, lockWaitMs = 0): Promise<T> {
    // Begun first: a transaction that cannot begin (another writer holds the lock) has
    // changed nothing, the page cache included.
    await this.beginImmediate(lockWaitMs);
    let cacheBefore: number | undefined;
    try {
      if (pageCacheKib !== undefined) {
        cacheBefore = this.cacheSize();
        this.db.pragma(`cache_size = -${pageCacheKib}`);
      }
      const result = await work();
      this.db.exec('COMMIT');
      return result;
    } catch (error) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      throw error;
    } finally {
      if (cacheBefore !== undefined) this.db.pragma(`cache_size = ${cacheBefore}`);
    }
  }

  /**
   * Forgets every document (with `only`, every document of those models: the others' stay)
   * and sets the checkpoint to 0: the start of a rebuild, inside its transaction.
   */
  clear(signature: string, only?: ReadonlySet<ModelName>): void {
    this.db.transaction(() => {
      if (only === undefined) {
        this.statements.clearCells.run();
        this.statements.clearValues.run();
        this.statements.clearIndex.run();
      } else {
        COLLECTIONS.forEach(({ model }, coll) => {
          if (!only.has(model)) return;
          this.statements.clearCollCells.run(coll);
          this.statements.clearCollValues.run(coll);
          this.statements.clearCollIndex.run(coll);
        });
      }
      this.statements.setCheckpoint.run(0n, signature, null);
    })();
    this.committed = { position: 0n, hash: null };
  }

  /** Every model, whole, as of the checkpoint: for tools and tests, never for a request. */
  load(): StoredModels {
    const checkpoint = this.checkpoint();
    const { position } = checkpoint;
    const views: Record<string, Record<string, Record<string, unknown>>> = {};
    for (const model of MODEL_NAMES) views[model] = {};
    COLLECTIONS.forEach(({ model, collection }, coll) => {
      const docs: Record<string, unknown> = {};
      for (const id of this.idsAt(coll, position)) {
        setEntry(docs, id, this.documentAt(coll, id, position)?.doc);
      }
      views[model][collection] = docs;
    });
    return { ...checkpoint, views: views as unknown as LedgerViews };
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  private apply(write: DocumentWrite): void {
    const { coll, id, position } = write;
    if (write.created) {
      const ord = position * DOCS_PER_EVENT + BigInt(write.rank);
      this.statements.created.run(coll, id, position, OPEN, ord);
    }
    for (const change of write.changes) {
      if (change.value) {
        this.statements.value.run(coll, id, change.field, position, change.body);
        continue;
      }
      if (change.existed) {
        this.statements.close.run(position, coll, id, change.field, change.key);
      }
      if (change.body !== null) {
        const { field, key, ord, body } = change;
        this.statements.open.run(coll, id, field, key, position, OPEN, ord, body);
      }
    }
    if (write.removed) this.statements.removed.run(position, coll, id, OPEN);
  }
}
