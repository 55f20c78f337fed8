/**
 * The read models at one ledger position as the `LedgerViews` every query and fold already
 * reads, with each collection read lazily from the read-model database: a document is read
 * (one indexed query of its cells, keeping those open there) the first time it is asked for,
 * and the ids the first time the collection is enumerated. Nothing is loaded whole; what a query reads is
 * dropped with it.
 *
 * A collection is immutable, like the plain objects the folds produce. A fold writes through
 * FoldScope, which asks the collection for a fork: a writable overlay of the documents the
 * fold put, over the same position (FORK_COLLECTION).
 */
import { LRUCache } from 'lru-cache';
import { FORK_COLLECTION, setEntry } from '../shared/fold-scope';
import { LedgerViews } from '../../projections/ledger-views';
import { holdsOn, measuredDays, noteDays, OnDay } from '../../projections/figures/days';
import { cellCount, Doc, fieldCellCount } from './cells';
import { COLLECTIONS, objectKeyOrder, OPEN, ReadModelDb } from './read-model-db';
import { ownEntry } from '../shared/own-entry';

/**
 * Cells of current documents kept parsed, across positions (cells.ts's cellCount): a bound by
 * size, not by count, since a document grows with its investment's history (a few hundred
 * cells for most, tens of thousands for a decades-long one). A parsed cell is a few hundred
 * bytes, so this keeps the cache to tens of megabytes however large the ledger.
 */
export const DOCUMENT_CACHE_CELLS = 200_000;
/**
 * Cells of the documents the runner wrote last (its working set), kept apart from the
 * documents queries read: the next batch folds onto them, and one it must read back costs a
 * read of every cell (an investment's summary with thousands of reports: tens of
 * milliseconds, and each report is in three documents). Apart, so that a query walking every
 * investment (the fund report, the board report) does not push out what the commands are
 * about to fold onto. Its size is the hot set a busy service folds onto again and again: the
 * HTTP bench's 40 investments with about 2,500 reports each hold 300,000 cells in their three
 * documents, and with a bound below that every batch read most of them back (bench/README.md,
 * "The p99 at 50 connections"). A parsed cell measured 96-219 bytes of heap on the 1M-event
 * bench ledger's documents (500 of each collection, and its largest): some 50-110 MB when full.
 */
export const WORKING_SET_CELLS = 500_000;
/**
 * Documents whose current version's first position is remembered (a position each): enough
 * for every document of a fund's read models many times over, a few megabytes at most.
 */
const OPEN_VERSIONS = 200_000;
/**
 * Values derived from one document version (an investment's figures to date, its overdue
 * count, its outline, its rows of a report) kept across queries, in units of one report row
 * or one list item's value. The dashboard's overview at the 1M-event bench ledger's head asks
 * about 100,000 together (the fund report by fund and year: 48k rows of its 4,902
 * investments, the follow-up, the counts per stage, the list's figures to date); the board
 * report 183,000 (every funded investment's figures by year besides). A least-recently-used
 * cache smaller than what one question walks keeps nothing for the next: at 60,000 the
 * overview's report took 3.3-3.9 s every time (0.32 s asked again with room for all), and at
 * 100,000 the board report 23.7 s asked again (10.7 s with room for all, of which 10 s is the
 * ledger digest). Measured heap after two board reports with room for all: 238 MB.
 */
export const DERIVED_UNITS = 250_000;
/**
 * Collections' value fields read whole (valuesOfEach) kept by position: a few, since a position's
 * values never change and queries in a row ask at the same one (the list's pages, the
 * overview's counts per stage). About 1 MB each for the 4,902 summaries of the 1M-event bench
 * ledger.
 */
const VALUE_READS = 8;
/** Cells of the documents one collection at one past position keeps parsed while queries walk it. */
const PAST_CELLS_PER_COLLECTION = 50_000;

/** A cache entry's size: one at least (lru-cache refuses zero). */
const sizeOf = (entry: { readonly doc: Doc | undefined }): number =>
  entry.doc === undefined ? 1 : cellCount(entry.doc);

interface CachedDocument {
  readonly doc: Doc;
  /** The first position it holds at; it holds until the writer replaces it. */
  readonly from: bigint;
}

const cacheKey = (coll: number, id: string): string => `${coll}\u0000${id}`;

/**
 * What a lazily read collection answers under `key` (OUTLINE, VALUES, DERIVE, … below);
 * undefined for a plain collection object, which the callers read as it is.
 */
const readerOf = <R>(collection: object, key: symbol): R | undefined =>
  (collection as Record<symbol, R | undefined>)[key];

/**
 * Part of one document with the fields named (or without them): what a lazily read collection
 * answers under `key`, else cut from the document itself.
 */
const partOfDocument = <T>(
  collection: object,
  key: symbol,
  id: string,
  fields: readonly string[],
  fromDoc: (doc: Doc, fields: readonly string[]) => T,
): T | undefined => {
  const read = readerOf<(id: string, fields: readonly string[]) => T | undefined>(collection, key);
  if (read !== undefined) return read(id, fields);
  const doc = ownEntry(collection as Readonly<Record<string, Doc | undefined>>, id);
  return doc === undefined ? undefined : fromDoc(doc, fields);
};

/** A document without some of its fields, and how many items (cells) each of those holds. */
export interface Outline {
  readonly doc: Doc;
  readonly counts: Readonly<Record<string, number>>;
}

type OutlineReader = (id: string, counted: readonly string[]) => Outline | undefined;

/** A lazily read collection answers outlines under this key, read without the left-out bodies. */
const OUTLINE = Symbol('outline');

/** The document without the fields named, cut from the whole one. */
export const withoutFields = (doc: Doc, leftOut: readonly string[]): Doc => {
  const left = new Set(leftOut);
  const rest: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(doc)) {
    if (!left.has(field) && value !== undefined) setEntry(rest, field, value);
  }
  return rest;
};

/** The outline of a whole document, as ReadModelDb.outlineAt reads it from the file. */
export const outlineFrom = (doc: Doc, counted: readonly string[]): Outline => {
  const counts: Record<string, number> = {};
  for (const field of counted) counts[field] = fieldCellCount(doc[field]);
  return { doc: withoutFields(doc, counted), counts };
};

/**
 * One document of a collection without the fields named (lists that grow with its history),
 * and their sizes: read without their bodies from a lazily read collection (unless it holds
 * the whole document already), taken from the document itself from any other.
 */
export const outlineOf = (
  collection: object,
  id: string,
  counted: readonly string[],
): Outline | undefined => partOfDocument(collection, OUTLINE, id, counted, outlineFrom);

type WithoutReader = (id: string, leftOut: readonly string[]) => Doc | undefined;

/** A lazily read collection answers documents without some of their lists under this key. */
const WITHOUT = Symbol('without');

/**
 * One document of a collection without the lists and maps named (nor their sizes, unlike
 * outlineOf): read without visiting their cells from a lazily read collection (unless it holds
 * the whole document already), cut from the document itself from any other.
 */
export const documentWithout = (
  collection: object,
  id: string,
  leftOut: readonly string[],
): Doc | undefined => partOfDocument(collection, WITHOUT, id, leftOut, withoutFields);

type ValuesReader = (fields: readonly string[]) => Map<string, Record<string, unknown>>;

/** A lazily read collection answers the value fields of every document under this key. */
const VALUES = Symbol('values');

/** The fields of a whole document that are values (not lists or maps), in its order. */
export const valuesFrom = (doc: Doc, fields: readonly string[]): Record<string, unknown> => {
  const out: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(doc)) {
    if (!fields.includes(field) || value === undefined) continue;
    if (value === null || typeof value !== 'object') setEntry(out, field, value);
  }
  return out;
};

const valuesOfDocs = (
  collection: object,
  fields: readonly string[],
): Map<string, Record<string, unknown>> => {
  const out = new Map<string, Record<string, unknown>>();
  for (const [id, doc] of Object.entries(collection as Readonly<Record<string, Doc | undefined>>)) {
    if (doc !== undefined) out.set(id, valuesFrom(doc, fields));
  }
  return out;
};

/**
 * The named value fields of every document of a collection, by id (a field that is a list or
 * a map is left out): from a lazily read collection in one statement over the value log
 * (ReadModelDb.valuesAt), without reading any document whole or any list; from any other,
 * taken from the documents. What a list needs to count, filter and sort every document
 * before it reads the page it shows.
 */
export const valuesOfEach = (
  collection: object,
  fields: readonly string[],
): Map<string, Record<string, unknown>> => {
  const read = readerOf<ValuesReader>(collection, VALUES);
  return read !== undefined ? read(fields) : valuesOfDocs(collection, fields);
};

type DocumentValuesReader = (
  id: string,
  fields: readonly string[],
) => Record<string, unknown> | undefined;

/** A lazily read collection answers one document's value fields under this key. */
const DOCUMENT_VALUES = Symbol('document values');

/**
 * The named value fields of one document (lists and maps left out), undefined when there is
 * none by that id: from a lazily read collection a few seeks in the value log (or the
 * document itself when it is parsed already), never its lists; from any other, taken from the
 * document. For a question about one field of a document that may be thousands of cells (is
 * this investment approved?).
 */
export const valuesOf = (
  collection: object,
  id: string,
  fields: readonly string[],
): Record<string, unknown> | undefined =>
  partOfDocument(collection, DOCUMENT_VALUES, id, fields, valuesFrom);

/** Works a derived value out; given the kept value it replaces when `stale` refused that one. */
type Compute<T> = (replaced?: T) => T;

type Deriver = <T>(
  id: string,
  question: string,
  compute: Compute<T>,
  unitsOf?: (value: T) => number,
  stale?: (kept: T) => boolean,
) => T;

/** A lazily read collection derives values from its documents under this key. */
const DERIVE = Symbol('derive');

type Keeper = (id: string, question: string) => { readonly value: unknown } | undefined;

/** A lazily read collection answers what it keeps derived under this key. */
const KEPT = Symbol('kept');

/**
 * The value derivedOf keeps for document `id` under `question`, if it keeps one for the
 * version that holds now; undefined otherwise (nothing is computed). For a caller that can
 * use a richer value another query worked out (a list's outline) in place of computing its
 * own.
 */
export const keptDerived = (collection: object, id: string, question: string): unknown =>
  readerOf<Keeper>(collection, KEPT)?.(id, question)?.value;

/**
 * Whether derivedOf keeps a value for document `id` under `question` for the version that
 * holds now: also when that value is undefined (an investment that owes no follow-up).
 */
export const keepsDerived = (collection: object, id: string, question: string): boolean =>
  readerOf<Keeper>(collection, KEPT)?.(id, question) !== undefined;

/**
 * The question a derived value is kept under: its name and every option it depends on, so two
 * callers that mean the same value (the list's overdue count and the follow-up report's
 * part) write the same text, and any option left out shows in the call.
 */
export const derivedQuestion = (name: string, ...options: readonly unknown[]): string =>
  `${name} ${JSON.stringify(options)}`;

/**
 * `compute()`, a value derived from the collection's document `id` alone (and from the
 * options `question` names): from a lazily read collection, kept with that version of the
 * document while the version is known (DocumentCache.derive); from any other, computed each
 * time. The value is shared between queries: never change it. `unitsOf` weighs it
 * (DERIVED_UNITS; one unit when not given); a kept value that `stale` refuses is computed
 * again (`compute` is given the refused one) and kept in its place.
 */
export const derivedOf = <T>(
  collection: object,
  id: string,
  question: string,
  compute: Compute<T>,
  unitsOf?: (value: T) => number,
  stale?: (kept: T) => boolean,
): T => {
  const derive = readerOf<Deriver>(collection, DERIVE);
  return derive === undefined ? compute() : derive(id, question, compute, unitsOf, stale);
};

type VersionTeller = (id: string, from: bigint, to: bigint, nothingWrittenSince: boolean) => void;

/** A lazily read collection is told of a document's version under this key. */
const SEEN = Symbol('seen');

/**
 * Tells a lazily read collection that document `id`'s version at its position held from
 * `from` until `to` (before `to`), as read from the file elsewhere (a worker thread), and
 * whether the runner has written nothing since that position: what is derived from that
 * version is then kept with it, as when the collection reads it itself. Any other collection
 * keeps nothing, and is not told.
 */
export const versionSeen = (
  collection: object,
  id: string,
  version: { readonly from: bigint; readonly to: bigint },
  nothingWrittenSince: boolean,
): void =>
  readerOf<VersionTeller>(collection, SEEN)?.(id, version.from, version.to, nothingWrittenSince);

type PositionReader = () => bigint | undefined;

/** A lazily read collection tells the file position its documents are read at under this key. */
const READ_AT = Symbol('read at');

/**
 * The position of the read-model file a collection's documents are read at, when every one of
 * them is read from the file there: a lazily read collection's own. Undefined for a fork (the
 * documents its fold put are not in the file) and for any other collection.
 */
export const filePositionOf = (collection: object): bigint | undefined =>
  readerOf<PositionReader>(collection, READ_AT)?.();

/** Ranges of days kept per figure: the present and a few as-of moments asked in turn. */
const RANGES_KEPT = 3;

/**
 * derivedOf for a value that also depends on the day it is figured for (projections/figures/
 * days.ts): kept with the days it holds for, under a question that leaves the day out, so an
 * as-of question on another of those days (another moment, where most investments' documents
 * are the same versions) reuses it; on a day outside them it is figured again and kept beside
 * the ranges kept before (the latest RANGES_KEPT), so questions about the present and about a
 * past moment do not push each other out. `question` must name every option but the day.
 */
export const derivedOnDay = <T>(
  collection: object,
  id: string,
  question: string,
  today: string,
  compute: () => T,
  unitsOf: (value: T) => number = ONE_UNIT,
): OnDay<T> => {
  const kept = derivedOf<readonly OnDay<T>[]>(
    collection,
    id,
    question,
    (earlier = []) => [measuredDays(compute), ...earlier].slice(0, RANGES_KEPT),
    (ranges) => ranges.reduce((units, onDay) => units + unitsOf(onDay.value), 0),
    (ranges) => !ranges.some((onDay) => holdsOn(onDay.days, today)),
  );
  // The one just figured holds on `today` (measured on it), so one always does.
  const onDay = kept.find((k) => holdsOn(k.days, today)) ?? kept[0];
  // A kept figure bounds the days of any figure being worked out from it.
  noteDays(onDay.days);
  return onDay;
};

/**
 * The documents as they are now (open cells), shared by every position at or after the
 * version's first position. Only the runner, which writes every change, and reads that find
 * a document still open put entries here, so an entry is never stale for a position at or
 * after its `from` up to the checkpoint.
 */
export class DocumentCache {
  /** Current documents a query read (`read`). */
  private readonly entries = new LRUCache<string, CachedDocument>({
    maxSize: DOCUMENT_CACHE_CELLS,
    sizeCalculation: sizeOf,
  });
  /** Current documents the runner wrote (`written`); a key is in one of the two, not both. */
  private readonly working: LRUCache<string, CachedDocument>;
  /**
   * The first position of each document's current version, kept after its body has left
   * `entries` or `working`: a document's version is known without reading it again, so what
   * was derived from it can be reused (derive).
   */
  private readonly openFrom = new LRUCache<string, bigint>({ max: OPEN_VERSIONS });
  /**
   * The bounds of the past version of each document last read from the file (a version that
   * has ended never changes): what was derived from it is reused at any position it holds at,
   * so an as-of question after another at the same moment (an investment's page after the
   * list, the board report after the fund report) reuses what the first worked out for it.
   * Only reads tell of these: the runner tells of the last version it wrote in a batch, not
   * of every version it ended.
   */
  private readonly pastVersion = new LRUCache<string, { from: bigint; to: bigint }>({
    max: OPEN_VERSIONS,
  });
  private readonly derived = new LRUCache<
    string,
    { readonly value: unknown; readonly units: number }
  >({
    maxSize: DERIVED_UNITS,
    sizeCalculation: (entry) => entry.units,
  });

  /** Every document's value fields at one position (valuesOfEach), by position and fields. */
  private readonly valueReads = new LRUCache<string, Map<string, Record<string, unknown>>>({
    max: VALUE_READS,
  });

  /** Current documents read whole from the file (figures). */
  private currentReads = 0;

  /** `workingSetCells`: the room for the runner's working set (WORKING_SET_CELLS). */
  constructor(workingSetCells = WORKING_SET_CELLS) {
    this.working = new LRUCache<string, CachedDocument>({
      maxSize: workingSetCells,
      sizeCalculation: sizeOf,
    });
  }

  get(coll: number, id: string, position: bigint): Doc | undefined {
    const key = cacheKey(coll, id);
    const entry = this.working.get(key) ?? this.entries.get(key);
    return entry !== undefined && entry.from <= position ? entry.doc : undefined;
  }

  /** A version the runner just wrote (doc undefined: the document is gone). */
  written(coll: number, id: string, doc: Doc | undefined, from: bigint): void {
    const key = cacheKey(coll, id);
    this.entries.delete(key);
    if (doc === undefined) {
      this.working.delete(key);
      this.openFrom.delete(key);
    } else {
      this.working.set(key, { doc, from });
      this.openFrom.set(key, from);
    }
  }

  /**
   * How the cache holds up: the cells it keeps (the runner's working set's and the documents
   * queries read), and how many current documents were read whole from the file because it
   * did not keep them (by the runner, to fold onto, or by a query). While commands arrive
   * and no one queries, a count that climbs is the runner reading back what it wrote: a
   * working set too small for what it comes back to.
   */
  figures(): {
    readonly workingSetCells: number;
    readonly queryCells: number;
    readonly currentDocumentsRead: number;
  } {
    return {
      workingSetCells: this.working.calculatedSize,
      queryCells: this.entries.calculatedSize,
      currentDocumentsRead: this.currentReads,
    };
  }

  read(coll: number, id: string, doc: Doc, from: bigint, to: bigint): void {
    if (to === OPEN) {
      this.currentReads += 1;
      const key = cacheKey(coll, id);
      // Kept in one place: a current version the working set holds is the one read here.
      if (!this.working.has(key)) this.entries.set(key, { doc, from });
    }
    this.seen(coll, id, from, to);
  }

  /** A version read from the file (whole or as an outline), with its bounds. */
  seen(coll: number, id: string, from: bigint, to: bigint): void {
    if (to === OPEN) this.openFrom.set(cacheKey(coll, id), from);
    else this.pastVersion.set(cacheKey(coll, id), { from, to });
  }

  /**
   * `compute()`, a value derived from the document as it stands right after `position` and
   * from nothing else but `question` (which names it and every option it depends on), kept
   * with that version: asked again at any position the version holds at, it is answered
   * without reading the document. The versions known here are the current ones (the runner
   * tells of every document it writes) and the past one of each document last read; at a
   * position in any other version the value is computed each time.
   */
  derive<T>(
    coll: number,
    id: string,
    position: bigint,
    question: string,
    compute: Compute<T>,
    unitsOf: (value: T) => number = ONE_UNIT,
    stale?: (kept: T) => boolean,
  ): T {
    const known = this.versionFrom(coll, id, position);
    const hit =
      known === undefined ? undefined : this.derived.get(derivedKey(coll, id, known, question));
    if (hit !== undefined && stale?.(hit.value as T) !== true) return hit.value as T;
    const value = compute(hit?.value as T | undefined);
    // Computing it may have read the document, and so told which version holds at `position`.
    const from = known ?? this.versionFrom(coll, id, position);
    if (from !== undefined) {
      const units = Math.max(1, unitsOf(value));
      this.derived.set(derivedKey(coll, id, from, question), { value, units });
    }
    return value;
  }

  /** What derive keeps for the version that holds at `position`, if anything. */
  kept(coll: number, id: string, position: bigint, question: string): unknown {
    return this.keptEntry(coll, id, position, question)?.value;
  }

  /** kept's value as an entry, so a kept undefined (a part that is none) is told from nothing. */
  keptEntry(
    coll: number,
    id: string,
    position: bigint,
    question: string,
  ): { readonly value: unknown } | undefined {
    const from = this.versionFrom(coll, id, position);
    const entry =
      from === undefined ? undefined : this.derived.get(derivedKey(coll, id, from, question));
    return entry && { value: entry.value };
  }

  /**
   * `read()`, the named value fields of every document of a collection at `position`, kept by
   * position: the ledger as it stood there never changes. Shared between queries: never
   * change it.
   */
  valuesAt(
    coll: number,
    position: bigint,
    fields: readonly string[],
    read: () => Map<string, Record<string, unknown>>,
  ): Map<string, Record<string, unknown>> {
    const key = `${coll}\u0000${position}\u0000${JSON.stringify(fields)}`;
    const known = this.valueReads.get(key);
    if (known !== undefined) return known;
    const values = read();
    this.valueReads.set(key, values);
    return values;
  }

  clear(): void {
    this.valueReads.clear();
    this.entries.clear();
    this.working.clear();
    this.openFrom.clear();
    this.pastVersion.clear();
    this.derived.clear();
  }

  /**
   * The first position of the document's version that holds at `position`, if it is known: the
   * current one (every version `entries` or `working` holds is in `openFrom` too: both are set
   * together) or the past one last read.
   */
  private versionFrom(coll: number, id: string, position: bigint): bigint | undefined {
    const key = cacheKey(coll, id);
    const from = this.openFrom.get(key);
    if (from !== undefined && from <= position) return from;
    const past = this.pastVersion.get(key);
    return past !== undefined && past.from <= position && position < past.to
      ? past.from
      : undefined;
  }
}

const ONE_UNIT = (): number => 1;

const derivedKey = (coll: number, id: string, from: bigint, question: string): string =>
  `${coll}\u0000${id}\u0000${from}\u0000${question}`;

/** One collection's documents right after one position. */
class CollectionAt {
  private ids: string[] | undefined;
  private idSet: Set<string> | undefined;
  private readonly memo = new LRUCache<string, { doc: Doc | undefined }>({
    maxSize: PAST_CELLS_PER_COLLECTION,
    sizeCalculation: sizeOf,
  });

  constructor(
    private readonly db: ReadModelDb,
    private readonly cache: DocumentCache,
    readonly coll: number,
    readonly position: bigint,
  ) {}

  get(id: string): Doc | undefined {
    const cached = this.cache.get(this.coll, id, this.position);
    if (cached !== undefined) return cached;
    const memo = this.memo.get(id);
    if (memo !== undefined) return memo.doc;
    const version = this.db.documentAt(this.coll, id, this.position);
    if (version !== undefined) {
      this.cache.read(this.coll, id, version.doc, version.from, version.to);
    }
    this.memo.set(id, { doc: version?.doc });
    return version?.doc;
  }

  /**
   * Part of a document: taken from the whole document when it is parsed already (kept current,
   * or kept for this position), else read from the file as `read` reads it.
   */
  private partOf<T>(
    id: string,
    fromDoc: (doc: Doc) => T,
    read: () => T | undefined,
  ): T | undefined {
    const cached = this.cache.get(this.coll, id, this.position);
    if (cached !== undefined) return fromDoc(cached);
    const memo = this.memo.get(id);
    if (memo !== undefined) return memo.doc && fromDoc(memo.doc);
    return read();
  }

  outline(id: string, counted: readonly string[]): Outline | undefined {
    return this.partOf(
      id,
      (doc) => outlineFrom(doc, counted),
      () => {
        const version = this.db.outlineAt(this.coll, id, this.position, counted);
        if (version === undefined) return undefined;
        this.cache.seen(this.coll, id, version.from, version.to);
        return { doc: version.doc, counts: version.counts };
      },
    );
  }

  /**
   * Read without its version's bounds, so nothing is remembered of its version (seen): what is
   * derived from it is kept only when another read or the runner told of that version.
   */
  without(id: string, leftOut: readonly string[]): Doc | undefined {
    return this.partOf(
      id,
      (doc) => withoutFields(doc, leftOut),
      () => this.db.documentWithoutAt(this.coll, id, this.position, leftOut),
    );
  }

  documentValues(id: string, fields: readonly string[]): Record<string, unknown> | undefined {
    return this.partOf(
      id,
      (doc) => valuesFrom(doc, fields),
      () => this.db.documentValuesAt(this.coll, id, this.position, fields),
    );
  }

  values(fields: readonly string[]): Map<string, Record<string, unknown>> {
    return this.cache.valuesAt(this.coll, this.position, fields, () =>
      this.db.valuesAt(this.coll, this.position, fields),
    );
  }

  derive<T>(
    id: string,
    question: string,
    compute: Compute<T>,
    unitsOf?: (value: T) => number,
    stale?: (kept: T) => boolean,
  ): T {
    return this.cache.derive(this.coll, id, this.position, question, compute, unitsOf, stale);
  }

  kept(id: string, question: string): { readonly value: unknown } | undefined {
    return this.cache.keptEntry(this.coll, id, this.position, question);
  }

  /**
   * A version of the document read by another connection (a worker thread) at this position,
   * from `from` until `to`. A closed version never changes, so its bounds are kept as they
   * are. One read open is the current one only if the runner has written nothing since it was
   * read (`nothingWrittenSince`); otherwise it may have been closed meanwhile, and is known to
   * hold up to this position only: remembered so, a version the runner wrote after it is never
   * mistaken for it.
   */
  seenVersion(id: string, from: bigint, to: bigint, nothingWrittenSince: boolean): void {
    const bound = to !== OPEN || nothingWrittenSince ? to : this.position + 1n;
    this.cache.seen(this.coll, id, from, bound);
  }

  has(id: string): boolean {
    if (this.idSet !== undefined) return this.idSet.has(id);
    if (this.cache.get(this.coll, id, this.position) !== undefined) return true;
    const memo = this.memo.get(id);
    if (memo !== undefined) return memo.doc !== undefined;
    return this.db.hasAt(this.coll, id, this.position);
  }

  keys(): readonly string[] {
    if (this.ids === undefined) {
      this.ids = this.db.idsAt(this.coll, this.position);
      this.idSet = new Set(this.ids);
    }
    return this.ids;
  }
}

/** Every collection object made here, so a caller can tell one from a plain copy. */
const lazyCollections = new WeakSet<object>();
export const isLazyCollection = (value: object): boolean => lazyCollections.has(value);

/**
 * A collection object over `base`; with `overlay`, writable (a fork for one fold): the
 * documents put by the fold, over the base's.
 */
const collectionProxy = (
  base: CollectionAt,
  overlay?: Map<string, unknown>,
): Record<string, unknown> => {
  /** The document, or undefined when there is none by that id. */
  const lookup = (id: string): unknown =>
    overlay?.has(id) === true ? overlay.get(id) : base.get(id);
  const has = (id: string): boolean => overlay?.has(id) === true || base.has(id);
  /** Of one document: from the version the fold put, if it put one, else from the base. */
  const ownOrBase = <T>(
    id: string,
    fromDoc: (doc: Doc) => T,
    fromBase: () => T | undefined,
  ): T | undefined => {
    if (overlay?.has(id) !== true) return fromBase();
    const doc = overlay.get(id) as Doc | undefined;
    return doc === undefined ? undefined : fromDoc(doc);
  };
  /** A reader of part of a document by fields: the fold's own document, else the base's. */
  const fieldsReader =
    <T>(
      fromDoc: (doc: Doc, fields: readonly string[]) => T,
      fromBase: (id: string, fields: readonly string[]) => T | undefined,
    ) =>
    (id: string, fields: readonly string[]): T | undefined =>
      ownOrBase(
        id,
        (doc) => fromDoc(doc, fields),
        () => fromBase(id, fields),
      );
  const keys = (): string[] => {
    if (overlay === undefined || overlay.size === 0) return [...base.keys()];
    const known = base.keys();
    const inBase = new Set(known);
    return objectKeyOrder([...known, ...[...overlay.keys()].filter((id) => !inBase.has(id))]);
  };
  const lazyDescriptor = (id: string): PropertyDescriptor => ({
    get: () => lookup(id),
    enumerable: true,
    configurable: true,
  });
  const put = (id: string, value: unknown): boolean => {
    if (overlay === undefined) {
      throw new TypeError('read models are immutable; a fold writes through its FoldScope');
    }
    overlay.set(id, value);
    return true;
  };
  const proxy = new Proxy<Record<string, unknown>>(
    {},
    {
      get(target, property) {
        if (property === FORK_COLLECTION) {
          return () => collectionProxy(base, new Map(overlay ?? []));
        }
        if (property === KEPT) {
          const kept: Keeper = (id, question) =>
            overlay?.has(id) === true ? undefined : base.kept(id, question);
          return kept;
        }
        if (property === DERIVE) {
          const derive: Deriver = (id, question, compute, unitsOf, stale) =>
            overlay?.has(id) === true
              ? compute()
              : base.derive(id, question, compute, unitsOf, stale);
          return derive;
        }
        if (property === SEEN) {
          // A document the fold put is the fold's: no version of the file's is it.
          const seen: VersionTeller = (id, from, to, nothingWrittenSince) => {
            if (overlay?.has(id) !== true) base.seenVersion(id, from, to, nothingWrittenSince);
          };
          return seen;
        }
        if (property === READ_AT) {
          const readAt: PositionReader = () => (overlay === undefined ? base.position : undefined);
          return readAt;
        }
        if (property === OUTLINE) {
          const read: OutlineReader = fieldsReader(outlineFrom, (id, f) => base.outline(id, f));
          return read;
        }
        if (property === WITHOUT) {
          const read: WithoutReader = fieldsReader(withoutFields, (id, f) => base.without(id, f));
          return read;
        }
        if (property === DOCUMENT_VALUES) {
          const read: DocumentValuesReader = fieldsReader(valuesFrom, (id, f) =>
            base.documentValues(id, f),
          );
          return read;
        }
        if (property === VALUES) {
          // A fork's documents are the fold's until written: read from them, not the file.
          const values: ValuesReader = (fields) =>
            overlay === undefined || overlay.size === 0
              ? base.values(fields)
              : valuesOfDocs(proxy, fields);
          return values;
        }
        if (typeof property !== 'string') return Reflect.get(target, property);
        // As a plain object would: inherited members (toString, …) for ids that are none.
        return lookup(property) ?? Reflect.get(target, property);
      },
      has: (_target, property) => typeof property === 'string' && has(property),
      ownKeys: () => keys(),
      // Object.keys, Object.values, spreading and JSON.stringify ask every key for its
      // descriptor before they read it: answered from the ids alone (a getter, read when
      // read), or walking a collection would read every document twice.
      getOwnPropertyDescriptor: (_target, property) =>
        typeof property === 'string' && has(property) ? lazyDescriptor(property) : undefined,
      set: (_target, property, value) => typeof property === 'string' && put(property, value),
      defineProperty: (_target, property, attributes) =>
        typeof property === 'string' && put(property, attributes.value),
      deleteProperty: () => {
        throw new TypeError('read-model documents are never deleted by a query');
      },
    },
  );
  lazyCollections.add(proxy);
  return proxy;
};

/** Every read model right after `position` (at most the checkpoint), read lazily. */
export const lazyViews = (db: ReadModelDb, cache: DocumentCache, position: bigint): LedgerViews => {
  const views: Record<string, Record<string, unknown>> = {};
  COLLECTIONS.forEach(({ model, collection }, coll) => {
    views[model] ??= {};
    views[model][collection] = collectionProxy(new CollectionAt(db, cache, coll, position));
  });
  return views as unknown as LedgerViews;
};
