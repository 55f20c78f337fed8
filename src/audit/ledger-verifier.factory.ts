/** Which verifier a ledger needs, by the chain its store keeps. */
import { StoreKind } from '../config/config';
import { EventStore } from '../event-store/event-store';
import { EVENTSTOREDB_CHAIN_SCOPE } from '../event-store/eventstoredb/eventstoredb-chain-scope';
import { ChainScope } from '../event-store/hash-chain';
import { SqliteEventStore } from '../event-store/sqlite/sqlite-event-store';
import { WorkerChainSegments } from './chain-workers';
import { GlobalChainVerifier } from './global-chain-verifier';
import { LedgerVerifier } from './ledger-verifier';
import { StreamChainVerifier } from './stream-chain-verifier';

/**
 * The chain each kind of store keeps. This is the seam for a new adapter: a store that links
 * events per stream (its server assigns positions only at commit) is verified per stream.
 */
export const chainScopeOf = (store: StoreKind): ChainScope => {
  switch (store) {
    case 'sqlite':
      return 'global';
    case 'eventstoredb':
      return EVENTSTOREDB_CHAIN_SCOPE;
    default: {
      const exhaustive: never = store;
      throw new Error(`unknown store kind ${String(exhaustive)}`);
    }
  }
};

/**
 * The embedded store's chain is verified in worker threads, a segment each, when the store
 * is a file they can open read-only (an in-memory ledger is verified in this thread).
 */
export const ledgerVerifierFor = (scope: ChainScope, store: EventStore): LedgerVerifier => {
  if (scope !== 'global') return new StreamChainVerifier(store);
  const file = store instanceof SqliteEventStore ? store.file : undefined;
  const segments = file === undefined ? undefined : new WorkerChainSegments(file);
  return new GlobalChainVerifier(store, { segments });
};
