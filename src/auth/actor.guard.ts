/**
 * Who is calling, and may they call this route. The authentication hook
 * (authentication.hook.ts) has already turned the bearer credential into an Actor on every
 * /api request; this guard only judges roles. It runs for every route (registered once, as the
 * global guard in auth.providers.ts), and it fails closed: an /api route without
 * an actor is a 401, and a write on /api that declares no @Roles is refused to everyone, so a
 * new endpoint cannot slip in open.
 */
import {
  applyDecorators,
  CanActivate,
  createParamDecorator,
  ExecutionContext,
  Injectable,
  SetMetadata,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiExtension } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { ROLES_EXTENSION } from '../http/openapi-document';
import { problem, ProblemException } from '../shared/problem';
import { needsCredential } from './api-path';
import { Actor, Role } from '../shared/roles';

const ROLES_KEY = 'ledger:roles';
/**
 * Roles allowed to call a route; a read without it is open to every authenticated actor. The
 * OpenAPI document names them on the operation (`x-roles`, and its description), from here.
 */
export const Roles = (...roles: Role[]): MethodDecorator & ClassDecorator =>
  applyDecorators(SetMetadata(ROLES_KEY, roles), ApiExtension(ROLES_EXTENSION, roles));

export type RequestWithActor = FastifyRequest & { actor?: Actor };

const READ_METHODS: readonly string[] = ['GET', 'HEAD'];

const unauthenticated = (): ProblemException =>
  new ProblemException(
    problem(401, 'UNAUTHENTICATED', 'Send a valid bearer token: Authorization: Bearer <token>.'),
  );

/** Says nothing about the resource: the same answer whether it exists or not. */
const forbidden = (actor: Actor): ProblemException =>
  new ProblemException(problem(403, 'FORBIDDEN', `The role ${actor.role} may not do this.`));

@Injectable()
export class ActorGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<RequestWithActor>();
    const allowed = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    const api = needsCredential(request);
    const actor = request.actor;
    if (!actor) {
      if (api || allowed) throw unauthenticated();
      return true;
    }
    if (allowed === undefined) {
      if (api && !READ_METHODS.includes(request.method)) throw forbidden(actor);
      return true;
    }
    if (!allowed.includes(actor.role)) throw forbidden(actor);
    return true;
  }
}

/** The actor the guard authenticated for this request. */
export const actorOf = (request: FastifyRequest): Actor => {
  const actor = (request as RequestWithActor).actor;
  if (!actor) throw unauthenticated();
  return actor;
};

export const CurrentActor = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Actor =>
    actorOf(context.switchToHttp().getRequest<FastifyRequest>()),
);
