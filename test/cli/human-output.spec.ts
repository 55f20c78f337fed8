/**
 * What the `ledger` CLI prints for a person: ledger text (an investment's title, a user's name)
 * may hold terminal escape sequences. The API refuses control characters in new free text
 * (test/security/free-text.spec.ts), but a ledger recorded before that, or written by another
 * tool, holds them for good. Printed raw, a title "\x1b[2J\x1b]0;pwned\x07" cleared the
 * auditor's screen and set the terminal's title; now control characters (C0 but newline and
 * tab, DEL, C1) and the bidirectional overrides and isolates are shown escaped (`\u001b`), also
 * in the CSV of `export changes` on a real terminal, while `--json` stays JSON that parses to
 * the exact text and a CSV sent to a file or a pipe stays the exact bytes. And a bad flag value
 * is named as typed (`--as-of`, `--lang`), not by the API's name.
 */
import { execFile, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { CliIo } from '../../src/cli/cli';
import { processIo, runCli } from '../../src/cli/main';
import { investmentDecider } from '../../src/investment/investment.decider';
import { investmentStream } from '../../src/investment/investment.events';
import { stockholmDay } from '../../src/periods/stockholm-day';
import { CommandHandler } from '../../src/shared/command-handler';
import { startTestApp, TestApp } from '../support/test-app';
import { ledger } from './support/ledger-cli';

/** Each run starts a fresh Node with ts-node, seconds on a busy machine. */
const CLI_TIMEOUT_MS = 180_000;

const ESC = '\x1b';
/** Clears the screen, sets the window title, then a C1 CSI, a DEL, a right-to-left override. */
const TITLE = `E-arkiv ${ESC}[2J${ESC}]0;pwned\x07 \u009b31m red\x7f \u202eevil\u202c done`;
const DEPARTMENT = `Kommunstyrelsen \u2066isolated\u2069 \r overwritten`;
/** Names refuse control characters (user.service.ts), but not the bidirectional overrides. */
const NAME = `Eva \u202eRöd\u202c Ek`;

/** What must never reach a terminal raw: C0 but \n and \t, DEL, C1, bidi overrides and isolates. */
const RAW_CONTROL = /[^\P{Cc}\n\t]|[\u202a-\u202e\u2066-\u2069]/u;

const ROOT = join(__dirname, '..', '..');
/** util-linux `script` runs a command on a pseudo-terminal of its own: stdout is then a TTY. */
const HAS_SCRIPT = /util-linux/.test(spawnSync('script', ['--version']).stdout?.toString() ?? '');

/**
 * `ledger <args>` with stdout on a terminal, as an auditor runs it; what the terminal got.
 * stderr goes to /dev/null (the progress bar draws there on a terminal).
 */
const ledgerOnTerminal = (sqlitePath: string, ...args: string[]): Promise<string> => {
  const command = [process.execPath, '-r', 'ts-node/register/transpile-only', 'src/cli/main.ts']
    .concat(args)
    .map((word) => `'${word.replace(/'/g, `'\\''`)}'`)
    .join(' ');
  return new Promise((resolve, reject) => {
    execFile(
      'script',
      ['-qec', `${command} 2>/dev/null`, '/dev/null'],
      { cwd: ROOT, env: { ...process.env, LEDGER_SQLITE_PATH: sqlitePath, LOG_LEVEL: 'silent' } },
      (error, stdout) =>
        error
          ? reject(error)
          : // The terminal's own line discipline ends every line with CR LF.
            resolve(stdout.replace(/\r\n/g, '\n')),
    );
  });
};

describe('the ledger CLI’s output for people', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    // Through the domain, as a ledger recorded before the API refused such text holds it.
    const actor = { id: 'lena.lind', role: 'project-lead' } as const;
    await new CommandHandler(t.store).execute(
      investmentStream('e-arkiv'),
      investmentDecider,
      {
        type: 'ProposeInvestment',
        investmentId: 'e-arkiv',
        actor,
        today: stockholmDay(new Date()),
        title: TITLE,
        department: DEPARTMENT,
        projectLead: 'lena.lind',
        need: 'Manual work',
        isKnownUser: () => true,
      },
      { actor, correlationId: randomUUID() },
    );
    await t.users.addUser('eva.ek', 'auditor', NAME, { id: 'it-admin', role: 'admin' });
  });
  afterAll(async () => t.close());

  it(
    'shows control characters in a replay and the users list escaped, never raw',
    async () => {
      const [replay, users] = await Promise.all([
        ledger(t.sqlitePath, 'replay', 'e-arkiv'),
        ledger(t.sqlitePath, 'users', 'list'),
      ]);
      expect(replay.code).toBe(0);
      expect(replay.stdout).not.toMatch(RAW_CONTROL);
      expect(replay.stdout).toContain(
        'E-arkiv \\u001b[2J\\u001b]0;pwned\\u0007 \\u009b31m red\\u007f \\u202eevil\\u202c done',
      );
      expect(replay.stdout).toContain('Kommunstyrelsen \\u2066isolated\\u2069 \\u000d overwritten');
      expect(users.code).toBe(0);
      expect(users.stdout).not.toMatch(RAW_CONTROL);
      // Tabs still separate the columns.
      expect(users.stdout).toContain('eva.ek\tauditor\tEva \\u202eRöd\\u202c Ek\t');
    },
    CLI_TIMEOUT_MS,
  );

  it(
    'gives --json as JSON that parses to the exact text, with nothing raw in it either',
    async () => {
      const [replay, users] = await Promise.all([
        ledger(t.sqlitePath, 'replay', 'e-arkiv', '--json'),
        ledger(t.sqlitePath, 'users', 'list', '--json'),
      ]);
      expect(replay.code).toBe(0);
      expect(replay.stdout).not.toMatch(RAW_CONTROL);
      const history = JSON.parse(replay.stdout) as {
        stateAtEnd: { title: string; department: string };
      };
      expect(history.stateAtEnd.title).toBe(TITLE);
      expect(history.stateAtEnd.department).toBe(DEPARTMENT);
      expect(users.code).toBe(0);
      expect(users.stdout).not.toMatch(RAW_CONTROL);
      const listed = JSON.parse(users.stdout) as { userId: string; name: string | null }[];
      expect(listed.find((user) => user.userId === 'eva.ek')?.name).toBe(NAME);
    },
    CLI_TIMEOUT_MS,
  );

  (HAS_SCRIPT ? it : it.skip)(
    'shows the CSV of export changes escaped on a terminal, and gives a pipe the exact bytes',
    async () => {
      const shown = await ledgerOnTerminal(t.sqlitePath, 'export', 'changes', '--csv');
      expect(shown).toMatch(/^position,recordedAt,type,/);
      expect(shown).not.toMatch(RAW_CONTROL);
      expect(shown).toContain(
        'E-arkiv \\u001b[2J\\u001b]0;pwned\\u0007 \\u009b31m red\\u007f \\u202eevil\\u202c done',
      );
      const piped = await ledger(t.sqlitePath, 'export', 'changes', '--csv');
      expect(piped.code).toBe(0);
      expect(piped.stdout).toContain(TITLE);
    },
    CLI_TIMEOUT_MS,
  );

  it(
    'names a bad flag value by the flag as typed',
    async () => {
      const [asOf, lang, from, inverted] = await Promise.all([
        ledger(t.sqlitePath, 'replay', 'e-arkiv', '--as-of', '2017-02-30'),
        ledger(t.sqlitePath, 'report', 'board', '--lang', 'fr', '--out', `${t.dir}/board.pdf`),
        ledger(t.sqlitePath, 'export', 'changes', '--from', '2017-13-01'),
        ledger(t.sqlitePath, 'export', 'changes', '--from', '2018-01-01', '--to', '2017-01-01'),
      ]);
      expect([asOf, lang, from, inverted].map((run) => run.code)).toEqual([2, 2, 2, 2]);
      expect(asOf.stderr).toMatch(/^error: --as-of: /m);
      expect(asOf.stderr).not.toMatch(/(^|\s)to:/m);
      expect(lang.stderr).toMatch(/^error: --lang: must be one of sv, en/m);
      expect(lang.stderr).not.toMatch(/(^|\s)lang:/m);
      expect(from.stderr).toMatch(/^error: --from: /m);
      expect(inverted.stderr).toMatch(/^error: --from: must not be later than --to/m);
    },
    CLI_TIMEOUT_MS,
  );
});

describe('the ledger CLI’s error lines', () => {
  it('are escaped too: a command name is whatever was typed', async () => {
    const errors: string[] = [];
    const io: CliIo = { out: () => undefined, err: (line) => errors.push(line) };
    expect(await runCli([`frob\u009b2J\u202e`], io)).toBe(2);
    expect(errors.join('\n')).not.toMatch(RAW_CONTROL);
    expect(errors[0]).toContain('frob\\u009b2J\\u202e');
  });
});

describe('the CLI’s exact output (a CSV) on a terminal and in a file', () => {
  const CSV = `title\r\n"${ESC}[2J x\u202e"\r\n`;
  const written = (isTTY: boolean): string => {
    let text = '';
    const stream = { isTTY, write: (chunk: string) => (text += chunk) };
    processIo(stream, stream).data?.(CSV);
    return text;
  };

  it('is the bytes themselves when stdout is a file or a pipe', () => {
    expect(written(false)).toBe(CSV);
  });

  it('is shown escaped on a terminal', () => {
    const shown = written(true);
    expect(shown).not.toMatch(RAW_CONTROL);
    expect(shown).toBe('title\n"\\u001b[2J x\\u202e"\n');
  });
});
