/**
 * What GET /api/funds and GET /api/funds/{fundId} answer (fund.queries.ts FundView), for the
 * OpenAPI document: every amount is SEK as a decimal string.
 */
import {
  DayField,
  EnumField,
  InstantField,
  IntField,
  ListField,
  MoneyField,
  ObjectField,
  PositionField,
  TextField,
} from '../../http/dto/api-fields';

const TRANCHE_STATUSES = ['expected', 'released', 'closed'] as const;

export class TrancheViewDto {
  @TextField() readonly trancheId!: string;
  @TextField() readonly name!: string;
  @EnumField(TRANCHE_STATUSES) readonly status!: string;
  @DayField({
    nullable: true,
    description: 'First day of the allocation window, as last amended; null: open.',
  })
  readonly allocatableFrom!: string | null;
  @DayField({
    nullable: true,
    description: 'Last day of the allocation window, as last amended; null: open.',
  })
  readonly allocatableUntil!: string | null;
  @DayField({ nullable: true, description: 'The release day; null while expected.' })
  readonly releasedOn!: string | null;
  @DayField({ nullable: true, description: 'The closing day; null unless closed.' })
  readonly closedOn!: string | null;
  @MoneyField({ description: "The tranche's amount as last amended (as added, if never)." })
  readonly amount!: string;
  @MoneyField() readonly allocated!: string;
  @MoneyField({ description: 'The same as availableNow: what can be allocated today.' })
  readonly available!: string;
  @MoneyField() readonly availableNow!: string;
  @MoneyField({ description: 'Unallocated money of a tranche not yet released.' })
  readonly expected!: string;
  @MoneyField({ description: 'Unallocated money whose allocation window has passed.' })
  readonly lapsed!: string;
  @MoneyField({ description: 'Unallocated money of a closed tranche.' })
  readonly closed!: string;
  @MoneyField({ description: 'amount − allocated, whether or not it can be allocated today.' })
  readonly unallocated!: string;
  @MoneyField() readonly spent!: string;
  @MoneyField() readonly harvested!: string;
}

export class FundTotalsDto {
  @MoneyField() readonly amount!: string;
  @MoneyField() readonly allocated!: string;
  @MoneyField() readonly unallocated!: string;
  @MoneyField() readonly spent!: string;
  @MoneyField() readonly harvested!: string;
  @MoneyField() readonly available!: string;
  @MoneyField() readonly availableNow!: string;
  @MoneyField() readonly expected!: string;
  @MoneyField() readonly lapsed!: string;
  @MoneyField() readonly closed!: string;
  @MoneyField({ description: "Spend of the fund's investments that no allocation had room for." })
  readonly spentBeyondAllocations!: string;
}

export class OverriddenAllocationDto {
  @TextField() readonly allocationId!: string;
  @TextField() readonly investmentId!: string;
  @TextField() readonly trancheId!: string;
  @MoneyField() readonly amount!: string;
  @DayField() readonly decidedOn!: string;
  @TextField() readonly decisionRef!: string;
  @TextField({ description: "The board's decision to allocate despite the negative effect." })
  readonly overrideRef!: string;
  @IntField({ nullable: true }) readonly caseVersion!: number | null;
  @MoneyField({
    nullable: true,
    description: "The named version's forecast running-cost effect over its horizon.",
  })
  readonly runningCostEffect!: string | null;
}

export class OverriddenBaselineDto {
  @TextField() readonly investmentId!: string;
  @IntField() readonly caseVersion!: number;
  @IntField() readonly previousCaseVersion!: number;
  @TextField() readonly decisionRef!: string;
  @TextField() readonly approvedBy!: string;
  @TextField() readonly overrideRef!: string;
}

export class FundViewDto {
  @TextField() readonly fundId!: string;
  @TextField() readonly name!: string;
  @EnumField(['SEK']) readonly currency!: string;
  @PositionField({ description: "The fund stream's revision (also the ETag)." })
  readonly revision!: string;
  @InstantField({ nullable: true, description: 'The as-of moment; null for the live answer.' })
  readonly asOf!: string | null;
  @PositionField({ description: 'The last ledger position the answer includes.' })
  readonly position!: string;
  @DayField({ description: 'The Europe/Stockholm day `available` is measured on.' })
  readonly today!: string;
  @ListField(TrancheViewDto) readonly tranches!: TrancheViewDto[];
  @ObjectField(FundTotalsDto) readonly totals!: FundTotalsDto;
  @ListField(OverriddenAllocationDto) readonly overriddenAllocations!: OverriddenAllocationDto[];
  @ListField(OverriddenBaselineDto) readonly overriddenBaselines!: OverriddenBaselineDto[];
}

export class FundListDto {
  @ListField(FundViewDto) readonly funds!: FundViewDto[];
  @InstantField({ nullable: true }) readonly asOf!: string | null;
  @PositionField() readonly position!: string;
}
