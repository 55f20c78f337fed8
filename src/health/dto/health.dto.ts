/** What GET /health answers (200 when ready, 503 otherwise), for the OpenAPI document. */
import {
  BoolField,
  EnumField,
  InstantField,
  IntField,
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

export class ChainHealthDto {
  @EnumField(['off', 'not-yet-verified', 'verifying', 'intact', 'broken'], {
    description:
      "What the chain watch knows of the hash chain: off (LEDGER_CHAIN_WATCH_MINUTES=0), not-yet-verified (no verification has ended since the start), verifying (one runs; the fields below are still the last verdict's), intact or broken (the last verification's verdict).",
  })
  readonly state!: string;
  @EnumField(['intact', 'broken'], {
    optional: true,
    description:
      "The last finished verification's verdict, also while the next one runs; absent before the first. broken makes /health answer 503.",
  })
  readonly verdict?: string;
  @IntField({
    optional: true,
    description: 'Events the last verification checked (up to the first broken link, when one is).',
  })
  readonly eventsChecked?: number;
  @PositionField({
    optional: true,
    description:
      'When intact: the head of the ledger when the verification began; every link up to it holds.',
  })
  readonly position?: string;
  @InstantField({ optional: true, description: 'When the last verification ended.' })
  readonly verifiedAt?: string;
  @PositionField({
    optional: true,
    description: 'When broken: the lowest position whose link is broken.',
  })
  readonly firstBrokenPosition?: string;
  @TextField({
    optional: true,
    description:
      'When broken: why, without any text quoted from the stored event (GET /api/audit/verify gives the whole reason).',
  })
  readonly reason?: string;
}

export class HealthDto {
  @EnumField(['ok', 'unavailable']) readonly status!: string;
  @ObjectField(StoreHealthDto) readonly store!: StoreHealthDto;
  @ObjectField(ReadModelsHealthDto) readonly readModels!: ReadModelsHealthDto;
  @ObjectField(ChainHealthDto, {
    description:
      'The chain watch: the service verifies its whole hash chain by itself soon after it starts and every LEDGER_CHAIN_WATCH_MINUTES.',
  })
  readonly chain!: ChainHealthDto;
}
