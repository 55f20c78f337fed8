/**
 * What an operator reads when the service cannot start for a reason in its configuration: the
 * port taken, a host that does not resolve, the ledger path a folder or not writable. These
 * used to end in a stack trace and exit 1; as a configuration mistake they are now named by
 * their variable, with exit 2 as for any other bad value (README "Configuration").
 */
import { AppConfig } from '../config/config';

/** Where the service met the error: listening on PORT/HOST, or opening the ledger file. */
type Where = 'listen' | 'ledger';

const codeOf = (error: unknown): string | undefined => {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
};

/** The problem, naming its variable, or undefined when the error is not one of configuration. */
export const startupProblem = (
  error: unknown,
  where: Where,
  config: Pick<AppConfig, 'port' | 'host' | 'sqlitePath' | 'store'>,
): string | undefined => {
  const code = codeOf(error);
  if (where === 'listen') {
    switch (code) {
      case 'EADDRINUSE':
        return `PORT=${config.port}: the port is in use on ${config.host} (is the service already running?); stop that process or choose another PORT`;
      case 'EACCES':
        return `PORT=${config.port}: this user may not listen on it (ports below 1024 need privileges); choose another PORT`;
      case 'ENOTFOUND':
      case 'EAI_AGAIN':
      case 'EADDRNOTAVAIL':
        return `HOST=${config.host}: not an address of this machine (${code}); use 0.0.0.0 for every interface or 127.0.0.1 for this machine only`;
      default:
        return undefined;
    }
  }
  if (config.store !== 'sqlite') return undefined;
  switch (code) {
    case 'EISDIR':
      return `LEDGER_SQLITE_PATH=${config.sqlitePath}: is a folder; name the ledger file in it (e.g. ${config.sqlitePath.replace(/\/+$/, '')}/ledger.sqlite)`;
    case 'EACCES':
    case 'EPERM':
      return `LEDGER_SQLITE_PATH=${config.sqlitePath}: this user may not create or write the ledger file or its folder (${code}); give the service's user write access to the folder`;
    default:
      return undefined;
  }
};
