/** The body of POST /api/investments/{id}/deviation-explanations. */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ID_SCHEMA,
  IsBoundedText,
  IsId,
  IsOmittable,
  IsText,
  MAX_TEXT_LENGTH,
} from '../../http/validation';
import { MAX_PERIOD_LENGTH } from './investment.dto';

export class ExplainDeviationDto {
  @ApiProperty({ example: 'x-archive-2018', ...ID_SCHEMA })
  @IsId()
  explanationId!: string;

  @ApiProperty({ example: 'archive-staff', ...ID_SCHEMA })
  @IsId()
  benefitLineId!: string;

  @ApiPropertyOptional({
    example: '2018',
    description: 'The period explained (YYYY, YYYY-Qn or YYYY-MM); left out: the line as a whole',
  })
  @IsOmittable()
  @IsBoundedText(MAX_PERIOD_LENGTH)
  period?: string;

  @ApiProperty({ example: 'The archive moved in May; the staff freed came a quarter late' })
  @IsText(MAX_TEXT_LENGTH)
  explanation!: string;
}
