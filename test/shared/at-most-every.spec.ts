import { atMostEvery } from '../../src/shared/once-per-turn';

/** Long enough that no test below reaches it by waiting a few turns, on any machine. */
const LONG_MS = 60_000;

const turns = async (count: number): Promise<void> => {
  for (let i = 0; i < count; i++) await new Promise((resolve) => setImmediate(resolve));
};

describe('atMostEvery', () => {
  it('runs the first pull after a quiet spell on the next turn, once for every pull of the turn', async () => {
    let runs = 0;
    const trigger = atMostEvery(LONG_MS, () => (runs += 1));
    for (let i = 0; i < 100; i++) trigger.pull();
    expect(runs).toBe(0);
    await turns(3);
    expect(runs).toBe(1);
    trigger.cancel();
  });

  it('holds pulls within the interval after a run until the interval ends', async () => {
    let runs = 0;
    const trigger = atMostEvery(LONG_MS, () => (runs += 1));
    trigger.pull();
    await turns(3);
    trigger.pull();
    trigger.pull();
    await turns(10);
    expect(runs).toBe(1);
    trigger.cancel();
  });

  it('runs a held pull once the interval has passed', async () => {
    const intervalMs = 30;
    const runAt: number[] = [];
    const trigger = atMostEvery(intervalMs, () => runAt.push(performance.now()));
    trigger.pull();
    await turns(3);
    trigger.pull();
    await new Promise((resolve) => setTimeout(resolve, intervalMs * 4));
    expect(runAt).toHaveLength(2);
    // Timers may fire a millisecond early against performance.now(); never a whole interval.
    expect(runAt[1] - runAt[0]).toBeGreaterThanOrEqual(intervalMs - 2);
  });

  it('forgets a cancelled pull', async () => {
    let runs = 0;
    const trigger = atMostEvery(LONG_MS, () => (runs += 1));
    trigger.pull();
    trigger.cancel();
    await turns(3);
    expect(runs).toBe(0);
  });
});
