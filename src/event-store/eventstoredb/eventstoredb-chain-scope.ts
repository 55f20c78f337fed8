/**
 * The chain the EventStoreDB adapter keeps: one per stream (see ../hash-chain.ts). In a file
 * of its own so the audit can name it without loading the gRPC client, which a service on the
 * embedded store never needs (it would cost every start the client's load time).
 */
export const EVENTSTOREDB_CHAIN_SCOPE = 'stream' as const;
