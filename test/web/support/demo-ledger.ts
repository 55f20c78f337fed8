/**
 * The demo ledger of Örebro's fund (src/demo), built into a temporary file and served by the
 * real service on a free port, with the demo users' bearer tokens. What the dashboard specs
 * expect is read from the demo's own story, so a change of the story moves the expectations
 * with it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp } from '../../../src/app';
import { buildDemoLedger, demoConfig, DemoCredential } from '../../../src/demo/demo-runner';
import {
  DEMO_AUDITOR,
  DEMO_FINANCE,
  DEMO_FUND,
  DEMO_INVESTMENTS,
  DEMO_OVERDUE,
  DemoInvestment,
  InvestmentStep,
} from '../../../src/demo/orebro-demo.data';
import { SqliteEventStore } from '../../../src/event-store/sqlite/sqlite-event-store';
import { createLogger } from '../../../src/infra/logger';
import type { Clock } from '../../../src/infra/tokens';

/** Only what the test sets: nothing of the developer's own environment leaks in. */
const SERVICE_ENV = { PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent' };

export interface DemoLedger {
  readonly url: string;
  tokenFor(userId: string): string;
  close(): Promise<void>;
}

/** `clock`: the service's clock (the recorded time of what the specs record, and "today"). */
export const startDemoLedger = async ({ clock }: { clock?: Clock } = {}): Promise<DemoLedger> => {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-dashboard-'));
  const path = join(dir, 'demo.sqlite');
  let app: NestFastifyApplication | undefined;
  try {
    const built = await buildDemoLedger({ path, env: SERVICE_ENV });
    const tokens = new Map(built.credentials.map((c: DemoCredential) => [c.userId, c.token]));
    const store = SqliteEventStore.open(path);
    app = await createApp({
      config: demoConfig(SERVICE_ENV, path, false),
      store,
      logger: createLogger('silent'),
      ...(clock ? { clock } : {}),
    });
    await app.listen(0, '127.0.0.1');
    const started = app;
    return {
      url: await started.getUrl(),
      tokenFor: (userId) => {
        const token = tokens.get(userId);
        if (token === undefined) throw new Error(`${userId} is not a demo user`);
        return token;
      },
      close: async () => {
        await started.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await app?.close();
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
};

// ---------------------------------------------------------------------------------------------
// The parts of the story the specs look at

export { DEMO_AUDITOR as AUDITOR, DEMO_FINANCE as FINANCE };
export const TRANCHE_NAMES = DEMO_FUND.tranches.map((t) => t.name);
export const FUND_TOTAL = '200 000 000 kr';

const investment = (id: string): DemoInvestment => {
  const found = DEMO_INVESTMENTS.find((i) => i.investmentId === id);
  if (!found) throw new Error(`the demo has no investment ${id}`);
  return found;
};

type Step<K extends InvestmentStep['do']> = Extract<InvestmentStep, { do: K }>;
const steps = <K extends InvestmentStep['do']>(inv: DemoInvestment, kind: K): Step<K>[] =>
  inv.steps.filter((s): s is Step<K> => s.do === kind);

const DAY_MS = 86_400_000;
const dayBefore = (day: string): string =>
  new Date(Date.parse(`${day}T00:00:00Z`) - DAY_MS).toISOString().slice(0, 10);

/** The first report of the demo corrected on a later day, as first made and as corrected. */
const firstCorrection = (() => {
  for (const inv of DEMO_INVESTMENTS) {
    for (const correction of steps(inv, 'correct')) {
      const report = steps(inv, 'report').find((r) => r.reportId === correction.reportId);
      if (report && report.on <= dayBefore(correction.on)) return { inv, report, correction };
    }
  }
  throw new Error('the demo has no report corrected on a later day');
})();

export const CORRECTED = {
  investmentId: firstCorrection.inv.investmentId,
  title: firstCorrection.inv.title,
  reportId: firstCorrection.report.reportId,
  reportPeriod: firstCorrection.report.period,
  reported: firstCorrection.report.value,
  corrected: firstCorrection.correction.value,
  /** The day before the correction was recorded: as of its end, only the correction is missing. */
  beforeCorrection: dayBefore(firstCorrection.correction.on),
};

/** The follow-up the demo leaves overdue: its project lead reports it in the spec. */
export const OVERDUE = {
  ...DEMO_OVERDUE,
  projectLead: investment(DEMO_OVERDUE.investmentId).projectLead,
  /** A period of the same line that was reported: reporting it again is refused. */
  reportedPeriod: steps(investment(DEMO_OVERDUE.investmentId), 'report').find(
    (r) => r.benefitLineId === DEMO_OVERDUE.benefitLineId,
  )?.period,
};
