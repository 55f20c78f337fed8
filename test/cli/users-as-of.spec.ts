/**
 * `ledger users list --as-of <moment>`: the register as it stood then, as GET /api/users?asOf=
 * answers it, at the command line; a moment that is none is a usage error naming the flag
 * (as one after today is: the same check as the API's).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import { ledger } from './support/ledger-cli';

/** Each run starts a fresh Node with ts-node, seconds on a busy machine. */
const CLI_TIMEOUT_MS = 180_000;

describe('ledger users list --as-of', () => {
  let dir: string;
  let path: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'users-as-of-'));
    path = join(dir, 'ledger.sqlite');
    // The ledger file a service would have made on its first start.
    await SqliteEventStore.open(path).close();
    const added = await ledger(path, 'users', 'add', 'kim.kassa', '--role', 'finance');
    expect(added.code).toBe(0);
  }, CLI_TIMEOUT_MS);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it(
    'lists the register then: nobody before the first grant, the user now',
    async () => {
      const before = await ledger(path, 'users', 'list', '--as-of', '2000-01-01', '--json');
      expect(before.code).toBe(0);
      expect(JSON.parse(before.stdout)).toEqual([]);
      const now = await ledger(path, 'users', 'list', '--json');
      expect(JSON.parse(now.stdout)).toEqual([
        expect.objectContaining({ userId: 'kim.kassa', roles: ['finance'] }),
      ]);
    },
    CLI_TIMEOUT_MS,
  );

  it(
    'refuses a moment that is none, naming the flag',
    async () => {
      const run = await ledger(path, 'users', 'list', '--as-of', '2000-02-30');
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('--as-of');
    },
    CLI_TIMEOUT_MS,
  );
});
