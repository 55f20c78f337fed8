/** `ledger tokens …`: bearer tokens for the API. A token is printed once; only its hash is kept. */
import { CliIo, CommandGroup, EXIT_OK, parseCommand, stringOption, UsageError } from './cli';
import { CliContext, parseRole, withContext } from './cli-context';

const warnIfUnused = ({ config }: CliContext, io: CliIo): void => {
  if (config.auth !== 'tokens')
    io.err(
      `note: LEDGER_AUTH=${config.auth}; the service does not accept ledger tokens in this mode`,
    );
};

const create = async (args: readonly string[], io: CliIo): Promise<number> => {
  const parsed = parseCommand(args, { role: { type: 'string' } }, 1);
  const [userId] = parsed.positionals;
  const roleOption = stringOption(parsed, 'role');
  const role = roleOption === undefined ? undefined : parseRole(roleOption);
  const issued = await withContext(async (context) => {
    warnIfUnused(context, io);
    return context.users.issueToken(userId, role, context.operator);
  });
  // The token alone on stdout, so `TOKEN=$(ledger tokens create anna)` works.
  io.err(
    `token ${issued.tokenId} for ${issued.userId} acting as ${issued.role}. It is shown once: store it now.`,
  );
  io.out(issued.token);
  return EXIT_OK;
};

const revoke = async (args: readonly string[], io: CliIo): Promise<number> => {
  const parsed = parseCommand(args, {}, 1);
  const [tokenId] = parsed.positionals;
  await withContext((context) => context.users.revokeToken(tokenId, context.operator));
  io.out(`token ${tokenId} revoked`);
  return EXIT_OK;
};

const SUBCOMMANDS: Readonly<
  Record<string, (args: readonly string[], io: CliIo) => Promise<number>>
> = { create, revoke };

export const tokensCommand: CommandGroup = {
  name: 'tokens',
  summary: 'bearer tokens for the API (shown once, stored as a hash)',
  usage: ['tokens create <userId> [--role <role>]', 'tokens revoke <tokenId>'],
  run: (args, io) => {
    const [sub, ...rest] = args;
    if (sub === undefined || !Object.prototype.hasOwnProperty.call(SUBCOMMANDS, sub)) {
      throw new UsageError(
        sub === undefined
          ? 'name a tokens command'
          : `unknown tokens command ${JSON.stringify(sub)}`,
      );
    }
    return SUBCOMMANDS[sub](rest, io);
  },
};
