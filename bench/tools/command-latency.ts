/**
 * One client, one command at a time: how long each durable allocation takes through the
 * service, against the bare group-commit route in the same run. Where scenario 4 gives the
 * rate at one connection, this gives the spread behind it (every request's latency, the
 * share of the time spent in slow ones), which says whether a missed ratio is a tail to cut
 * or the ordinary command.
 *
 *   npx tsc -p tsconfig.bench.json && node dist/bench-build/bench/tools/command-latency.js
 *
 * COMMANDS (default 5000) requests per contender, in ROUNDS (default 3) alternated rounds
 * after a warm-up; BENCH_PROFILE_DIR profiles the service child as in `npm run bench`.
 */
import { Agent, request } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ServerChild, startServerChild } from '../http/child';
import {
  ALLOCATION_INVESTMENTS,
  allocations,
  establishFund,
  FINANCE,
  headersOf,
  LEAD,
  proposeAndDocument,
  Service,
} from '../scenarios/http-commands';

const DEFAULT_COMMANDS = 5_000;
const DEFAULT_ROUNDS = 3;
const WARM_UP_COMMANDS = 500;
/** A request this slow waited on something besides its own command. */
const SLOW_US = 5_000;
const FUND = 'latency-fund';
const PERCENTILES = [0.5, 0.9, 0.99, 1] as const;

interface Contender {
  readonly name: string;
  readonly url: URL;
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly latenciesUs: number[];
}

const positiveIntegerEnv = (name: string, fallback: number): number => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer`);
  return value;
};

/** One keep-alive socket, so every request waits for the one before it. */
const agent = new Agent({ keepAlive: true, maxSockets: 1 });

const post = (contender: Contender, body: unknown): Promise<number> =>
  new Promise((resolve, reject) => {
    const data = JSON.stringify(body);
    const req = request(
      {
        host: contender.url.hostname,
        port: contender.url.port,
        path: contender.path,
        method: 'POST',
        agent,
        headers: {
          ...contender.headers,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(data),
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(data);
  });

const run = async (
  contender: Contender,
  count: number,
  next: () => unknown,
  keep: boolean,
): Promise<void> => {
  for (let i = 0; i < count; i++) {
    const start = process.hrtime.bigint();
    const status = await post(contender, next());
    const us = Number(process.hrtime.bigint() - start) / 1_000;
    if (status !== 201) throw new Error(`${contender.name}: answered ${status}`);
    if (keep) contender.latenciesUs.push(us);
  }
};

const summary = (contender: Contender): string => {
  const sorted = [...contender.latenciesUs].sort((a, b) => a - b);
  const total = sorted.reduce((sum, us) => sum + us, 0);
  const slow = sorted.filter((us) => us > SLOW_US);
  const slowTotal = slow.reduce((sum, us) => sum + us, 0);
  const at = (q: number): string =>
    (sorted[Math.round(q * (sorted.length - 1))] / 1_000).toFixed(2);
  return [
    `${contender.name}: ${sorted.length} requests, ${((sorted.length / total) * 1e6).toFixed(0)} req/s,`,
    `mean ${(total / sorted.length / 1_000).toFixed(2)} ms,`,
    PERCENTILES.map((q) => `${q === 1 ? 'max' : `p${q * 100}`} ${at(q)} ms`).join(', ') + ';',
    `over ${SLOW_US / 1_000} ms: ${slow.length} requests, ${((slowTotal / total) * 100).toFixed(1)} % of the time`,
  ].join(' ');
};

const meanUs = (contender: Contender): number =>
  contender.latenciesUs.reduce((sum, us) => sum + us, 0) / contender.latenciesUs.length;

const main = async (): Promise<void> => {
  const commands = positiveIntegerEnv('COMMANDS', DEFAULT_COMMANDS);
  const rounds = positiveIntegerEnv('ROUNDS', DEFAULT_ROUNDS);
  const dir = mkdtempSync(join(tmpdir(), 'command-latency-'));
  const children: ServerChild[] = [];
  try {
    const child = await startServerChild('service-server.ts', {
      BENCH_LEDGER_PATH: join(dir, 'ledger.sqlite'),
      BENCH_ACTORS: JSON.stringify([FINANCE, LEAD]),
    });
    children.push(child);
    const bare = await startServerChild('bare-server.ts', { BENCH_BARE_DIR: dir });
    children.push(bare);
    const service: Service = {
      url: child.ready.url,
      finance: headersOf(child.ready.credentials, FINANCE),
      lead: headersOf(child.ready.credentials, LEAD),
    };
    for (let i = 0; i < ALLOCATION_INVESTMENTS; i++) {
      await proposeAndDocument(service, `alloc-target-${i}`, 1);
    }
    await establishFund(service, FUND);
    const contenders: readonly Contender[] = [
      {
        name: 'service, POST allocations',
        url: new URL(service.url),
        path: `/api/funds/${FUND}/allocations`,
        headers: service.finance,
        latenciesUs: [],
      },
      {
        name: 'bare route, group commit',
        url: new URL(bare.ready.url),
        path: '/group-commit/fund-bench',
        headers: {},
        latenciesUs: [],
      },
    ];
    const bodies = contenders.map(() => allocations());
    for (const [n, contender] of contenders.entries()) {
      await run(contender, WARM_UP_COMMANDS, bodies[n], false);
    }
    const perRound = Math.ceil(commands / rounds);
    for (let round = 0; round < rounds; round++) {
      for (const [n, contender] of contenders.entries()) {
        await run(contender, perRound, bodies[n], true);
      }
    }
    for (const contender of contenders) console.log(summary(contender));
    const [ours, bareRoute] = contenders;
    console.log(
      `mean latency, bare ÷ service: ${(meanUs(bareRoute) / meanUs(ours)).toFixed(3)}× (the rate ratio at one connection)`,
    );
  } finally {
    for (const child of children) await child.stop();
    agent.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
};

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
