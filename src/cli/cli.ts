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

/**
 * An option the command does not know is named as typed; one that takes a value may be given
 * once (the last one silently winning would act on what the caller did not mean).
 */
const checkOptions = (args: readonly string[], options: Options): void => {
  const { tokens } = parseArgs({
    args: [...args],
    options,
    allowPositionals: true,
    strict: false,
    tokens: true,
  });
  const seen = new Set<string>();
  for (const token of tokens) {
    if (token.kind !== 'option') continue;
    const option = Object.prototype.hasOwnProperty.call(options, token.name)
      ? options[token.name]
      : undefined;
    if (option === undefined) throw new UsageError(`unknown option ${token.rawName}`);
    if (option.type !== 'string' || option.multiple === true) continue;
    if (seen.has(token.name)) throw new UsageError(`--${token.name} must be given once`);
    seen.add(token.name);
  }
};

/**
 * Strict parsing: unknown flags, a repeated single-valued option and a wrong number of
 * arguments are usage errors.
 */
export const parseCommand = (
  args: readonly string[],
  options: Options,
  positionals: number,
): Parsed => {
  checkOptions(args, options);
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

/** `--help` or `-h` anywhere before a `--` (after it, every word is an argument). */
export const asksForHelp = (args: readonly string[]): boolean => {
  for (const arg of args) {
    if (arg === '--') return false;
    if (arg === '--help' || arg === '-h') return true;
  }
  return false;
};

/** The subcommand a usage line names (`users add …` → `add`), if its group has subcommands. */
const subcommandOf = (line: string): string | undefined => {
  const word = line.split(' ')[1];
  return word !== undefined && /^[a-z][a-z-]*$/.test(word) ? word : undefined;
};

/**
 * The usage lines for a command line given to the group: the subcommand's, when it names one of
 * the group's subcommands; the whole group's when it names none (or the group has none);
 * undefined when it names a subcommand the group does not have.
 */
export const usageFor = (
  group: CommandGroup,
  args: readonly string[],
): readonly string[] | undefined => {
  const [first] = args;
  const hasSubcommands = group.usage.every((line) => subcommandOf(line) !== undefined);
  if (!hasSubcommands || first === undefined || first.startsWith('-')) return group.usage;
  const lines = group.usage.filter((line) => subcommandOf(line) === first);
  return lines.length > 0 ? lines : undefined;
};
