/**
 * The `ledger` audit commands as a user runs them: a separate process on the service's
 * configuration (LEDGER_SQLITE_PATH), against copies of a real ledger file. Exit codes:
 * 0 ok, 1 verification failed, 2 bad usage.
 */
import { join } from 'node:path';
import { ledger } from './support/ledger-cli';
import {
  changeOneByte,
  deleteAfter,
  ledgerFixture,
  swapEvents,
} from '../audit/support/ledger-file';
import { csvRecords } from '../audit/support/csv';

const EVENTS = 12;

describe('ledger verify, digest and export', () => {
  const file = ledgerFixture(EVENTS);

  it('exits 0 on the untouched file', async () => {
    const run = await ledger(file.copy(), 'verify');
    expect(run).toMatchObject({
      code: 0,
      stdout: expect.stringContaining(`${EVENTS} events checked`),
    });
  });

  it('exits 1 and names the position when a byte was changed or events swapped', async () => {
    const changed = file.copy();
    changeOneByte(changed, 5);
    const swapped = file.copy();
    swapEvents(swapped, 2, 9);
    const [a, b] = await Promise.all([
      ledger(changed, 'verify', '--json'),
      ledger(swapped, 'verify'),
    ]);
    expect(a.code).toBe(1);
    expect(JSON.parse(a.stdout)).toMatchObject({ ok: false, firstBrokenPosition: '5' });
    expect(b).toMatchObject({
      code: 1,
      stdout: expect.stringContaining('first broken link is at position 2'),
    });
  });

  it('prints a digest that catches a cut tail: exit 1', async () => {
    const copy = file.copy();
    const digest = await ledger(copy, 'digest');
    expect(digest.code).toBe(0);
    expect(digest.stdout.trim()).toMatch(new RegExp(`^v1:global:${EVENTS}:[0-9a-f]{64}$`));
    deleteAfter(copy, EVENTS - 3);
    const run = await ledger(copy, 'verify', '--digest', digest.stdout.trim());
    expect(run).toMatchObject({ code: 1, stdout: expect.stringContaining('DIGEST MISMATCH') });
  });

  it('exits 2 on bad usage: a malformed digest, an unknown flag, a missing ledger file', async () => {
    const copy = file.copy();
    const runs = await Promise.all([
      ledger(copy, 'verify', '--digest', 'v1:global:x'),
      ledger(copy, 'export', 'changes', '--from', 'last-year'),
      ledger(join(file.dir(), 'not-there.sqlite'), 'verify'),
    ]);
    expect(runs.map((r) => r.code)).toEqual([2, 2, 2]);
  });

  it('exports the changes in a range as CSV', async () => {
    const run = await ledger(
      file.copy(),
      'export',
      'changes',
      '--from',
      '2017-01-03',
      '--to',
      '2017-01-05',
      '--csv',
    );
    expect(run.code).toBe(0);
    const records = csvRecords(run.stdout.replace(/^\uFEFF/, ''));
    expect(records.map((r) => [r.position, r.recordedAt])).toEqual([
      ['2', '2017-01-03T00:00:00.000Z'],
      ['3', '2017-01-04T00:00:00.000Z'],
      ['4', '2017-01-05T00:00:00.000Z'],
    ]);
    expect(JSON.parse(records[0].data)).toMatchObject({ note: 'Åtgärd i förvaltningen' });
  });
});
