/**
 * The answers every part of the API shares: what a recorded command answers, and the problem
 * (RFC 9457) every refusal answers with.
 */
import { applyDecorators, Type } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiDefaultResponse,
  ApiExtraModels,
  ApiOkResponse,
  getSchemaPath,
} from '@nestjs/swagger';
import { PROBLEM_CONTENT_TYPE } from '../../shared/problem';
import { IntField, ListField, PositionField, TextField } from './api-fields';

export class CommandAnswerDto {
  @TextField({ description: 'The id of what the command recorded or changed.' })
  readonly id!: string;

  @PositionField({ description: "The stream's revision after the command (also the ETag)." })
  readonly revision!: string;

  @PositionField({
    description:
      'The ledger position of the last event recorded. A later GET to this service instance sees the write; through another instance, send it as minPosition.',
  })
  readonly position!: string;
}

export class FieldProblemDto {
  @TextField({ description: 'The field or parameter, e.g. `tranches[0].amount` or `asOf`.' })
  readonly path!: string;

  @TextField()
  readonly message!: string;
}

export class ProblemDto {
  @TextField({ description: 'A URI naming the kind of problem.' })
  readonly type!: string;

  @TextField()
  readonly title!: string;

  @IntField()
  readonly status!: number;

  @TextField()
  readonly detail!: string;

  @TextField({
    description:
      'The stable machine-readable code, e.g. VALIDATION_FAILED or TRANCHE_CLOSED. A 400 for a field or ' +
      'parameter is VALIDATION_FAILED (see `errors`), whether the request validation or a rule of the ledger ' +
      'finds it wrong; a few keep a code of their own: BENEFIT_CASE_INVALID (every problem of a benefit case) ' +
      "and EFFECT_VALUE_INVALID (a value in the wrong form for its line), both with `errors`, a fund's " +
      'DUPLICATE_TRANCHE_ID and TRANCHE_WINDOW_INVALID, and a command header that is wrong: IF_MATCH_INVALID ' +
      '(If-Match not a revision in quotes) and IDEMPOTENCY_KEY_INVALID, both with `errors` naming the header. ' +
      'MALFORMED_REQUEST: a body that is not JSON.',
  })
  readonly code!: string;

  @ListField(FieldProblemDto, {
    optional: true,
    description:
      'Each field or parameter that failed validation (400 VALIDATION_FAILED, at most 20 listed; also ' +
      'BENEFIT_CASE_INVALID and EFFECT_VALUE_INVALID; IF_MATCH_INVALID and IDEMPOTENCY_KEY_INVALID name the header).',
  })
  readonly errors?: FieldProblemDto[];

  @IntField({ optional: true, description: 'How many field problems were not listed.' })
  readonly errorsOmitted?: number;
}

/** Every refusal is a problem+json answer; the operation's description names its codes. */
export const ApiProblems = (): MethodDecorator & ClassDecorator =>
  applyDecorators(
    ApiExtraModels(ProblemDto),
    ApiDefaultResponse({
      description: 'A refusal: application/problem+json with a stable `code`.',
      content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: getSchemaPath(ProblemDto) } } },
    }),
  );

/** A recorded command's answer: 201 for a POST, 200 for a PUT. */
export const ApiCommandAnswer = (
  description = '{ id, revision, position }',
  status: 200 | 201 = 201,
): MethodDecorator =>
  status === 201
    ? ApiCreatedResponse({ type: CommandAnswerDto, description })
    : ApiOkResponse({ type: CommandAnswerDto, description });

/** A file answer (CSV, XLSX, PDF): bytes, described by the operation. */
const FILE_SCHEMA = { type: 'string', format: 'binary' } as const;

/**
 * A read answered in JSON by default and as a file for format= (or Accept): the JSON schema
 * for application/json, bytes for each file media type.
 */
export const ApiJsonOrFiles = (
  type: Type<unknown>,
  fileMediaTypes: readonly string[],
  description?: string,
): MethodDecorator =>
  applyDecorators(
    ApiExtraModels(type),
    ApiOkResponse({
      ...(description !== undefined ? { description } : {}),
      content: {
        'application/json': { schema: { $ref: getSchemaPath(type) } },
        ...Object.fromEntries(fileMediaTypes.map((media) => [media, { schema: FILE_SCHEMA }])),
      },
    }),
  );
