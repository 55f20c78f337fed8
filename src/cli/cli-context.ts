/**
 * What commands run on: the service's own configuration (same environment variables, so
 * the same LEDGER_SQLITE_PATH and token file) and the event store, opened per invocation and
 * closed after. Changes are recorded as made by the operating-system user running the CLI.
 */
import { userInfo } from 'node:os';
import { isRole, Role, ROLES } from '../shared/roles';
import { TokenStore } from '../auth/token-store';
import { createUserService, UserService } from '../auth/user.service';
import { missingTokenFileProblem } from '../auth/token-file-check';
import { AppConfig, ConfigError, loadConfig } from '../config/config';
import { ActorRef, EventStore } from '../event-store/event-store';
import { openStore } from '../infra/open-store';
import { NotADatabaseFileError } from '../infra/private-file';
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
 * The token file must be the service's (auth/token-file-check.ts). Every command of the
 * context is refused, not only `tokens create`: each would otherwise create the stray file,
 * and the next `tokens create` on that path would find one there.
 */
const requireTokenFile = async (config: AppConfig, store: EventStore): Promise<void> => {
  const problem = await missingTokenFileProblem(config.tokensPath, store, 'the command');
  if (problem !== undefined) throw new ConfigError([problem]);
};

/** A path that holds some other file is a configuration mistake (exit 2), named by its variable. */
const openTokenFile = (config: AppConfig): TokenStore => {
  try {
    return TokenStore.open(config.tokensPath);
  } catch (error) {
    if (error instanceof NotADatabaseFileError)
      throw new ConfigError([`LEDGER_TOKENS_PATH=${config.tokensPath}: ${error.message}`]);
    throw error;
  }
};

/**
 * Opens everything, runs `work`, and closes everything whatever happens. The ledger must be
 * there (ledger-file.ts): a user or a token recorded in a ledger this creates would go to a
 * ledger no service reads. So must the token file, once the ledger has issued a token.
 */
export const withContext = async <T>(work: (context: CliContext) => Promise<T>): Promise<T> => {
  const config = loadConfig();
  requireLedgerFile(config);
  const store = await openStore(config);
  let tokens: TokenStore;
  try {
    await requireTokenFile(config, store);
    tokens = openTokenFile(config);
  } catch (error) {
    await store.close();
    throw error;
  }
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
