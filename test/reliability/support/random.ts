/**
 * Seeded randomness for the reliability specs. The seed is printed (and put in the test
 * title) so that `SEED=<n>` replays the same random choices; the interleaving of concurrent
 * requests is still the scheduler's.
 */
import { randomInt } from 'node:crypto';

const SEED_LIMIT = 2 ** 31;

/** SEED from the environment, or a fresh one. */
export const chooseSeed = (): number => {
  const fromEnv = process.env.SEED;
  if (fromEnv !== undefined && /^[0-9]+$/.test(fromEnv)) return Number(fromEnv) % SEED_LIMIT;
  return randomInt(SEED_LIMIT);
};

/** mulberry32: small, fast and good enough to pick test inputs. */
export class Random {
  private state: number;

  constructor(readonly seed: number) {
    this.state = seed >>> 0;
  }

  /** A uniform float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[this.int(0, items.length - 1)];
  }

  /** A child generator, so each concurrent client draws its own sequence. */
  fork(salt: number): Random {
    return new Random((this.seed ^ Math.imul(salt + 1, 0x9e3779b1)) >>> 0);
  }

  /** SEK with öre as a string, whole kronor in [minKronor, maxKronor]: built from digits, never a float. */
  money(minKronor: number, maxKronor: number): string {
    const kronor = this.int(minKronor, maxKronor);
    const ore = String(this.int(0, 99)).padStart(2, '0');
    return kronor === 0 && ore === '00' ? '0.01' : `${kronor}.${ore}`;
  }

  /** A calendar date YYYY-MM-DD between two dates (inclusive). */
  date(from: string, to: string): string {
    const start = Date.parse(`${from}T00:00:00Z`);
    const end = Date.parse(`${to}T00:00:00Z`);
    const day = 86_400_000;
    const chosen = start + this.int(0, Math.floor((end - start) / day)) * day;
    return new Date(chosen).toISOString().slice(0, 10);
  }
}
