/**
 * One investment's life, a month per step: proposal and benefit case, the fund's allocation,
 * implementation costs, a revised case, then monthly effect reports per benefit line with
 * some corrections, quarterly operations costs and yearly harvests, until it is closed.
 * Every life lives on the ledger's one calendar (calendar.ts): a step is a calendar month,
 * and its commands are decided on the writer's day of that month. Every command goes through
 * the real deciders (see ledger-writer.ts), so the events are exactly what the service records.
 */
import { fundDecider } from '../../src/fund/fund.decider';
import { fundStream } from '../../src/fund/fund.events';
import { BenefitCase, BenefitLine } from '../../src/investment/benefit-case';
import { investmentCheckFor } from '../../src/investment/investment.access';
import { investmentDecider } from '../../src/investment/investment.decider';
import { investmentStream } from '../../src/investment/investment.events';
import { runningCostEffect } from '../../src/investment/running-cost-effect';
import { Money } from '../../src/money/money';
import {
  aBenefitCase,
  aFinanceOfficer,
  aFinancialLine,
  aOneOffCostLine,
  aProjectLead,
  aQualitativeLine,
  aRecurringCostLine,
  aRedistributableLine,
} from '../../test/support/investment.mothers';
import { isJanuary, MONTHS_PER_YEAR, periodOf, quarterOf, yearOf } from './calendar';
import { LedgerWriter, Why } from './ledger-writer';

/** Every n-th effect report is corrected the month after. */
const CORRECT_EVERY_NTH_REPORT = 7;
/** Every n-th investment gets part of its allocation back. */
const REDUCE_EVERY_NTH_INVESTMENT = 10;
/** The allocation is decided on the first case version (the second comes at month 6). */
const FIRST_CASE_VERSION = 1;
/** The month of its life an investment's implementation begins: costs for a year from then. */
const IMPLEMENTATION_MONTH = 2;
/** The month of its life an investment is in operation and first reports its effects. */
export const FIRST_REPORT_MONTH = MONTHS_PER_YEAR + 1;
const DEPARTMENTS = [
  'Kommunledningsförvaltningen',
  'Vård- och omsorgsförvaltningen',
  'Förskola och skola',
  'Samhällsbyggnad',
  'Kultur- och fritidsförvaltningen',
  'Socialförvaltningen',
] as const;
const LINE_KINDS = [aFinancialLine, aRedistributableLine, aQualitativeLine] as const;
const FINANCE = aFinanceOfficer();

export interface LifeShape {
  readonly index: number;
  readonly investmentId: string;
  readonly fundId: string;
  readonly trancheId: string;
  /** Benefit lines reported on every month once realising. */
  readonly benefitLines: number;
  readonly horizonYears: number;
  /** The life ends (closed) once its stream holds this many events. */
  readonly targetEvents: number;
  readonly allocation: Money;
  /** The calendar month its life begins in (its proposal). */
  readonly startMonth: number;
}

/** The line of a given number: financial, redistributable and qualitative in turn. */
const benefitLine = (n: number, startYear: number, owner: string): BenefitLine => {
  const kind = LINE_KINDS[n % LINE_KINDS.length];
  const base = kind({ owner });
  return {
    ...base,
    benefitLineId: `${base.benefitLineId}-${n}`,
    ...(base.forecast === undefined
      ? {}
      : {
          forecast: base.forecast.map((entry, i) => ({
            period: String(startYear + 1 + i),
            amount: entry.amount,
          })),
        }),
  };
};

const benefitCaseFor = (shape: LifeShape, startYear: number, revision: number): BenefitCase =>
  aBenefitCase({
    startYear,
    horizonYears: shape.horizonYears,
    assumptions: `${4000 + revision * 250} ärenden per år; 20 minuter sparade per ärende; 400 kr/timme.`,
    costs: [
      // Forecast for the quarter its implementation begins in (a year of monthly invoices
      // follows from there), never before the investment was proposed.
      aOneOffCostLine({
        forecast: [
          { period: quarterOf(shape.startMonth + IMPLEMENTATION_MONTH), amount: '1500000.00' },
        ],
      }),
      aRecurringCostLine({
        forecast: [1, 2, 3].map((i) => ({ period: String(startYear + i), amount: '200000.00' })),
      }),
    ],
    benefits: Array.from({ length: shape.benefitLines }, (_, n) =>
      benefitLine(n, startYear, `owner-${shape.index % 97}-${n % 5}`),
    ),
  });

export class InvestmentLife {
  /** Months of its life so far: the next step is month `month` of it. */
  private month = 0;
  private reports = 0;
  private events = 0;
  private closed = false;
  private readonly startYear: number;
  private readonly stream: string;
  private readonly lead;
  private readonly toCorrect: string[] = [];
  /** Months reported since the last harvest: a harvest takes no more than a year has realised. */
  private monthsSinceHarvest = 0;
  /** The day each case version was documented on (index: version - 1). */
  private readonly documentedOn: string[] = [];

  constructor(
    private readonly shape: LifeShape,
    private readonly writer: LedgerWriter,
  ) {
    this.startYear = yearOf(shape.startMonth);
    this.stream = investmentStream(shape.investmentId);
    this.lead = aProjectLead(`lead-${shape.index % 211}`);
  }

  get done(): boolean {
    return this.closed;
  }

  get eventCount(): number {
    return this.events;
  }

  /** One month of the investment's life, on the writer's day (a day of its calendar month). */
  async step(): Promise<void> {
    const m = this.month;
    if (m === 0) await this.start();
    if (m === 1) await this.allocate();
    if (m === IMPLEMENTATION_MONTH)
      await this.changeStage('implementing', 'Upphandling klar, införandet startar');
    if (m >= IMPLEMENTATION_MONTH && m < IMPLEMENTATION_MONTH + MONTHS_PER_YEAR) {
      await this.cost('licence-and-setup', '125000.00');
    }
    if (m === 3 && this.shape.index % REDUCE_EVERY_NTH_INVESTMENT === 0) await this.reduce();
    if (m === 6) await this.document(2);
    if (m === FIRST_REPORT_MONTH) await this.changeStage('realising', 'Systemet i drift');
    if (m >= FIRST_REPORT_MONTH) await this.realise();
    this.month += 1;
    const lastMonth = this.shape.horizonYears * MONTHS_PER_YEAR - 1;
    if (this.events >= this.shape.targetEvents || this.month >= lastMonth) await this.close();
  }

  /** The calendar month it is in now. */
  private get calendarMonth(): number {
    return this.shape.startMonth + this.month;
  }

  private async investment(command: object, why: Why = {}, actor = this.lead): Promise<void> {
    const id = this.shape.investmentId;
    this.events += await this.writer.run(
      this.stream,
      investmentDecider,
      { investmentId: id, actor, ...command } as never,
      actor,
      why,
    );
  }

  private async start(): Promise<void> {
    await this.investment({
      type: 'ProposeInvestment',
      title: `Digitalisering ${this.shape.index}: e-tjänst och ärendehantering`,
      department: DEPARTMENTS[this.shape.index % DEPARTMENTS.length],
      projectLead: this.lead.id,
      need: 'Ansökningar kommer på papper och registreras för hand; handläggare lägger tid på manuell registrering.',
      today: this.writer.today,
      isKnownUser: () => true,
    });
    await this.document(1);
    await this.changeStage('analysed', 'Nyttokalkylen granskad av ekonomikontoret');
  }

  private async document(revision: number): Promise<void> {
    await this.investment({
      type: 'DocumentBenefitCase',
      benefitCase: benefitCaseFor(this.shape, this.startYear, revision),
      // The bench ledger has no user register; its owners stand for registered users.
      isKnownUser: () => true,
    });
    this.documentedOn.push(this.writer.today);
  }

  private async changeStage(stage: string, reason: string): Promise<void> {
    await this.investment({ type: 'ChangeStage', stage, reason }, { reason });
  }

  private async allocate(): Promise<void> {
    const allocationId = `alloc-${this.shape.investmentId}`;
    const decisionRef = `Ks ${this.startYear}/${this.shape.index}`;
    const state = this.writer.state(this.stream, investmentDecider);
    const decidedOn = this.writer.today;
    // Version 1 is the only one by now, documented in month 0: the one the decision names.
    const versions = state.exists
      ? state.caseVersions.map((v) => ({
          version: v.version,
          documentedOn: this.documentedOn[v.version - 1],
          runningCostEffect: runningCostEffect(v.case).total,
        }))
      : [];
    const effect = versions.find((v) => v.version === FIRST_CASE_VERSION)?.runningCostEffect;
    await this.writer.run(
      fundStream(this.shape.fundId),
      fundDecider,
      {
        type: 'AllocateFunds',
        fundId: this.shape.fundId,
        allocationId,
        investmentId: this.shape.investmentId,
        trancheId: this.shape.trancheId,
        amount: this.shape.allocation,
        decidedOn,
        decisionRef,
        caseVersion: FIRST_CASE_VERSION,
        ...(effect?.isNegative() ? { overrideRef: `${decisionRef} (driftkostnad)` } : {}),
        recordedAt: this.writer.nextRecordedAt,
        investment: { ...investmentCheckFor(state), versions },
        actor: FINANCE,
      },
      FINANCE,
      { decisionRef },
    );
    await this.investment(
      { type: 'RecordFirstAllocation', allocationId, caseVersion: FIRST_CASE_VERSION },
      {},
      FINANCE,
    );
  }

  private async reduce(): Promise<void> {
    const decisionRef = `Ks ${this.startYear}/${this.shape.index}-r`;
    await this.writer.run(
      fundStream(this.shape.fundId),
      fundDecider,
      {
        type: 'ReduceAllocation',
        fundId: this.shape.fundId,
        reductionId: `reduction-${this.shape.investmentId}`,
        allocationId: `alloc-${this.shape.investmentId}`,
        amount: Money.of('2500.00'),
        decidedOn: this.writer.today,
        decisionRef,
        reason: 'Upphandlingen blev billigare än beräknat',
        recordedAt: this.writer.nextRecordedAt,
        // Costs of 125 000 a month from month 2 against an allocation far larger: the small
        // reduction never reaches the spend, which the generator does not track.
        spent: Money.zero,
      },
      FINANCE,
      { decisionRef },
    );
  }

  private async cost(costLineId: string, amount: string): Promise<void> {
    await this.investment(
      {
        type: 'RecordCost',
        costId: `cost-${this.month}`,
        costLineId,
        amount: Money.of(amount),
        incurredOn: this.writer.today,
        reference: `Faktura ${this.startYear}-${this.shape.index}-${this.month}`,
        today: this.writer.today,
      },
      {},
      FINANCE,
    );
  }

  /** A month of realising: one report per line on last month, its corrections, costs and harvests. */
  private async realise(): Promise<void> {
    const period = periodOf(this.calendarMonth - 1);
    for (const reportId of this.toCorrect.splice(0)) {
      const reason = 'Slutfaktura saknades vid första rapporten';
      await this.investment(
        {
          type: 'CorrectEffectReport',
          correctionId: `fix-${reportId}`,
          reportId,
          value: '41000.00',
          reason,
          today: this.writer.today,
        },
        { reason },
      );
    }
    for (let n = 0; n < this.shape.benefitLines; n++) {
      const reportId = `r-${n}-${this.month}`;
      await this.investment({
        type: 'ReportEffect',
        reportId,
        benefitLineId: `${LINE_KINDS[n % LINE_KINDS.length]().benefitLineId}-${n}`,
        period,
        value:
          n % LINE_KINDS.length === 2
            ? `${62 + (this.month % 9)}`
            : `${38000 + this.month * 10}.00`,
        evidence: `Uppföljning ${period}, underlag i diariet`,
        today: this.writer.today,
      });
      this.reports += 1;
      if (this.reports % CORRECT_EVERY_NTH_REPORT === 0 && n % LINE_KINDS.length !== 2) {
        this.toCorrect.push(reportId);
      }
    }
    if (this.month % 3 === 0) await this.cost('operations', '50000.00');
    this.monthsSinceHarvest += 1;
    if (isJanuary(this.calendarMonth) && this.monthsSinceHarvest >= MONTHS_PER_YEAR) {
      await this.harvest();
    }
  }

  /**
   * In January, the budget of the year that has just begun takes its share of the effects,
   * once a whole year of them is reported (a year's reports on line 0 exceed the amount).
   */
  private async harvest(): Promise<void> {
    this.monthsSinceHarvest = 0;
    const fiscalYear = yearOf(this.calendarMonth);
    const decisionRef = `KF ${fiscalYear - 1} budget ${fiscalYear}`;
    await this.investment(
      {
        type: 'RecordHarvest',
        harvestId: `harvest-${fiscalYear}`,
        benefitLineId: `${LINE_KINDS[0]().benefitLineId}-0`,
        fiscalYear,
        amount: Money.of('400000.00'),
        decisionRef,
        today: this.writer.today,
      },
      { decisionRef },
      FINANCE,
    );
  }

  private async close(): Promise<void> {
    const reason = 'Införandet är klart; nyttorna följs upp i linjen.';
    await this.investment(
      {
        type: 'CloseInvestment',
        closedOn: this.writer.today,
        reason,
        today: this.writer.today,
      },
      { reason },
      FINANCE,
    );
    this.closed = true;
    this.writer.forget(this.stream);
  }
}
