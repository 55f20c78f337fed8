/**
 * Names for the people the dashboard shows (the timeline's "who"), so a page says "Frida Ek"
 * rather than "frida.ek". Every signed-in role may read it: the ids are in every event the
 * timeline already shows; the names come from the user register. Roles and tokens are not
 * here (GET /api/users, admins only).
 */
import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { UserDirectory } from '../auth/user-directory';
import { ApiProblems } from '../http/dto/answers.dto';
import { PersonDto } from './dto/web-answers.dto';
import { RegisterQueryDto, registerMoment } from '../auth/dto/users-answers.dto';
import { Clock, CLOCK } from '../infra/tokens';

export interface Person {
  readonly id: string;
  readonly name: string;
}

@ApiTags('auth')
@ApiSecurity('bearer')
@ApiProblems()
@Controller('api/people')
export class PeopleController {
  constructor(
    private readonly directory: UserDirectory,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The display name of every user that has one, now or as of a moment' })
  @ApiOkResponse({ type: PersonDto, isArray: true, description: '[{ id, name }]' })
  async people(@Query() query: RegisterQueryDto): Promise<Person[]> {
    const at = await this.directory.at(registerMoment(query.asOf, this.clock()));
    const users = [...at.users.values()];
    return users
      .filter((user) => user.name !== null)
      .map((user) => ({ id: user.userId, name: user.name ?? user.userId }))
      .sort((a, b) => (a.id < b.id ? -1 : 1));
  }
}
