/** What GET /api/users answers, for the OpenAPI document: ids of tokens, never the tokens. */
import { ApiProperty } from '@nestjs/swagger';
import { EnumField, ListField, TextField } from '../../http/dto/api-fields';
import { ROLES } from '../../shared/roles';
import { QueryMoment, QueryRefused } from '../../http/dto/query-fields';
import { parseLedgerMoment, requireNotAfterToday } from '../../periods/moment';

export class ActiveTokenDto {
  @TextField() readonly tokenId!: string;
  @EnumField(ROLES) readonly role!: string;
}

export class UserListingDto {
  @TextField() readonly userId!: string;
  @TextField({ nullable: true }) readonly name!: string | null;
  @ApiProperty({ enum: ROLES, isArray: true, description: 'In the order of ROLES.' })
  readonly roles!: string[];
  @ListField(ActiveTokenDto) readonly activeTokens!: ActiveTokenDto[];
}

/** The query of the register's reads (GET /api/users, GET /api/people): which moment. */
export class RegisterQueryDto {
  @QueryMoment(
    'ISO 8601 timestamp (a bare date means the end of that day in Stockholm): the register as it stood then, ' +
      'folded from the users stream up to the last event recorded by that moment (who held which role, under which ' +
      'name, with which tokens). Not after today (Europe/Stockholm). Without it, the register now.',
  )
  readonly asOf?: string;

  /**
   * Refused, not ignored: every other read of ledger state takes it, and the register answered
   * as it is now while a position was asked for would be read as the register then.
   */
  @QueryRefused('the register is read as of an instant: use asOf')
  readonly asOfPosition?: string;
}

/** The moment a register read asks about, checked as every ledger moment is; undefined for now. */
export const registerMoment = (asOf: string | undefined, now: Date): string | undefined =>
  requireNotAfterToday(parseLedgerMoment(asOf, 'asOf'), now, 'asOf');
