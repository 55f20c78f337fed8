/**
 * What the audit endpoints answer in JSON (the change report, the verification, the digest,
 * the raw event feed and an investment's history), for the OpenAPI document. Positions and
 * revisions are decimal strings (64-bit); an event's data is the recorded fact as it is.
 */
import {
  BoolField,
  DayField,
  InstantField,
  IntField,
  ListField,
  MoneyField,
  ObjectField,
  OpenObjectField,
  PositionField,
  TextField,
} from '../../http/dto/api-fields';
import { BaselineRevisionDto } from '../../investment/dto/investment-view.dto';

export class AuditActorDto {
  @TextField() readonly id!: string;
  @TextField() readonly role!: string;
}

export class AuditEventDto {
  @PositionField() readonly position!: string;
  @TextField() readonly streamId!: string;
  @PositionField() readonly revision!: string;
  @TextField() readonly eventId!: string;
  @TextField() readonly type!: string;
  @InstantField() readonly recordedAt!: string;
  @ObjectField(AuditActorDto) readonly actor!: AuditActorDto;
  @TextField({ nullable: true }) readonly reason!: string | null;
  @TextField({ nullable: true }) readonly decisionRef!: string | null;
  @OpenObjectField({ description: "The event's data as recorded; its fields depend on `type`." })
  readonly data!: Record<string, unknown>;
  @TextField() readonly hash!: string;
  @TextField() readonly prevHash!: string;
}

export class ChangeRowDto extends AuditEventDto {
  @TextField({ description: 'The event in one sentence.' }) readonly summary!: string;
}

export class ChangesAnswerDto {
  @InstantField({ nullable: true }) readonly from!: string | null;
  @InstantField({ nullable: true }) readonly to!: string | null;
  @ListField(ChangeRowDto) readonly events!: ChangeRowDto[];
  @PositionField({ nullable: true, description: 'The `after` of the next page; null at the end.' })
  readonly next!: string | null;
}

export class DigestCheckDto {
  @TextField() readonly digest!: string;
  @PositionField() readonly position!: string;
  @BoolField() readonly matches!: boolean;
  @TextField({ optional: true }) readonly reason?: string;
}

export class VerifyAnswerDto {
  @BoolField() readonly ok!: boolean;
  @TextField({ description: 'global or stream: what the hash chain covers.' })
  readonly scope!: string;
  @IntField() readonly eventsChecked!: number;
  @PositionField({ optional: true }) readonly firstBrokenPosition?: string;
  @TextField({ optional: true }) readonly reason?: string;
  @ObjectField(DigestCheckDto, { optional: true, description: 'Only when ?digest= was given.' })
  readonly digest?: DigestCheckDto;
}

export class DigestAnswerDto {
  @PositionField() readonly position!: string;
  @TextField({ description: 'v1:<scope>:<position>:<hash>' }) readonly digest!: string;
  @TextField() readonly scope!: string;
  @IntField() readonly eventsChecked!: number;
}

export class FeedEventDto {
  @PositionField() readonly position!: string;
  @TextField() readonly streamId!: string;
  @PositionField() readonly revision!: string;
  @TextField() readonly eventId!: string;
  @TextField() readonly type!: string;
  @OpenObjectField({ description: "The event's data as recorded." })
  readonly data!: Record<string, unknown>;
  @OpenObjectField({ description: 'actor, recordedAt, correlationId, causationId, … as recorded.' })
  readonly metadata!: Record<string, unknown>;
  @TextField() readonly prevHash!: string;
  @TextField() readonly hash!: string;
}

export class FeedPageDto {
  @ListField(FeedEventDto) readonly events!: FeedEventDto[];
  @PositionField({ nullable: true }) readonly next!: string | null;
}

export class StateCountsDto {
  @IntField() readonly allocations!: number;
  @IntField() readonly costs!: number;
  @IntField() readonly effectReports!: number;
  @IntField() readonly harvests!: number;
}

export class ClosedStateDto {
  @DayField() readonly closedOn!: string;
  @TextField() readonly reason!: string;
}

export class CompactStateAfterDto {
  @BoolField() readonly exists!: boolean;
  @TextField({ nullable: true }) readonly stage!: string | null;
  @IntField({ nullable: true }) readonly currentCaseVersion!: number | null;
  @IntField({ nullable: true }) readonly baselineCaseVersion!: number | null;
  @MoneyField({ description: 'Allocations net of reductions.' }) readonly allocated!: string;
  @MoneyField() readonly spent!: string;
  @MoneyField() readonly harvested!: string;
  @ObjectField(StateCountsDto) readonly counts!: StateCountsDto;
  @ObjectField(ClosedStateDto, { nullable: true }) readonly closed!: ClosedStateDto | null;
  @OpenObjectField({
    nullable: true,
    description:
      'The entity the event created or changed, with `kind` (allocation, effectReport, cost, harvest, ' +
      'benefitCase, baseline, waiver, costChange, harvestChange) and its fields; null when none.',
  })
  readonly changed!: Record<string, unknown> | null;
}

export class HistoryEntryDto extends ChangeRowDto {
  @ObjectField(CompactStateAfterDto) readonly stateAfter!: CompactStateAfterDto;
  @TextField({ optional: true, description: 'Set when the event could not be folded.' })
  readonly stateError?: string;
}

export class AllocationAfterDto {
  @TextField() readonly fundId!: string;
  @TextField() readonly allocationId!: string;
  @TextField() readonly trancheId!: string;
  @MoneyField() readonly amount!: string;
  @MoneyField() readonly reduced!: string;
}

export class EffectAfterDto {
  @TextField() readonly reportId!: string;
  @TextField() readonly benefitLineId!: string;
  @TextField() readonly period!: string;
  @TextField({ description: 'The value as it stands, corrections applied.' })
  readonly value!: string;
  @TextField({ nullable: true }) readonly correctionId!: string | null;
}

export class WaiverDto {
  @TextField() readonly investmentId!: string;
  @TextField() readonly benefitLineId!: string;
  @TextField() readonly period!: string;
  @TextField() readonly reason!: string;
  @TextField() readonly waivedBy!: string;
}

export class InvestmentStateAfterDto {
  @BoolField() readonly exists!: boolean;
  @TextField({ nullable: true }) readonly title!: string | null;
  @TextField({ nullable: true }) readonly department!: string | null;
  @TextField({ nullable: true }) readonly projectLead!: string | null;
  @TextField({ nullable: true }) readonly stage!: string | null;
  @IntField({ nullable: true }) readonly currentCaseVersion!: number | null;
  @IntField({ nullable: true }) readonly baselineCaseVersion!: number | null;
  @MoneyField() readonly allocated!: string;
  @ListField(AllocationAfterDto) readonly allocations!: AllocationAfterDto[];
  @MoneyField() readonly spent!: string;
  @MoneyField() readonly harvested!: string;
  @ListField(EffectAfterDto) readonly effectReports!: EffectAfterDto[];
  @ListField(BaselineRevisionDto) readonly baselineRevisions!: BaselineRevisionDto[];
  @ListField(WaiverDto) readonly waivers!: WaiverDto[];
  @ObjectField(ClosedStateDto, { nullable: true }) readonly closed!: ClosedStateDto | null;
}

export class InvestmentHistoryDto {
  @TextField() readonly investmentId!: string;
  @InstantField({ nullable: true }) readonly from!: string | null;
  @InstantField({ nullable: true }) readonly to!: string | null;
  @IntField() readonly limit!: number;
  @ListField(HistoryEntryDto) readonly events!: HistoryEntryDto[];
  @ObjectField(InvestmentStateAfterDto, {
    nullable: true,
    description: 'The whole state after the last listed event; null when none is listed.',
  })
  readonly stateAtEnd!: InvestmentStateAfterDto | null;
  @PositionField({ nullable: true }) readonly next!: string | null;
}
