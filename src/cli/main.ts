#!/usr/bin/env node
/**
 * The `ledger` command: administration on the service's own configuration. A small
 * dispatcher over command groups; each group lives in its own file.
 */
import 'reflect-metadata';
import { ConfigError } from '../config/config';
import { DomainError } from '../shared/domain-error';
import {
  asksForHelp,
  CliIo,
  CommandGroup,
  EXIT_FAILED,
  EXIT_OK,
  EXIT_USAGE,
  usageFor,
  UsageError,
} from './cli';
import { demoCommand } from './demo.command';
import { digestCommand } from './digest.command';
import { exportCommand } from './export.command';
import { rebuildCommand } from './rebuild.command';
import { reportCommand } from './report.command';
import { replayCommand } from './replay.command';
import { OutputStream, terminalText } from './terminal-text';
import { tokensCommand } from './tokens.command';
import { usersCommand } from './users.command';
import { verifyCommand } from './verify.command';

/** Add a group here to make it a `ledger` command. */
export const COMMAND_GROUPS: readonly CommandGroup[] = [
  usersCommand,
  tokensCommand,
  replayCommand,
  verifyCommand,
  digestCommand,
  exportCommand,
  reportCommand,
  rebuildCommand,
  demoCommand,
];

const usage = (lines: readonly string[]): string =>
  ['usage:', ...lines.map((line) => `  ledger ${line}`)].join('\n');

/** Every command's usage, and how to ask for one command's. */
const EVERY_USAGE = [
  ...COMMAND_GROUPS.flatMap((group) => group.usage),
  '<command> [<subcommand>] --help',
];

const HELP = ['help', '--help', '-h'];

/** `ledger users add --help`: what the command is for and how to call it. */
const help = (io: CliIo, group: CommandGroup, lines: readonly string[]): number => {
  io.out(`ledger ${group.name}: ${group.summary}`);
  io.out(usage(lines));
  return EXIT_OK;
};

/** `lines`: the usage of the command that was given, or of them all when none was. */
const fail = (io: CliIo, error: unknown, lines: readonly string[]): number => {
  if (error instanceof UsageError) {
    io.err(`error: ${error.message}`);
    io.err(usage(lines));
    return EXIT_USAGE;
  }
  if (error instanceof ConfigError) {
    io.err(error.message);
    return EXIT_USAGE;
  }
  if (error instanceof DomainError) {
    io.err(`error: ${error.code}: ${error.detail}`);
    return EXIT_FAILED;
  }
  io.err(`error: ${error instanceof Error ? error.message : String(error)}`);
  return EXIT_FAILED;
};

/**
 * Lines for a person, from the commands and their errors alike, with control characters shown
 * escaped; a file's exact text (`data`) as it is.
 */
const forPeople = (io: CliIo): CliIo => ({
  out: (line) => io.out(terminalText(line)),
  err: (line) => io.err(terminalText(line)),
  ...(io.data === undefined ? {} : { data: io.data.bind(io) }),
});

export const runCli = async (argv: readonly string[], given: CliIo): Promise<number> => {
  const io = forPeople(given);
  const [name, ...args] = argv;
  if (name !== undefined && HELP.includes(name)) {
    // `ledger help users add` is `ledger users add --help`.
    const topic = args.filter((arg) => !HELP.includes(arg));
    if (topic.length > 0) return runCli([...topic, '--help'], given);
    io.out(usage(EVERY_USAGE));
    return EXIT_OK;
  }
  const group = COMMAND_GROUPS.find((candidate) => candidate.name === name);
  const lines = group ? (usageFor(group, args) ?? group.usage) : EVERY_USAGE;
  try {
    if (!group)
      throw new UsageError(
        name === undefined ? 'name a command' : `unknown command ${JSON.stringify(name)}`,
      );
    // A subcommand the group does not have is its run's usage error, --help or not.
    if (asksForHelp(args) && usageFor(group, args) !== undefined) return help(io, group, lines);
    return await group.run(args, io);
  } catch (error) {
    return fail(io, error, lines);
  }
};

/**
 * The process's own streams. A file's exact text (a CSV) goes out as it is, unless stdout is a
 * terminal: a person reads it there, so its control characters are shown escaped like every
 * other line (and its CRLF line ends are plain line ends).
 */
export const processIo = (stdout: OutputStream, stderr: OutputStream): CliIo => ({
  out: (line) => {
    stdout.write(`${line}\n`);
  },
  err: (line) => {
    stderr.write(`${line}\n`);
  },
  data: (text) => {
    stdout.write(stdout.isTTY === true ? terminalText(text.replace(/\r\n/g, '\n')) : text);
  },
});

/** Whether a write to stdout or stderr failed (other than a reader that stopped reading). */
let outputLost = false;

/**
 * A reader that stopped reading (`ledger export changes | head`) is no failure of the command.
 * Any other failed write (a full disk behind `> file`) is: the command exits 1 and says so on
 * stderr, instead of an uncaught exception's stack trace after it had already reported success.
 * What it printed there is lost, a token `ledger tokens create` printed among it.
 */
const onOutputError =
  (stream: 'stdout' | 'stderr') =>
  (error: NodeJS.ErrnoException): void => {
    if (error.code === 'EPIPE') return;
    process.exitCode = EXIT_FAILED;
    if (outputLost) return;
    outputLost = true;
    if (stream === 'stdout') {
      const [group, sub] = process.argv.slice(2);
      const tokenLost =
        group === 'tokens' && sub === 'create'
          ? ' (the token it created was never shown: revoke it with ledger tokens revoke <tokenId> and create another)'
          : '';
      process.stderr.write(
        `error: could not write to stdout (${error.code ?? error.message}): what the command printed there is lost${tokenLost}\n`,
      );
    }
  };

if (require.main === module) {
  process.stdout.on('error', onOutputError('stdout'));
  process.stderr.on('error', onOutputError('stderr'));
  runCli(process.argv.slice(2), processIo(process.stdout, process.stderr)).then(
    (code) => {
      process.exitCode = outputLost ? EXIT_FAILED : code;
    },
    (error: unknown) => {
      console.error(error);
      process.exitCode = EXIT_FAILED;
    },
  );
}
