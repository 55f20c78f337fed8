/**
 * The bank workload: concurrent clients sending random allocations, reductions, costs,
 * effect reports and corrections against one fund over HTTP, and a journal of what each
 * request was answered. Honest clients only: every request is well formed, and the ledger's
 * rules (funds, windows, periods, owners) refuse some of them.
 */
import { Money } from '../../../src/money/money';
import { stockholmDay } from '../../../src/periods/stockholm-day';
import { aBenefitCase, LINE_OWNER, OTHER_OWNER } from '../../support/investment.mothers';
import { HttpRequest, Outcome, problemShapeIssue, Reply } from './http';
import { Random } from './random';

export type ActorRole = 'finance' | 'project-lead' | 'auditor';

export interface TestActor {
  readonly id: string;
  readonly role: ActorRole;
}

export const FINANCE: TestActor = { id: 'frida.ek', role: 'finance' };
export const LEAD: TestActor = { id: 'lena.lind', role: 'project-lead' };
export const AUDITOR: TestActor = { id: 'eva.granskare', role: 'auditor' };
export const ACTORS: readonly TestActor[] = [FINANCE, LEAD, AUDITOR];
/** The default case's benefit owners: they must be registered users before it is documented. */
export const CASE_OWNERS: readonly TestActor[] = [
  { id: LINE_OWNER, role: 'project-lead' },
  { id: OTHER_OWNER, role: 'project-lead' },
];

/** Sends a request as an actor; the transport knows the address and the tokens. */
export type Transport = (actor: TestActor, request: HttpRequest) => Promise<Outcome>;

export const FUND_ID = 'bank';

/** Small tranches, so that honest clients run them dry and meet TRANCHE_INSUFFICIENT_FUNDS. */
export const TRANCHES = [
  { trancheId: 't1', amount: '2500000.00', from: '2016-12-31', until: '2018-12-31' },
  { trancheId: 't2', amount: '1500000.00', from: '2018-01-01', until: '2018-12-31' },
] as const;

export const INVESTMENTS = ['e-arkiv', 'e-bygglov', 'signering', 'hemtjanst'] as const;

const LINES = [
  { benefitLineId: 'fewer-licences', valued: true },
  { benefitLineId: 'time-freed', valued: true },
  { benefitLineId: 'citizen-satisfaction', valued: false },
] as const;

/** The command kinds of the workload, the event each records and the field naming it. */
export const KINDS = {
  allocate: { eventType: 'FundsAllocated', idField: 'allocationId' },
  reduce: { eventType: 'AllocationReduced', idField: 'reductionId' },
  cost: { eventType: 'CostRecorded', idField: 'costId' },
  report: { eventType: 'EffectReported', idField: 'reportId' },
  correct: { eventType: 'EffectReportCorrected', idField: 'correctionId' },
} as const;
export type Kind = keyof typeof KINDS;
export const KIND_NAMES = Object.keys(KINDS) as Kind[];

export interface Command {
  readonly kind: Kind;
  readonly actor: TestActor;
  readonly request: HttpRequest;
  /** The id the client chose, when the API lets it choose (not for corrections). */
  readonly clientId?: string;
  /** Bookkeeping once acknowledged. */
  readonly onAck?: (answerId: string) => void;
}

export type Verdict = 'acked' | 'refused' | 'lost';

export interface JournalEntry {
  readonly command: Command;
  verdict: Verdict;
  status?: number;
  code?: string;
  /** The answer's id (the event's id for reductions and corrections) and position. */
  answerId?: string;
  position?: string;
  error?: string;
}

/** What the clients know of the ledger from acknowledged answers; used to pick targets. */
interface Allocation {
  readonly trancheId: string;
  readonly amount: Money;
  readonly decidedOn: string;
}

interface Report {
  readonly investmentId: string;
  readonly valued: boolean;
}

export interface WorkloadOptions {
  /** Share of commands sent twice at once under one Idempotency-Key. */
  readonly duplicateShare: number;
  /** Every command carries an Idempotency-Key (so a lost one can be retried safely). */
  readonly alwaysKeyed: boolean;
}

const ALLOCATION_KRONOR = [1, 400_000] as const;
const REDUCTION_KRONOR = [1, 250_000] as const;
const COST_KRONOR = [1, 900_000] as const;
const EFFECT_KRONOR = [-50_000, 700_000] as const;
/**
 * Share of costs dated before the investments were proposed (refused as outside their life);
 * the rest are dated the day they are sent, the only day of a real-clock investment's life.
 */
const COST_OUTSIDE_LIFE_SHARE = 0.1;

/** Picks ids unique across clients and rounds: the run tag, the client and a counter. */
export class Workload {
  readonly journal: JournalEntry[] = [];
  private readonly allocations = new Map<string, Allocation>();
  private readonly reports = new Map<string, Report>();
  private counter = 0;

  constructor(
    private readonly transport: Transport,
    private readonly options: WorkloadOptions,
  ) {}

  /** The fund with released tranches and documented investments; every step must succeed. */
  async setUp(): Promise<void> {
    await this.must(FINANCE, {
      method: 'POST',
      path: '/api/funds',
      body: {
        fundId: FUND_ID,
        name: 'Bank test fund',
        currency: 'SEK',
        decisionRef: 'Ks 1474/2016',
        tranches: TRANCHES.map((t) => ({
          trancheId: t.trancheId,
          name: t.trancheId.toUpperCase(),
          amount: t.amount,
          allocatableFrom: t.from,
          allocatableUntil: t.until,
        })),
      },
    });
    for (const t of TRANCHES) {
      await this.must(FINANCE, {
        method: 'POST',
        path: `/api/funds/${FUND_ID}/tranches/${t.trancheId}/release`,
        body: { releasedOn: t.from, decisionRef: `KF release ${t.trancheId}` },
      });
    }
    for (const investmentId of INVESTMENTS) {
      await this.must(LEAD, {
        method: 'POST',
        path: '/api/investments',
        body: {
          investmentId,
          title: `Investment ${investmentId}`,
          department: 'Kommunstyrelseförvaltningen',
          projectLead: LEAD.id,
          need: 'Manual work',
        },
      });
      await this.must(LEAD, {
        method: 'PUT',
        path: `/api/investments/${investmentId}/benefit-case`,
        body: aBenefitCase(),
      });
    }
  }

  /** Runs `clients` concurrent clients until each has sent `opsPerClient` commands or `stop` says so. */
  async run(
    rng: Random,
    clients: number,
    opsPerClient: number,
    stop: () => boolean = () => false,
    tag = 'r0',
  ): Promise<void> {
    await Promise.all(
      Array.from({ length: clients }, async (_, client) => {
        const own = rng.fork(client);
        // A client whose connection failed stops for the round, as a real one would.
        for (let op = 0; op < opsPerClient && !stop(); op++) {
          if (await this.sendOne(own, `${tag}-c${client}`)) break;
        }
      }),
    );
  }

  /** Sends every lost command again with its Idempotency-Key and records the answer it gets now. */
  async resolveLost(): Promise<number> {
    const lost = this.journal.filter((entry) => entry.verdict === 'lost');
    const byKey = new Map<string, JournalEntry[]>();
    for (const entry of lost) {
      const key = entry.command.request.headers?.['idempotency-key'];
      if (key === undefined)
        throw new Error('a lost command without an Idempotency-Key cannot be resolved');
      byKey.set(key, [...(byKey.get(key) ?? []), entry]);
    }
    for (const entries of byKey.values()) {
      const { command } = entries[0];
      const outcome = await this.transport(command.actor, command.request);
      for (const entry of entries) this.judge(entry, outcome);
    }
    return byKey.size;
  }

  /** How the commands were answered: "201", "409 TRANCHE_INSUFFICIENT_FUNDS", "lost", … → count. */
  outcomes(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const entry of this.journal) {
      const key =
        entry.verdict === 'lost'
          ? 'lost'
          : entry.verdict === 'acked'
            ? String(entry.status)
            : `${entry.status} ${entry.code ?? ''}`;
      counts[key] = (counts[key] ?? 0) + 1;
    }
    return counts;
  }

  /** Duplicates sent under one key that were both acknowledged but answered differently. */
  divergentDuplicates(): string[] {
    const byKey = new Map<string, JournalEntry[]>();
    for (const entry of this.journal) {
      const key = entry.command.request.headers?.['idempotency-key'];
      if (key !== undefined) byKey.set(key, [...(byKey.get(key) ?? []), entry]);
    }
    return [...byKey.entries()].flatMap(([key, entries]) => {
      const acked = entries.filter((e) => e.verdict === 'acked');
      const answers = new Set(acked.map((e) => `${e.answerId}@${e.position}`));
      return answers.size > 1 ? [`${key}: ${[...answers].join(' vs ')}`] : [];
    });
  }

  private async must(actor: TestActor, request: HttpRequest): Promise<Reply> {
    const outcome = await this.transport(actor, request);
    if (outcome.kind !== 'reply' || outcome.status >= 300) {
      throw new Error(
        `set-up ${request.method} ${request.path} failed: ${JSON.stringify(outcome)}`,
      );
    }
    return outcome;
  }

  /** Sends one command (twice for a duplicate); true when an answer was lost. */
  private async sendOne(rng: Random, prefix: string): Promise<boolean> {
    this.counter += 1;
    const id = `${prefix}-${this.counter}`;
    const twice = rng.chance(this.options.duplicateShare);
    const command = this.withKey(this.nextCommand(rng, id), twice, id);
    const entries = (twice ? [0, 1] : [0]).map(() => {
      const entry: JournalEntry = { command, verdict: 'lost' };
      this.journal.push(entry);
      return entry;
    });
    await Promise.all(
      entries.map(async (entry) =>
        this.judge(entry, await this.transport(command.actor, command.request)),
      ),
    );
    return entries.some((entry) => entry.verdict === 'lost');
  }

  /** A duplicate must share one key; otherwise only when every command is keyed. */
  private withKey(command: Command, twice: boolean, id: string): Command {
    if (!twice && !this.options.alwaysKeyed) return command;
    return {
      ...command,
      request: {
        ...command.request,
        headers: { ...command.request.headers, 'idempotency-key': `key-${id}` },
      },
    };
  }

  private judge(entry: JournalEntry, outcome: Outcome): void {
    if (outcome.kind === 'lost') {
      entry.verdict = 'lost';
      entry.error = outcome.error;
      return;
    }
    const body = outcome.body as { id?: string; position?: string; code?: string } | undefined;
    entry.status = outcome.status;
    if (outcome.status >= 200 && outcome.status < 300) {
      const first = entry.verdict !== 'acked';
      entry.verdict = 'acked';
      entry.answerId = body?.id;
      entry.position = body?.position;
      if (first && body?.id !== undefined) entry.command.onAck?.(body.id);
      return;
    }
    entry.verdict = 'refused';
    entry.code =
      problemShapeIssue(outcome) === undefined
        ? body?.code
        : `improper: ${outcome.text.slice(0, 120)}`;
  }

  private nextCommand(rng: Random, id: string): Command {
    const roll = rng.next();
    if (roll < 0.35) return this.allocate(rng, id);
    if (roll < 0.5) return this.reduce(rng, id);
    if (roll < 0.68) return this.cost(rng, id);
    if (roll < 0.88) return this.report(rng, id);
    return this.correct(rng);
  }

  private allocate(rng: Random, allocationId: string): Command {
    const trancheId = rng.chance(0.03) ? 't9' : rng.pick(TRANCHES).trancheId;
    const amount = rng.money(...ALLOCATION_KRONOR);
    const decidedOn = rng.date('2016-10-01', '2019-03-31');
    return {
      kind: 'allocate',
      actor: FINANCE,
      clientId: allocationId,
      request: {
        method: 'POST',
        path: `/api/funds/${FUND_ID}/allocations`,
        body: {
          allocationId,
          investmentId: rng.pick(INVESTMENTS),
          trancheId,
          amount,
          decidedOn,
          decisionRef: `Ks ${allocationId}`,
          caseVersion: 1,
        },
      },
      onAck: () =>
        this.allocations.set(allocationId, { trancheId, amount: Money.of(amount), decidedOn }),
    };
  }

  private reduce(rng: Random, reductionId: string): Command {
    const known = [...this.allocations.keys()];
    const allocationId =
      known.length > 0 && rng.chance(0.92) ? rng.pick(known) : 'no-such-allocation';
    return {
      kind: 'reduce',
      actor: FINANCE,
      clientId: reductionId,
      request: {
        method: 'POST',
        path: `/api/funds/${FUND_ID}/allocations/${allocationId}/reductions`,
        body: {
          reductionId,
          amount: rng.money(...REDUCTION_KRONOR),
          decidedOn: rng.date('2017-01-01', '2019-06-30'),
          decisionRef: 'Ks reduction',
          reason: 'Upphandlingen blev billigare',
        },
      },
    };
  }

  private cost(rng: Random, costId: string): Command {
    const costLineId = rng.pick([undefined, 'operations', 'licence-and-setup', 'no-such-line']);
    return {
      kind: 'cost',
      actor: FINANCE,
      clientId: costId,
      request: {
        method: 'POST',
        path: `/api/investments/${rng.pick(INVESTMENTS)}/costs`,
        body: {
          costId,
          ...(costLineId === undefined ? {} : { costLineId }),
          amount: rng.money(...COST_KRONOR),
          incurredOn: rng.chance(COST_OUTSIDE_LIFE_SHARE)
            ? rng.date('2017-01-01', '2020-12-31')
            : stockholmDay(new Date()),
          reference: `Faktura ${costId}`,
        },
      },
    };
  }

  private report(rng: Random, reportId: string): Command {
    const investmentId = rng.pick(INVESTMENTS);
    const line = rng.chance(0.03) ? { benefitLineId: 'ghost-line', valued: true } : rng.pick(LINES);
    return {
      kind: 'report',
      actor: LEAD,
      clientId: reportId,
      request: {
        method: 'POST',
        path: `/api/investments/${investmentId}/effect-reports`,
        body: {
          reportId,
          benefitLineId: line.benefitLineId,
          period: randomPeriod(rng),
          value: effectValue(rng, line.valued),
          evidence: `Underlag ${reportId}`,
        },
      },
      onAck: () => this.reports.set(reportId, { investmentId, valued: line.valued }),
    };
  }

  private correct(rng: Random): Command {
    const known = [...this.reports.entries()];
    const [reportId, report]: [string, Report] =
      known.length > 0 && rng.chance(0.92)
        ? rng.pick(known)
        : ['no-such-report', { investmentId: rng.pick(INVESTMENTS), valued: true }];
    return {
      kind: 'correct',
      actor: LEAD,
      request: {
        method: 'POST',
        path: `/api/investments/${report.investmentId}/effect-reports/${reportId}/corrections`,
        body: { value: effectValue(rng, report.valued), reason: 'Slutfaktura kom senare' },
      },
    };
  }
}

/** Years, quarters and months from 2016 to 2021: the horizon is 2017–2020, so some fall outside. */
const randomPeriod = (rng: Random): string => {
  const year = rng.int(2016, 2021);
  const grain = rng.int(0, 2);
  if (grain === 0) return String(year);
  if (grain === 1) return `${year}-Q${rng.int(1, 4)}`;
  return `${year}-${String(rng.int(1, 12)).padStart(2, '0')}`;
};

/** SEK (a dis-benefit now and then) for valued lines, an indicator reading for qualitative ones. */
const effectValue = (rng: Random, valued: boolean): string => {
  if (!valued) return `${rng.int(40, 90)}.${rng.int(0, 9)}`;
  const money = rng.money(0, EFFECT_KRONOR[1]);
  return rng.chance(0.05) ? `-${rng.money(1, -EFFECT_KRONOR[0])}` : money;
};
