/**
 * What the audit commands run on: the service's configuration and its event store, opened
 * for one command and closed after. They only read, so they need no token file; and they
 * refuse to start on a ledger file that is not there rather than create an empty one that
 * would "verify".
 */
import { chainScopeOf, ledgerVerifierFor } from '../audit/ledger-verifier.factory';
import { LedgerVerifier } from '../audit/ledger-verifier';
import { TimeRange } from '../audit/time-range';
import { AppConfig, loadConfig } from '../config/config';
import { EventStore } from '../event-store/event-store';
import { parseRangeBound } from '../periods/moment';
import { ProblemException } from '../shared/problem';
import { openStore } from '../infra/open-store';
import { UsageError } from './cli';
import { requireLedgerFile } from './ledger-file';

export interface LedgerContext {
  readonly config: AppConfig;
  readonly store: EventStore;
  readonly verifier: LedgerVerifier;
}

export const withLedger = async <T>(work: (context: LedgerContext) => Promise<T>): Promise<T> => {
  const config = loadConfig();
  requireLedgerFile(config);
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

/**
 * The HTTP parsers answer problems; on the command line the same mistakes are usage errors,
 * naming the flag as typed: `flags` maps a problem's path (the API's parameter, `lang`) to it
 * (`--lang`).
 */
export const asUsage = <T>(parse: () => T, flags: Readonly<Record<string, string>> = {}): T => {
  try {
    return parse();
  } catch (error) {
    if (error instanceof ProblemException) {
      const errors = error.problem.errors ?? [];
      throw new UsageError(
        errors.length === 0
          ? error.problem.detail
          : errors.map((e) => `${flags[e.path] ?? e.path}: ${e.message}`).join('; '),
      );
    }
    throw error;
  }
};

/** A bound of a time range as given on the command line: the flag and its value. */
export interface FlagValue {
  readonly flag: string;
  readonly value: string | undefined;
}

/**
 * A range of recorded times from flags, read as the API reads `from` and `to`
 * (src/audit/time-range.ts: a bare date is its whole Stockholm day), each problem naming its flag.
 */
export const cliTimeRange = (from: FlagValue | undefined, to: FlagValue | undefined): TimeRange => {
  const range = {
    from: asUsage(() => parseRangeBound(from?.value, from?.flag ?? '--from', 'start-of-day')),
    to: asUsage(() => parseRangeBound(to?.value, to?.flag ?? '--to', 'end-of-day')),
  };
  if (from && to && range.from !== undefined && range.to !== undefined && range.from > range.to) {
    throw new UsageError(`${from.flag}: must not be later than ${to.flag}`);
  }
  return range;
};
