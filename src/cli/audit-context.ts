/**
 * What the audit commands run on: the service's configuration and its event store, opened
 * for one command and closed after. They only read, so they need no token file; and they
 * refuse to start on a ledger file that is not there rather than create an empty one that
 * would "verify".
 */
import { existsSync } from 'node:fs';
import { chainScopeOf, ledgerVerifierFor } from '../audit/ledger-verifier.factory';
import { LedgerVerifier } from '../audit/ledger-verifier';
import { TimeRange, parseTimeRange } from '../audit/time-range';
import { AppConfig, ConfigError, loadConfig } from '../config/config';
import { EventStore } from '../event-store/event-store';
import { ProblemException } from '../shared/problem';
import { openStore } from '../infra/open-store';
import { UsageError } from './cli';

export interface LedgerContext {
  readonly config: AppConfig;
  readonly store: EventStore;
  readonly verifier: LedgerVerifier;
}

export const withLedger = async <T>(work: (context: LedgerContext) => Promise<T>): Promise<T> => {
  const config = loadConfig();
  if (config.store === 'sqlite' && !existsSync(config.sqlitePath)) {
    throw new ConfigError([
      `LEDGER_SQLITE_PATH=${config.sqlitePath}: there is no ledger file there`,
    ]);
  }
  const store = await openStore(config);
  try {
    return await work({
      config,
      store,
      verifier: ledgerVerifierFor(chainScopeOf(config.store), store),
    });
  } finally {
    await store.close();
  }
};

/** The HTTP parsers answer problems; on the command line the same mistakes are usage errors. */
export const asUsage = <T>(parse: () => T): T => {
  try {
    return parse();
  } catch (error) {
    if (error instanceof ProblemException) throw new UsageError(error.problem.detail);
    throw error;
  }
};

export const cliTimeRange = (from: string | undefined, to: string | undefined): TimeRange =>
  asUsage(() => parseTimeRange(from, to));
