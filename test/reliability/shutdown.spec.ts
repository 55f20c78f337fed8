/**
 * Shutdown: SIGTERM to the service (a child process) in the middle of the bank workload.
 * It stops within its grace period; every answer it gave is a success or a proper
 * problem+json; nothing it acknowledged is lost; and nothing it recorded went unanswered (a
 * request whose connection failed was not carried out). Then it restarts on the same files:
 * the lost requests are resolved by their Idempotency-Keys and the ledger checks out.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { journalProblems, readLedgerFile } from './support/ledger-checks';
import { chooseSeed, Random } from './support/random';
import { checkServiceLedger } from './support/service-checks';
import { issueTokens, ledgerFiles, ServiceProcess } from './support/service-process';
import { bySize, SPEC_TIMEOUT_MS } from './support/sizes';
import { JournalEntry, Transport, Workload } from './support/workload';

const ROUNDS = bySize(2, 6);
const CLIENTS = bySize(8, 16);
/** SIGTERM comes this long after the load started: [min, max] ms. */
const SIGTERM_WINDOW_MS = [200, 1200] as const;
const GRACE_MS = 10_000;
const MAX_OPS_PER_CLIENT = 5_000;
const DUPLICATE_SHARE = 0.1;

const seed = chooseSeed();

/** A graceful stop answers what it carried out: a lost request must have left no event. */
const asIfLostWereRefused = (journal: readonly JournalEntry[]): JournalEntry[] =>
  journal.map((entry) => (entry.verdict === 'lost' ? { ...entry, verdict: 'refused' } : entry));

describe(`shutdown under load (seed ${seed})`, () => {
  let dir: string;
  let service: ServiceProcess | undefined;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-shutdown-'));
    console.log(`shutdown: SEED=${seed}, ${ROUNDS} rounds, ${CLIENTS} clients`);
  });
  afterAll(async () => {
    service?.kill('SIGKILL');
    await service?.exited;
    rmSync(dir, { recursive: true, force: true });
  });

  it(
    'finishes or cleanly refuses what is in flight and loses nothing it acknowledged',
    async () => {
      const files = ledgerFiles(dir);
      const tokens = await issueTokens(files);
      const transport: Transport = (actor, request) =>
        service
          ? service.transport(tokens)(actor, request)
          : Promise.resolve({ kind: 'lost', error: 'down' });
      const workload = new Workload(transport, {
        duplicateShare: DUPLICATE_SHARE,
        alwaysKeyed: true,
      });
      const rng = new Random(seed);
      const env = { LEDGER_SHUTDOWN_GRACE_MS: String(GRACE_MS) };
      service = await ServiceProcess.start(files, env);
      await workload.setUp();

      const lostPerRound: number[] = [];
      for (let round = 1; round <= ROUNDS; round++) {
        let stopped = false;
        const load = workload.run(
          rng.fork(round),
          CLIENTS,
          MAX_OPS_PER_CLIENT,
          () => stopped,
          `s${round}`,
        );
        await new Promise((done) =>
          setTimeout(done, rng.int(SIGTERM_WINDOW_MS[0], SIGTERM_WINDOW_MS[1])),
        );
        const stopping = service;
        stopping.kill('SIGTERM');
        const exit = await stopping.exited;
        stopped = true;
        service = undefined;
        await load;
        // Drained in time: past the grace period the service exits with code 1 instead.
        expect(exit.signal === 'SIGTERM' || exit.code === 0).toBe(true);
        const outcomes = workload.outcomes();
        expect(Object.keys(outcomes).filter((k) => /improper|^5(?!03)/.test(k))).toEqual([]);

        const file = await readLedgerFile(files.ledger);
        expect(file).toMatchObject({ chainOk: true });
        expect(journalProblems(asIfLostWereRefused(workload.journal), file.index)).toEqual([]);
        lostPerRound.push(workload.journal.filter((e) => e.verdict === 'lost').length);

        service = await ServiceProcess.start(files, env);
        await workload.resolveLost();
        await checkServiceLedger(transport, workload, files, dir, `shutdown-${round}`);
      }
      console.log(
        `shutdown (seed ${seed}): ${workload.journal.length} requests, ${ROUNDS} SIGTERMs, ` +
          `lost per round ${JSON.stringify(lostPerRound)}; ${JSON.stringify(workload.outcomes())}`,
      );
      expect(workload.divergentDuplicates()).toEqual([]);
    },
    SPEC_TIMEOUT_MS,
  );
});
