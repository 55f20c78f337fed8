/**
 * A heavy question asked while the chain watch verifies the chain: the first as-of fund
 * report, asked the moment the service's watch starts its first verification (a second after
 * listening), against the same question asked as long after readiness of a service with the
 * watch off, in alternated rounds on fresh copies of one ledger and its read-model file. Where
 * scenario 5 waits for the watch's verdict before its questions (so it measures the query),
 * this measures what a user asking at the wrong moment meets.
 *
 *   npx tsc -p tsconfig.bench.json && \
 *   BENCH_LEDGER_PATH=ledger.sqlite BENCH_READMODEL_PATH=read-models.sqlite \
 *   node dist/bench-build/bench/tools/question-during-watch.js
 *
 * BENCH_AS_OF is the report's moment (default: `midpointRecordedAt` of the ledger cache's
 * `<ledger>.json`, as scenario 5 asks it); ROUNDS (default 3) rounds of both.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { callApi } from '../http/api-client';
import { startServerChild } from '../http/child';
import { requiredEnv } from '../support/config';
import { AUDITOR, copyDatabase, untilChain } from '../support/ledger-service';
import { median, nowMs } from '../support/measure';

const DEFAULT_ROUNDS = 3;
const BOOT_BUDGET_MS = 120_000;
const POLL_MS = 10;
/** The watch's interval when on: one verification in a round, the first. */
const WATCH_MINUTES = '60';

type Contender = 'watch off' | 'watch on';

interface Answer {
  readonly ms: number;
  /** From the service's readiness to the question. */
  readonly waitedMs: number;
  /** With the watch on: whether its first verification was still under way when it came. */
  readonly overlapped?: boolean;
  /** With the watch on: how long that verification took, from /health. */
  readonly verificationMs?: number;
}

const asOfDefault = (ledgerPath: string): string => {
  const given = process.env.BENCH_AS_OF;
  if (given !== undefined && given !== '') return given;
  const sidecar = `${ledgerPath}.json`;
  if (!existsSync(sidecar)) throw new Error(`BENCH_AS_OF is required (no ${sidecar})`);
  return (JSON.parse(readFileSync(sidecar, 'utf8')) as { midpointRecordedAt: string })
    .midpointRecordedAt;
};

/**
 * One fresh service, one question. With the watch on, asked as soon as /health says the watch
 * is verifying; with it off, `waitMs` after the service is ready (the watch-on round's wait, so
 * both have had the same time to settle).
 */
const askOnce = async (contender: Contender, asOf: string, waitMs: number): Promise<Answer> => {
  const dir = mkdtempSync(join(tmpdir(), 'question-during-watch-'));
  const ledger = join(dir, 'ledger.sqlite');
  const models = join(dir, 'read-models.sqlite');
  copyDatabase(requiredEnv('BENCH_LEDGER_PATH'), ledger);
  copyDatabase(requiredEnv('BENCH_READMODEL_PATH'), models);
  const child = await startServerChild(
    'service-server.ts',
    {
      BENCH_LEDGER_PATH: ledger,
      BENCH_READMODEL_PATH: models,
      BENCH_ACTORS: JSON.stringify([AUDITOR]),
      LEDGER_CHAIN_WATCH_MINUTES: contender === 'watch on' ? WATCH_MINUTES : '0',
    },
    BOOT_BUDGET_MS,
  );
  try {
    const { url } = child.ready;
    const auditor = child.ready.credentials[`${AUDITOR[0]} ${AUDITOR[1]}`];
    if (auditor === undefined) throw new Error('the service issued no auditor token');
    const ready = nowMs();
    if (contender === 'watch on') {
      const chain = await untilChain(
        url,
        (c) => c.state === 'verifying' || c.verdict !== undefined,
        POLL_MS,
      );
      if (chain.state !== 'verifying')
        throw new Error('the verification ended before it was seen: the ledger is too small');
    } else await new Promise((resolve) => setTimeout(resolve, waitMs));
    const waitedMs = nowMs() - ready;
    const asked = Date.now();
    const path = `/api/reports/forecast-vs-actual?groupBy=fund&asOf=${encodeURIComponent(asOf)}`;
    const answer = await callApi(url, 'GET', path, auditor);
    if (answer.status !== 200) throw new Error(`the report answered ${answer.status}`);
    if (contender === 'watch off') return { ms: answer.ms, waitedMs };
    const chain = await untilChain(
      url,
      (c) => c.verdict !== undefined && c.state !== 'verifying',
      POLL_MS,
    );
    const verifiedAt = Date.parse(chain.verifiedAt ?? '');
    // From the question (asked within POLL_MS of the verification's start) to the verdict.
    return {
      ms: answer.ms,
      waitedMs,
      overlapped: verifiedAt > asked,
      verificationMs: verifiedAt - asked,
    };
  } finally {
    await child.stop();
    rmSync(dir, { recursive: true, force: true });
  }
};

const main = async (): Promise<void> => {
  const rounds = Number(process.env.ROUNDS ?? DEFAULT_ROUNDS);
  if (!Number.isInteger(rounds) || rounds < 1) throw new Error('ROUNDS must be a positive integer');
  const asOf = asOfDefault(requiredEnv('BENCH_LEDGER_PATH'));
  const answers: Record<Contender, Answer[]> = { 'watch off': [], 'watch on': [] };
  for (let round = 1; round <= rounds; round++) {
    const on = await askOnce('watch on', asOf, 0);
    const off = await askOnce('watch off', asOf, on.waitedMs);
    answers['watch on'].push(on);
    answers['watch off'].push(off);
    console.log(`round ${round}: watch on ${JSON.stringify(on)}, watch off ${JSON.stringify(off)}`);
  }
  // A question the verification did not overlap measured nothing of it.
  const overlapped = answers['watch on'].filter((a) => a.overlapped === true);
  if (overlapped.length < rounds) {
    console.log(
      `${rounds - overlapped.length} of ${rounds} questions ended after the verification`,
    );
  }
  if (overlapped.length === 0) throw new Error('no question overlapped the verification');
  const off = median(answers['watch off'].map((a) => a.ms));
  const on = median(overlapped.map((a) => a.ms));
  console.log(
    `first as-of fund report (asOf ${asOf}): watch off ${off.toFixed(0)} ms (median of ${rounds}), ` +
      `asked as the watch starts ${on.toFixed(0)} ms (median of ${overlapped.length}), ` +
      `${(on / off).toFixed(2)}×`,
  );
};

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
