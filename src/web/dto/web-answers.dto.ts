/**
 * What the dashboard's own endpoints answer (who am I, the people list, the sign-in mode and
 * the code exchange), for the OpenAPI document.
 */
import { EnumField, IntField, TextField } from '../../http/dto/api-fields';
import { ROLES } from '../../shared/roles';

export class MeDto {
  @TextField() readonly id!: string;
  @EnumField(ROLES) readonly role!: string;
  @TextField({ nullable: true, description: "The user register's name; null when none." })
  readonly name!: string | null;
}

export class PersonDto {
  @TextField() readonly id!: string;
  @TextField() readonly name!: string;
}

export class SignInModeDto {
  @EnumField(['token', 'oidc', 'unavailable']) readonly mode!: string;
  @TextField({ optional: true, description: 'mode oidc only (as the next five).' })
  readonly issuer?: string;
  @TextField({ optional: true }) readonly clientId?: string;
  @TextField({ optional: true }) readonly redirectUri?: string;
  @TextField({ optional: true }) readonly scope?: string;
  @TextField({ optional: true }) readonly authorizationEndpoint?: string;
  @TextField({ optional: true, nullable: true }) readonly endSessionEndpoint?: string | null;
}

export class SignInTokensDto {
  @TextField() readonly accessToken!: string;
  @TextField({ optional: true }) readonly idToken?: string;
  @IntField({ optional: true, description: 'Seconds.' }) readonly expiresIn?: number;
}
