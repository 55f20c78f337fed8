/** Clocks and small statistics for the scenarios. */
import { performance } from 'node:perf_hooks';

export const nowMs = (): number => performance.now();

export interface Timed<T> {
  readonly result: T;
  readonly ms: number;
}

export const timed = async <T>(work: () => Promise<T>): Promise<Timed<T>> => {
  const start = nowMs();
  const result = await work();
  return { result, ms: nowMs() - start };
};

export interface RateRun {
  /** Operations completed (events, requests, appends: the caller's unit). */
  readonly count: number;
  readonly ms: number;
}

export const perSecond = (run: RateRun): number => (run.count * 1000) / run.ms;

/**
 * Runs `step` until `seconds` have passed and counts what it reports. Time-boxed rather than
 * counted, so a slow machine still finishes on time and a fast one still measures long enough.
 */
export const forSeconds = async (
  seconds: number,
  step: () => Promise<number> | number,
): Promise<RateRun> => {
  const start = nowMs();
  const deadline = start + seconds * 1000;
  let count = 0;
  while (nowMs() < deadline) count += await step();
  return { count, ms: nowMs() - start };
};

/** The p-th percentile (0–100) of unsorted samples, nearest-rank. */
export const percentile = (samples: readonly number[], p: number): number => {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
};

export const median = (samples: readonly number[]): number => percentile(samples, 50);

/** Lets the event loop turn and the collector run, so one measurement does not tax the next. */
export const settle = async (): Promise<void> => {
  await new Promise((resolve) => setImmediate(resolve));
  if (typeof global.gc === 'function') global.gc();
};

/** Rounds each contender runs; the best round counts (see `bestRates`). */
export const ROUNDS = 3;

/**
 * Runs every contender once per round, in turn, and keeps each one's best rate. The machine
 * is shared: interleaving spreads a burst of outside load over all contenders instead of
 * landing on one, and the best round is the one least disturbed by it.
 */
export const bestRates = async <K extends string>(
  rounds: number,
  contenders: Readonly<Record<K, () => Promise<RateRun>>>,
): Promise<Record<K, number>> => {
  const best = {} as Record<K, number>;
  for (let round = 0; round < rounds; round++) {
    for (const key of Object.keys(contenders) as K[]) {
      const rate = perSecond(await contenders[key]());
      best[key] = Math.max(best[key] ?? 0, rate);
      await settle();
    }
  }
  return best;
};
