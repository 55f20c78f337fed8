/**
 * Ledger bearer tokens end to end: issued and revoked through the same UserService the CLI
 * uses, shown once, stored only as a hash (neither the token file nor the event log holds the
 * token), and refused (401) once revoked or once its role is taken away. The `ledger` CLI
 * itself is run as a separate process against the running service's files.
 */
import { execFileSync, spawn } from 'node:child_process';
import { join } from 'node:path';
import { hashToken } from '../../src/auth/bearer-token';
import { CliIo } from '../../src/cli/cli';
import { runCli as runCliInProcess } from '../../src/cli/main';
import { USERS_STREAM } from '../../src/auth/users.events';
import { loadConfig } from '../../src/config/config';
import { ActorRef, collect } from '../../src/event-store/event-store';
import { startTestApp, TestApp } from '../support/test-app';

const ADMIN: ActorRef = { id: 'it-admin', role: 'admin' };
const ROOT = join(__dirname, '..', '..');
/** Each run starts a fresh Node with ts-node, a second or more on a busy machine. */
const CLI_TEST_TIMEOUT_MS = 180_000;
const CLI = ['-r', 'ts-node/register/transpile-only', join(ROOT, 'src', 'cli', 'main.ts')];

interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

const runCli = (sqlitePath: string, ...args: string[]): Promise<CliRun> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...CLI, ...args], {
      cwd: ROOT,
      env: { ...process.env, LEDGER_SQLITE_PATH: sqlitePath, LOG_LEVEL: 'silent' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });

/**
 * Every byte the SQLite files hold, write-ahead logs included. Read by another process:
 * closing a descriptor of a database file drops all of this process's POSIX locks on it,
 * which would break the running service's connections to it.
 */
const READ_FILES = `const fs = require('node:fs');
for (const file of process.argv.slice(1)) if (fs.existsSync(file)) process.stdout.write(fs.readFileSync(file));`;
const rawFiles = (path: string): string =>
  execFileSync(process.execPath, ['-e', READ_FILES, path, `${path}-wal`, `${path}-shm`], {
    encoding: 'latin1',
    maxBuffer: 64 * 1024 * 1024,
  });

describe('ledger bearer tokens', () => {
  let t: TestApp;
  let tokensPath: string;

  beforeAll(async () => {
    t = await startTestApp();
    tokensPath = loadConfig({ LEDGER_SQLITE_PATH: t.sqlitePath }).tokensPath;
  });
  afterAll(async () => t.close());

  const getFunds = (token: string) =>
    t.anonymous().get('/api/funds').set('Authorization', `Bearer ${token}`);

  it('issues a token once, keeps only its hash, and records the grant as events', async () => {
    await t.users.addUser('anna', 'finance', 'Anna Berg', ADMIN);
    const issued = await t.users.issueToken('anna', undefined, ADMIN);
    expect(issued).toMatchObject({
      userId: 'anna',
      role: 'finance',
      tokenId: expect.stringMatching(/^tok-[0-9a-f]{16}$/),
    });
    expect(issued.token).toMatch(/^flt_[A-Za-z0-9_-]{43}$/);
    await getFunds(issued.token).expect(200);

    const files = rawFiles(tokensPath);
    expect(files).toContain(hashToken(issued.token));
    expect(files).not.toContain(issued.token);
    expect(files).not.toContain(issued.token.slice(4));
    const ledger = JSON.stringify(
      (await collect(t.store.readAll())).map((e) => [e.data, e.metadata]),
    );
    expect(rawFiles(t.sqlitePath)).not.toContain(issued.token);
    expect(ledger).not.toContain(issued.token);
    expect(ledger).not.toContain(hashToken(issued.token));

    const events = await collect(t.store.readStream(USERS_STREAM));
    const anna = events.filter((e) => JSON.stringify(e.data).includes('"anna"'));
    expect(anna.map((e) => [e.type, e.data, e.metadata.actor])).toEqual([
      ['UserAdded', { userId: 'anna', name: 'Anna Berg' }, ADMIN],
      ['RoleGranted', { userId: 'anna', role: 'finance' }, ADMIN],
      ['TokenIssued', { tokenId: issued.tokenId, userId: 'anna', role: 'finance' }, ADMIN],
    ]);
    // Nothing can show the token again: the listing names tokens by id only.
    expect(JSON.stringify(await t.users.list())).not.toContain(issued.token);
  });

  it('keeps a name trimmed whoever adds the user (the API trims; the CLI calls the register)', async () => {
    await t.users.addUser('ella', 'auditor', '  Ella Ek  ', ADMIN);
    const events = await collect(t.store.readStream(USERS_STREAM));
    const added = events.find(
      (e) => e.type === 'UserAdded' && (e.data as { userId: string }).userId === 'ella',
    );
    expect(added?.data).toEqual({
      userId: 'ella',
      name: 'Ella Ek',
    });
  });

  it('refuses a revoked token with 401', async () => {
    await t.users.addUser('bo', 'auditor', null, ADMIN);
    const issued = await t.users.issueToken('bo', 'auditor', ADMIN);
    await getFunds(issued.token).expect(200);
    await t.users.revokeToken(issued.tokenId, ADMIN);
    const res = await getFunds(issued.token).expect(401);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.headers['www-authenticate']).toContain('invalid_token');
    const last = (await collect(t.store.readStream(USERS_STREAM))).at(-1);
    expect(last).toMatchObject({
      type: 'TokenRevoked',
      data: { tokenId: issued.tokenId },
      metadata: { actor: ADMIN },
    });
  });

  it('refuses the tokens of a revoked role, also after the role is granted again', async () => {
    await t.users.addUser('cia', 'project-lead', null, ADMIN);
    const issued = await t.users.issueToken('cia', undefined, ADMIN);
    await t.users.revokeRole('cia', 'project-lead', ADMIN);
    await getFunds(issued.token).expect(401);
    await t.users.grantRole('cia', 'project-lead', ADMIN);
    await getFunds(issued.token).expect(401);
  });

  it('binds a token to one role of a user with several', async () => {
    await t.users.addUser('dan', 'admin', null, ADMIN);
    await t.users.grantRole('dan', 'finance', ADMIN);
    await expect(t.users.issueToken('dan', undefined, ADMIN)).rejects.toMatchObject({
      code: 'ROLE_REQUIRED',
    });
    await expect(t.users.issueToken('dan', 'auditor', ADMIN)).rejects.toMatchObject({
      code: 'ROLE_NOT_HELD',
    });
    const asAdmin = await t.users.issueToken('dan', 'admin', ADMIN);
    await t
      .anonymous()
      .post('/api/funds')
      .set('Authorization', `Bearer ${asAdmin.token}`)
      .send({})
      .expect(403);
  });

  it('refuses missing, malformed and unknown tokens with 401', async () => {
    await t.anonymous().get('/api/funds').expect(401);
    await t
      .anonymous()
      .get('/api/funds')
      .set('Authorization', 'Basic YW5uYTpzZWNyZXQ=')
      .expect(401);
    await getFunds('not-a-token').expect(401);
    await getFunds(`flt_${'x'.repeat(43)}`).expect(401);
  });

  it(
    'runs the ledger CLI on the service files, with exit codes 0, 1 and 2',
    async () => {
      const added = await runCli(
        t.sqlitePath,
        'users',
        'add',
        'eva.ek',
        '--role',
        'finance',
        '--name',
        'Eva Ek',
      );
      expect(added).toMatchObject({ code: 0 });
      const created = await runCli(t.sqlitePath, 'tokens', 'create', 'eva.ek');
      expect(created.code).toBe(0);
      const token = created.stdout.trim();
      expect(token).toMatch(/^flt_[A-Za-z0-9_-]{43}$/);
      const tokenId = /tok-[0-9a-f]{16}/.exec(created.stderr)?.[0] ?? '';
      // The running service sees the user and token the other process recorded.
      await getFunds(token).expect(200);

      const listed = await runCli(t.sqlitePath, 'users', 'list');
      expect(listed.code).toBe(0);
      expect(listed.stdout).toContain(`eva.ek\tfinance\tEva Ek\t${tokenId} (finance)`);
      expect(listed.stdout).not.toContain(token);

      expect(await runCli(t.sqlitePath, 'tokens', 'revoke', tokenId)).toMatchObject({ code: 0 });
      await getFunds(token).expect(401);

      const refusals = await Promise.all([
        runCli(t.sqlitePath, 'tokens', 'create', 'nobody'),
        runCli(t.sqlitePath, 'frobnicate'),
      ]);
      expect(refusals.map((run) => run.code)).toEqual([1, 2]);
      expect(refusals[0].stderr).toContain('USER_NOT_FOUND');
    },
    CLI_TEST_TIMEOUT_MS,
  );

  it('answers a bad command line with exit code 2 before opening anything', async () => {
    const quiet: CliIo = { out: () => undefined, err: () => undefined };
    expect(await runCliInProcess(['users', 'add', 'eva.ek', '--role', 'king'], quiet)).toBe(2);
    expect(await runCliInProcess(['users', 'add'], quiet)).toBe(2);
    expect(await runCliInProcess(['users', 'add', 'x', '--role', 'admin', '--bogus'], quiet)).toBe(
      2,
    );
    expect(await runCliInProcess(['tokens'], quiet)).toBe(2);
    expect(await runCliInProcess(['tokens', 'revoke'], quiet)).toBe(2);
  });
});
