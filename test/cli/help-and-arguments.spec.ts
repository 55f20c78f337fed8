/**
 * The `ledger` command line itself: `--help` (or `-h`) on any command group or subcommand prints
 * that command's summary and usage on stdout and exits 0; an unknown option is named plainly
 * with the command's usage (never a hint that would turn `--help` into a user id); a repeated
 * single-valued option is refused rather than the last one silently winning; and
 * `--dialect` without `--csv` is refused rather than ignored. Every refusal here comes before
 * the ledger is opened, which a missing ledger file shows: none of them gets as far as naming it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CliIo, parseCommand, UsageError } from '../../src/cli/cli';
import { COMMAND_GROUPS, runCli } from '../../src/cli/main';

interface Ran {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

const ledgerCli = async (...argv: string[]): Promise<Ran> => {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (line) => out.push(line), err: (line) => err.push(line) };
  const code = await runCli(argv, io);
  return { code, out: out.join('\n'), err: err.join('\n') };
};

/** What parseArgs says of an unknown option; following it would make `--help` a user id. */
const DASH_DASH_HINT = /place it at the end of the command after '--'/;

/** The usage lines of the group's subcommand `sub` (its second word), as `ledger` prints them. */
const usageOf = (name: string, sub?: string): string[] => {
  const group = COMMAND_GROUPS.find((candidate) => candidate.name === name);
  if (!group) throw new Error(`no command group ${name}`);
  return group.usage
    .filter((line) => sub === undefined || line.split(' ')[1] === sub)
    .map((line) => `ledger ${line}`);
};

const HAS_SUBCOMMANDS: Readonly<Record<string, readonly string[]>> = {
  users: ['add', 'grant', 'revoke', 'list'],
  tokens: ['create', 'revoke'],
  export: ['changes'],
  report: ['board'],
};

let dir: string;
let saved: string | undefined;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ledger-help-'));
  saved = process.env.LEDGER_SQLITE_PATH;
  // No ledger file: a command that got past its command line would stop on that.
  process.env.LEDGER_SQLITE_PATH = join(dir, 'not-there.sqlite');
});
afterAll(() => {
  if (saved === undefined) delete process.env.LEDGER_SQLITE_PATH;
  else process.env.LEDGER_SQLITE_PATH = saved;
  rmSync(dir, { recursive: true, force: true });
});

describe('ledger <command> --help', () => {
  it.each(COMMAND_GROUPS.map((group) => [group.name]))(
    'ledger %s --help and -h print its summary and usage, exit 0',
    async (name) => {
      const group = COMMAND_GROUPS.find((candidate) => candidate.name === name)!;
      for (const flag of ['--help', '-h']) {
        const run = await ledgerCli(name, flag);
        expect(run).toMatchObject({ code: 0, err: '' });
        expect(run.out).toContain(group.summary);
        for (const line of usageOf(name)) expect(run.out).toContain(line);
      }
    },
  );

  it.each(
    Object.entries(HAS_SUBCOMMANDS).flatMap(([name, subs]) => subs.map((sub) => [name, sub])),
  )('ledger %s %s --help prints that subcommand’s usage only, exit 0', async (name, sub) => {
    for (const flag of ['--help', '-h']) {
      const run = await ledgerCli(name, sub, flag);
      expect(run).toMatchObject({ code: 0, err: '' });
      for (const line of usageOf(name, sub)) expect(run.out).toContain(line);
      const others = usageOf(name).filter((line) => !usageOf(name, sub).includes(line));
      for (const line of others) expect(run.out).not.toContain(line);
    }
  });

  it('wins over the rest of the command line, which is not run', async () => {
    const runs = await Promise.all([
      ledgerCli('users', 'add', 'anna', '--role', 'admin', '--help'),
      ledgerCli('replay', 'e-arkiv', '--as-of', '2019-01-01', '-h'),
      ledgerCli('export', 'changes', '--csv', '--help', '--dialect', 'excel-sv'),
      ledgerCli('verify', '--json', '--help'),
    ]);
    for (const run of runs) expect(run).toMatchObject({ code: 0, err: '' });
    expect(runs[0].out).toContain('ledger users add <userId> --role <role>');
    expect(runs[1].out).toContain('ledger replay <investmentId>');
    expect(runs[2].out).toContain('ledger export changes');
    expect(runs[3].out).toContain('ledger verify [--digest <digest>] [--read-models] [--json]');
  });

  it('ledger help <command> [<subcommand>] is the same as --help', async () => {
    expect(await ledgerCli('help', 'users', 'add')).toEqual(
      await ledgerCli('users', 'add', '--help'),
    );
    expect(await ledgerCli('help', 'verify')).toEqual(await ledgerCli('verify', '--help'));
    const unknown = await ledgerCli('help', 'frob');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/^error: unknown command "frob"/);
  });

  it('ledger --help still prints every command and says how to get one command’s usage', async () => {
    const run = await ledgerCli('--help');
    expect(run.code).toBe(0);
    for (const group of COMMAND_GROUPS)
      for (const line of usageOf(group.name)) expect(run.out).toContain(line);
    expect(run.out).toContain('--help');
  });

  it('an unknown subcommand with --help is still an unknown subcommand (exit 2)', async () => {
    const run = await ledgerCli('users', 'frob', '--help');
    expect(run.code).toBe(2);
    expect(run.err).toMatch(/^error: unknown users command "frob"/);
  });

  it('after `--`, --help is an argument like any other, not a request for help', async () => {
    const run = await ledgerCli('users', 'add', '--role', 'admin', '--', '--help');
    expect(run.out).toBe('');
    // It got past its command line: it stops on the missing ledger file.
    expect(run).toMatchObject({ code: 2, err: expect.stringContaining('no ledger file') });
  });
});

describe('ledger <command> with an unknown option', () => {
  it.each([
    [['users', 'add', 'anna', '--role', 'admin', '--bogus'], '--bogus', 'users add'],
    [['users', 'list', '--jsn'], '--jsn', 'users list'],
    [['tokens', 'create', 'anna', '-x'], '-x', 'tokens create'],
    [['verify', '--digets=v1:global:1:00'], '--digets', 'verify'],
    [['export', 'changes', '--dialekt', 'excel-sv'], '--dialekt', 'export changes'],
    [['rebuild', '--froce'], '--froce', 'rebuild'],
  ])('%j names it plainly, with the command’s usage (exit 2)', async (argv, option, command) => {
    const run = await ledgerCli(...argv);
    expect(run.code).toBe(2);
    expect(run.out).toBe('');
    expect(run.err.split('\n')[0]).toBe(`error: unknown option ${option}`);
    expect(run.err).not.toMatch(DASH_DASH_HINT);
    expect(run.err).toContain(`ledger ${command}`);
  });

  it('shows the subcommand’s usage, not every line of its group', async () => {
    const run = await ledgerCli('users', 'grant', 'anna', '--bogus');
    expect(run.err).toContain('ledger users grant <userId> --role <role>');
    expect(run.err).not.toContain('ledger users list');
  });
});

describe('a single-valued option given twice', () => {
  it.each([
    [['users', 'add', 'dup', '--role', 'auditor', '--role', 'finance'], 'role'],
    [['users', 'add', 'dup', '--role=auditor', '--name', 'A', '--role=finance'], 'role'],
    [['users', 'add', 'dup', '--role', 'auditor', '--name', 'A', '--name', 'B'], 'name'],
    [['users', 'grant', 'dup', '--role', 'auditor', '--role', 'finance'], 'role'],
    [['users', 'revoke', 'dup', '--role', 'auditor', '--role', 'auditor'], 'role'],
    [['tokens', 'create', 'dup', '--role', 'auditor', '--role', 'finance'], 'role'],
    [['verify', '--digest', 'a', '--digest', 'b'], 'digest'],
    [['digest', '--position', '1', '--position', '2'], 'position'],
    [['replay', 'e-arkiv', '--as-of', '2018-01-01', '--as-of', '2019-01-01'], 'as-of'],
    [['export', 'changes', '--from', '2017-01-01', '--from', '2018-01-01'], 'from'],
    [['export', 'changes', '--csv', '--dialect', 'rfc4180', '--dialect', 'excel-sv'], 'dialect'],
    [['report', 'board', '--out', 'x.pdf', '--lang', 'sv', '--lang', 'en'], 'lang'],
  ])('%j is refused (exit 2), nothing done', async (argv, option) => {
    const run = await ledgerCli(...argv);
    expect(run.code).toBe(2);
    expect(run.out).toBe('');
    expect(run.err.split('\n')[0]).toBe(`error: --${option} must be given once`);
  });

  it('is refused by the shared parsing, for every command', () => {
    const options = { path: { type: 'string' }, 'no-serve': { type: 'boolean' } } as const;
    expect(() => parseCommand(['--path', 'a', '--path', 'b'], options, 0)).toThrow(
      new UsageError('--path must be given once'),
    );
    expect(parseCommand(['--path', 'a', '--no-serve'], options, 0).values).toEqual({
      path: 'a',
      'no-serve': true,
    });
  });
});

describe('ledger export changes --dialect', () => {
  it('without --csv is refused (exit 2) rather than ignored', async () => {
    const run = await ledgerCli('export', 'changes', '--dialect', 'excel-sv');
    expect(run.code).toBe(2);
    expect(run.out).toBe('');
    expect(run.err.split('\n')[0]).toBe('error: --dialect needs --csv');
  });
});
