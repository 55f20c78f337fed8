/**
 * Request bodies of the investment endpoints. Money stays a string (checked by `IsMoney`);
 * an effect value stays a string because only the decider knows whether the line is valued
 * in SEK or in its indicator's unit. The benefit case is validated by the domain
 * (benefit-case.ts), so its classes here only document the shape in OpenAPI.
 */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsString, Matches } from 'class-validator';
import {
  ID_SCHEMA,
  IsCalendarDate,
  IsId,
  IsBoundedText,
  IsMoney,
  IsText,
  IsOmittable,
  IsWholeNumber,
  Rules,
  MAX_NAME_LENGTH,
  MAX_REF_LENGTH,
  MAX_TEXT_LENGTH,
  USER_ID_MESSAGE,
  USER_ID_PATTERN,
} from '../../http/validation';
import { MAX_YEAR, MIN_YEAR } from '../../periods/period';
import { STAGES } from '../investment.events';

/** Period texts ('YYYY', 'YYYY-Qn', 'YYYY-MM') and indicator values are short; a longer one is a mistake. */
export const MAX_PERIOD_LENGTH = 7;
const MAX_VALUE_LENGTH = 40;

export class ProposeInvestmentDto {
  @ApiProperty({ example: 'e-arkiv', ...ID_SCHEMA })
  @IsId()
  investmentId!: string;

  @ApiProperty({ example: 'E-archive for case files' })
  @IsText(MAX_NAME_LENGTH)
  title!: string;

  @ApiProperty({ example: 'Vård- och omsorgsförvaltningen' })
  @IsText(MAX_NAME_LENGTH)
  department!: string;

  @ApiProperty({ example: 'pia.holm', description: 'User id of the project lead' })
  @Rules(IsString(), Matches(USER_ID_PATTERN, { message: USER_ID_MESSAGE }))
  projectLead!: string;

  @ApiProperty({ example: 'Paper archives cost 3 FTE a year to run' })
  @IsText(MAX_TEXT_LENGTH)
  need!: string;
}

export class ChangeStageDto {
  @ApiProperty({ enum: STAGES, example: 'analysed' })
  @IsIn(STAGES as unknown as string[])
  stage!: string;

  @ApiProperty({ example: 'Benefit case reviewed by the finance office' })
  @IsText(MAX_TEXT_LENGTH)
  reason!: string;
}

export class RecordCostDto {
  @ApiProperty({ example: 'inv-2017-0042', ...ID_SCHEMA })
  @IsId()
  costId!: string;

  @ApiPropertyOptional({ example: 'licences', ...ID_SCHEMA })
  @IsOmittable()
  @IsId()
  costLineId?: string;

  @ApiProperty({ example: '250000.00' })
  @IsMoney('positive')
  amount!: string;

  @ApiProperty({ example: '2017-04-30' })
  @IsCalendarDate()
  incurredOn!: string;

  @ApiProperty({ example: 'Faktura 88123' })
  @IsText(MAX_REF_LENGTH)
  reference!: string;

  @ApiPropertyOptional({ example: 'Licences, first year' })
  @IsOmittable()
  @IsBoundedText(MAX_TEXT_LENGTH)
  description?: string;
}

export class ReportEffectDto {
  @ApiProperty({ example: 'r-archive-2018', ...ID_SCHEMA })
  @IsId()
  reportId!: string;

  @ApiProperty({ example: 'archive-staff', ...ID_SCHEMA })
  @IsId()
  benefitLineId!: string;

  @ApiProperty({ example: '2018', description: 'YYYY, YYYY-Qn or YYYY-MM' })
  @IsBoundedText(MAX_PERIOD_LENGTH)
  period!: string;

  @ApiProperty({
    example: '410000.00',
    description: 'SEK for valued lines; the indicator unit for qualitative lines',
  })
  @IsBoundedText(MAX_VALUE_LENGTH)
  value!: string;

  @ApiProperty({ example: 'Payroll extract 2018, archive unit' })
  @IsText(MAX_TEXT_LENGTH)
  evidence!: string;
}

export class CorrectEffectReportDto {
  @ApiProperty({ example: '380000.00' })
  @IsBoundedText(MAX_VALUE_LENGTH)
  value!: string;

  @ApiProperty({ example: 'Payroll extract was for the wrong unit' })
  @IsText(MAX_TEXT_LENGTH)
  reason!: string;

  @ApiPropertyOptional({ example: 'Corrected payroll extract' })
  @IsOmittable()
  @IsBoundedText(MAX_TEXT_LENGTH)
  evidence?: string;
}

export class RecordHarvestDto {
  @ApiProperty({ example: 'h-2019-archive', ...ID_SCHEMA })
  @IsId()
  harvestId!: string;

  @ApiProperty({ example: 'archive-staff', ...ID_SCHEMA })
  @IsId()
  benefitLineId!: string;

  @ApiProperty({ example: 2019 })
  @IsWholeNumber(MIN_YEAR, MAX_YEAR)
  fiscalYear!: number;

  @ApiProperty({ example: '300000.00' })
  @IsMoney('positive')
  amount!: string;

  @ApiProperty({ example: 'KF budget 2019 § 4' })
  @IsText(MAX_REF_LENGTH)
  decisionRef!: string;

  @ApiPropertyOptional({
    example: true,
    description:
      'true when the budget is reduced before the line has realised as much (förhandsreduktion); needs a reason. ' +
      'Without it a harvest beyond the realised actual is 409 HARVEST_EXCEEDS_REALISED.',
  })
  @IsOmittable()
  @IsBoolean()
  aheadOfRealisation?: boolean;

  @ApiPropertyOptional({
    example: 'Budget 2019 reduced ahead of the archive migration',
    description: 'Why: required with aheadOfRealisation, recorded with an ordinary harvest too.',
  })
  @IsOmittable()
  @IsText(MAX_TEXT_LENGTH)
  reason?: string;
}

export class ReviseBaselineDto {
  @ApiProperty({ example: 2, description: 'The current case version, adopted as the baseline' })
  @IsWholeNumber(1)
  caseVersion!: number;

  @ApiProperty({ example: 'Scope widened to the social services archive' })
  @IsText(MAX_TEXT_LENGTH)
  reason!: string;

  @ApiProperty({ example: 'Ks 2018/77' })
  @IsText(MAX_REF_LENGTH)
  decisionRef!: string;

  @ApiPropertyOptional({
    example: 'Ks 2018/78',
    description:
      "The board's decision to adopt a version whose forecast running-cost effect over its horizon is negative " +
      '(else 409 NEGATIVE_RUNNING_COST_EFFECT). Recorded on BaselineRevised and listed with the baseline revisions.',
  })
  @IsOmittable()
  @IsText(MAX_REF_LENGTH)
  overrideRef?: string;
}

export class WaiveObligationDto {
  @ApiProperty({ example: 'archive-staff', ...ID_SCHEMA })
  @IsId()
  benefitLineId!: string;

  @ApiProperty({ example: '2019', description: 'The owed period: YYYY, YYYY-Qn or YYYY-MM' })
  @IsBoundedText(MAX_PERIOD_LENGTH)
  period!: string;

  @ApiProperty({ example: 'The archive unit was merged; the indicator is no longer measured' })
  @IsText(MAX_TEXT_LENGTH)
  reason!: string;
}

export class CorrectAmountDto {
  @ApiProperty({ example: '240000.00', description: 'What the entry counts from now on' })
  @IsMoney('positive')
  amount!: string;

  @ApiProperty({ example: 'The invoice was booked with the wrong amount' })
  @IsText(MAX_TEXT_LENGTH)
  reason!: string;
}

export class ReverseEntryDto {
  @ApiProperty({ example: 'Booked on the wrong investment' })
  @IsText(MAX_TEXT_LENGTH)
  reason!: string;
}

export class CloseInvestmentDto {
  @ApiProperty({ example: '2019-06-30' })
  @IsCalendarDate()
  closedOn!: string;

  @ApiProperty({ example: 'Delivered; effects followed up in the line organisation' })
  @IsText(MAX_TEXT_LENGTH)
  reason!: string;
}

/* OpenAPI shape of the benefit case (validated by the domain, not by these classes). */

export class ForecastEntryDoc {
  @ApiProperty({ example: '2018' }) period!: string;
  @ApiProperty({ example: '400000.00' }) amount!: string;
}

export class CostLineDoc {
  @ApiProperty({ example: 'licences', ...ID_SCHEMA }) costLineId!: string;
  @ApiProperty({ enum: ['one-off', 'recurring'] }) kind!: string;
  @ApiProperty({ example: 'Licences' }) description!: string;
  @ApiProperty({ type: [ForecastEntryDoc] }) forecast!: ForecastEntryDoc[];
}

export class IndicatorDoc {
  @ApiProperty({ example: 'FTE' }) unit!: string;
  @ApiProperty({ example: '3' }) baseline!: string;
  @ApiProperty({ example: '1' }) target!: string;
  @ApiProperty({ enum: ['increase', 'decrease'] }) direction!: string;
  @ApiProperty({ example: 'Payroll extract for the archive unit' }) method!: string;
  @ApiProperty({ example: 'yearly' }) frequency!: string;
}

export class BenefitLineDoc {
  @ApiProperty({ example: 'archive-staff', ...ID_SCHEMA }) benefitLineId!: string;
  @ApiProperty({ example: 'Fewer staff hours in the paper archive' }) description!: string;
  @ApiProperty({ enum: ['financial', 'redistributable', 'qualitative'] }) class!: string;
  @ApiProperty({ example: 'pia' }) owner!: string;
  @ApiProperty({ type: IndicatorDoc }) indicator!: IndicatorDoc;
  @ApiPropertyOptional({
    type: [ForecastEntryDoc],
    description: 'Required for valued lines, absent for qualitative ones',
  })
  forecast?: ForecastEntryDoc[];
}

export class BenefitCaseDoc {
  @ApiPropertyOptional({ example: '0.035', description: 'Real discount rate, 0–1 (default 0.035)' })
  discountRate?: string;
  @ApiProperty({ example: 5 }) horizonYears!: number;
  @ApiPropertyOptional({
    example: 2017,
    description: 'First year of the horizon (default: the earliest forecast year)',
  })
  startYear?: number;
  @ApiPropertyOptional() assumptions?: string;
  @ApiPropertyOptional({
    description:
      'Why a case has no financial or redistributable line (purely qualitative); only then allowed',
  })
  qualitativeOnlyReason?: string;
  @ApiProperty({ type: [CostLineDoc] }) costs!: CostLineDoc[];
  @ApiProperty({ type: [BenefitLineDoc] }) benefits!: BenefitLineDoc[];
}
