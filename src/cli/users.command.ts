/** `ledger users …`: the people who may use the ledger and their roles (recorded as events). */
import {
  CliIo,
  CommandGroup,
  EXIT_OK,
  parseCommand,
  requiredOption,
  stringOption,
  UsageError,
} from './cli';
import { parseRole, withContext } from './cli-context';
import { asUsage } from './audit-context';
import { registerMoment } from '../auth/dto/users-answers.dto';
import { systemClock } from '../infra/tokens';

const add = async (args: readonly string[], io: CliIo): Promise<number> => {
  const parsed = parseCommand(args, { role: { type: 'string' }, name: { type: 'string' } }, 1);
  const [userId] = parsed.positionals;
  const role = parseRole(requiredOption(parsed, 'role'));
  const name = stringOption(parsed, 'name') ?? null;
  await withContext(async ({ users, operator }) => {
    await users.addUser(userId, role, name, operator);
  });
  io.out(
    `user ${userId} added with the role ${role}; create a token with: ledger tokens create ${userId}`,
  );
  return EXIT_OK;
};

const grant = async (args: readonly string[], io: CliIo): Promise<number> => {
  const parsed = parseCommand(args, { role: { type: 'string' } }, 1);
  const [userId] = parsed.positionals;
  const role = parseRole(requiredOption(parsed, 'role'));
  await withContext(({ users, operator }) => users.grantRole(userId, role, operator));
  io.out(`user ${userId} holds the role ${role}`);
  return EXIT_OK;
};

const revoke = async (args: readonly string[], io: CliIo): Promise<number> => {
  const parsed = parseCommand(args, { role: { type: 'string' } }, 1);
  const [userId] = parsed.positionals;
  const role = parseRole(requiredOption(parsed, 'role'));
  await withContext(({ users, operator }) => users.revokeRole(userId, role, operator));
  io.out(`user ${userId} no longer holds the role ${role}; its tokens for that role are revoked`);
  return EXIT_OK;
};

const list = async (args: readonly string[], io: CliIo): Promise<number> => {
  const parsed = parseCommand(args, { json: { type: 'boolean' }, 'as-of': { type: 'string' } }, 0);
  // As the API reads it (GET /api/users?asOf=): the register as it stood then.
  const asOf = asUsage(() => registerMoment(stringOption(parsed, 'as-of'), systemClock()), {
    asOf: '--as-of',
  });
  const listing = await withContext(({ users }) => users.list(asOf));
  if (parsed.values.json === true) {
    io.out(JSON.stringify(listing, null, 2));
    return EXIT_OK;
  }
  if (listing.length === 0)
    io.err('no users yet; add one with: ledger users add <userId> --role admin');
  for (const user of listing) {
    const tokens =
      user.activeTokens.map((t) => `${t.tokenId} (${t.role})`).join(', ') || 'no active tokens';
    io.out(`${user.userId}\t${user.roles.join(',') || '-'}\t${user.name ?? ''}\t${tokens}`);
  }
  return EXIT_OK;
};

const SUBCOMMANDS: Readonly<
  Record<string, (args: readonly string[], io: CliIo) => Promise<number>>
> = {
  add,
  grant,
  revoke,
  list,
};

export const usersCommand: CommandGroup = {
  name: 'users',
  summary: 'people who may use the ledger, and their roles',
  usage: [
    'users add <userId> --role <role> [--name <name>]',
    'users grant <userId> --role <role>',
    'users revoke <userId> --role <role>',
    'users list [--as-of <timestamp>] [--json]',
  ],
  run: (args, io) => {
    const [sub, ...rest] = args;
    if (sub === undefined || !Object.prototype.hasOwnProperty.call(SUBCOMMANDS, sub)) {
      throw new UsageError(
        sub === undefined ? 'name a users command' : `unknown users command ${JSON.stringify(sub)}`,
      );
    }
    return SUBCOMMANDS[sub](rest, io);
  },
};
