/**
 * The shape every `ledger` command group takes, so a new group (replay, verify, export, …) is
 * one file exporting a CommandGroup and one line in main.ts.
 */
import { parseArgs, ParseArgsConfig } from 'node:util';

export const EXIT_OK = 0;
/** The command ran but the ledger refused or something failed. */
export const EXIT_FAILED = 1;
/** The command line (or the configuration) is wrong; nothing was done. */
export const EXIT_USAGE = 2;

/**
 * Where a command writes: stdout for results (pipeable), stderr for everything else. `out` and
 * `err` take a line each, text for a person (the CLI shows control characters in it escaped,
 * src/cli/terminal-text.ts); `data` takes a file's exact text, line ends included (a CSV, byte
 * for byte what the API sends).
 */
export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  data?(text: string): void;
}

/** A file's exact text to stdout; where there is no `data` (a test's io), as lines. */
export const writeExact = (io: CliIo, text: string): void => {
  if (io.data) io.data(text);
  else io.out(text.replace(/\r?\n$/, ''));
};

export interface CommandGroup {
  readonly name: string;
  readonly summary: string;
  /** One line per subcommand, e.g. `add <userId> --role <role> [--name <name>]`. */
  readonly usage: readonly string[];
  run(args: readonly string[], io: CliIo): Promise<number>;
}

/** A command line that does not parse; main prints it with the group's usage and exits 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

type Options = NonNullable<ParseArgsConfig['options']>;

export interface Parsed {
  readonly positionals: readonly string[];
  readonly values: Readonly<Record<string, string | boolean | undefined>>;
}

/** Strict parsing: unknown flags and a wrong number of arguments are usage errors. */
export const parseCommand = (
  args: readonly string[],
  options: Options,
  positionals: number,
): Parsed => {
  let parsed: Parsed;
  try {
    const result = parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
    parsed = { positionals: result.positionals, values: result.values as Parsed['values'] };
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  if (parsed.positionals.length !== positionals) {
    throw new UsageError(
      `expected ${positionals} argument${positionals === 1 ? '' : 's'}, got ${parsed.positionals.length}`,
    );
  }
  return parsed;
};

export const stringOption = (parsed: Parsed, name: string): string | undefined => {
  const value = parsed.values[name];
  return typeof value === 'string' ? value : undefined;
};

export const requiredOption = (parsed: Parsed, name: string): string => {
  const value = stringOption(parsed, name);
  if (value === undefined) throw new UsageError(`--${name} is required`);
  return value;
};
