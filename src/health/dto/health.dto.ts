/** What GET /health answers (200 when ready, 503 otherwise), for the OpenAPI document. */
import {
  BoolField,
  EnumField,
  ObjectField,
  PositionField,
  TextField,
} from '../../http/dto/api-fields';

export class StoreHealthDto {
  @TextField({ description: 'sqlite or eventstoredb.' }) readonly kind!: string;
  @BoolField() readonly ready!: boolean;
  @PositionField({ optional: true, description: 'When ready: the head of the ledger.' })
  readonly position?: string;
  @TextField({ optional: true, description: 'When not ready: why.' }) readonly reason?: string;
}

export class ReadModelsHealthDto {
  @PositionField() readonly position!: string;
  @BoolField({
    description: 'False while the projection is stopped and retrying from its checkpoint.',
  })
  readonly running!: boolean;
  @TextField({ optional: true, description: 'When stopped: why.' }) readonly reason?: string;
  @TextField({ optional: true, description: 'When stopped: since when (ISO instant).' })
  readonly stoppedAt?: string;
}

export class HealthDto {
  @EnumField(['ok', 'unavailable']) readonly status!: string;
  @ObjectField(StoreHealthDto) readonly store!: StoreHealthDto;
  @ObjectField(ReadModelsHealthDto) readonly readModels!: ReadModelsHealthDto;
}
