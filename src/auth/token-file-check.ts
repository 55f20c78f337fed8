/**
 * The token file must be the one the ledger's tokens were issued into. Opened where there is
 * none, SQLite makes a new, empty one: every token the ledger lists as active then gets 401,
 * and a token issued into it would be listed as active while its hash sits in a file no
 * service reads. Once the ledger has issued a token, its token file exists (the service
 * creates it on its first start, the CLI on the first set-up), so a missing one is a wrong
 * LEDGER_TOKENS_PATH or a ledger restored without it. The service and the CLI refuse alike
 * (exit 2), before the file is created.
 */
import { existsSync } from 'node:fs';
import { EventStore } from '../event-store/event-store';
import { UserDirectory } from './user-directory';

/** Why the token file at `tokensPath` cannot be used with this ledger, or undefined. */
export const missingTokenFileProblem = async (
  tokensPath: string,
  store: EventStore,
  whoRuns: 'the service' | 'the command',
): Promise<string | undefined> => {
  if (existsSync(tokensPath)) return undefined;
  const issued = (await new UserDirectory(store).current()).tokens.size;
  if (issued === 0) return undefined;
  const tokens = `${issued} token${issued === 1 ? '' : 's'}`;
  const remedy =
    whoRuns === 'the service'
      ? 'Point LEDGER_TOKENS_PATH at the token file of this ledger (unset, it is the file beside the ledger file: ledger.tokens.sqlite for ledger.sqlite), or restore it with the ledger from the same backup; a new, empty file here would answer every one of them 401'
      : "Run the command with the service's LEDGER_TOKENS_PATH (unset, it is the file beside the ledger file: ledger.tokens.sqlite for ledger.sqlite); a token issued into a new file here would be listed as active and let nobody in";
  return `LEDGER_TOKENS_PATH=${tokensPath}: there is no token file there, but the ledger has issued ${tokens}, whose hashes are in its token file. ${remedy}`;
};
