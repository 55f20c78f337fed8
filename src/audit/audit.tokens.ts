/** Injection token of the ledger's verifier (global or per-stream chain, by the store). */
export const LEDGER_VERIFIER = Symbol('LEDGER_VERIFIER');
