/**
 * Drives the ledger through its deciders and command handler (no HTTP): random command
 * runs for the property tests, with a clock that only moves forward.
 */
import { ActorRef, EventStore } from '../../src/event-store/event-store';
import { InvestmentCheck } from '../../src/fund/fund.commands';
import { fundDecider } from '../../src/fund/fund.decider';
import { fundStream } from '../../src/fund/fund.events';
import { investmentCheckFor } from '../../src/investment/investment.access';
import { investmentDecider } from '../../src/investment/investment.decider';
import type { InvestmentState } from '../../src/investment/decide/investment-state';
import { investmentStream } from '../../src/investment/investment.events';
import { runningCostEffect } from '../../src/investment/running-cost-effect';
import { Money } from '../../src/money/money';
import { stockholmDay } from '../../src/periods/stockholm-day';
import { CommandHandler } from '../../src/shared/command-handler';
import { DomainError } from '../../src/shared/domain-error';
import { foldStream } from '../../src/shared/fold';
import {
  FINANCIAL_LINE,
  QUALITATIVE_LINE,
  REDISTRIBUTABLE_LINE,
  STORY_TODAY,
  aBenefitCase,
  aFinancialLine,
  aFirstAllocation,
  aQualitativeLine,
  isKnownUser,
} from '../support/investment.mothers';
import {
  anAllocation,
  anEstablishFund,
  aReleaseTranche,
  FUND_ID,
  T1,
  T2,
} from '../support/mothers';

export type Action =
  | { readonly kind: 'propose'; readonly inv: number }
  | { readonly kind: 'document'; readonly inv: number; readonly lowered: boolean }
  | { readonly kind: 'release'; readonly tranche: number }
  | {
      readonly kind: 'allocate';
      readonly inv: number;
      readonly tranche: number;
      readonly cents: number;
    }
  | { readonly kind: 'reduce'; readonly allocation: number; readonly cents: number }
  | { readonly kind: 'cost'; readonly inv: number; readonly cents: number; readonly month: number }
  | {
      readonly kind: 'report';
      readonly inv: number;
      readonly line: number;
      readonly year: number;
      readonly cents: number;
      /**
       * Made on the year's second day, before it ended: a valued line's report then waits for
       * a correction (made on the story's day, after every year reported) to count.
       */
      readonly early?: boolean;
    }
  | {
      readonly kind: 'correct';
      readonly report: number;
      readonly cents: number;
    }
  | { readonly kind: 'harvest'; readonly inv: number; readonly cents: number }
  /** A recorded cost or harvest (by its order of recording) corrected to cents, or reversed. */
  | {
      readonly kind: 'amend';
      readonly entry: 'cost' | 'harvest';
      readonly n: number;
      readonly cents: number;
      readonly reverse: boolean;
    }
  /**
   * Finance amends a tranche: its amount to `cents` (null: left as it is) and the end of its
   * window to TRANCHE_ENDS[until] (0: left as it is); naming neither amends the amount.
   */
  | {
      readonly kind: 'amendTranche';
      readonly tranche: number;
      readonly cents: number | null;
      readonly until: number;
    }
  /** The lead documents a new case version, and finance re-baselines the investment to it. */
  | { readonly kind: 'rebaseline'; readonly inv: number }
  /** Finance waives a line's follow-up for a year. */
  | { readonly kind: 'waive'; readonly inv: number; readonly line: number; readonly year: number }
  | { readonly kind: 'close'; readonly inv: number };

const TRANCHES = [T1, T2];
/**
 * The window ends an amendment may name (index 0: none): later, open, or one before the
 * allocations' decision day (refused once a tranche has an allocation).
 */
export const TRANCHE_ENDS: readonly (string | null | undefined)[] = [
  undefined,
  '2019-06-30',
  null,
  '2017-01-31',
];
const LINES = [FINANCIAL_LINE, REDISTRIBUTABLE_LINE, QUALITATIVE_LINE];
const finance: ActorRef = { id: 'frida.ek', role: 'finance' };
const lead: ActorRef = { id: 'lena.lind', role: 'project-lead' };

/** Decisions of the story are recorded as of a day after all of them (the driver's clock lags). */
const STORY_RECORDED_AT = `${STORY_TODAY}T12:00:00.000Z`;

const money = (cents: number): Money => Money.of((cents / 100).toFixed(2));
const inv = (n: number): string => `inv-${n}`;

export class LedgerDriver {
  private readonly handler: CommandHandler;
  private clockMs = Date.UTC(2017, 0, 2, 8);
  private allocations: { id: string; inv: string }[] = [];
  private reports: { id: string; inv: string; line: string }[] = [];
  /** Recorded costs and harvests, in order, for the corrections and reversals to name. */
  private entries: Record<'cost' | 'harvest', { id: string; inv: string }[]> = {
    cost: [],
    harvest: [],
  };
  private sequence = 0;

  constructor(private readonly store: EventStore) {
    this.handler = new CommandHandler(store, () => new Date(this.clockMs));
  }

  /** The recorded time of the last event written. */
  recordedAt(): string {
    return new Date(this.clockMs).toISOString();
  }

  /** The fund with T1 released, and `investments` proposed with a documented case. */
  async establish(investments: number): Promise<void> {
    await this.run(fundStream(FUND_ID), fundDecider, anEstablishFund(), finance);
    await this.run(fundStream(FUND_ID), fundDecider, aReleaseTranche(), finance);
    for (let n = 0; n < investments; n++) {
      await this.apply({ kind: 'propose', inv: n });
      await this.apply({ kind: 'document', inv: n, lowered: false });
    }
  }

  /** Runs one action; a refusal by the rules is an ordinary outcome and appends nothing. */
  async apply(action: Action): Promise<void> {
    try {
      await this.dispatch(action);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
    }
  }

  private async run<C, E extends { type: string; data: unknown }, S>(
    stream: string,
    decider: { initialState: S; decide(c: C, s: S): unknown; evolve(s: S, e: E): S },
    command: C,
    actor: ActorRef,
  ): Promise<bigint> {
    this.clockMs += 60_000;
    const result = await this.handler.execute(stream, decider as never, command as never, {
      actor,
      correlationId: `c-${++this.sequence}`,
    });
    return result.position;
  }

  private async dispatch(action: Action): Promise<void> {
    switch (action.kind) {
      case 'propose':
        await this.onInvestment(
          inv(action.inv),
          {
            type: 'ProposeInvestment',
            investmentId: inv(action.inv),
            actor: lead,
            title: `Investering ${action.inv}`,
            department: action.inv % 2 === 0 ? 'KLF' : 'Socialförvaltningen',
            projectLead: lead.id,
            need: 'Behov',
            today: stockholmDay(this.clockMs),
            isKnownUser,
          },
          lead,
        );
        return;
      case 'document': {
        const benefitCase = action.lowered
          ? aBenefitCase({
              benefits: [
                aFinancialLine({
                  forecast: [
                    { period: '2018', amount: '500000.00' },
                    { period: '2019-Q3', amount: '125000.50' },
                  ],
                }),
                aQualitativeLine(),
              ],
            })
          : aBenefitCase();
        await this.onInvestment(
          inv(action.inv),
          {
            type: 'DocumentBenefitCase',
            investmentId: inv(action.inv),
            actor: lead,
            benefitCase,
            isKnownUser,
          },
          lead,
        );
        return;
      }
      case 'release':
        await this.run(
          fundStream(FUND_ID),
          fundDecider,
          aReleaseTranche({ trancheId: TRANCHES[action.tranche] }),
          finance,
        );
        return;
      case 'allocate':
        return this.allocate(action);
      case 'reduce': {
        const allocation =
          this.allocations[action.allocation % Math.max(1, this.allocations.length)];
        if (!allocation) return;
        await this.run(
          fundStream(FUND_ID),
          fundDecider,
          {
            type: 'ReduceAllocation',
            fundId: FUND_ID,
            reductionId: `red-${++this.sequence}`,
            allocationId: allocation.id,
            amount: money(action.cents),
            decidedOn: '2018-06-01',
            decisionRef: 'Ks 9/2018',
            reason: 'Billigare',
            recordedAt: STORY_RECORDED_AT,
            // The driver keeps no read model, so the rule sees no spend: the projection must then
            // fold a reduction below an allocation's spend (as after a race) without losing money.
            spent: Money.zero,
          },
          finance,
        );
        return;
      }
      case 'cost': {
        const costId = `cost-${++this.sequence}`;
        await this.onInvestment(
          inv(action.inv),
          {
            type: 'RecordCost',
            investmentId: inv(action.inv),
            actor: finance,
            costId,
            amount: money(action.cents),
            incurredOn: `2018-${String(action.month).padStart(2, '0')}-15`,
            reference: 'F',
            // The story's dates lie ahead of the driver's clock; they are judged as of a day after them.
            today: STORY_TODAY,
          },
          finance,
        );
        this.entries.cost.push({ id: costId, inv: inv(action.inv) });
        return;
      }
      case 'report': {
        const line = LINES[action.line];
        const value =
          line === QUALITATIVE_LINE ? String(60 + (action.cents % 15)) : money(action.cents);
        const id = `rep-${action.inv}-${action.line}-${action.year}`;
        await this.onInvestment(
          inv(action.inv),
          {
            type: 'ReportEffect',
            investmentId: inv(action.inv),
            actor: lead,
            reportId: id,
            benefitLineId: line,
            period: String(action.year),
            value,
            evidence: 'Underlag',
            today: action.early === true ? `${action.year}-01-02` : STORY_TODAY,
          },
          lead,
        );
        this.reports.push({ id, inv: inv(action.inv), line });
        return;
      }
      case 'correct': {
        const report = this.reports[action.report % Math.max(1, this.reports.length)];
        if (!report) return;
        const value = report.line === QUALITATIVE_LINE ? '65' : money(action.cents);
        await this.onInvestment(
          report.inv,
          {
            type: 'CorrectEffectReport',
            investmentId: report.inv,
            actor: lead,
            correctionId: `cor-${++this.sequence}`,
            reportId: report.id,
            value,
            reason: 'Rättelse',
            today: STORY_TODAY,
          },
          lead,
        );
        return;
      }
      case 'harvest': {
        const harvestId = `h-${++this.sequence}`;
        await this.onInvestment(
          inv(action.inv),
          {
            type: 'RecordHarvest',
            investmentId: inv(action.inv),
            actor: finance,
            harvestId,
            benefitLineId: FINANCIAL_LINE,
            fiscalYear: 2019,
            amount: money(action.cents),
            decisionRef: 'KF',
            today: STORY_TODAY,
            // Odd amounts are declared ahead of realisation, so harvests beyond the reports occur too.
            ...(action.cents % 2 === 1
              ? { aheadOfRealisation: true, reason: 'Förhandsreduktion i budget 2019' }
              : {}),
          },
          finance,
        );
        this.entries.harvest.push({ id: harvestId, inv: inv(action.inv) });
        return;
      }
      case 'amend':
        return this.amend(action);
      case 'amendTranche': {
        const until = TRANCHE_ENDS[action.until % TRANCHE_ENDS.length];
        const cents = action.cents ?? (until === undefined ? 1 : null);
        await this.run(
          fundStream(FUND_ID),
          fundDecider,
          {
            type: 'AmendTranche',
            fundId: FUND_ID,
            trancheId: TRANCHES[action.tranche],
            ...(cents === null ? {} : { amount: money(cents) }),
            ...(until === undefined ? {} : { allocatableUntil: until }),
            decidedOn: '2018-06-01',
            decisionRef: 'KF 2018/50',
            reason: 'Budgeten ändrad',
            recordedAt: STORY_RECORDED_AT,
          },
          finance,
        );
        return;
      }
      case 'rebaseline': {
        await this.ensureAllocated(action.inv);
        // A new case version first (its assumptions differ from every earlier one): the
        // baseline can only move to a version it is not on.
        await this.onInvestment(
          inv(action.inv),
          {
            type: 'DocumentBenefitCase',
            investmentId: inv(action.inv),
            actor: lead,
            benefitCase: aBenefitCase({ assumptions: `Omräknad kalkyl ${++this.sequence}` }),
            isKnownUser,
          },
          lead,
        );
        const state = await this.stateOf(action.inv);
        const current = state.exists ? state.caseVersions.at(-1)?.version : undefined;
        if (current === undefined) return;
        await this.onInvestment(
          inv(action.inv),
          {
            type: 'ReviseBaseline',
            investmentId: inv(action.inv),
            actor: finance,
            caseVersion: current,
            reason: 'Ny kalkyl antagen',
            decisionRef: 'KS 2019/7',
            today: STORY_TODAY,
          },
          finance,
        );
        return;
      }
      case 'waive':
        await this.ensureAllocated(action.inv);
        await this.onInvestment(
          inv(action.inv),
          {
            type: 'WaiveObligation',
            investmentId: inv(action.inv),
            actor: finance,
            benefitLineId: LINES[action.line],
            period: String(action.year),
            reason: 'Mätningen lades ned',
          },
          finance,
        );
        return;
      case 'close':
        await this.onInvestment(
          inv(action.inv),
          {
            type: 'CloseInvestment',
            investmentId: inv(action.inv),
            actor: finance,
            closedOn: '2020-06-30',
            reason: 'Klart',
            today: STORY_TODAY,
          },
          finance,
        );
        return;
      default: {
        const exhaustive: never = action;
        throw new Error(`unknown action ${JSON.stringify(exhaustive)}`);
      }
    }
  }

  /**
   * A first allocation to the investment if it has none: a baseline and follow-up are owed
   * only from there, and without it re-baselining and waiving would only ever be refused.
   */
  private async ensureAllocated(n: number): Promise<void> {
    const state = await this.stateOf(n);
    if (state.exists && state.baselineCaseVersion === null) {
      await this.apply({ kind: 'allocate', inv: n, tranche: 0, cents: 100 });
    }
  }

  private onInvestment(
    investmentId: string,
    command: Parameters<typeof investmentDecider.decide>[0],
    actor: ActorRef,
  ): Promise<bigint> {
    return this.run(investmentStream(investmentId), investmentDecider, command, actor);
  }

  private async stateOf(n: number): Promise<InvestmentState> {
    return (await foldStream(this.store, investmentStream(inv(n)), investmentDecider)).state;
  }

  private async amend(action: Extract<Action, { kind: 'amend' }>): Promise<void> {
    const recorded = this.entries[action.entry];
    // Something to amend first, if nothing of the kind was recorded yet.
    if (recorded.length === 0) {
      const owner = action.n % 2;
      await this.apply(
        action.entry === 'cost'
          ? { kind: 'cost', inv: owner, cents: action.cents, month: 1 }
          : { kind: 'harvest', inv: owner, cents: action.cents },
      );
    }
    const entry = recorded[action.n % Math.max(1, recorded.length)];
    if (!entry) return;
    const base = { investmentId: entry.inv, actor: finance, reason: 'Felbokning' };
    const command =
      action.entry === 'cost'
        ? action.reverse
          ? { ...base, type: 'ReverseCost' as const, costId: entry.id }
          : {
              ...base,
              type: 'CorrectCost' as const,
              costId: entry.id,
              correctionId: `cc-${++this.sequence}`,
              amount: money(action.cents),
            }
        : action.reverse
          ? { ...base, type: 'ReverseHarvest' as const, harvestId: entry.id }
          : {
              ...base,
              type: 'CorrectHarvest' as const,
              harvestId: entry.id,
              correctionId: `hc-${++this.sequence}`,
              amount: money(action.cents),
              today: STORY_TODAY,
            };
    await this.onInvestment(entry.inv, command, finance);
  }

  private async allocate(action: Extract<Action, { kind: 'allocate' }>): Promise<void> {
    const investmentId = inv(action.inv);
    const state = await this.stateOf(action.inv);
    // The port dates versions by their recording day; the driver's versions all lie before
    // the decision day, so only the latest may be named, which is the one named below.
    const check: InvestmentCheck = {
      ...investmentCheckFor(state),
      versions: state.exists
        ? state.caseVersions.map((v) => ({
            version: v.version,
            documentedOn: stockholmDay(this.clockMs),
            runningCostEffect: runningCostEffect(v.case).total,
          }))
        : [],
    };
    const effect = check.versions.at(-1)?.runningCostEffect;
    const allocationId = `alloc-${++this.sequence}`;
    await this.run(
      fundStream(FUND_ID),
      fundDecider,
      anAllocation({
        allocationId,
        investmentId,
        trancheId: TRANCHES[action.tranche],
        amount: money(action.cents),
        decidedOn: '2017-03-15',
        caseVersion: check.caseVersion ?? 1,
        // A lowered case may raise running costs; the board's override keeps it allocatable.
        ...(effect?.isNegative() ? { overrideRef: 'Ks 99/2017' } : {}),
        recordedAt: STORY_RECORDED_AT,
        investment: check,
      }),
      finance,
    );
    this.allocations.push({ id: allocationId, inv: investmentId });
    if (check.caseVersion !== null) {
      await this.onInvestment(
        investmentId,
        aFirstAllocation({
          investmentId,
          allocationId,
          caseVersion: check.caseVersion,
          actor: finance,
        }),
        finance,
      );
    }
  }
}
