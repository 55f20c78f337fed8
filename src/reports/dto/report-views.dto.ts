/**
 * What the report endpoints answer in JSON (forecast against actual per investment and for
 * the fund, the follow-up list and the board report), for the OpenAPI document. Amounts are
 * SEK as decimal strings; a null figure means none (nothing due, no baseline, no ratio).
 */
import {
  DayField,
  DecimalField,
  EnumField,
  InstantField,
  BoolField,
  IntField,
  ListField,
  MoneyField,
  ObjectField,
  OpenObjectField,
  PositionField,
  StringListField,
  TextField,
} from '../../http/dto/api-fields';
import { IndicatorDoc } from '../../investment/dto/investment.dto';
import { DIRECTIONS } from '../../investment/benefit-case';
import { STATUSES } from '../../../projections/figures/indicator';
import { GROUP_BYS } from '../../../projections/figures/report.figures';

const GRAIN_VALUES = ['year', 'quarter', 'month'] as const;
const BENEFIT_CLASSES = ['financial', 'redistributable', 'qualitative'] as const;

export class AmountFiguresDto {
  @MoneyField({ nullable: true }) readonly baselineForecast!: string | null;
  @MoneyField({ nullable: true }) readonly currentForecast!: string | null;
  @MoneyField({
    nullable: true,
    description:
      "The effective reports (corrections applied), but not a valued line's report made before " +
      "its period ended until a correction made after the end confirms it (the line's " +
      'unconfirmedReports).',
  })
  readonly actual!: string | null;
  @MoneyField({ nullable: true }) readonly harvested!: string | null;
  @MoneyField({ nullable: true, description: 'The part of harvested made ahead of realisation.' })
  readonly harvestedAhead!: string | null;
  @MoneyField({ nullable: true, description: 'actual − forecastDue over the months due.' })
  readonly variance!: string | null;
  @DecimalField({
    nullable: true,
    description: 'Signed ratio of actual to forecastDue, 4 decimals.',
  })
  readonly realisationRatio!: string | null;
  @MoneyField({ nullable: true }) readonly forecastDue!: string | null;
  @MoneyField({ nullable: true }) readonly forecastDrift!: string | null;
  @MoneyField({ nullable: true }) readonly deliveryGap!: string | null;
  @MoneyField({ nullable: true }) readonly notReported!: string | null;
}

export class PeriodFiguresDto extends AmountFiguresDto {
  @TextField() readonly period!: string;
  @DecimalField({ nullable: true, description: 'Qualitative lines: the indicator reading.' })
  readonly indicatorValue!: string | null;
}

export class ReadingPathDto {
  @DecimalField({ description: "The indicator's baseline the path starts from." })
  readonly baseline!: string;
  @DecimalField({ description: 'The target it reaches at the end of the horizon.' })
  readonly target!: string;
  @EnumField(DIRECTIONS) readonly direction!: string;
  @IntField() readonly startYear!: number;
  @IntField() readonly endYear!: number;
  @DayField({
    nullable: true,
    description:
      'The day of the re-baseline that replaced this path, for a reading of a period that had ' +
      'ended by then (judged on the baseline then in force); null: the path in force.',
  })
  readonly replacedOn!: string | null;
}

export class ReadingDto {
  @TextField() readonly period!: string;
  @DecimalField() readonly value!: string;
  @ObjectField(ReadingPathDto, {
    description:
      'The linear path the reading is judged on (achievementPct and expectedPct are read from it).',
  })
  readonly path!: ReadingPathDto;
}

export class UnconfirmedReportDto {
  @TextField() readonly reportId!: string;
  @TextField() readonly period!: string;
  @MoneyField() readonly value!: string;
}

export class LineFiguresDto {
  @TextField() readonly benefitLineId!: string;
  @TextField() readonly description!: string;
  @EnumField(BENEFIT_CLASSES) readonly class!: string;
  @TextField() readonly owner!: string;
  @ObjectField(IndicatorDoc) readonly indicator!: IndicatorDoc;
  @ObjectField(ReadingDto, { nullable: true }) readonly latestReading!: ReadingDto | null;
  @ObjectField(ReadingPathDto, {
    nullable: true,
    description:
      'Qualitative lines: the path in force (the reference case’s baseline, target and horizon), ' +
      'which a reading of a period not over before a re-baseline is judged on; null for valued lines.',
  })
  readonly targetPath!: ReadingPathDto | null;
  @ListField(PeriodFiguresDto) readonly periods!: PeriodFiguresDto[];
  @ObjectField(AmountFiguresDto) readonly toDate!: AmountFiguresDto;
  @DayField({
    nullable: true,
    description:
      'Valued lines: the day the figures to date last counted more of the line: the latest day ' +
      'a month owing something (a forecast other than zero, or a report) fell due, the day ' +
      'after the forecast period holding it ended. An explanation recorded before that day no ' +
      'longer counts in the board report. Null when none is due, and for qualitative lines.',
  })
  readonly lastDueOn!: string | null;
  @ListField(UnconfirmedReportDto, {
    optional: true,
    description:
      'Valued lines: the reports made before their period ended that no correction made after ' +
      'the end has confirmed. The figures count them as no report (actual, variance, ' +
      'realisation ratio and status, KPIs to date, the running-cost effect); a correction made ' +
      'after the period ended confirms one. ' +
      'Present only when the line has one.',
  })
  readonly unconfirmedReports?: UnconfirmedReportDto[];
  @DecimalField({ nullable: true }) readonly achievementPct!: string | null;
  @DecimalField({ nullable: true }) readonly expectedPct!: string | null;
  @EnumField(STATUSES, { nullable: true }) readonly status!: string | null;
}

export class InvestmentTotalsDto {
  @ListField(PeriodFiguresDto) readonly periods!: PeriodFiguresDto[];
  @ObjectField(AmountFiguresDto) readonly toDate!: AmountFiguresDto;
}

export class KpisDto {
  @MoneyField() readonly pvBenefits!: string;
  @MoneyField() readonly pvCosts!: string;
  @MoneyField() readonly npv!: string;
  @DecimalField({ nullable: true }) readonly bcr!: string | null;
  @DecimalField({ nullable: true }) readonly roi!: string | null;
  @IntField({ nullable: true }) readonly paybackMonths!: number | null;
}

export class KpiSetDto {
  @ObjectField(KpisDto) readonly monetised!: KpisDto;
  @ObjectField(KpisDto) readonly financial!: KpisDto;
}

export class InvestmentKpisDto {
  @ObjectField(KpiSetDto, { nullable: true }) readonly forecast!: KpiSetDto | null;
  @ObjectField(KpiSetDto, { nullable: true }) readonly baseline!: KpiSetDto | null;
  @ObjectField(KpiSetDto, { nullable: true }) readonly actualToDate!: KpiSetDto | null;
}

export class EffectFiguresDto {
  @MoneyField() readonly financialBenefits!: string;
  @MoneyField() readonly recurringCosts!: string;
  @MoneyField() readonly effect!: string;
}

export class EffectTotalDto {
  @ObjectField(EffectFiguresDto, { nullable: true }) readonly baseline!: EffectFiguresDto | null;
  @ObjectField(EffectFiguresDto, { nullable: true }) readonly current!: EffectFiguresDto | null;
  @ObjectField(EffectFiguresDto, { nullable: true }) readonly actual!: EffectFiguresDto | null;
}

export class EffectYearDto extends EffectTotalDto {
  @IntField() readonly year!: number;
}

export class RunningCostEffectDto {
  @ListField(EffectYearDto) readonly years!: EffectYearDto[];
  @ObjectField(EffectTotalDto) readonly total!: EffectTotalDto;
}

export class InvestmentForecastDto {
  @InstantField({ nullable: true }) readonly asOf!: string | null;
  @PositionField() readonly position!: string;
  @TextField() readonly investmentId!: string;
  @TextField() readonly title!: string;
  @TextField() readonly department!: string;
  @EnumField(GRAIN_VALUES) readonly grain!: string;
  @DayField() readonly today!: string;
  @IntField({ nullable: true }) readonly baselineCaseVersion!: number | null;
  @IntField({ nullable: true }) readonly currentCaseVersion!: number | null;
  @IntField({ nullable: true, description: 't = 0 of the NPV.' }) readonly decisionYear!:
    number | null;
  @ListField(LineFiguresDto) readonly lines!: LineFiguresDto[];
  @ObjectField(InvestmentTotalsDto) readonly totals!: InvestmentTotalsDto;
  @ObjectField(InvestmentKpisDto) readonly kpis!: InvestmentKpisDto;
  @EnumField(STATUSES, { nullable: true }) readonly status!: string | null;
  @ObjectField(RunningCostEffectDto) readonly runningCostEffect!: RunningCostEffectDto;
}

export class GroupPeriodDto extends AmountFiguresDto {
  @TextField() readonly period!: string;
}

export class ReportGroupDto {
  @TextField({ description: 'The fund id, "fund/tranche", department, class or investment id.' })
  readonly group!: string;
  @ListField(GroupPeriodDto) readonly periods!: GroupPeriodDto[];
  @ObjectField(AmountFiguresDto) readonly totals!: AmountFiguresDto;
  @ObjectField(RunningCostEffectDto) readonly runningCostEffect!: RunningCostEffectDto;
}

export class ReportRowDto extends AmountFiguresDto {
  @TextField() readonly group!: string;
  @TextField() readonly investmentId!: string;
  @TextField() readonly department!: string;
  @TextField() readonly benefitLineId!: string;
  @EnumField(BENEFIT_CLASSES) readonly class!: string;
  @TextField() readonly period!: string;
}

export class ForecastReportDto {
  @InstantField({ nullable: true }) readonly asOf!: string | null;
  @PositionField() readonly position!: string;
  @EnumField(GROUP_BYS) readonly groupBy!: string;
  @EnumField(GRAIN_VALUES) readonly grain!: string;
  @DayField() readonly today!: string;
  @ListField(ReportGroupDto) readonly groups!: ReportGroupDto[];
  @ListField(ReportRowDto, {
    optional: true,
    description:
      'One per group, benefit line and period; left out with rows=false (the groups and totals are the same).',
  })
  readonly rows?: ReportRowDto[];
  @ObjectField(AmountFiguresDto, { description: 'Over every row: the fund total.' })
  readonly totals!: AmountFiguresDto;
  @ObjectField(RunningCostEffectDto) readonly runningCostEffect!: RunningCostEffectDto;
}

export class OverdueReportDto {
  @TextField() readonly investmentId!: string;
  @TextField() readonly title!: string;
  @TextField() readonly department!: string;
  @TextField() readonly projectLead!: string;
  @TextField() readonly benefitLineId!: string;
  @TextField() readonly description!: string;
  @EnumField(BENEFIT_CLASSES) readonly class!: string;
  @TextField() readonly period!: string;
  @DayField() readonly periodEnd!: string;
  @DayField({ description: 'The last day the report was still on time.' }) readonly dueOn!: string;
  @IntField() readonly daysOverdue!: number;
  @MoneyField({ nullable: true, description: "Null for a qualitative line's reading." })
  readonly forecast!: string | null;
  @BoolField({
    description:
      "True when the period is reported, but only by a valued line's report made before the period ended: " +
      'it meets nothing until a correction made after the end confirms it.',
  })
  readonly reportedBeforeEnd!: boolean;
}

export class OwnerFollowUpDto {
  @TextField() readonly owner!: string;
  @IntField() readonly count!: number;
  @ListField(OverdueReportDto) readonly overdue!: OverdueReportDto[];
}

export class WaivedObligationDto {
  @TextField() readonly investmentId!: string;
  @TextField() readonly title!: string;
  @TextField() readonly owner!: string;
  @TextField() readonly benefitLineId!: string;
  @TextField() readonly period!: string;
  @TextField() readonly reason!: string;
  @TextField() readonly waivedBy!: string;
  @InstantField() readonly waivedAt!: string;
}

export class FollowUpDto {
  @InstantField({ nullable: true }) readonly asOf!: string | null;
  @PositionField() readonly position!: string;
  @DayField() readonly today!: string;
  @IntField() readonly graceDays!: number;
  @IntField() readonly total!: number;
  @ListField(OwnerFollowUpDto) readonly owners!: OwnerFollowUpDto[];
  @ListField(WaivedObligationDto) readonly waived!: WaivedObligationDto[];
}

export class BoardLedgerDto {
  @PositionField() readonly position!: string;
  @TextField({ nullable: true, description: 'Null only for an empty ledger.' })
  readonly digest!: string | null;
  @TextField() readonly scope!: string;
}

export class BoardRulesDto {
  @IntField({
    description:
      'A line is on track at most this many percentage points short of plan (its forecast or target path).',
  })
  readonly onTrackPct!: number;
  @IntField({
    description: 'In watch at most this many percentage points short; in deviation beyond.',
  })
  readonly watchPct!: number;
  @IntField({
    description: 'Days after its period ends before a missing effect report is overdue.',
  })
  readonly followUpGraceDays!: number;
  @TextField({ description: 'The read models and their versions, `name@version` comma separated.' })
  readonly readModels!: string;
  @TextField({
    description:
      "The code that figured the report: `sha256:` and the digest of the service's own files. How a figure is " +
      "read can change without a read model's version moving: two reports of one moment, one digest and the " +
      'same settings that differ were figured by different code.',
  })
  readonly code!: string;
}

/** A tranche's figures, or their sums: availableNow + expected + lapsed + closed + allocated = amount. */
export class BoardTrancheFiguresDto {
  @MoneyField() readonly amount!: string;
  @MoneyField() readonly availableNow!: string;
  @MoneyField() readonly expected!: string;
  @MoneyField() readonly lapsed!: string;
  @MoneyField({ description: 'Left unallocated in a tranche that was closed.' })
  readonly closed!: string;
  @MoneyField() readonly allocated!: string;
  @MoneyField() readonly spent!: string;
  @MoneyField() readonly harvested!: string;
}

export class BoardTotalsDto extends BoardTrancheFiguresDto {
  @MoneyField({
    description:
      "Spend of the fund's investments no allocation had room for (in no tranche); with `spent`, the investments' `spent`.",
  })
  readonly spentBeyondAllocations!: string;
}

export class BoardTrancheDto extends BoardTrancheFiguresDto {
  @TextField() readonly trancheId!: string;
  @TextField() readonly name!: string;
  @TextField() readonly status!: string;
}

export class BoardRebaselineDto {
  @IntField() readonly from!: number;
  @IntField() readonly to!: number;
  @TextField() readonly reason!: string;
  @TextField() readonly decisionRef!: string;
  @TextField() readonly approvedBy!: string;
  @TextField({ nullable: true }) readonly overrideRef!: string | null;
}

export class BoardOverriddenAllocationDto {
  @TextField() readonly allocationId!: string;
  @TextField() readonly trancheId!: string;
  @MoneyField() readonly amount!: string;
  @DayField() readonly decidedOn!: string;
  @TextField() readonly decisionRef!: string;
  @TextField() readonly overrideRef!: string;
  @MoneyField({ nullable: true }) readonly runningCostEffect!: string | null;
}

export class BoardEffectDto {
  @MoneyField({ nullable: true }) readonly baseline!: string | null;
  @MoneyField({ nullable: true }) readonly current!: string | null;
  @MoneyField({ nullable: true }) readonly actual!: string | null;
}

export class BoardInvestmentDto {
  @TextField() readonly investmentId!: string;
  @TextField() readonly title!: string;
  @TextField() readonly department!: string;
  @TextField() readonly projectLead!: string;
  @TextField() readonly stage!: string;
  @MoneyField({ description: 'Net allocations from this fund.' }) readonly allocated!: string;
  @MoneyField({ description: "The investment's spend this fund carries." }) readonly spent!: string;
  @MoneyField() readonly spentAllFunds!: string;
  @MoneyField({ description: 'Net allocations from every fund (`allocated` is this fund’s part).' })
  readonly allocatedAllFunds!: string;
  @MoneyField({
    description:
      'This fund’s part of everything harvested on the investment (the fund balance’s attribution); `harvested` is the whole investment’s.',
  })
  readonly harvestedThisFund!: string;
  @MoneyField({ nullable: true }) readonly overspent!: string | null;
  @IntField({ nullable: true }) readonly baselineCaseVersion!: number | null;
  @IntField({ nullable: true }) readonly currentCaseVersion!: number | null;
  @ListField(BoardRebaselineDto) readonly rebaselines!: BoardRebaselineDto[];
  @ListField(BoardOverriddenAllocationDto)
  readonly overriddenAllocations!: BoardOverriddenAllocationDto[];
  @MoneyField({ nullable: true }) readonly harvestedAhead!: string | null;
  @MoneyField({ nullable: true }) readonly baselineForecast!: string | null;
  @MoneyField({ nullable: true }) readonly currentForecast!: string | null;
  @MoneyField({ nullable: true }) readonly actual!: string | null;
  @MoneyField({ nullable: true }) readonly harvested!: string | null;
  @ObjectField(BoardEffectDto) readonly runningCostEffect!: BoardEffectDto;
  @MoneyField({ nullable: true }) readonly npv!: string | null;
  @DecimalField({ nullable: true }) readonly bcr!: string | null;
  @TextField({ nullable: true }) readonly status!: string | null;
  @IntField() readonly overdueReports!: number;
  @IntField({
    description: 'Follow-up obligations finance waived up to asOf (listed in `waived`).',
  })
  readonly waivedReports!: number;
  @StringListField({ description: 'Benefit lines whose reading is older than its frequency.' })
  readonly staleLines!: string[];
}

export class RecordedExplanationDto {
  @TextField() readonly explanation!: string;
  @TextField({ nullable: true }) readonly period!: string | null;
  @InstantField() readonly recordedAt!: string;
  @TextField() readonly explainedBy!: string;
  @PositionField({ description: "Its DeviationExplained event's ledger position." })
  readonly position!: string;
}

export class BoardDeviationDto {
  @TextField() readonly investmentId!: string;
  @TextField() readonly title!: string;
  @TextField() readonly benefitLineId!: string;
  @TextField() readonly description!: string;
  @TextField() readonly owner!: string;
  @TextField() readonly status!: string;
  @TextField({ nullable: true }) readonly explanation!: string | null;
  @ObjectField(RecordedExplanationDto, { nullable: true })
  readonly explained!: RecordedExplanationDto | null;
  @ObjectField(RecordedExplanationDto, { nullable: true })
  readonly earlier!: RecordedExplanationDto | null;
  @EnumField(['reported-after', 'fell-due-after', 'earlier-state'], {
    nullable: true,
    description:
      'Why `earlier` no longer counts: the line was reported or corrected after it; more of ' +
      'the line fell due after it (`lastDueOn`); or it is about an earlier state of the line ' +
      '(recorded before the report period, about neither a period in it nor the latest judged ' +
      'one). Null with no earlier explanation.',
  })
  readonly earlierBecause!: string | null;
  @DayField({
    nullable: true,
    description:
      "Valued lines: the day the line's figures to date last counted more of it (its forecast " +
      'vs actual `lastDueOn`); null when nothing owed is due, and for qualitative lines.',
  })
  readonly lastDueOn!: string | null;
}

export class BoardOverdueDto {
  @TextField() readonly owner!: string;
  @TextField() readonly investmentId!: string;
  @TextField() readonly benefitLineId!: string;
  @TextField() readonly period!: string;
  @DayField() readonly dueOn!: string;
  @IntField() readonly daysOverdue!: number;
  @BoolField({
    description:
      "True when the period is reported, but only by a valued line's report made before the period ended: " +
      'it meets nothing until a correction made after the end confirms it.',
  })
  readonly reportedBeforeEnd!: boolean;
}

/** A follow-up obligation finance released, as GET /api/reports/follow-up lists it under `waived`. */
export class BoardWaiverDto {
  @TextField() readonly investmentId!: string;
  @TextField() readonly title!: string;
  @TextField() readonly benefitLineId!: string;
  @TextField({ nullable: true, description: "The line's description; null when unknown." })
  readonly description!: string | null;
  @TextField({ description: "Who answers for the line's follow-up." }) readonly owner!: string;
  @TextField() readonly period!: string;
  @TextField() readonly reason!: string;
  @TextField({ description: 'The user who recorded the waiver.' }) readonly waivedBy!: string;
  @InstantField({ description: 'When the waiver was recorded.' }) readonly waivedAt!: string;
}

export class BoardChangeDto {
  @PositionField() readonly position!: string;
  @InstantField() readonly recordedAt!: string;
  @TextField() readonly type!: string;
  @TextField() readonly actor!: string;
  @TextField({
    description:
      'The event in one English sentence, as the change report has it (the XLSX and PDF write it in their language).',
  })
  readonly summary!: string;
  @TextField({ nullable: true }) readonly why!: string | null;
}

export class BoardChangesDto {
  @IntField() readonly total!: number;
  @OpenObjectField({ description: 'Event type → how many of them (integers).' })
  readonly byType!: Record<string, number>;
  @ListField(BoardChangeDto) readonly listed!: BoardChangeDto[];
}

export class BoardYearDto {
  @TextField() readonly year!: string;
  @MoneyField({ nullable: true }) readonly baselineForecast!: string | null;
  @MoneyField({ nullable: true }) readonly currentForecast!: string | null;
  @MoneyField({ nullable: true }) readonly actual!: string | null;
  @MoneyField({ nullable: true }) readonly harvested!: string | null;
}

export class BoardReportDto {
  @TextField() readonly fundId!: string;
  @TextField() readonly name!: string;
  @InstantField() readonly asOf!: string;
  @InstantField({ description: 'Changes are those recorded after since, up to asOf.' })
  readonly since!: string;
  @DayField() readonly today!: string;
  @ObjectField(BoardLedgerDto) readonly ledger!: BoardLedgerDto;
  @ObjectField(BoardRulesDto, {
    description:
      "What the figures were read by beside the ledger: the service's tolerances and follow-up grace (its " +
      'configuration, not recorded in the ledger: the same moment read under other settings gives other statuses ' +
      "and overdue lists over the same digest) and the read models' versions.",
  })
  readonly rules!: BoardRulesDto;
  @ListField(BoardTrancheDto) readonly tranches!: BoardTrancheDto[];
  @ObjectField(BoardTotalsDto) readonly totals!: BoardTotalsDto;
  @ListField(BoardInvestmentDto) readonly investments!: BoardInvestmentDto[];
  @ListField(BoardDeviationDto) readonly deviations!: BoardDeviationDto[];
  @ListField(BoardOverdueDto) readonly overdue!: BoardOverdueDto[];
  @ListField(BoardWaiverDto, {
    description:
      "Every follow-up obligation of the report's investments finance waived up to asOf (not only since `since`), oldest first.",
  })
  readonly waived!: BoardWaiverDto[];
  @ObjectField(BoardChangesDto) readonly changes!: BoardChangesDto;
  @ListField(BoardYearDto) readonly years!: BoardYearDto[];
}
