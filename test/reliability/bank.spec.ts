/**
 * The bank test: concurrent honest clients send random allocations, reductions, costs,
 * effect reports and corrections over HTTP against one fund. Whatever the interleaving, the
 * books balance to the öre, no tranche is ever below zero, every acknowledged command's event
 * is there exactly once, no refused one is, and the hash chain verifies. SEED=<n> replays.
 */
import { collect } from '../../src/event-store/event-store';
import { Money } from '../../src/money/money';
import { startTestApp, TestApp } from '../support/test-app';
import { send } from './support/http';
import { inProcessTransport, LOAD_ENV } from './support/in-process';
import {
  acknowledgedNet,
  approvalProblems,
  foldTranches,
  indexEvents,
  journalProblems,
  liveAndRebuilt,
} from './support/ledger-checks';
import { chooseSeed, Random } from './support/random';
import { bySize, SPEC_TIMEOUT_MS } from './support/sizes';
import { AUDITOR, FUND_ID, TRANCHES, Workload } from './support/workload';

const CLIENTS = bySize(8, 24);
const OPS_PER_CLIENT = bySize(40, 400);
const DUPLICATE_SHARE = 0.15;
/** How often the watching auditor reads the fund while the clients write. */
const WATCH_INTERVAL_MS = 25;

const seed = chooseSeed();

interface TrancheAnswer {
  trancheId: string;
  amount: string;
  allocated: string;
  available: string;
  unallocated: string;
}

describe(`bank test (seed ${seed})`, () => {
  let t: TestApp;
  beforeAll(async () => {
    console.log(`bank test: SEED=${seed}, ${CLIENTS} clients × ${OPS_PER_CLIENT} commands`);
    t = await startTestApp({ env: LOAD_ENV });
  });
  afterAll(async () => t.close());

  it(
    'balances to the öre, never overdraws, records exactly what it acknowledged',
    async () => {
      const transport = inProcessTransport(t);
      const workload = new Workload(transport, {
        duplicateShare: DUPLICATE_SHARE,
        alwaysKeyed: false,
      });
      await workload.setUp();

      // An auditor watches the balance while the clients write: never below zero, at any read.
      const negativeReads: string[] = [];
      let watching = true;
      const watcher = (async () => {
        while (watching) {
          const outcome = await transport(AUDITOR, {
            method: 'GET',
            path: `/api/funds/${FUND_ID}`,
          });
          if (outcome.kind === 'reply' && outcome.status === 200) {
            for (const tranche of (outcome.body as { tranches: TrancheAnswer[] }).tranches) {
              if (Money.of(tranche.unallocated).isNegative())
                negativeReads.push(JSON.stringify(tranche));
            }
          }
          await new Promise((resolve) => setTimeout(resolve, WATCH_INTERVAL_MS));
        }
      })();
      await workload.run(new Random(seed), CLIENTS, OPS_PER_CLIENT);
      watching = false;
      await watcher;

      const outcomes = workload.outcomes();
      console.log(`bank test outcomes (seed ${seed}): ${JSON.stringify(outcomes)}`);
      // Honest requests meet 2xx or a rule's refusal, never a server error, never a lost answer.
      expect(Object.keys(outcomes).filter((k) => k === 'lost' || /^5|improper/.test(k))).toEqual(
        [],
      );
      expect(outcomes['201']).toBeGreaterThan(0);
      expect(outcomes['409 TRANCHE_INSUFFICIENT_FUNDS']).toBeGreaterThan(0);
      expect(workload.divergentDuplicates()).toEqual([]);
      expect(negativeReads).toEqual([]);

      const events = await collect(t.store.readAll());
      const index = indexEvents(events);
      expect(journalProblems(workload.journal, index)).toEqual([]);
      expect(approvalProblems(events)).toEqual([]);
      const folded = foldTranches(events);
      expect(folded.problems).toEqual([]);

      // Per tranche: unallocated + Σ net acknowledged allocations = amount, to the öre.
      // (`available` is what can be allocated today: the tranches' windows closed in 2018.)
      const net = acknowledgedNet(workload.journal);
      const fund = await transport(AUDITOR, { method: 'GET', path: `/api/funds/${FUND_ID}` });
      const tranches = (
        fund.kind === 'reply' ? (fund.body as { tranches: TrancheAnswer[] }) : { tranches: [] }
      ).tranches;
      expect(tranches.map((x) => x.trancheId)).toEqual(TRANCHES.map((x) => x.trancheId));
      for (const tranche of tranches) {
        const acknowledged = net.get(tranche.trancheId) ?? Money.zero;
        const sum = Money.of(tranche.unallocated).plus(acknowledged);
        expect({ trancheId: tranche.trancheId, sum: sum.toString() }).toEqual({
          trancheId: tranche.trancheId,
          sum: Money.of(tranche.amount).toString(),
        });
        expect(Money.of(tranche.allocated).toString()).toBe(acknowledged.toString());
        expect(folded.tranches.get(tranche.trancheId)?.allocated.toString()).toBe(
          acknowledged.toString(),
        );
        expect(Money.of(tranche.unallocated).isNegative()).toBe(false);
      }

      const verify = await send(t.url, await t.tokenFor(AUDITOR.id, AUDITOR.role), {
        method: 'GET',
        path: '/api/audit/verify',
      });
      expect(verify).toMatchObject({
        status: 200,
        body: { ok: true, eventsChecked: events.length },
      });

      const { live, rebuilt } = await liveAndRebuilt(
        t.sqlitePath,
        t.sqlitePath.replace(/\.sqlite$/, '.readmodels.sqlite'),
        t.dir,
        'bank',
      );
      expect(live).toEqual(rebuilt);
    },
    SPEC_TIMEOUT_MS,
  );
});
