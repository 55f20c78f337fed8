/**
 * The service booted on a copy of the generated ledger, shared by the auditor (5) and memory
 * (7) scenarios. Its read models start empty, so booting folds the whole ledger into them
 * (the service does not listen before it has caught up): that is the rebuild whose memory
 * scenario 7 reports. Booting has a time budget so a slow fold cannot take the whole run.
 * The copy keeps the shared ledger unchanged (issuing tokens appends events).
 */
import { copyFileSync } from 'node:fs';
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
  /** From start to listening, which includes folding the ledger into the read models. */
  readonly bootSeconds: number;
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

export const bootBudgetSeconds = (context: BenchContext): number =>
  Math.max(MIN_BOOT_BUDGET_SECONDS, FULL_BOOT_BUDGET_SECONDS * context.config.scale);

export const startLedgerService = async (context: BenchContext): Promise<LedgerServiceStart> => {
  const ledger = await context.ledger();
  const path = scratchFile(context, 'ledger-service.sqlite');
  copyFileSync(ledger.path, path);
  const budget = bootBudgetSeconds(context);
  context.log(
    `booting the service on a copy of the ${ledger.events.toLocaleString('en-US')}-event ledger (budget ${budget} s)`,
  );
  const start = nowMs();
  let child: ServerChild;
  try {
    child = await startServerChild(
      'service-server.ts',
      { BENCH_LEDGER_PATH: path, BENCH_ACTORS: JSON.stringify([AUDITOR]) },
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
  return { ok: true, service: { child, url: child.ready.url, auditor, bootSeconds, afterCatchUp } };
};
