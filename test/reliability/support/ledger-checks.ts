/**
 * What must hold of a ledger after the bank workload, checked on the events themselves:
 * every acknowledged command's event exactly once, nothing refused recorded, no tranche ever
 * below zero, every allocated investment approved, the hash chain intact, and the read models
 * equal to a rebuild from position 0.
 */
import { join } from 'node:path';
import { collect, RecordedEvent } from '../../../src/event-store/event-store';
import { verifyChain } from '../../../src/event-store/hash-chain';
import { SqliteEventStore } from '../../../src/event-store/sqlite/sqlite-event-store';
import { Money } from '../../../src/money/money';
import { ReadModelDb } from '../../../src/projections/read-model-db';
import { rebuildReadModels } from '../../../src/projections/rebuild';
import { FUND_ID, JournalEntry, Kind, KIND_NAMES, KINDS } from './workload';

export interface EventIndex {
  readonly events: readonly RecordedEvent[];
  /** Per kind, the ids its events carry, in store order (a repeat shows up twice). */
  readonly ids: Record<Kind, string[]>;
}

export const indexEvents = (events: readonly RecordedEvent[]): EventIndex => {
  const ids = Object.fromEntries(KIND_NAMES.map((kind) => [kind, [] as string[]])) as Record<
    Kind,
    string[]
  >;
  for (const event of events) {
    for (const kind of KIND_NAMES) {
      if (event.type !== KINDS[kind].eventType) continue;
      ids[kind].push(String((event.data as Record<string, unknown>)[KINDS[kind].idField]));
    }
  }
  return { events, ids };
};

const idOf = (entry: JournalEntry): string | undefined => entry.command.clientId ?? entry.answerId;

/**
 * Acknowledged ⊆ recorded, each once; recorded ⊆ acknowledged ∪ lost. Ids the server makes
 * (reductions, corrections) of lost commands are unknown, so those are counted instead.
 */
export const journalProblems = (journal: readonly JournalEntry[], index: EventIndex): string[] => {
  const problems: string[] = [];
  for (const kind of KIND_NAMES) {
    const entries = journal.filter((e) => e.command.kind === kind);
    const recorded = index.ids[kind];
    const seen = new Set<string>();
    for (const id of recorded) {
      if (seen.has(id)) problems.push(`${kind} ${id} recorded more than once`);
      seen.add(id);
    }
    const acked = new Set(entries.filter((e) => e.verdict === 'acked').map(idOf));
    for (const id of acked) {
      if (id === undefined) problems.push(`${kind} acknowledged without an id`);
      else if (!seen.has(id)) problems.push(`${kind} ${id} acknowledged but not recorded`);
    }
    const lost = entries.filter((e) => e.verdict === 'lost');
    const lostIds = new Set(lost.map((e) => e.command.clientId));
    const unexplained = [...seen].filter((id) => !acked.has(id));
    if (KINDS[kind].idField === 'reductionId' || KINDS[kind].idField === 'correctionId') {
      const lostCommands = new Set(lost.map((e) => e.command)).size;
      if (unexplained.length > lostCommands) {
        problems.push(`${unexplained.length} ${kind} events recorded without an acknowledgement`);
      }
    } else {
      for (const id of unexplained) {
        if (!lostIds.has(id)) problems.push(`${kind} ${id} recorded but refused`);
      }
    }
  }
  return problems;
};

export interface TrancheBook {
  readonly amount: Money;
  /** Net of reductions, as the events say. */
  readonly allocated: Money;
}

/** Folds the fund's events in order; any moment at which a tranche was overdrawn is a problem. */
export const foldTranches = (
  events: readonly RecordedEvent[],
): { tranches: Map<string, TrancheBook>; problems: string[] } => {
  const tranches = new Map<string, TrancheBook>();
  const problems: string[] = [];
  for (const event of events) {
    if (event.streamId !== `fund-${FUND_ID}`) continue;
    const data = event.data as { trancheId: string; amount: string };
    const book = tranches.get(data.trancheId);
    if (event.type === 'TrancheAdded') {
      tranches.set(data.trancheId, { amount: Money.of(data.amount), allocated: Money.zero });
      continue;
    }
    if (book === undefined) continue;
    const change =
      event.type === 'FundsAllocated'
        ? Money.of(data.amount)
        : event.type === 'AllocationReduced'
          ? Money.of(data.amount).negated()
          : Money.zero;
    const allocated = book.allocated.plus(change);
    if (allocated.gt(book.amount) || allocated.isNegative()) {
      problems.push(
        `tranche ${data.trancheId} at position ${event.position}: ${allocated.toString()} allocated of ${book.amount.toString()}`,
      );
    }
    tranches.set(data.trancheId, { ...book, allocated });
  }
  return { tranches, problems };
};

/** The net allocations the acknowledged answers account for, per tranche. */
export const acknowledgedNet = (journal: readonly JournalEntry[]): Map<string, Money> => {
  const allocations = new Map<string, { trancheId: string; amount: Money }>();
  for (const entry of journal) {
    if (entry.verdict !== 'acked' || entry.command.kind !== 'allocate') continue;
    const body = entry.command.request.body as { trancheId: string; amount: string };
    allocations.set(entry.command.clientId ?? '', {
      trancheId: body.trancheId,
      amount: Money.of(body.amount),
    });
  }
  const net = new Map<string, Money>();
  const add = (trancheId: string, amount: Money): void => {
    net.set(trancheId, (net.get(trancheId) ?? Money.zero).plus(amount));
  };
  for (const allocation of allocations.values()) add(allocation.trancheId, allocation.amount);
  const reductions = new Map<string, JournalEntry>();
  for (const entry of journal) {
    if (entry.verdict === 'acked' && entry.command.kind === 'reduce' && entry.answerId) {
      reductions.set(entry.answerId, entry);
    }
  }
  for (const entry of reductions.values()) {
    const allocationId = entry.command.request.path.split('/')[5];
    const allocation = allocations.get(allocationId);
    const body = entry.command.request.body as { amount: string };
    if (allocation) add(allocation.trancheId, Money.of(body.amount).negated());
  }
  return net;
};

/** Every investment that received an allocation was approved by it (the follow-up on its stream). */
export const approvalProblems = (events: readonly RecordedEvent[]): string[] => {
  const allocated = new Set<string>();
  const approved = new Set<string>();
  for (const event of events) {
    const data = event.data as { investmentId?: string };
    if (event.type === 'FundsAllocated' && data.investmentId) allocated.add(data.investmentId);
    if (event.type === 'InvestmentApproved' && data.investmentId) approved.add(data.investmentId);
  }
  return [...allocated]
    .filter((id) => !approved.has(id))
    .map((id) => `investment ${id} has allocations but was never approved`);
};

export interface LedgerFileReport {
  readonly index: EventIndex;
  readonly chainOk: boolean;
  readonly chainReason?: string;
}

/** Opens the ledger file (the service may be running or dead), reads every event and verifies the chain. */
export const readLedgerFile = async (path: string): Promise<LedgerFileReport> => {
  const store = SqliteEventStore.open(path);
  try {
    const events = await collect(store.readAll());
    const chain = await verifyChain(store.readAll());
    return {
      index: indexEvents(events),
      chainOk: chain.ok,
      chainReason: chain.ok ? undefined : chain.reason,
    };
  } finally {
    await store.close();
  }
};

interface DocumentRow {
  readonly model: string;
  readonly collection: string;
  readonly id: string;
  readonly body: unknown;
}

interface ReadModelSnapshot {
  readonly position: string;
  readonly documents: DocumentRow[];
}

/** Every document of a read-model file as of its checkpoint, read back through its cells. */
const snapshotReadModels = (path: string): ReadModelSnapshot => {
  const db = ReadModelDb.open(path);
  try {
    const { position, views } = db.load();
    const documents = Object.entries(views).flatMap(([model, collections]) =>
      Object.entries(collections as Record<string, Record<string, unknown>>).flatMap(
        ([collection, docs]) =>
          Object.entries(docs).map(([id, doc]) => ({
            model,
            collection,
            id,
            body: JSON.parse(JSON.stringify(doc)) as unknown,
          })),
      ),
    );
    return { position: String(position), documents };
  } finally {
    db.close();
  }
};

/**
 * The live read-model file next to a fresh rebuild of the same ledger into another file
 * (what `ledger rebuild` does): both snapshots, for the spec to compare.
 */
export const liveAndRebuilt = async (
  ledgerPath: string,
  liveReadModelPath: string,
  scratchDir: string,
  label: string,
): Promise<{ live: ReadModelSnapshot; rebuilt: ReadModelSnapshot }> => {
  const rebuiltPath = join(scratchDir, `rebuilt-${label}.sqlite`);
  const store = SqliteEventStore.open(ledgerPath);
  const db = ReadModelDb.open(rebuiltPath);
  try {
    await rebuildReadModels(store, db);
  } finally {
    db.close();
    await store.close();
  }
  return { live: snapshotReadModels(liveReadModelPath), rebuilt: snapshotReadModels(rebuiltPath) };
};
