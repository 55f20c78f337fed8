/**
 * The commands that work on a ledger (every one but `demo`, which builds one) refuse to start
 * where there is no ledger file rather than create an empty one: opened there, SQLite would
 * make a new ledger, and a user added, a token issued or read models rebuilt on it would go to
 * a ledger no service reads (or, for read models, replace a service's with an empty fold).
 * A service makes its ledger on its first start; the CLI only works on one that is there.
 */
import { existsSync } from 'node:fs';
import { AppConfig, ConfigError } from '../config/config';

export const requireLedgerFile = (config: AppConfig): void => {
  if (config.store === 'sqlite' && !existsSync(config.sqlitePath)) {
    throw new ConfigError([
      `LEDGER_SQLITE_PATH=${config.sqlitePath}: there is no ledger file there. Run the command with the service's LEDGER_SQLITE_PATH; a service creates its ledger file on its first start`,
    ]);
  }
};
