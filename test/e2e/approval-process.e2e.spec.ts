/**
 * The approval process: the first allocation to an investment approves it, once, whatever
 * happens. After a crash between an allocation and its approval (the ledger holds the fund's
 * allocation, the investment is not approved) the process, reading the ledger after its own
 * checkpoint, records the approval when the service starts; starting again (with its
 * checkpoint, or with the checkpoint lost) approves nothing twice. Allocations sent together
 * approve once, by the first in the ledger, and a refused approval does not stop the process.
 */
import { existsSync, rmSync } from 'node:fs';
import request from 'supertest';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import pino from 'pino';
import { createApp } from '../../src/app';
import { UserService } from '../../src/auth/user.service';
import { AppConfig } from '../../src/config/config';
import { collect, EventStore } from '../../src/event-store/event-store';
import { EventStoreDbEventStore } from '../../src/event-store/eventstoredb/eventstoredb-event-store';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import { fundDecider } from '../../src/fund/fund.decider';
import { fundStream } from '../../src/fund/fund.events';
import { createLogger } from '../../src/infra/logger';
import { APP_CONFIG } from '../../src/infra/tokens';
import {
  approvalCheckpointPath,
  MemoryApprovalCheckpoint,
} from '../../src/investment/approval-checkpoint';
import { approvedInReadModels } from '../../src/investment/approval.module';
import {
  ApprovalProcessManager,
  ApprovedAlready,
} from '../../src/investment/approval.process-manager';
import { ProjectionRunner } from '../../src/projections/projection-runner';
import { Money } from '../../src/money/money';
import { AllocateFunds } from '../../src/fund/fund.commands';
import { CommandHandler } from '../../src/shared/command-handler';
import { aDocumentedInvestmentOverHttp } from '../support/http-mothers';
import { testStoreKind } from '../support/esdb-test-store';
import { FailingEventStore } from '../reliability/support/failing-event-store';
import { startTestApp, TestApp } from '../support/test-app';

const FINANCE = { id: 'fia', role: 'finance' } as const;

interface Booted {
  readonly app: NestFastifyApplication;
  readonly store: EventStore;
  readonly url: string;
}

/** The fund's half of an allocation, recorded without the HTTP route (and so without its wait). */
const fundHalf = (allocationId: string, investmentId: string): AllocateFunds => ({
  type: 'AllocateFunds',
  fundId: 'f',
  allocationId,
  investmentId,
  trancheId: 't1',
  amount: Money.of('1000.00'),
  decidedOn: '2017-02-01',
  decisionRef: 'Ks 3',
  caseVersion: 1,
  recordedAt: new Date().toISOString(),
  actor: FINANCE,
  investment: {
    exists: true,
    closed: false,
    missing: [],
    caseVersion: 1,
    versions: [{ version: 1, documentedOn: '2017-01-15', runningCostEffect: Money.zero }],
  },
});

const allocationOverHttp = (allocationId: string): Record<string, unknown> => ({
  allocationId,
  investmentId: 'e-arkiv',
  trancheId: 't1',
  amount: '1000.00',
  decidedOn: '2017-03-15',
  decisionRef: `Ks ${allocationId}`,
  caseVersion: 1,
});

/** The approvals recorded on the ledger, as (allocation, baseline) pairs. */
const approvals = async (store: EventStore): Promise<unknown[]> =>
  (await collect(store.readAll()))
    .filter((e) => e.type === 'InvestmentApproved')
    .map((e) => {
      const data = e.data as { allocationId: string; baselineCaseVersion: number };
      return { allocationId: data.allocationId, baselineCaseVersion: data.baselineCaseVersion };
    });

/** The same ledger and read-model folder as `t`, opened again by a new service (a restart). */
const restart = async (t: TestApp, config: AppConfig): Promise<Booted> => {
  const store =
    testStoreKind() === 'sqlite'
      ? SqliteEventStore.open(t.sqlitePath)
      : EventStoreDbEventStore.connect(config.eventstoreUrl!, {
          // The real server keeps every app's streams apart by the namespace the first app got.
          namespace: Reflect.get(t.store, 'namespace') as string,
        });
  const app = await createApp({ config, store, logger: createLogger('silent') });
  await app.listen(0, '127.0.0.1');
  return { app, store, url: await app.getUrl() };
};

/** A pause between retries short enough for a spec (the service's is APPROVAL_RETRY_DELAY_MS). */
const SHORT_RETRY_MS = 20;

/** Resolves once `condition` holds (checked every few milliseconds). */
const eventually = async (condition: () => boolean): Promise<void> => {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
};

/** Log lines written at warn and above, parsed. */
const capturedLogger = (): { logger: pino.Logger; logged: () => { msg: string }[] } => {
  const lines: string[] = [];
  const logger = pino({ level: 'warn' }, { write: (line: string) => void lines.push(line) });
  return { logger, logged: () => lines.map((line) => JSON.parse(line) as { msg: string }) };
};

/** A fund `f` with its tranche released, and the investment `e-arkiv` with its case documented. */
const setUp = async (t: TestApp): Promise<void> => {
  const finance = t.as(FINANCE.id, FINANCE.role);
  await finance
    .post('/api/funds', {
      fundId: 'f',
      name: 'F',
      currency: 'SEK',
      decisionRef: 'Ks 1',
      tranches: [{ trancheId: 't1', name: 'T1', amount: '1000000.00' }],
    })
    .expect(201);
  await finance
    .post('/api/funds/f/tranches/t1/release', { releasedOn: '2017-01-01', decisionRef: 'Ks 2' })
    .expect(201);
  await aDocumentedInvestmentOverHttp(t, 'e-arkiv');
};

describe('the approval process', () => {
  let t: TestApp;
  afterEach(async () => t.close());

  it('after a crash between an allocation and its approval, approves once when the service starts, and not again when it starts once more', async () => {
    t = await startTestApp();
    await setUp(t);

    // The process is down while the fund records the allocation: what a crash leaves behind.
    t.app.get(ApprovalProcessManager).stop();
    await t.app
      .get(CommandHandler)
      .execute(fundStream('f'), fundDecider, fundHalf('a1', 'e-arkiv'), {
        actor: FINANCE,
        correlationId: 'crash',
      });
    expect(await approvals(t.store)).toEqual([]);
    const config = t.app.get<AppConfig>(APP_CONFIG);
    await t.app.close();

    // Start: the process catches up from its checkpoint before the service listens.
    let booted = await restart(t, config);
    expect(await approvals(booted.store)).toEqual([{ allocationId: 'a1', baselineCaseVersion: 1 }]);
    const token = (await booted.app.get(UserService).issueToken(FINANCE.id, FINANCE.role, FINANCE))
      .token;
    const head = String(await booted.store.headPosition());
    const investment = await request(booted.url)
      .get(`/api/investments/e-arkiv?minPosition=${head}`)
      .set('Authorization', `Bearer ${token}`)
      .expect(200);
    expect(investment.body).toMatchObject({
      stage: 'approved',
      baselineCaseVersion: 1,
      allocated: '1000.00',
    });
    await booted.app.close();

    // Again, with the checkpoint past the allocation: nothing to do.
    booted = await restart(t, config);
    expect(await approvals(booted.store)).toHaveLength(1);
    await booted.app.close();

    // Again, with the checkpoint lost (a crash before it was written): the allocation is
    // handled a second time and the investment's decider answers it as already done.
    const checkpoint = approvalCheckpointPath(config.readModelPath)!;
    expect(existsSync(checkpoint)).toBe(true);
    rmSync(checkpoint);
    booted = await restart(t, config);
    expect(booted.app.get(ApprovalProcessManager).position()).toBe(
      await booted.store.headPosition(),
    );
    expect(await approvals(booted.store)).toHaveLength(1);
    await booted.app.close();
  });

  it('approves allocations sent together once, by the first of them in the ledger, and each answer reads it', async () => {
    t = await startTestApp();
    await setUp(t);
    const ids = ['a1', 'a2', 'a3', 'a4', 'a5'];
    const answers = await Promise.all(
      ids.map((id) =>
        t.as(FINANCE.id, FINANCE.role).post('/api/funds/f/allocations', allocationOverHttp(id)),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(ids.map(() => 201));
    const first = (await collect(t.store.readAll())).find((e) => e.type === 'FundsAllocated');
    expect(await approvals(t.store)).toEqual([
      {
        allocationId: (first?.data as { allocationId: string }).allocationId,
        baselineCaseVersion: 1,
      },
    ]);
    // No minPosition: each allocation's answer already waited for the approval and its read.
    const investment = await t
      .as(FINANCE.id, FINANCE.role)
      .get('/api/investments/e-arkiv')
      .expect(200);
    expect(investment.body).toMatchObject({ stage: 'approved', allocated: '5000.00' });
  });

  it('passes an allocation whose approval the investment refuses, logged, and goes on approving', async () => {
    const { logger, logged } = capturedLogger();
    t = await startTestApp({ logger });
    await setUp(t);
    const approvalProcess = t.app.get(ApprovalProcessManager);

    // An allocation to an investment the ledger does not hold (its check was faked here).
    const ghost = await t.app
      .get(CommandHandler)
      .execute(fundStream('f'), fundDecider, fundHalf('a-ghost', 'ghost'), {
        actor: FINANCE,
        correlationId: 'ghost',
      });
    expect(await approvalProcess.waitFor(ghost.position)).toBe(true);

    await t
      .as(FINANCE.id, FINANCE.role)
      .post('/api/funds/f/allocations', allocationOverHttp('a1'))
      .expect(201);
    const investment = await t
      .as(FINANCE.id, FINANCE.role)
      .get('/api/investments/e-arkiv')
      .expect(200);
    expect(investment.body).toMatchObject({ stage: 'approved', baselineCaseVersion: 1 });
    expect(await approvals(t.store)).toEqual([{ allocationId: 'a1', baselineCaseVersion: 1 }]);

    expect(logged().filter((l) => l.msg === 'allocation recorded, its approval refused')).toEqual([
      expect.objectContaining({ allocationId: 'a-ghost', investmentId: 'ghost' }),
    ]);
    expect(logged().filter((l) => l.msg.startsWith('approval process stopped'))).toEqual([]);
  });

  it('sends no command for an allocation to an investment the read models show approved', async () => {
    t = await startTestApp();
    await setUp(t);
    await t
      .as(FINANCE.id, FINANCE.role)
      .post('/api/funds/f/allocations', allocationOverHttp('a1'))
      .expect(201);
    const head = await t.store.headPosition();
    const runner = t.app.get(ProjectionRunner);
    expect(await runner.waitFor(head, 10_000)).toBe(true);
    const { logger } = capturedLogger();
    /** A process without its checkpoint (a first start), counting the commands it sends. */
    const startedWithoutCheckpoint = async (approvedAlready?: ApprovedAlready) => {
      const handler = new CommandHandler(t.store);
      const execute = jest.spyOn(handler, 'execute');
      const process = new ApprovalProcessManager(
        t.store,
        handler,
        new MemoryApprovalCheckpoint(),
        logger,
        SHORT_RETRY_MS,
        approvedAlready,
      );
      await process.start();
      process.stop();
      expect(process.position()).toBe(head);
      return execute.mock.calls.length;
    };
    expect(await startedWithoutCheckpoint()).toBe(1);
    expect(await startedWithoutCheckpoint(approvedInReadModels(runner))).toBe(0);
    expect(await t.store.headPosition()).toBe(head);
    expect(await approvals(t.store)).toEqual([{ allocationId: 'a1', baselineCaseVersion: 1 }]);
  });

  it('starts again from its checkpoint after a store fault, and approves once the store takes writes', async () => {
    t = await startTestApp();
    await setUp(t);
    // The service's own process steps aside for one on a store whose investment appends fail.
    t.app.get(ApprovalProcessManager).stop();
    const store = new FailingEventStore(t.store);
    store.failAppends((stream) => stream.startsWith('investment-'));
    const { logger, logged } = capturedLogger();
    const approvalProcess = new ApprovalProcessManager(
      store,
      new CommandHandler(store),
      new MemoryApprovalCheckpoint(),
      logger,
      SHORT_RETRY_MS,
    );
    await approvalProcess.start();
    try {
      const allocation = await t.app
        .get(CommandHandler)
        .execute(fundStream('f'), fundDecider, fundHalf('a1', 'e-arkiv'), {
          actor: FINANCE,
          correlationId: 'fault',
        });
      // Tried, refused by the store, and tried again from the checkpoint.
      await eventually(() => store.refused >= 2);
      expect(approvalProcess.position()).toBeLessThan(allocation.position);
      expect(await approvals(t.store)).toEqual([]);

      store.heal();
      expect(await approvalProcess.waitFor(allocation.position, 60_000)).toBe(true);
      expect(await approvals(t.store)).toEqual([{ allocationId: 'a1', baselineCaseVersion: 1 }]);
      expect(
        logged().filter((l) => l.msg === 'approval process stopped; retrying from its checkpoint')
          .length,
      ).toBeGreaterThanOrEqual(2);
    } finally {
      approvalProcess.stop();
    }
  });

  it('handles every allocation again when its checkpoint is not of this ledger (a restore from an older backup)', async () => {
    t = await startTestApp();
    await setUp(t);
    // The allocation's consequence lost: recorded while no process ran.
    t.app.get(ApprovalProcessManager).stop();
    await t.app
      .get(CommandHandler)
      .execute(fundStream('f'), fundDecider, fundHalf('a1', 'e-arkiv'), {
        actor: FINANCE,
        correlationId: 'restore',
      });
    const head = await t.store.headPosition();
    const { logger, logged } = capturedLogger();
    const startedWith = async (mark: { position: bigint; hash?: string }): Promise<number> => {
      const handler = new CommandHandler(t.store);
      const execute = jest.spyOn(handler, 'execute');
      const checkpoint = new MemoryApprovalCheckpoint();
      checkpoint.save(mark);
      const process = new ApprovalProcessManager(
        t.store,
        handler,
        checkpoint,
        logger,
        SHORT_RETRY_MS,
      );
      await process.start();
      process.stop();
      // What it saved is this ledger's: a position at or past the allocation, with the hash
      // of the event the ledger holds there (a checkpoint it did not move stays as it was).
      const saved = checkpoint.load();
      if (saved === mark) return execute.mock.calls.length;
      expect(saved.position).toBeGreaterThanOrEqual(head);
      const [there] = await collect(
        t.store.readAll({ after: saved.position - 1n, upTo: saved.position }),
      );
      expect(saved).toEqual({ position: there.position, hash: there.hash });
      return execute.mock.calls.length;
    };
    // The checkpoint of the ledger before the restore: beyond what it holds now, or at a
    // position it holds with another event there. Each is read again from the first event.
    expect(await startedWith({ position: head + 11n, hash: 'a'.repeat(64) })).toBe(1);
    expect(await approvals(t.store)).toEqual([{ allocationId: 'a1', baselineCaseVersion: 1 }]);
    expect(await startedWith({ position: head, hash: 'b'.repeat(64) })).toBe(1);
    // A checkpoint written before the hash was kept: trusted within the head only.
    expect(await startedWith({ position: (await t.store.headPosition()) + 1n })).toBe(1);
    expect(
      logged().filter((l) => l.msg.startsWith('approval checkpoint is not of this ledger')),
    ).toHaveLength(3);
    // This ledger's own checkpoint: nothing read again.
    const now = await t.store.headPosition();
    const [atHead] = await collect(t.store.readAll({ after: now - 1n, upTo: now }));
    expect(await startedWith({ position: now, hash: atHead.hash })).toBe(0);
    expect(await startedWith({ position: now })).toBe(0);
    // The repeats approved nothing twice.
    expect(await approvals(t.store)).toEqual([{ allocationId: 'a1', baselineCaseVersion: 1 }]);
  });
});
