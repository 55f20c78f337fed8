/**
 * Whether a read-model file holds what the ledger folds to. The hash chain proves the ledger
 * unchanged, but every figure the service, the board report and the CLI answer is read from
 * the read-model file, which no chain covers: a row changed in it would be served as the
 * ledger's figure while the chain and the board's digest still verify. So the file a service
 * serves is compared, row by row, with a fold of the ledger up to the same checkpoint written
 * into a file of its own (rebuild.ts rebuildReadModelsUpTo).
 *
 * Rows at or before the checkpoint never change while a service goes on (a version closed
 * later still held there), so the served file is read as it stands at its checkpoint `upTo`:
 * rows opened after it are left out, and a version or a document closed after it counts as
 * still open. Two files that answer alike at every position may still store a version as two
 * rows with the same content, one ending where the next begins; such rows are read as one, so
 * only what a reader could see is compared.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { READ_MODELS } from '../../projections/ledger-views';
import { EventStore } from '../event-store/event-store';
import { Checkpoint, COLLECTIONS, OPEN, ReadModelDb, storedSignature } from './read-model-db';
import { foldedFromThisLedger, RebuildProgress, rebuildReadModelsUpTo } from './rebuild';

/** The longest part of a body a difference quotes; the rest is said to be cut. */
export const QUOTED_BODY_CHARS = 200;
/** Differences described in full; the rest are only counted. */
export const DESCRIBED_DIFFERENCES = 20;

/** Which of a document's stored parts differ: its life, a list item or map entry, a value. */
export type StoredPart = 'document' | 'cell' | 'value';

export interface ReadModelDifference {
  /** The model's name as the API and the CLI say it (`fund-balance`, …). */
  readonly model: string;
  readonly collection: string;
  readonly documentId: string;
  readonly part: StoredPart;
  /** The field and, for a list item or map entry, its key; undefined for the document's life. */
  readonly field?: string;
  readonly key?: string;
  /** The first position at which the two files read differently. */
  readonly position: bigint;
  /** What each file holds from there: a body (quoted), `absent`, or the document's life. */
  readonly served: string;
  readonly folded: string;
}

export interface ReadModelComparison {
  readonly ok: boolean;
  readonly position: bigint;
  /** Documents compared (each of a collection, with its life, cells and values). */
  readonly documents: number;
  /** Stored rows read from the served file. */
  readonly rows: number;
  /** Documents whose stored parts differ, in either file. */
  readonly differing: number;
  readonly differences: readonly ReadModelDifference[];
}

/** One version of a stored part, as a reader sees it up to the checkpoint. */
interface Version {
  /** The field and key it belongs to (empty for a document's life). */
  readonly slot: string;
  readonly from: bigint;
  readonly to: bigint;
  /** Where it stands among its document's (a document's creation order, a list item's rank). */
  readonly order: string | null;
  /** What a reader gets while it holds (null: a value removed, or a document's life). */
  readonly body: string | null;
}

interface PartRows {
  readonly table: StoredPart;
  /** Every row of the table up to @upTo, in the table's key order. */
  readonly all: string;
  /** The same for one document. */
  readonly one: string;
}

const PARTS: readonly PartRows[] = [
  {
    table: 'document',
    all: `SELECT coll, doc_id, '' AS slot, created AS from_, removed AS to_, ord, NULL AS body
          FROM document_index WHERE created <= @upTo ORDER BY coll, doc_id, created`,
    one: `SELECT coll, doc_id, '' AS slot, created AS from_, removed AS to_, ord, NULL AS body
          FROM document_index WHERE coll = @coll AND doc_id = @id AND created <= @upTo
          ORDER BY created`,
  },
  {
    table: 'cell',
    all: `SELECT coll, doc_id, json_array(field, key) AS slot, valid_from AS from_,
            valid_to AS to_, ord, body
          FROM cells WHERE valid_from <= @upTo ORDER BY coll, doc_id, field, key, valid_from`,
    one: `SELECT coll, doc_id, json_array(field, key) AS slot, valid_from AS from_,
            valid_to AS to_, ord, body
          FROM cells WHERE coll = @coll AND doc_id = @id AND valid_from <= @upTo
          ORDER BY field, key, valid_from`,
  },
  {
    table: 'value',
    // A value's version holds until the next one of its field begins.
    all: `SELECT coll, doc_id, json_array(field) AS slot, valid_from AS from_,
            ${OPEN} AS to_, NULL AS ord, body
          FROM cell_values WHERE valid_from <= @upTo ORDER BY coll, doc_id, field, valid_from`,
    one: `SELECT coll, doc_id, json_array(field) AS slot, valid_from AS from_,
            ${OPEN} AS to_, NULL AS ord, body
          FROM cell_values WHERE coll = @coll AND doc_id = @id AND valid_from <= @upTo
          ORDER BY field, valid_from`,
  },
];

type Row = [number | bigint, string, string, bigint, bigint, bigint | null, string | null];

/**
 * The versions a reader sees, from one document's rows of one part in key order: an end after
 * the checkpoint is open, and a version that only continues the one before it (same content,
 * beginning where it ends, or for a value the same body again) is part of it.
 */
const visibleVersions = function* (
  rows: Iterable<Row>,
  upTo: bigint,
  part: StoredPart,
): Generator<Version> {
  let pending: Version | undefined;
  for (const [, , slot, from, storedTo, ord, body] of rows) {
    const to = storedTo > upTo ? OPEN : storedTo;
    const order = ord === null ? null : String(ord);
    if (
      pending !== undefined &&
      pending.slot === slot &&
      pending.order === order &&
      pending.body === body &&
      (part === 'value' || pending.to === from)
    ) {
      pending = { ...pending, to };
      continue;
    }
    if (pending !== undefined) yield pending;
    pending = { slot, from, to, order, body };
  }
  if (pending !== undefined) yield pending;
};

const versionText = (v: Version): string =>
  `${v.slot}\u0000${v.from}\u0000${v.to}\u0000${v.order ?? ''}\u0000${v.body ?? '\u0001'}\n`;

interface Digests {
  readonly byDocument: Map<string, string>;
  readonly rows: number;
}

const documentKey = (part: StoredPart, coll: number, id: string): string =>
  `${part}\u0000${coll}\u0000${id}`;

/** Every document's digest of its visible versions, part by part, in one pass over each table. */
const digestsOf = (file: Database.Database, upTo: bigint): Digests => {
  const byDocument = new Map<string, string>();
  let rows = 0;
  for (const part of PARTS) {
    let current: { key: string; rows: Row[] } | undefined;
    const finish = (): void => {
      if (current === undefined) return;
      const hash = createHash('sha256');
      for (const v of visibleVersions(current.rows, upTo, part.table)) hash.update(versionText(v));
      byDocument.set(current.key, hash.digest('base64'));
    };
    const statement = file.prepare<{ upTo: bigint }, Row>(part.all).raw(true);
    for (const row of statement.iterate({ upTo })) {
      rows += 1;
      const key = documentKey(part.table, Number(row[0]), row[1]);
      if (current?.key !== key) {
        finish();
        current = { key, rows: [] };
      }
      current.rows.push(row);
    }
    finish();
  }
  return { byDocument, rows };
};

const quoted = (body: string | null): string =>
  body === null
    ? 'removed'
    : body.length > QUOTED_BODY_CHARS
      ? `${body.slice(0, QUOTED_BODY_CHARS)}… (${body.length} characters)`
      : body;

/** One side of a difference, for a person: what the file reads from the differing position. */
const shown = (v: Version | undefined, other: Version | undefined, part: StoredPart): string => {
  if (v === undefined) return 'absent';
  const what = part === 'document' ? `a document from position ${v.from}` : quoted(v.body);
  const until = v.to === OPEN ? '' : ` until position ${v.to}`;
  const order = other !== undefined && other.order !== v.order ? ` (order ${v.order ?? '-'})` : '';
  return `${what}${until}${order}`;
};

/** Each slot's versions, in the order read. */
const bySlot = (versions: Iterable<Version>): Map<string, Version[]> => {
  const slots = new Map<string, Version[]>();
  for (const v of versions) {
    const list = slots.get(v.slot);
    if (list === undefined) slots.set(v.slot, [v]);
    else list.push(v);
  }
  return slots;
};

/** The first version at which two lists of one slot's versions differ, with its position. */
const divergence = (
  ours: readonly Version[],
  theirs: readonly Version[],
): { served?: Version; folded?: Version; position: bigint } | undefined => {
  for (let i = 0; i < Math.max(ours.length, theirs.length); i++) {
    const a = ours.at(i);
    const b = theirs.at(i);
    if (a !== undefined && b !== undefined && versionText(a) === versionText(b)) continue;
    const froms = [a?.from, b?.from].filter((f): f is bigint => f !== undefined);
    return { served: a, folded: b, position: froms.reduce((x, y) => (x < y ? x : y)) };
  }
  return undefined;
};

/**
 * Where one document's part first reads differently in the two files: of its slots (a field
 * and key) whose versions differ, the one that differs at the earliest position.
 */
const firstDifference = (
  served: Database.Database,
  folded: Database.Database,
  key: string,
  upTo: bigint,
): ReadModelDifference | undefined => {
  const [table, collText, id] = key.split('\u0000') as [StoredPart, string, string];
  const coll = Number(collText);
  const part = PARTS.find((p) => p.table === table);
  if (part === undefined) throw new Error(`no stored part ${table}`);
  const read = (file: Database.Database): Map<string, Version[]> =>
    bySlot(
      visibleVersions(
        file
          .prepare<{ coll: number; id: string; upTo: bigint }, Row>(part.one)
          .raw(true)
          .all({ coll, id, upTo }),
        upTo,
        table,
      ),
    );
  const ours = read(served);
  const theirs = read(folded);
  let first: { slot: string; served?: Version; folded?: Version; position: bigint } | undefined;
  for (const slot of new Set([...ours.keys(), ...theirs.keys()])) {
    const found = divergence(ours.get(slot) ?? [], theirs.get(slot) ?? []);
    if (found !== undefined && (first === undefined || found.position < first.position)) {
      first = { slot, ...found };
    }
  }
  if (first === undefined) return undefined;
  const { model, collection } = COLLECTIONS[coll];
  const [field, cellKey] = first.slot === '' ? [] : (JSON.parse(first.slot) as string[]);
  return {
    model: READ_MODELS[model].name,
    collection,
    documentId: id,
    part: table,
    ...(field === undefined ? {} : { field }),
    ...(cellKey === undefined ? {} : { key: cellKey }),
    position: first.position,
    served: shown(first.served, first.folded, table),
    folded: shown(first.folded, first.served, table),
  };
};

/**
 * Compares the served file with a fold of the ledger up to `upTo` (written by
 * rebuildReadModelsUpTo): every document's life, list items, map entries and values, as a
 * reader sees them at every position up to `upTo`. Both are read inside one read transaction
 * each, so a service writing meanwhile changes nothing read.
 */
export const compareReadModelFiles = (
  servedPath: string,
  foldedPath: string,
  upTo: bigint,
): ReadModelComparison => {
  const open = (path: string): Database.Database => {
    const file = new Database(path, { readonly: true, fileMustExist: true });
    file.defaultSafeIntegers(true);
    return file;
  };
  const served = open(servedPath);
  const folded = open(foldedPath);
  try {
    return served.transaction(() =>
      folded.transaction(() => {
        const ours = digestsOf(served, upTo);
        const theirs = digestsOf(folded, upTo);
        const keys = new Set([...ours.byDocument.keys(), ...theirs.byDocument.keys()]);
        const differingKeys = [...keys].filter(
          (key) => ours.byDocument.get(key) !== theirs.byDocument.get(key),
        );
        const documents = new Set([...keys].map((key) => key.slice(key.indexOf('\u0000') + 1)));
        const differingDocuments = new Set(
          differingKeys.map((key) => key.slice(key.indexOf('\u0000') + 1)),
        );
        return {
          ok: differingKeys.length === 0,
          position: upTo,
          documents: documents.size,
          rows: ours.rows,
          differing: differingDocuments.size,
          differences: differingKeys
            .slice(0, DESCRIBED_DIFFERENCES)
            .flatMap((key) => firstDifference(served, folded, key, upTo) ?? []),
        };
      })(),
    )();
  } finally {
    served.close();
    folded.close();
  }
};

/** What checking a served read-model file against the ledger found. */
export type ReadModelCheck =
  | { readonly kind: 'compared'; readonly comparison: ReadModelComparison }
  /** No file at the path: there is nothing served to check. */
  | { readonly kind: 'no-file' }
  /** Written by another version of the models or layout: this build cannot read it as it is. */
  | { readonly kind: 'another-version'; readonly signature: string | null }
  /** Folded from another ledger: its checkpoint names an event this ledger does not hold. */
  | { readonly kind: 'another-ledger'; readonly position: bigint };

/**
 * Folds the ledger up to the served file's checkpoint into a file of its own in a temporary
 * folder (removed after) and compares the two. The served file is only read; a service may go
 * on writing it meanwhile.
 */
export const checkReadModelFile = async (
  store: EventStore,
  servedPath: string,
  onProgress?: (progress: RebuildProgress) => void,
): Promise<ReadModelCheck> => {
  if (!existsSync(servedPath)) return { kind: 'no-file' };
  const served = ReadModelDb.openReader(servedPath);
  let checkpoint: Checkpoint;
  try {
    checkpoint = served.checkpoint();
  } finally {
    served.close();
  }
  if (checkpoint.signature !== storedSignature()) {
    return { kind: 'another-version', signature: checkpoint.signature };
  }
  if (!(await foldedFromThisLedger(store, checkpoint))) {
    return { kind: 'another-ledger', position: checkpoint.position };
  }
  const dir = mkdtempSync(join(tmpdir(), 'ledger-read-model-check-'));
  try {
    const foldedPath = join(dir, 'folded.sqlite');
    const folded = ReadModelDb.open(foldedPath);
    try {
      await rebuildReadModelsUpTo(store, folded, checkpoint.position, onProgress);
    } finally {
      folded.close();
    }
    return {
      kind: 'compared',
      comparison: compareReadModelFiles(servedPath, foldedPath, checkpoint.position),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};
