/**
 * A trigger that runs `work` once, after the current turn of the event loop, however often
 * it is pulled during that turn: what a rush asks for many times (commit the queued appends,
 * fold the buffered events, save a checkpoint) is done once for all of it.
 */
// The module's own setImmediate, not the global one: a test that fakes the global timers
// must not be able to stall commits.
import { setImmediate } from 'node:timers';

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
