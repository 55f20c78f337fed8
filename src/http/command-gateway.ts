/**
 * The HTTP side of every command: If-Match, Idempotency-Key, the recorded time and the actor
 * in the metadata, and the `{ id, revision, position }` answer with its ETag.
 */
import {
  applyDecorators,
  createParamDecorator,
  ExecutionContext,
  Inject,
  Injectable,
  Optional,
} from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { actorOf } from '../auth/actor.guard';
import { Actor } from '../shared/roles';
import {
  CommandAnswer,
  IdempotencyIndex,
  MAX_IDEMPOTENCY_KEY_LENGTH,
  parseIdempotencyKey,
  requestHash,
} from '../infra/idempotency';
import {
  CommandHandler,
  CommandResult,
  DecidedOnOldStateError,
  MAX_COMMAND_ATTEMPTS,
  MAX_PIPELINE_RESTARTS,
  tooManyChanges,
} from '../shared/command-handler';
import { StreamCondition, WrongExpectedRevisionError } from '../event-store/event-store';
import { Decider, DomainEvent } from '../shared/decider';
import { setEtag } from '../shared/etag';
import { READ_MODEL_WAITER, ReadModelWaiter } from '../projections/read-model-waiter';
import { headerRefusal } from '../shared/problem';

export interface CommandSpec<C, E extends DomainEvent, S> {
  readonly stream: string;
  readonly decider: Decider<C, E, S>;
  /** Builds the command (it may look things up first, e.g. the investment an allocation names). */
  readonly command: () => NoInfer<C> | Promise<NoInfer<C>>;
  /**
   * The other streams `command` read, at the revisions it read them (asked after each build).
   * The append holds only if none has moved since; when one has (a close recorded on the
   * investment while an allocation to it was being decided), the command is built and
   * decided again on what is there now.
   */
  readonly unchanged?: () => readonly StreamCondition[];
  /**
   * Who may do this, checked on the state the command is decided on (it throws to refuse):
   * CommandContext.authorize.
   */
  readonly authorize?: (state: S) => void;
  /** The id the answer names (the resource the command created or changed). */
  readonly id: string;
  /** Why: reason and/or decision reference, copied to the event metadata. */
  readonly why?: { readonly reason?: string; readonly decisionRef?: string };
  /**
   * Waits (bounded, never failing the command) for what the recorded command causes
   * elsewhere, before the read-your-writes wait: e.g. an allocation's approval, which the
   * approval process records on the investment's stream.
   */
  readonly after?: (answer: CommandAnswer) => Promise<unknown>;
}

/** What a command route needs of its HTTP call: who calls, the request (headers, body, id) and the reply (ETag). */
export interface CommandCall {
  readonly actor: Actor;
  readonly request: FastifyRequest;
  readonly reply: FastifyReply;
}

/** Route parameter decorator giving a command handler its `CommandCall`. */
export const Call = createParamDecorator(
  (_data: unknown, context: ExecutionContext): CommandCall => {
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    return { actor: actorOf(request), request, reply: http.getResponse<FastifyReply>() };
  },
);

/** OpenAPI for the headers every command takes. */
export const CommandHeaders = (): MethodDecorator =>
  applyDecorators(
    ApiHeader({
      name: 'If-Match',
      required: false,
      description:
        'The stream revision you last saw (the ETag), e.g. "12"; 412 when it has moved on. ' +
        'Not a revision in quotes: 400 IF_MATCH_INVALID, with `errors` naming If-Match.',
    }),
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description:
        'A retry with the same key returns the first answer and appends nothing (a refused request ' +
        'keeps nothing under its key: sent again, it is decided anew). Not 1–' +
        `${MAX_IDEMPOTENCY_KEY_LENGTH} visible ASCII characters: 400 IDEMPOTENCY_KEY_INVALID, ` +
        'with `errors` naming Idempotency-Key.',
    }),
  );

const IF_MATCH = /^(?:W\/)?"(0|[1-9][0-9]{0,18})"$/;

export const parseIfMatch = (header: string | string[] | undefined): bigint | undefined => {
  if (header === undefined) return undefined;
  const match = typeof header === 'string' ? IF_MATCH.exec(header.trim()) : null;
  if (!match) {
    throw headerRefusal(
      'IF_MATCH_INVALID',
      'If-Match',
      'must be a stream revision in quotes, e.g. "12"',
    );
  }
  return BigInt(match[1]);
};

@Injectable()
export class CommandGateway {
  constructor(
    private readonly handler: CommandHandler,
    private readonly idempotency: IdempotencyIndex,
    @Optional() @Inject(READ_MODEL_WAITER) private readonly readModels?: ReadModelWaiter,
  ) {}

  async run<C, E extends DomainEvent, S>(
    { actor, request, reply }: CommandCall,
    spec: CommandSpec<C, E, S>,
  ): Promise<CommandAnswer> {
    const ifMatch = parseIfMatch(request.headers['if-match']);
    const key = parseIdempotencyKey(request.headers['idempotency-key']);
    const decide = async (extra: Record<string, unknown>): Promise<CommandResult> => {
      let attempt = 0;
      let overtaken = 0;
      for (;;) {
        const command = await spec.command();
        try {
          return await this.handler.execute(spec.stream, spec.decider, command, {
            actor,
            correlationId: request.id ?? randomUUID(),
            ifMatch,
            metadata: { ...spec.why, resourceId: spec.id, ...extra },
            unchanged: spec.unchanged?.() ?? [],
            ...(spec.authorize ? { authorize: spec.authorize as (state: unknown) => void } : {}),
            rebuildWhenBehind: true,
          });
        } catch (error) {
          // Built again on what is there now: another stream it read moved, or its own stream
          // moved past the state a refusal or a decision to do nothing was made on (the
          // command may have been built from a look-up of it).
          const otherStreamMoved =
            error instanceof WrongExpectedRevisionError && error.stream !== spec.stream;
          if (!otherStreamMoved && !(error instanceof DecidedOnOldStateError)) throw error;
          // A refusal (or nothing to do) decided on a state its stream has moved past: another
          // command's append landed there meanwhile, so the ledger moved on; in a burst each
          // command may see that once per command landing ahead of it. Counted as lost races,
          // allocations raced by closings on EventStoreDB ran out of attempts (409
          // CONCURRENT_UPDATE rather than INVESTMENT_CLOSED) under load. The bound ends a livelock.
          if (error instanceof DecidedOnOldStateError) {
            if (++overtaken > MAX_PIPELINE_RESTARTS) throw tooManyChanges(error.stream);
          } else if (++attempt >= MAX_COMMAND_ATTEMPTS) {
            throw tooManyChanges(error.stream);
          }
        }
      }
    };
    const execute = async (extra: Record<string, unknown>): Promise<CommandAnswer> => {
      const result = await decide(extra);
      return {
        id: spec.id,
        revision: String(result.revision),
        position: String(result.position),
      };
    };
    let answer: CommandAnswer;
    if (key !== undefined) {
      const hash = requestHash(request.method, request.url, request.body);
      answer = await this.idempotency.run(actor.id, key, hash, () =>
        execute({ idempotencyKey: key, requestHash: hash }),
      );
    } else {
      answer = await execute({});
    }
    // Also for an answer replayed under an Idempotency-Key (the consequence is long there then).
    if (spec.after) await spec.after(answer);
    // Read-your-writes: a GET after this answer waits for the read models to fold it; the
    // command waits only when they are far behind (read-model-waiter.ts).
    await this.readModels?.acknowledge(BigInt(answer.position));
    setEtag(reply, answer.revision);
    return answer;
  }
}
