/**
 * A crash between an allocation and its approval: the ledger holds the fund's allocation and
 * the investment is not approved. The approval process, reading the ledger after its own
 * checkpoint, records the approval when the service starts, exactly once; starting again
 * (with its checkpoint, or with the checkpoint lost) approves nothing twice.
 */
import { existsSync, rmSync } from 'node:fs';
import request from 'supertest';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
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
import { approvalCheckpointPath } from '../../src/investment/approval-checkpoint';
import { ApprovalProcessManager } from '../../src/investment/approval.process-manager';
import { Money } from '../../src/money/money';
import { CommandHandler } from '../../src/shared/command-handler';
import { aDocumentedInvestmentOverHttp } from '../support/http-mothers';
import { testStoreKind } from '../support/esdb-test-store';
import { startTestApp, TestApp } from '../support/test-app';

const FINANCE = { id: 'fia', role: 'finance' } as const;

interface Booted {
  readonly app: NestFastifyApplication;
  readonly store: EventStore;
  readonly url: string;
}

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

describe('the approval process after a crash between an allocation and its approval', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t.close());

  it('approves once when the service starts, and not again when it starts once more', async () => {
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

    // The process is down while the fund records the allocation: what a crash leaves behind.
    t.app.get(ApprovalProcessManager).stop();
    await t.app.get(CommandHandler).execute(
      fundStream('f'),
      fundDecider,
      {
        type: 'AllocateFunds',
        fundId: 'f',
        allocationId: 'a1',
        investmentId: 'e-arkiv',
        trancheId: 't1',
        amount: Money.of('1000.00'),
        decidedOn: '2017-02-01',
        decisionRef: 'Ks 3',
        caseVersion: 1,
        recordedAt: new Date().toISOString(),
        investment: {
          exists: true,
          closed: false,
          missing: [],
          caseVersion: 1,
          versions: [{ version: 1, documentedOn: '2017-01-15', runningCostEffect: Money.zero }],
        },
      },
      { actor: FINANCE, correlationId: 'crash' },
    );
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
});
