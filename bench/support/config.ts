/**
 * The benchmark's sizes, from the environment. BENCH_SCALE multiplies every size and
 * duration (1 is the full size; 0.01 is a quick run for development); BENCH_ONLY
 * picks scenarios by id (comma-separated) so one can be run or profiled alone.
 */
import { RUNNING_COMPILED } from './paths';

/** The sizes at BENCH_SCALE=1. */
export const FULL_LEDGER_EVENTS = 1_000_000;
export const FULL_STREAM_EVENTS = 10_000;
export const FULL_HTTP_SECONDS = 10;
/** How long each durable-append measurement runs at scale 1; they are time-boxed, not counted. */
export const FULL_APPEND_SECONDS = 3;
/** Smallest sizes a tiny scale may shrink to, so every figure still measures something. */
const MIN_LEDGER_EVENTS = 5_000;
const MIN_STREAM_EVENTS = 200;
const MIN_SECONDS = 0.5;
const MIN_HTTP_SECONDS = 1;

export const CONCURRENT_APPENDERS = 50;
export const EVENTS_PER_BATCH_APPEND = 100;
export const HTTP_CONCURRENCY_LEVELS: readonly number[] = [1, 10, 50];

export const SCENARIO_IDS = [
  'append',
  'reads',
  'rebuild',
  'http',
  'auditor',
  'peer',
  'memory',
  'board-report',
  'startup',
] as const;
export type ScenarioId = (typeof SCENARIO_IDS)[number];

export interface BenchConfig {
  readonly scale: number;
  readonly ledgerEvents: number;
  readonly streamEvents: number;
  readonly appendSeconds: number;
  readonly httpSeconds: number;
  readonly httpConcurrency: readonly number[];
  readonly only: ReadonlySet<ScenarioId>;
  /** A folder to keep the generated ledger in between runs (development only). */
  readonly ledgerCacheDir: string | undefined;
}

const parseScale = (text: string | undefined): number => {
  if (text === undefined || text === '') return 1;
  const scale = Number(text);
  if (!Number.isFinite(scale) || scale <= 0 || scale > 1) {
    throw new Error(`BENCH_SCALE must be a number in (0, 1], got ${text}`);
  }
  return scale;
};

const parseOnly = (text: string | undefined): ReadonlySet<ScenarioId> => {
  if (text === undefined || text.trim() === '') return new Set(SCENARIO_IDS);
  const ids = text.split(',').map((id) => id.trim());
  const unknown = ids.filter((id) => !(SCENARIO_IDS as readonly string[]).includes(id));
  if (unknown.length > 0) {
    throw new Error(
      `BENCH_ONLY: unknown scenario ${unknown.join(', ')}; one of ${SCENARIO_IDS.join(', ')}`,
    );
  }
  return new Set(ids as ScenarioId[]);
};

const scaled = (full: number, scale: number, min: number): number =>
  Math.max(min, Math.round(full * scale));

export const loadBenchConfig = (env: NodeJS.ProcessEnv = process.env): BenchConfig => {
  const scale = parseScale(env.BENCH_SCALE);
  return {
    scale,
    ledgerEvents: scaled(FULL_LEDGER_EVENTS, scale, MIN_LEDGER_EVENTS),
    streamEvents: scaled(FULL_STREAM_EVENTS, scale, MIN_STREAM_EVENTS),
    appendSeconds: Math.max(MIN_SECONDS, FULL_APPEND_SECONDS * scale),
    httpSeconds: Math.max(MIN_HTTP_SECONDS, Math.round(FULL_HTTP_SECONDS * scale)),
    httpConcurrency: HTTP_CONCURRENCY_LEVELS,
    only: parseOnly(env.BENCH_ONLY),
    ledgerCacheDir: env.BENCH_LEDGER_CACHE || undefined,
  };
};

/**
 * How the bench starts its child processes (servers, the rebuild): under ts-node, and with
 * V8's CPU profiler writing into BENCH_PROFILE_DIR when that is set (the evidence for a missed
 * goal; summarise a profile with bench/tools/profile-summary.ts).
 */
/** A variable a child or a tool cannot run without. */
export const requiredEnv = (name: string, env: NodeJS.ProcessEnv = process.env): string => {
  const value = env[name];
  if (value === undefined || value === '') throw new Error(`${name} is required`);
  return value;
};

export const childExecArgv = (env: NodeJS.ProcessEnv = process.env): string[] => [
  ...(RUNNING_COMPILED ? [] : ['-r', 'ts-node/register/transpile-only']),
  ...(env.BENCH_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${env.BENCH_PROFILE_DIR}`] : []),
];
