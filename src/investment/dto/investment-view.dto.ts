/**
 * What GET /api/investments/{id} answers (investment.queries.ts InvestmentView: the
 * investment summary with its figures to date) and what GET /api/investments gives of each
 * investment (InvestmentListItem), for the OpenAPI document. Amounts are SEK as decimal
 * strings.
 */
import { OmitType } from '@nestjs/swagger';
import {
  BoolField,
  DayField,
  DecimalField,
  EnumField,
  InstantField,
  IntField,
  ListField,
  MoneyField,
  ObjectField,
  PositionField,
  StringListField,
  TextField,
} from '../../http/dto/api-fields';
import { STATUSES } from '../../../projections/figures/indicator';
import { STAGES } from '../investment.events';
import { BenefitLineDoc, CostLineDoc } from './investment.dto';

export class BenefitCaseViewDto {
  @DecimalField({ description: 'Real discount rate, 0–1.' }) readonly discountRate!: string;
  @IntField() readonly horizonYears!: number;
  @IntField({ description: 'First year of the horizon.' }) readonly startYear!: number;
  @TextField({ optional: true }) readonly assumptions?: string;
  @TextField({ optional: true, description: 'Why a purely qualitative case has no valued line.' })
  readonly qualitativeOnlyReason?: string;
  @ListField(CostLineDoc) readonly costs!: CostLineDoc[];
  @ListField(BenefitLineDoc) readonly benefits!: BenefitLineDoc[];
}

export class AllocationRecordDto {
  @TextField() readonly fundId!: string;
  @TextField() readonly allocationId!: string;
  @TextField() readonly trancheId!: string;
  @MoneyField({ description: 'As allocated; reductions are in `reduced`.' })
  readonly amount!: string;
  @MoneyField() readonly reduced!: string;
  @DayField() readonly decidedOn!: string;
  @TextField() readonly decisionRef!: string;
}

export class CostRecordDto {
  @TextField() readonly investmentId!: string;
  @TextField() readonly costId!: string;
  @TextField({ optional: true }) readonly costLineId?: string;
  @MoneyField({ description: 'As recorded; corrections and reversals are in costChanges.' })
  readonly amount!: string;
  @DayField() readonly incurredOn!: string;
  @TextField({ description: 'Invoice or voucher number.' }) readonly reference!: string;
  @TextField({ optional: true }) readonly description?: string;
}

export class EffectCorrectionDto {
  @TextField() readonly correctionId!: string;
  @DecimalField({ description: 'SEK for valued lines, the indicator unit for qualitative ones.' })
  readonly value!: string;
  @TextField() readonly reason!: string;
  @TextField({ optional: true }) readonly evidence?: string;
  @IntField() readonly caseVersion!: number;
  @DayField({
    optional: true,
    description:
      'The Stockholm day the correction was made; absent for one recorded before the day was kept.',
  })
  readonly correctedOn?: string;
}

export class EffectReportViewDto {
  @TextField() readonly reportId!: string;
  @TextField() readonly benefitLineId!: string;
  @TextField({ description: 'A year, quarter or month, e.g. 2020, 2020-Q1, 2020-03.' })
  readonly period!: string;
  @DecimalField({ description: 'As first reported; never changed.' }) readonly value!: string;
  @TextField() readonly evidence!: string;
  @IntField() readonly caseVersion!: number;
  @DayField({
    optional: true,
    description:
      "The Stockholm day the report was made. A valued line's report made on or before its period's last " +
      'day meets no follow-up obligation until a correction made after it confirms it; absent for ' +
      'one recorded before the day was kept.',
  })
  readonly reportedOn?: string;
  @ListField(EffectCorrectionDto) readonly corrections!: EffectCorrectionDto[];
  @DecimalField({ description: "The latest correction's value, or the report's own." })
  readonly effectiveValue!: string;
}

export class HarvestRecordDto {
  @TextField() readonly investmentId!: string;
  @TextField() readonly harvestId!: string;
  @TextField() readonly benefitLineId!: string;
  @IntField() readonly fiscalYear!: number;
  @MoneyField() readonly amount!: string;
  @TextField() readonly decisionRef!: string;
  @BoolField({ optional: true, description: 'Present (true) for a harvest ahead of realisation.' })
  readonly aheadOfRealisation?: boolean;
  @TextField({ optional: true }) readonly reason?: string;
}

export class AmountChangeDto {
  @EnumField(['correction', 'reversal']) readonly kind!: string;
  @TextField({ description: "The cost's or harvest's id." }) readonly entryId!: string;
  @TextField({ nullable: true }) readonly correctionId!: string | null;
  @MoneyField({ description: 'What the entry counts from here ("0.00" once reversed).' })
  readonly amount!: string;
  @MoneyField() readonly previousAmount!: string;
  @TextField() readonly reason!: string;
}

export class BaselineRevisionDto {
  @TextField() readonly investmentId!: string;
  @IntField() readonly caseVersion!: number;
  @IntField() readonly previousCaseVersion!: number;
  @TextField() readonly reason!: string;
  @TextField() readonly decisionRef!: string;
  @TextField() readonly approvedBy!: string;
  @TextField({ optional: true }) readonly overrideRef?: string;
}

export class ClosingDto {
  @DayField() readonly closedOn!: string;
  @TextField() readonly reason!: string;
}

/** How many costs, effect reports and harvests the investment's own page lists. */
export class FactCountsDto {
  @IntField() readonly costs!: number;
  @IntField() readonly effectReports!: number;
  @IntField() readonly harvests!: number;
}

/**
 * One investment in GET /api/investments: everything but the facts that pile up with its
 * follow-up (benefit case, costs, effect reports, harvests and their changes), which it counts
 * instead.
 */
export class InvestmentListItemDto {
  @TextField() readonly investmentId!: string;
  @TextField() readonly title!: string;
  @TextField() readonly department!: string;
  @TextField() readonly projectLead!: string;
  @TextField() readonly need!: string;
  @EnumField(STAGES) readonly stage!: string;
  @PositionField({ description: "The investment stream's revision (also the ETag)." })
  readonly revision!: string;
  @IntField({ nullable: true }) readonly baselineCaseVersion!: number | null;
  @IntField({ nullable: true }) readonly currentCaseVersion!: number | null;
  @MoneyField() readonly allocated!: string;
  @ListField(AllocationRecordDto) readonly allocations!: AllocationRecordDto[];
  @MoneyField() readonly spent!: string;
  @MoneyField() readonly harvested!: string;
  @ListField(BaselineRevisionDto) readonly baselineRevisions!: BaselineRevisionDto[];
  @ObjectField(ClosingDto, { nullable: true }) readonly closed!: ClosingDto | null;
  @MoneyField({ nullable: true }) readonly forecastToDate!: string | null;
  @MoneyField({ nullable: true }) readonly currentForecastToDate!: string | null;
  @MoneyField({ nullable: true }) readonly actualToDate!: string | null;
  @MoneyField({ nullable: true }) readonly varianceToDate!: string | null;
  @DecimalField({ nullable: true, description: 'Signed, 4 decimals.' })
  readonly realisationRatio!: string | null;
  @MoneyField({ nullable: true }) readonly forecastDriftToDate!: string | null;
  @MoneyField({ nullable: true }) readonly deliveryGapToDate!: string | null;
  @MoneyField({ nullable: true }) readonly notReportedToDate!: string | null;
  @MoneyField({ nullable: true }) readonly harvestedAhead!: string | null;
  @EnumField(STATUSES, { nullable: true }) readonly indicatorStatus!: string | null;
  @InstantField({ nullable: true }) readonly asOf!: string | null;
  @PositionField() readonly position!: string;
  @DayField({ description: 'The day "to date" and "overdue" were measured at.' })
  readonly today!: string;
  @IntField() readonly overdueCount!: number;
  @ObjectField(FactCountsDto) readonly counts!: FactCountsDto;
}

/** GET /api/investments/{id}: the list's fields but the counts, and every fact behind them. */
export class InvestmentViewDto extends OmitType(InvestmentListItemDto, ['counts'] as const) {
  @ObjectField(BenefitCaseViewDto, { nullable: true, description: 'The current version.' })
  readonly benefitCase!: BenefitCaseViewDto | null;
  @ListField(CostRecordDto) readonly costs!: CostRecordDto[];
  @ListField(EffectReportViewDto) readonly effectReports!: EffectReportViewDto[];
  @ListField(HarvestRecordDto) readonly harvests!: HarvestRecordDto[];
  @ListField(AmountChangeDto) readonly costChanges!: AmountChangeDto[];
  @ListField(AmountChangeDto) readonly harvestChanges!: AmountChangeDto[];
}

export class InvestmentListDto {
  @ListField(InvestmentListItemDto) readonly investments!: InvestmentListItemDto[];
  @InstantField({ nullable: true }) readonly asOf!: string | null;
  @PositionField() readonly position!: string;
  @TextField({
    nullable: true,
    description:
      'The `after` of the next page; null on the last page and when no limit was asked. In id order ' +
      'the last shown investment id; sorted by another column an opaque cursor ("k1." and base64url, ' +
      'URL-safe) holding the last shown sort value and id, valid only for the same sort and order.',
  })
  readonly next!: string | null;
  @IntField({
    description:
      'How many investments the filters (department, stage, q, overspent) leave, whatever the page: with limit=1, a count without every figure to date.',
  })
  readonly total!: number;
  @StringListField({
    description:
      'Every department an investment of the list belongs to, whatever the filters, in Swedish order: the choices of a department filter.',
  })
  readonly departments!: string[];
}
