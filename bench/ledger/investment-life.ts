/**
 * One investment's life, a month per step: proposal and benefit case, the fund's allocation,
 * implementation costs, a revised case, then monthly effect reports per benefit line with
 * some corrections, quarterly operations costs and yearly harvests, until it is closed.
 * Business periods follow the investment's own calendar; every command goes through the
 * real deciders (see ledger-writer.ts), so the events are exactly what the service records.
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
import { LedgerWriter, Why } from './ledger-writer';

const MONTHS_PER_YEAR = 12;
/** Every n-th effect report is corrected the month after. */
const CORRECT_EVERY_NTH_REPORT = 7;
/** Every n-th investment gets part of its allocation back. */
const REDUCE_EVERY_NTH_INVESTMENT = 10;
/** The allocation is decided on the first case version (the second comes at month 6). */
const FIRST_CASE_VERSION = 1;
const FIRST_START_YEAR = 2017;
const START_YEARS = 6;
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
}

const pad = (n: number): string => String(n).padStart(2, '0');

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
      aOneOffCostLine({ forecast: [{ period: `${startYear}-Q2`, amount: '1500000.00' }] }),
      aRecurringCostLine({
        forecast: [1, 2, 3].map((i) => ({ period: String(startYear + i), amount: '200000.00' })),
      }),
    ],
    benefits: Array.from({ length: shape.benefitLines }, (_, n) =>
      benefitLine(n, startYear, `owner-${shape.index % 97}-${n % 5}`),
    ),
  });

export class InvestmentLife {
  private month = 0;
  private reports = 0;
  private events = 0;
  private closed = false;
  private readonly startYear: number;
  private readonly stream: string;
  private readonly lead;
  private readonly toCorrect: string[] = [];

  constructor(
    private readonly shape: LifeShape,
    private readonly writer: LedgerWriter,
  ) {
    this.startYear = FIRST_START_YEAR + (shape.index % START_YEARS);
    this.stream = investmentStream(shape.investmentId);
    this.lead = aProjectLead(`lead-${shape.index % 211}`);
  }

  get done(): boolean {
    return this.closed;
  }

  get eventCount(): number {
    return this.events;
  }

  /** One month of the investment's life. */
  async step(): Promise<void> {
    const m = this.month;
    if (m === 0) await this.start();
    if (m === 1) await this.allocate();
    if (m === 2) await this.changeStage('implementing', 'Upphandling klar, införandet startar');
    if (m >= 2 && m < 2 + MONTHS_PER_YEAR) await this.cost('licence-and-setup', '125000.00');
    if (m === 3 && this.shape.index % REDUCE_EVERY_NTH_INVESTMENT === 0) await this.reduce();
    if (m === 6) await this.document(2);
    if (m === 1 + MONTHS_PER_YEAR) await this.changeStage('realising', 'Systemet i drift');
    if (m > MONTHS_PER_YEAR) await this.realise();
    this.month += 1;
    const lastMonth = this.shape.horizonYears * MONTHS_PER_YEAR - 1;
    if (this.events >= this.shape.targetEvents || this.month >= lastMonth) await this.close();
  }

  private periodOf(month: number): string {
    return `${this.startYear + Math.floor(month / MONTHS_PER_YEAR)}-${pad((month % MONTHS_PER_YEAR) + 1)}`;
  }

  private dateOf(month: number, day = 28): string {
    return `${this.periodOf(month)}-${pad(day)}`;
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
      today: this.dateOf(0, 1),
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
  }

  private async changeStage(stage: string, reason: string): Promise<void> {
    await this.investment({ type: 'ChangeStage', stage, reason }, { reason });
  }

  private async allocate(): Promise<void> {
    const allocationId = `alloc-${this.shape.investmentId}`;
    const decisionRef = `Ks ${this.startYear}/${this.shape.index}`;
    const state = this.writer.state(this.stream, investmentDecider);
    const decidedOn = this.dateOf(1, 15);
    // Version 1 is the only one by now, documented in month 0: the one the decision names.
    const versions = state.exists
      ? state.caseVersions.map((v) => ({
          version: v.version,
          documentedOn: this.dateOf(0, 1),
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
        recordedAt: `${decidedOn}T12:00:00.000Z`,
        investment: { ...investmentCheckFor(state), versions },
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
        decidedOn: this.dateOf(3, 10),
        decisionRef,
        reason: 'Upphandlingen blev billigare än beräknat',
        recordedAt: `${this.dateOf(3, 10)}T12:00:00.000Z`,
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
        incurredOn: this.dateOf(this.month),
        reference: `Faktura ${this.startYear}-${this.shape.index}-${this.month}`,
        today: this.dateOf(this.month),
      },
      {},
      FINANCE,
    );
  }

  /** A month of realising: one report per line, last month's corrections, costs and harvests. */
  private async realise(): Promise<void> {
    const period = this.periodOf(this.month - 1);
    for (const reportId of this.toCorrect.splice(0)) {
      const reason = 'Slutfaktura saknades vid första rapporten';
      await this.investment(
        {
          type: 'CorrectEffectReport',
          correctionId: `fix-${reportId}`,
          reportId,
          value: '41000.00',
          reason,
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
        today: this.dateOf(this.month),
      });
      this.reports += 1;
      if (this.reports % CORRECT_EVERY_NTH_REPORT === 0 && n % LINE_KINDS.length !== 2) {
        this.toCorrect.push(reportId);
      }
    }
    if (this.month % 3 === 0) await this.cost('operations', '50000.00');
    if (this.month % MONTHS_PER_YEAR === 0) await this.harvest();
  }

  private async harvest(): Promise<void> {
    const fiscalYear = this.startYear + this.month / MONTHS_PER_YEAR;
    const decisionRef = `KF ${fiscalYear - 1} budget ${fiscalYear}`;
    await this.investment(
      {
        type: 'RecordHarvest',
        harvestId: `harvest-${fiscalYear}`,
        benefitLineId: `${LINE_KINDS[0]().benefitLineId}-0`,
        fiscalYear,
        amount: Money.of('400000.00'),
        decisionRef,
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
        closedOn: this.dateOf(this.month),
        reason,
        today: this.dateOf(this.month),
      },
      { reason },
      FINANCE,
    );
    this.closed = true;
    this.writer.forget(this.stream);
  }
}
