/**
 * The service booted on a copy of the generated ledger and a copy of its rebuilt read-model
 * file (support/read-model-file.ts), shared by the auditor (5) and memory (7) scenarios: a
 * service restarted on an existing file, which opens its read models at their checkpoint
 * and catches up only what came after (here, the tokens it issues). When the rebuild did not
 * finish within its budget, the read models start empty and booting folds the whole ledger
 * (the service does not listen before it has caught up). Booting has a time budget so a slow
 * fold cannot take the whole run. The copies keep the shared files unchanged.
 */
import { copyFileSync, existsSync } from 'node:fs';
import { callApi } from '../http/api-client';
import { ServerChild, ServerNotReadyError, startServerChild, UsageMessage } from '../http/child';
import { BenchContext, scratchFile } from './context';
import { nowMs } from './measure';

export const AUDITOR: readonly [string, string] = ['bench.auditor', 'auditor'];
const FULL_BOOT_BUDGET_SECONDS = 90;
const MIN_BOOT_BUDGET_SECONDS = 60;

export interface LedgerService {
  readonly child: ServerChild;
  readonly url: string;
  readonly auditor: Readonly<Record<string, string>>;
  /** From start to listening (with empty read models, that includes folding the ledger). */
  readonly bootSeconds: number;
  /** Whether it started on the rebuilt read-model file (else on empty read models). */
  readonly onReadModelFile: boolean;
  /** The child's memory right after it caught up, before any query. */
  readonly afterCatchUp: UsageMessage;
}

export type LedgerServiceStart =
  | { readonly ok: true; readonly service: LedgerService }
  | {
      readonly ok: false;
      readonly reason: string;
      /** What the child had used when it was stopped. */
      readonly usage: UsageMessage | undefined;
    };

/** A SQLite file copied with the WAL beside it, which may hold committed pages the copy needs. */
export const copyDatabase = (from: string, to: string): void => {
  copyFileSync(from, to);
  if (existsSync(`${from}-wal`)) copyFileSync(`${from}-wal`, `${to}-wal`);
};

export const bootBudgetSeconds = (context: BenchContext): number =>
  Math.max(MIN_BOOT_BUDGET_SECONDS, FULL_BOOT_BUDGET_SECONDS * context.config.scale);

export const startLedgerService = async (context: BenchContext): Promise<LedgerServiceStart> => {
  const ledger = await context.ledger();
  const path = scratchFile(context, 'ledger-service.sqlite');
  copyFileSync(ledger.path, path);
  const readModels = await context.readModels();
  const modelPath = scratchFile(context, 'ledger-service.readmodels.sqlite');
  if (readModels.path !== undefined) copyDatabase(readModels.path, modelPath);
  const budget = bootBudgetSeconds(context);
  context.log(
    `booting the service on a copy of the ${ledger.events.toLocaleString('en-US')}-event ledger (budget ${budget} s)`,
  );
  const start = nowMs();
  let child: ServerChild;
  try {
    child = await startServerChild(
      'service-server.ts',
      {
        BENCH_LEDGER_PATH: path,
        BENCH_READMODEL_PATH: modelPath,
        BENCH_ACTORS: JSON.stringify([AUDITOR]),
      },
      budget * 1000,
    );
  } catch (error) {
    if (!(error instanceof ServerNotReadyError)) throw error;
    const reason = `the service had not caught up with ${ledger.events.toLocaleString('en-US')} events after ${budget} s`;
    context.log(reason);
    return { ok: false, reason, usage: error.usage };
  }
  const bootSeconds = (nowMs() - start) / 1000;
  context.log(`service ready in ${bootSeconds.toFixed(1)} s`);
  const auditor = child.ready.credentials[`${AUDITOR[0]} ${AUDITOR[1]}`];
  if (auditor === undefined) throw new Error('the service issued no auditor token');
  const afterCatchUp = await child.usage();
  const onReadModelFile = readModels.path !== undefined;
  return {
    ok: true,
    service: { child, url: child.ready.url, auditor, bootSeconds, afterCatchUp, onReadModelFile },
  };
};

/** How long the chain watch's first verification may take on the bench's ledger. */
const CHAIN_WATCH_BUDGET_MS = 180_000;
const CHAIN_WATCH_POLL_MS = 100;

/**
 * Waits for the service's chain watch to finish its first verification, which it starts a
 * second after it listens and which reads the whole chain on every core (about 6 s on 1M
 * events here); answers the seconds waited, or null with the watch off. The auditor queries
 * are measured after it: run beside it, a first as-of fund report took twice as long (8-10 s
 * against 4-5 s) while the watch's workers ran at the service's priority, and still 1.1-1.3
 * times as long at the lowest (tools/question-during-watch.ts): the start's verification, not
 * the query.
 */
export const awaitChainWatch = async (service: LedgerService): Promise<number | null> => {
  const start = nowMs();
  const chain = await untilChain(
    service.url,
    (c) => c.state === 'off' || c.verdict !== undefined,
    CHAIN_WATCH_POLL_MS,
  );
  return chain.state === 'off' ? null : (nowMs() - start) / 1000;
};

/** What /health says of the chain watch (chain-watch-state.ts), as far as the bench reads it. */
export interface ChainHealth {
  readonly state?: string;
  readonly verdict?: string;
  readonly verifiedAt?: string;
}

/** /health's chain, polled every `pollMs` until `done` says so (at most CHAIN_WATCH_BUDGET_MS). */
export const untilChain = async (
  url: string,
  done: (chain: ChainHealth) => boolean,
  pollMs: number,
): Promise<ChainHealth> => {
  const deadline = nowMs() + CHAIN_WATCH_BUDGET_MS;
  while (nowMs() < deadline) {
    // /health answers 503 while a broken verdict stands: its body says so all the same.
    const { body } = (await callApi(url, 'GET', '/health', {})) as {
      body: { chain?: ChainHealth };
    };
    const chain = body.chain ?? {};
    if (done(chain)) return chain;
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
  throw new Error(`the chain watch did not get there within ${CHAIN_WATCH_BUDGET_MS} ms`);
};
