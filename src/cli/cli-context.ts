/**
 * What commands run on: the service's own configuration (same environment variables, so
 * the same LEDGER_SQLITE_PATH and token file) and the event store, opened per invocation and
 * closed after. Changes are recorded as made by the operating-system user running the CLI.
 */
import { userInfo } from 'node:os';
import { isRole, Role, ROLES } from '../shared/roles';
import { TokenStore } from '../auth/token-store';
import { createUserService, UserService } from '../auth/user.service';
import { AppConfig, loadConfig } from '../config/config';
import { ActorRef, EventStore } from '../event-store/event-store';
import { openStore } from '../infra/open-store';
import { systemClock } from '../infra/tokens';
import { UsageError } from './cli';
import { requireLedgerFile } from './ledger-file';

export interface CliContext {
  readonly config: AppConfig;
  readonly store: EventStore;
  readonly users: UserService;
  /** Who the events say made the change. */
  readonly operator: ActorRef;
}

const operatorName = (): string => {
  try {
    return userInfo().username;
  } catch {
    // Containers may run as a uid without a passwd entry.
    return process.env.USER ?? 'unknown';
  }
};

/** Administration through the CLI is the admin's job; the id says it came from the shell. */
export const cliOperator = (): ActorRef => ({ id: `cli:${operatorName()}`, role: 'admin' });

export const parseRole = (value: string): Role => {
  if (!isRole(value))
    throw new UsageError(`--role ${JSON.stringify(value)}: must be one of ${ROLES.join(', ')}`);
  return value;
};

/**
 * Opens everything, runs `work`, and closes everything whatever happens. The ledger must be
 * there (ledger-file.ts): a user or a token recorded in a ledger this creates would go to a
 * ledger no service reads.
 */
export const withContext = async <T>(work: (context: CliContext) => Promise<T>): Promise<T> => {
  const config = loadConfig();
  requireLedgerFile(config);
  const store = await openStore(config);
  const tokens = TokenStore.open(config.tokensPath);
  try {
    return await work({
      config,
      store,
      users: createUserService(store, tokens, systemClock),
      operator: cliOperator(),
    });
  } finally {
    tokens.close();
    await store.close();
  }
};
