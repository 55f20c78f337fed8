/**
 * A trigger that runs `work` once, after the current turn of the event loop, however often
 * it is pulled during that turn: what a rush asks for many times (commit the queued appends,
 * fold the buffered events, save a checkpoint) is done once for all of it.
 */
// The module's own setImmediate, not the global one: a test that fakes the global timers
// must not be able to stall commits.
import { clearImmediate, clearTimeout, setImmediate, setTimeout } from 'node:timers';

export const oncePerTurn = (work: () => void): (() => void) => {
  let scheduled = false;
  return () => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(() => {
      scheduled = false;
      work();
    });
  };
};

export interface Throttled {
  /** Asks for `work`: run once the interval since its last run has passed. */
  pull(): void;
  /** Forgets a pull not yet run (the owner is about to run `work` itself, or is stopping). */
  cancel(): void;
}

/**
 * A trigger that runs `work` at most once per `intervalMs`, however often it is pulled: the
 * first pull after a quiet spell runs it on the next turn, later pulls within the interval
 * once the interval ends. For work whose only cost when it lags is a little repeated work
 * after a crash (a checkpoint of derived state), never for work a caller waits on. Its timer
 * does not keep the process alive.
 */
export const atMostEvery = (intervalMs: number, work: () => void): Throttled => {
  let lastRun = Number.NEGATIVE_INFINITY;
  let pending: (() => void) | undefined;
  const run = (): void => {
    pending = undefined;
    lastRun = performance.now();
    work();
  };
  return {
    pull: () => {
      if (pending !== undefined) return;
      const wait = lastRun + intervalMs - performance.now();
      if (wait <= 0) {
        const immediate = setImmediate(run).unref();
        pending = () => clearImmediate(immediate);
      } else {
        const timer = setTimeout(run, wait).unref();
        pending = () => clearTimeout(timer);
      }
    },
    cancel: () => {
      pending?.();
      pending = undefined;
    },
  };
};
