/**
 * "Who am I": the dashboard shows the signed-in user and their role, and hides what the role
 * cannot do. It answers with the actor the guard authenticated, whatever the mechanism.
 */
import { Controller, Get, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { ActorGuard, CurrentActor } from '../auth/actor.guard';
import { Actor } from '../auth/roles';

@ApiTags('auth')
@ApiSecurity('bearer')
@UseGuards(ActorGuard)
@Controller('api/me')
export class MeController {
  @Get()
  @ApiOperation({ summary: 'The authenticated caller: user id and role' })
  @ApiOkResponse({ description: '{ id, role }' })
  me(@CurrentActor() actor: Actor): Actor {
    return { id: actor.id, role: actor.role };
  }
}
