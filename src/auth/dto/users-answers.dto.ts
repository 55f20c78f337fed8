/** What GET /api/users answers, for the OpenAPI document: ids of tokens, never the tokens. */
import { ApiProperty } from '@nestjs/swagger';
import { EnumField, ListField, TextField } from '../../http/dto/api-fields';
import { ROLES } from '../../shared/roles';

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
