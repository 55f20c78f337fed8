/**
 * The crash loop: the bank workload against the service as a child process, killed with
 * SIGKILL at random moments and restarted on the same files. After each kill the ledger file
 * holds every acknowledged event and an intact chain; after each restart the lost requests are
 * sent again under their Idempotency-Keys, and then every acknowledged event is there exactly
 * once, nothing refused is, the books balance, and the read models (caught up) equal a full
 * rebuild into another file. SEED=<n> replays the same random choices.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { journalProblems, readLedgerFile } from './support/ledger-checks';
import { chooseSeed, Random } from './support/random';
import { issueTokens, ledgerFiles, ServiceProcess } from './support/service-process';
import { bySize, SPEC_TIMEOUT_MS } from './support/sizes';
import { checkServiceLedger } from './support/service-checks';
import { Transport, Workload } from './support/workload';

const KILLS = bySize(3, 12);
const CLIENTS = bySize(6, 12);
/** The kill comes this long after the load started: [min, max] ms. */
const KILL_WINDOW_MS = bySize([150, 1200], [150, 3000]);
/** Clients run until the kill; this only bounds a round that somehow never ends. */
const MAX_OPS_PER_CLIENT = 5_000;
const DUPLICATE_SHARE = 0.15;

const seed = chooseSeed();

describe(`crash loop (seed ${seed})`, () => {
  let dir: string;
  let service: ServiceProcess | undefined;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-crash-loop-'));
    console.log(`crash loop: SEED=${seed}, ${KILLS} kills, ${CLIENTS} clients`);
  });
  afterAll(async () => {
    service?.kill('SIGKILL');
    await service?.exited;
    rmSync(dir, { recursive: true, force: true });
  });

  it(
    `loses nothing acknowledged and lies about nothing through ${KILLS} SIGKILLs`,
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
      service = await ServiceProcess.start(files);
      await workload.setUp();

      let lostTotal = 0;
      for (let round = 1; round <= KILLS; round++) {
        let stopped = false;
        const load = workload.run(
          rng.fork(round),
          CLIENTS,
          MAX_OPS_PER_CLIENT,
          () => stopped,
          `k${round}`,
        );
        await new Promise((done) =>
          setTimeout(done, rng.int(KILL_WINDOW_MS[0], KILL_WINDOW_MS[1])),
        );
        const killed = service;
        killed.kill('SIGKILL');
        stopped = true;
        expect(await killed.exited).toMatchObject({ signal: 'SIGKILL' });
        service = undefined;
        await load;
        const lost = workload.journal.filter((e) => e.verdict === 'lost').length;
        lostTotal += lost;

        // Before any restart: every acknowledged event is in the file, the chain intact.
        const file = await readLedgerFile(files.ledger);
        expect(file).toMatchObject({ chainOk: true });
        expect(journalProblems(workload.journal, file.index)).toEqual([]);

        service = await ServiceProcess.start(files);
        await workload.resolveLost();
        await checkServiceLedger(transport, workload, files, dir, `round-${round}`);
      }

      const outcomes = workload.outcomes();
      console.log(
        `crash loop (seed ${seed}): ${workload.journal.length} requests, ${KILLS} kills, ` +
          `${lostTotal} lost in flight and resolved; ${JSON.stringify(outcomes)}`,
      );
      expect(Object.keys(outcomes).filter((k) => /^5|improper/.test(k))).toEqual([]);
      expect(workload.divergentDuplicates()).toEqual([]);
      const last = service;
      last.kill('SIGTERM');
      await last.exited;
      service = undefined;
      const verify = await readLedgerFile(files.ledger);
      expect(verify.chainOk).toBe(true);
    },
    SPEC_TIMEOUT_MS,
  );
});
