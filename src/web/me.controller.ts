/**
 * "Who am I": the dashboard shows the signed-in person by name, with their role, and hides
 * what the role cannot do. It answers with the actor the guard authenticated, whatever the
 * mechanism, and the name the ledger's user register holds for them (null when none).
 */
import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '../auth/actor.guard';
import { ApiProblems } from '../http/dto/answers.dto';
import { MeDto } from './dto/web-answers.dto';
import { Actor } from '../shared/roles';
import { UserDirectory } from '../auth/user-directory';

export interface Me extends Actor {
  readonly name: string | null;
}

@ApiTags('auth')
@ApiSecurity('bearer')
@ApiProblems()
@Controller('api/me')
export class MeController {
  constructor(private readonly directory: UserDirectory) {}

  @Get()
  @ApiOperation({ summary: 'The authenticated caller: user id, role and display name' })
  @ApiOkResponse({ type: MeDto, description: '{ id, role, name }' })
  async me(@CurrentActor() actor: Actor): Promise<Me> {
    const user = (await this.directory.current()).users.get(actor.id);
    return { id: actor.id, role: actor.role, name: user?.name ?? null };
  }
}
