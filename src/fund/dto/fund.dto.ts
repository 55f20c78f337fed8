/**
 * Request bodies of the fund endpoints. Money stays a string here: `IsMoney` checks it with
 * the same parser the domain uses, and the controller hands the string to `Money`.
 */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { UNALLOCATED } from '../../../projections/figures/report.figures';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  Equals,
  IsArray,
  IsInt,
  IsObject,
  Max,
  Min,
  IsOptional,
  NotEquals,
  ValidateNested,
} from 'class-validator';
import {
  ID_SCHEMA,
  IsBoundedText,
  IsCalendarDate,
  IsId,
  IsMoney,
  IsText,
  IsOmittable,
  MAX_NAME_LENGTH,
  Rules,
  MAX_REF_LENGTH,
  MAX_TEXT_LENGTH,
} from '../../http/validation';

/** A fund is split into a handful of tranches; more is a mistake, not a fund. */
export const MAX_TRANCHES_PER_FUND = 50;
/** Benefit-case versions count from 1; a number past this is a typo, not a version. */
export const MAX_CASE_VERSION = 1_000_000;
/** An allocation without caseVersion: what the field is, not only that it is missing. */
export const CASE_VERSION_REQUIRED_MESSAGE =
  'is required: the benefit-case version the allocation is decided on (a whole number from 1), ' +
  "which becomes the investment's baseline";

export class TrancheDto {
  @ApiProperty({ example: 't1', ...ID_SCHEMA })
  @IsId()
  trancheId!: string;

  @ApiProperty({ example: 'Etapp 1 (2016/2017)' })
  @IsText(MAX_NAME_LENGTH)
  name!: string;

  @ApiProperty({ example: '120000000.00', description: 'SEK, a string with at most 2 decimals' })
  @IsMoney('positive')
  amount!: string;

  @ApiPropertyOptional({
    example: '2016-12-31',
    description: 'First day allocations may be decided',
  })
  @IsOptional()
  @IsCalendarDate()
  allocatableFrom?: string;

  @ApiPropertyOptional({
    example: '2018-12-31',
    description: 'Last day allocations may be decided',
  })
  @IsOptional()
  @IsCalendarDate()
  allocatableUntil?: string;
}

export class AddTrancheDto extends TrancheDto {
  @ApiProperty({ example: 'Ks 1474/2016' })
  @IsText(MAX_REF_LENGTH)
  decisionRef!: string;
}

export class EstablishFundDto {
  @ApiProperty({
    example: 'orebro-digi',
    ...ID_SCHEMA,
    description: `Not \`${UNALLOCATED}\`: the fund report's group of the investments no fund pays for.`,
  })
  // A fund of that id would share its group in the fund report with every unfunded proposal.
  // Above IsId: decorators apply from the bottom, and the type rule must run first.
  @NotEquals(UNALLOCATED, {
    message: `must not be "${UNALLOCATED}": the fund report's group of the investments no fund pays for`,
  })
  @IsId()
  fundId!: string;

  @ApiProperty({ example: 'Digitaliseringsfond 200 MSEK' })
  @IsText(MAX_NAME_LENGTH)
  name!: string;

  @ApiProperty({ example: 'SEK', enum: ['SEK'] })
  @Equals('SEK', { message: 'must be "SEK"' })
  currency!: 'SEK';

  @ApiProperty({ type: [TrancheDto] })
  @Rules(
    IsArray(),
    ArrayMinSize(1),
    ArrayMaxSize(MAX_TRANCHES_PER_FUND),
    // ValidateNested lets an array in place of a tranche through unchecked.
    IsObject({ each: true }),
    ValidateNested({ each: true }),
  )
  @Type(() => TrancheDto)
  tranches!: TrancheDto[];

  @ApiProperty({ example: 'Ks 1474/2016' })
  @IsText(MAX_REF_LENGTH)
  decisionRef!: string;
}

export class ReleaseTrancheDto {
  @ApiProperty({ example: '2016-12-31' })
  @IsCalendarDate()
  releasedOn!: string;

  @ApiProperty({ example: 'KF § 12/2016' })
  @IsText(MAX_REF_LENGTH)
  decisionRef!: string;
}

/** An amendment that names no term changes nothing: what the 400 says. */
export const AMENDMENT_WITHOUT_CHANGE_MESSAGE =
  'is required: an amendment names the amount, the window (allocatableFrom, allocatableUntil) ' +
  'or both, as the decision set them';

export class AmendTrancheDto {
  @ApiPropertyOptional({
    example: '60000000.00',
    description:
      "The tranche's amount as the decision set it (SEK, a string with at most 2 decimals); left out, it " +
      'stays. Never below what is allocated from the tranche on any day from decidedOn on ' +
      '(409 TRANCHE_AMOUNT_BELOW_ALLOCATED).',
  })
  @IsOmittable()
  @IsMoney('positive')
  amount?: string;

  @ApiPropertyOptional({
    example: '2018-01-01',
    nullable: true,
    type: String,
    description:
      'The first day allocations may be decided, as the decision set it; null: open, left out: it stays.',
  })
  @IsOptional()
  @IsCalendarDate()
  allocatableFrom?: string | null;

  @ApiPropertyOptional({
    example: '2019-06-30',
    nullable: true,
    type: String,
    description:
      'The last day allocations may be decided, as the decision set it; null: open, left out: it stays. ' +
      'The window must still hold every allocation made from the tranche (409 TRANCHE_WINDOW_EXCLUDES_ALLOCATIONS). ' +
      'It holds for allocations decided from the decidedOn of the amendment on, not before.',
  })
  @IsOptional()
  @IsCalendarDate()
  allocatableUntil?: string | null;

  @ApiProperty({ example: '2018-12-11' })
  @IsCalendarDate()
  decidedOn!: string;

  @ApiProperty({ example: 'Ks 911/2018' })
  @IsText(MAX_REF_LENGTH)
  decisionRef!: string;

  @ApiProperty({
    example: 'Projekten försenade; resterande medel får tilldelas första halvåret 2019',
  })
  @IsText(MAX_TEXT_LENGTH)
  reason!: string;
}

export class CloseTrancheDto {
  @ApiProperty({ example: '2018-12-31' })
  @IsCalendarDate()
  closedOn!: string;

  @ApiProperty({ example: 'KS 2019/12' })
  @IsText(MAX_REF_LENGTH)
  decisionRef!: string;

  @ApiProperty({ example: 'Allocation window ended' })
  @IsText(MAX_TEXT_LENGTH)
  reason!: string;
}

export class AllocateFundsDto {
  @ApiProperty({ example: 'alloc-e-arkiv-1', ...ID_SCHEMA })
  @IsId()
  allocationId!: string;

  @ApiProperty({ example: 'e-arkiv', ...ID_SCHEMA })
  @IsId()
  investmentId!: string;

  @ApiProperty({ example: 't1', ...ID_SCHEMA })
  @IsId()
  trancheId!: string;

  @ApiProperty({ example: '4500000.00' })
  @IsMoney('positive')
  amount!: string;

  @ApiProperty({ example: '2017-03-15' })
  @IsCalendarDate()
  decidedOn!: string;

  @ApiProperty({ example: 'Ks 2017/233' })
  @IsText(MAX_REF_LENGTH)
  decisionRef!: string;

  @ApiPropertyOptional({ example: 'First stage: procurement' })
  @IsOmittable()
  @IsBoundedText(MAX_TEXT_LENGTH)
  note?: string;

  @ApiProperty({
    example: 1,
    minimum: 1,
    maximum: MAX_CASE_VERSION,
    description:
      'The benefit-case version the decision was taken on; it becomes the baseline. 409 CASE_VERSION_MISMATCH ' +
      'when it does not exist, was superseded by a version documented before decidedOn, or was documented ' +
      'after decidedOn while another version already was.',
  })
  @Rules(
    IsInt({
      message: ({ value }) =>
        value === undefined ? CASE_VERSION_REQUIRED_MESSAGE : 'must be an integer number',
    }),
    Min(1),
    Max(MAX_CASE_VERSION),
  )
  caseVersion!: number;

  @ApiPropertyOptional({
    example: 'Ks 2017/240',
    description:
      "The board's decision to allocate although the named version's forecast running-cost effect over its " +
      'horizon is negative (else 409 NEGATIVE_RUNNING_COST_EFFECT). Recorded and listed in the fund.',
  })
  @IsOmittable()
  @IsText(MAX_REF_LENGTH)
  overrideRef?: string;
}

export class ReduceAllocationDto {
  @ApiPropertyOptional({
    example: 'reduction-e-arkiv-1',
    ...ID_SCHEMA,
    description:
      'The client chosen id; the same id and body again returns the first answer, another body 409 ' +
      'REDUCTION_ALREADY_EXISTS. Required unless the request carries an Idempotency-Key (then the server makes one).',
  })
  @IsOmittable()
  @IsId()
  reductionId?: string;

  @ApiProperty({ example: '500000.00' })
  @IsMoney('positive')
  amount!: string;

  @ApiProperty({ example: '2018-02-01' })
  @IsCalendarDate()
  decidedOn!: string;

  @ApiProperty({ example: 'Ks 2018/41' })
  @IsText(MAX_REF_LENGTH)
  decisionRef!: string;

  @ApiProperty({ example: 'Procurement came in under budget' })
  @IsText(MAX_TEXT_LENGTH)
  reason!: string;
}
