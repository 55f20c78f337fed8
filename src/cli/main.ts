#!/usr/bin/env node
/**
 * The `ledger` command: administration on the service's own configuration. A small
 * dispatcher over command groups; each group lives in its own file.
 */
import 'reflect-metadata';
import { ConfigError } from '../config/config';
import { DomainError } from '../shared/domain-error';
import { CliIo, CommandGroup, EXIT_FAILED, EXIT_OK, EXIT_USAGE, UsageError } from './cli';
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

const usage = (groups: readonly CommandGroup[]): string =>
  ['usage:', ...groups.flatMap((group) => group.usage.map((line) => `  ledger ${line}`))].join(
    '\n',
  );

const HELP = ['help', '--help', '-h'];

const fail = (io: CliIo, error: unknown, group: CommandGroup | undefined): number => {
  if (error instanceof UsageError) {
    io.err(`error: ${error.message}`);
    io.err(usage(group ? [group] : COMMAND_GROUPS));
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
    io.out(usage(COMMAND_GROUPS));
    return EXIT_OK;
  }
  const group = COMMAND_GROUPS.find((candidate) => candidate.name === name);
  try {
    if (!group)
      throw new UsageError(
        name === undefined ? 'name a command' : `unknown command ${JSON.stringify(name)}`,
      );
    return await group.run(args, io);
  } catch (error) {
    return fail(io, error, group);
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

/** A reader that stopped reading (`ledger export changes | head`) is no failure of the command. */
const ignoreClosedPipe = (error: NodeJS.ErrnoException): void => {
  if (error.code !== 'EPIPE') throw error;
};

if (require.main === module) {
  process.stdout.on('error', ignoreClosedPipe);
  process.stderr.on('error', ignoreClosedPipe);
  runCli(process.argv.slice(2), processIo(process.stdout, process.stderr)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(error);
      process.exitCode = EXIT_FAILED;
    },
  );
}
