/**
 * Configuration from the environment, validated once at start-up. A bad value stops the
 * service with a message naming the variable, the value and what is allowed.
 */
import { basename, dirname, extname, join, resolve } from 'node:path';

export const STORE_KINDS = ['sqlite', 'eventstoredb'] as const;
export type StoreKind = (typeof STORE_KINDS)[number];

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface AppConfig {
  readonly port: number;
  readonly host: string;
  readonly store: StoreKind;
  readonly sqlitePath: string;
  readonly eventstoreUrl: string | undefined;
  readonly logLevel: LogLevel;
  /** Largest request body accepted, in bytes; larger is a 413. */
  readonly bodyLimitBytes: number;
  /** How long SIGTERM waits for in-flight requests before closing anyway. */
  readonly shutdownGraceMs: number;
  /** The SQLite file holding the read models and their checkpoint (rebuildable from the ledger). */
  readonly readModelPath: string;
  /** Days after a forecast period's end before its missing effect report is overdue. */
  readonly followUpGraceDays: number;
  /** Indicator status: within this many percentage points of the planned path is on-track. */
  readonly indicatorOnTrackPct: number;
  /** Indicator status: within this many is watch; beyond it, deviation. */
  readonly indicatorWatchPct: number;
}

/** Every variable the service reads; the docker files are checked against this list. */
export const CONFIG_VARIABLES = [
  'PORT',
  'HOST',
  'LEDGER_STORE',
  'LEDGER_SQLITE_PATH',
  'EVENTSTORE_URL',
  'LOG_LEVEL',
  'LEDGER_BODY_LIMIT_BYTES',
  'LEDGER_SHUTDOWN_GRACE_MS',
  'LEDGER_READMODEL_PATH',
  'LEDGER_FOLLOW_UP_GRACE_DAYS',
  'LEDGER_INDICATOR_ON_TRACK_PCT',
  'LEDGER_INDICATOR_WATCH_PCT',
] as const;

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Env = Readonly<Record<string, string | undefined>>;

const integerIn = (
  env: Env,
  name: string,
  fallback: number,
  min: number,
  max: number,
  problems: string[],
): number => {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^[0-9]+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    problems.push(`${name}=${JSON.stringify(raw)}: must be a whole number from ${min} to ${max}`);
    return fallback;
  }
  return Number(raw);
};

const oneOf = <T extends string>(
  env: Env,
  name: string,
  allowed: readonly T[],
  fallback: T,
  problems: string[],
): T => {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!(allowed as readonly string[]).includes(raw)) {
    problems.push(`${name}=${JSON.stringify(raw)}: must be one of ${allowed.join(', ')}`);
    return fallback;
  }
  return raw as T;
};

const eventstoreUrl = (env: Env, store: StoreKind, problems: string[]): string | undefined => {
  const raw = env.EVENTSTORE_URL;
  if (raw === undefined || raw === '') {
    if (store === 'eventstoredb') {
      problems.push('EVENTSTORE_URL: required when LEDGER_STORE=eventstoredb (e.g. esdb://localhost:2113?tls=false)');
    }
    return undefined;
  }
  if (!/^(esdb|esdb\+discover|kurrentdb|kurrentdb\+discover|kurrent|kurrent\+discover):\/\/\S+$/.test(raw)) {
    problems.push(`EVENTSTORE_URL=${JSON.stringify(raw)}: must be a connection string such as esdb://host:2113?tls=false`);
  }
  return raw;
};

/** Next to the ledger file: `ledger.sqlite` → `ledger.readmodels.sqlite`, so two ledgers in one folder never share read models. */
const defaultReadModelPath = (sqlitePath: string): string =>
  join(dirname(sqlitePath), `${basename(sqlitePath, extname(sqlitePath))}.readmodels.sqlite`);

/** The watch tolerance is the wider one: a status between them is `watch`. */
const indicatorTolerances = (env: Env, problems: string[]): { onTrack: number; watch: number } => {
  const onTrack = integerIn(env, 'LEDGER_INDICATOR_ON_TRACK_PCT', 10, 0, 100, problems);
  const watch = integerIn(env, 'LEDGER_INDICATOR_WATCH_PCT', 20, 0, 100, problems);
  if (watch < onTrack) {
    problems.push(`LEDGER_INDICATOR_WATCH_PCT=${watch}: must be at least LEDGER_INDICATOR_ON_TRACK_PCT (${onTrack})`);
  }
  return { onTrack, watch };
};

export const loadConfig = (env: Env = process.env): AppConfig => {
  const problems: string[] = [];
  const store = oneOf(env, 'LEDGER_STORE', STORE_KINDS, 'sqlite', problems);
  const sqlitePath = resolve(env.LEDGER_SQLITE_PATH && env.LEDGER_SQLITE_PATH !== '' ? env.LEDGER_SQLITE_PATH : './data/ledger.sqlite');
  const readModelPath = env.LEDGER_READMODEL_PATH;
  const tolerances = indicatorTolerances(env, problems);
  const config: AppConfig = {
    port: integerIn(env, 'PORT', 3000, 0, 65535, problems),
    host: env.HOST && env.HOST !== '' ? env.HOST : '0.0.0.0',
    store,
    sqlitePath,
    eventstoreUrl: eventstoreUrl(env, store, problems),
    logLevel: oneOf(env, 'LOG_LEVEL', LOG_LEVELS, 'info', problems),
    bodyLimitBytes: integerIn(env, 'LEDGER_BODY_LIMIT_BYTES', 1_048_576, 1024, 64 * 1_048_576, problems),
    shutdownGraceMs: integerIn(env, 'LEDGER_SHUTDOWN_GRACE_MS', 10_000, 0, 600_000, problems),
    readModelPath: readModelPath ? resolve(readModelPath) : defaultReadModelPath(sqlitePath),
    followUpGraceDays: integerIn(env, 'LEDGER_FOLLOW_UP_GRACE_DAYS', 45, 0, 3650, problems),
    indicatorOnTrackPct: tolerances.onTrack,
    indicatorWatchPct: tolerances.watch,
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
};
