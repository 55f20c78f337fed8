/**
 * Who is calling, and may they call this route. The actor's source is one function
 * (`resolveActor`), so the authentication mechanism can change without touching routes.
 *
 * Development source: the X-Actor-Id and X-Actor-Role headers. It trusts the caller and is
 * replaced by bearer tokens / OIDC before production use.
 */
import { CanActivate, createParamDecorator, ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { problem, ProblemException } from '../http/problem';
import { USER_ID_PATTERN } from '../http/validation';
import { Actor, isRole, Role } from './roles';

const ROLES_KEY = 'ledger:roles';
/** Roles allowed to call a route; a route without it is open to every authenticated actor. */
export const Roles = (...roles: Role[]): MethodDecorator & ClassDecorator => SetMetadata(ROLES_KEY, roles);

type RequestWithActor = FastifyRequest & { actor?: Actor };

const unauthenticated = (): ProblemException =>
  new ProblemException(problem(401, 'UNAUTHENTICATED', 'Authenticate to use the API.'));

export const resolveActor = (request: FastifyRequest): Actor => {
  const id = request.headers['x-actor-id'];
  const role = request.headers['x-actor-role'];
  if (typeof id !== 'string' || !USER_ID_PATTERN.test(id) || !isRole(role)) throw unauthenticated();
  return { id, role };
};

@Injectable()
export class ActorGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<RequestWithActor>();
    const actor = resolveActor(request);
    request.actor = actor;
    const allowed = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, [context.getHandler(), context.getClass()]);
    if (allowed && !allowed.includes(actor.role)) {
      throw new ProblemException(problem(403, 'FORBIDDEN', `The role ${actor.role} may not do this.`));
    }
    return true;
  }
}

export const CurrentActor = createParamDecorator((_data: unknown, context: ExecutionContext): Actor => {
  const actor = context.switchToHttp().getRequest<RequestWithActor>().actor;
  if (!actor) throw unauthenticated();
  return actor;
});
