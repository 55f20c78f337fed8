/**
 * The user register over HTTP, for an administrator in the dashboard: who may use the ledger
 * and in which role. Every change goes through the users decider as an event in the `users`
 * stream, with the admin as actor (and an optional reason), like the `ledger users` CLI.
 * Tokens stay with the CLI: a secret shown in a browser is a secret copied around.
 */
import {
  Body,
  Controller,
  Get,
  Inject,
  Injectable,
  Param,
  PipeTransform,
  Post,
  Query,
} from '@nestjs/common';
import {
  ApiBody,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiSecurity,
  ApiTags,
} from '@nestjs/swagger';
import { IsIn, Matches } from 'class-validator';
import { Call, CommandCall, CommandGateway, CommandHeaders } from '../http/command-gateway';
import { ApiCommandAnswer, ApiProblems } from '../http/dto/answers.dto';
import { RegisterQueryDto, registerMoment, UserListingDto } from './dto/users-answers.dto';
import { problem, ProblemException } from '../shared/problem';
import {
  IsOmittable,
  IsText,
  MAX_NAME_LENGTH,
  Rules,
  MAX_REF_LENGTH,
  USER_ID_MESSAGE,
  USER_ID_PATTERN,
} from '../http/validation';
import { CommandAnswer } from '../infra/idempotency';
import { Clock, CLOCK } from '../infra/tokens';
import { Roles } from './actor.guard';
import { Role, ROLES } from '../shared/roles';
import { TokenStore } from './token-store';
import { UserDirectory } from './user-directory';
import { UserListing, UserService } from './user.service';
import { UsersCommand } from './users.commands';
import { usersDecider } from './users.decider';
import { USERS_STREAM } from './users.events';

/** Printable text without control characters: names end up in terminals and exports. */
const PLAIN_TEXT = /^[^\p{Cc}]*$/u;

export class AddUserDto {
  @ApiProperty({ example: 'frida.ek', pattern: USER_ID_PATTERN.source })
  @Matches(USER_ID_PATTERN, { message: USER_ID_MESSAGE })
  userId!: string;

  @ApiProperty({ example: 'Frida Ek', description: 'The name the dashboard shows' })
  @Rules(
    IsText(MAX_NAME_LENGTH),
    Matches(PLAIN_TEXT, { message: 'must be plain text without control characters' }),
    Matches(/\S/, { message: 'must not be blank' }),
  )
  name!: string;

  @ApiProperty({ enum: ROLES, description: 'The first role; more can be granted later' })
  @IsIn(ROLES)
  role!: Role;

  @ApiPropertyOptional({ example: 'Ny controller på ekonomiavdelningen' })
  @IsOmittable()
  @IsText(MAX_REF_LENGTH)
  reason?: string;
}

export class RoleChangeDto {
  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES)
  role!: Role;

  @ApiPropertyOptional({ example: 'Byter till revisionen' })
  @IsOmittable()
  @IsText(MAX_REF_LENGTH)
  reason?: string;
}

/** A path user id: one no user can have is answered as an unknown user (404), before the handler. */
@Injectable()
class UserIdParam implements PipeTransform<string, string> {
  transform(userId: string): string {
    if (!USER_ID_PATTERN.test(userId))
      throw new ProblemException(
        problem(404, 'USER_NOT_FOUND', `there is no user ${JSON.stringify(userId.slice(0, 128))}`),
      );
    return userId;
  }
}

/** Four eyes on rights: no administrator gives themself a role, by a grant or by adding themself. */
const ownGrant = (): ProblemException =>
  new ProblemException(
    problem(
      409,
      'OWN_GRANT',
      'An administrator cannot grant themselves a role or add themselves; another administrator can.',
    ),
  );

@ApiTags('users')
@ApiSecurity('bearer')
@ApiProblems()
@Roles('admin')
@Controller('api/users')
export class UsersController {
  constructor(
    private readonly users: UserService,
    private readonly directory: UserDirectory,
    private readonly tokens: TokenStore,
    private readonly gateway: CommandGateway,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'Every user, their roles and their active tokens (ids only), now or as of a moment',
  })
  @ApiOkResponse({
    type: UserListingDto,
    isArray: true,
    description: '[{ userId, name, roles, activeTokens: [{ tokenId, role }] }]',
  })
  async list(@Query() query: RegisterQueryDto): Promise<UserListing[]> {
    return this.users.list(registerMoment(query.asOf, this.clock()));
  }

  @Post()
  @CommandHeaders()
  @ApiOperation({
    summary: 'Add a user with a first role (UserAdded, RoleGranted)',
    description: '409 USER_ALREADY_EXISTS; 409 OWN_GRANT when an administrator adds themselves.',
  })
  @ApiBody({ type: AddUserDto })
  @ApiCommandAnswer('{ id, revision, position }')
  add(@Body() dto: AddUserDto, @Call() call: CommandCall): Promise<CommandAnswer> {
    // An administrator by the identity provider's claim, whom the register has never seen,
    // would otherwise add themself with any role: the register's role then counts for them.
    if (dto.userId === call.actor.id) throw ownGrant();
    return this.run(call, dto.userId, dto.reason, {
      type: 'AddUser',
      userId: dto.userId,
      name: dto.name.trim(),
      role: dto.role,
    });
  }

  @Post(':userId/grants')
  @CommandHeaders()
  @ApiOperation({ summary: 'Grant a role (RoleGranted; nothing when already held)' })
  @ApiBody({ type: RoleChangeDto })
  @ApiCommandAnswer('{ id, revision, position }')
  grant(
    @Param('userId', UserIdParam) userId: string,
    @Body() dto: RoleChangeDto,
    @Call() call: CommandCall,
  ): Promise<CommandAnswer> {
    // Four eyes on rights, as on a re-baseline or a waiver: an administrator who could give
    // themselves finance could allocate money with no one else having decided they may.
    if (userId === call.actor.id) throw ownGrant();
    return this.run(call, userId, dto.reason, { type: 'GrantRole', userId, role: dto.role });
  }

  @Post(':userId/revocations')
  @CommandHeaders()
  @ApiOperation({
    summary: "Revoke a role (RoleRevoked, and TokenRevoked for the user's tokens in that role)",
    description:
      "409 OWN_ADMIN_ROLE for an admin's own admin role; 409 LAST_ADMIN when no other user would hold admin.",
  })
  @ApiBody({ type: RoleChangeDto })
  @ApiCommandAnswer('{ id, revision, position }')
  revoke(
    @Param('userId', UserIdParam) userId: string,
    @Body() dto: RoleChangeDto,
    @Call() call: CommandCall,
  ): Promise<CommandAnswer> {
    // With OIDC the browser is an admin's way in: one click must not lock them out.
    if (userId === call.actor.id && dto.role === 'admin')
      throw new ProblemException(
        problem(
          409,
          'OWN_ADMIN_ROLE',
          'An administrator cannot revoke their own admin role; another admin can.',
        ),
      );
    return this.run(call, userId, dto.reason, { type: 'RevokeRole', userId, role: dto.role }, () =>
      this.revokeStoredTokens(userId),
    );
  }

  private run(
    call: CommandCall,
    userId: string,
    reason: string | undefined,
    command: UsersCommand,
    after?: () => Promise<void>,
  ): Promise<CommandAnswer> {
    return this.gateway.run(call, {
      stream: USERS_STREAM,
      decider: usersDecider,
      id: userId,
      why: reason === undefined ? undefined : { reason },
      command: () => command,
      after,
    });
  }

  /** The token file follows the register: tokens the revocation revoked open nothing more. */
  private async revokeStoredTokens(userId: string): Promise<void> {
    const state = await this.directory.current();
    const at = this.clock().toISOString();
    for (const token of state.tokens.values()) {
      if (token.userId === userId && token.revoked) this.tokens.revoke(token.tokenId, at);
    }
  }
}
