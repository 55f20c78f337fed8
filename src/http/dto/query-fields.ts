/**
 * Query-parameter rules for query DTOs, with the messages the hand-written parsers gave (the
 * problem+json a client sees does not change). An empty parameter (`?grain=`) means "not
 * asked", as it always has: it is dropped before the rules run. A repeated parameter arrives
 * as a list, whatever the DTO's type says, so every rule checks for a string first.
 */
import { applyDecorators } from '@nestjs/common';
import { ApiHideProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { registerDecorator } from 'class-validator';
import { parseMinPosition } from '../../projections/read-models.service';
import { oneOfMessage, parseText } from '../../reports/query-params';
import { readInstant } from '../../shared/instant-param';
import { MAX_NAME_LENGTH } from '../../shared/input-limits';
import { ProblemException } from '../../shared/problem';

export const GIVEN_ONCE_MESSAGE = 'must be given once';

/**
 * A hand-written parser's refusal of one text as a rule's message, so the parser stays the one
 * definition of what the parameter accepts (and of its words).
 */
export const refusalOf =
  (parse: (value: string) => unknown) =>
  (value: string): string | undefined => {
    try {
      parse(value);
      return undefined;
    } catch (error) {
      if (!(error instanceof ProblemException)) throw error;
      const errors = error.problem.errors;
      return errors?.[0]?.message ?? error.problem.detail;
    }
  };

const EmptyIsAbsent = (): PropertyDecorator =>
  Transform(({ value }: { value: unknown }) => (value === '' ? undefined : value));

/**
 * A rule over a parameter given once: `problemOf` says what is wrong with the text, or
 * undefined; `notText` is the message for a repeated parameter.
 */
export const queryRule =
  (
    name: string,
    problemOf: (value: string) => string | undefined,
    notText: string = GIVEN_ONCE_MESSAGE,
  ): PropertyDecorator =>
  (target, propertyName) =>
    registerDecorator({
      name,
      target: target.constructor,
      propertyName: String(propertyName),
      validator: {
        validate: (value: unknown) =>
          value === undefined || (typeof value === 'string' && problemOf(value) === undefined),
        defaultMessage: (args) =>
          typeof args?.value === 'string' ? (problemOf(args.value) ?? notText) : notText,
      },
    });

/** An ISO 8601 moment (a bare date: the end of that UTC day), strictly as instant-param.ts reads it. */
export const QueryMoment = (description: string): PropertyDecorator =>
  applyDecorators(
    ApiPropertyOptional({ description, example: '2019-12-31' }),
    EmptyIsAbsent(),
    queryRule('isQueryMoment', (value) => {
      const read = readInstant(value, 'end-of-day');
      return 'problem' in read ? read.problem : undefined;
    }),
  );

export const QueryPosition = (description: string): PropertyDecorator =>
  applyDecorators(
    ApiPropertyOptional({ description, example: '42' }),
    EmptyIsAbsent(),
    queryRule(
      'isQueryPosition',
      refusalOf((value) => parseMinPosition(value)),
    ),
  );

/** A parameter of the route's own rule (see queryRule), documented as optional text. */
export const QueryParam = (
  name: string,
  problemOf: (value: string) => string | undefined,
  description: string,
): PropertyDecorator =>
  applyDecorators(
    ApiPropertyOptional({ description }),
    EmptyIsAbsent(),
    queryRule(name, problemOf),
  );

/**
 * A parameter the route refuses, whatever its value (given once or more; an empty one is not
 * given, as everywhere): one that other reads take and this route cannot honour, so ignoring
 * it would answer another question than the one asked. `message` says why, and what to send
 * instead. Not among the operation's parameters in OpenAPI (it is none to send): the
 * operation's description says it is refused.
 */
export const QueryRefused = (message: string): PropertyDecorator =>
  applyDecorators(
    ApiHideProperty(),
    EmptyIsAbsent(),
    queryRule('isRefusedParameter', () => message, message),
  );

/**
 * One of a fixed list; the controller supplies the default when it is absent. A repeated
 * choice is "must be given once", like every other parameter, even when each value is allowed.
 */
export const QueryChoice = (values: readonly string[], description?: string): PropertyDecorator => {
  const message = oneOfMessage(values);
  return applyDecorators(
    ApiPropertyOptional({ enum: [...values], ...(description ? { description } : {}) }),
    EmptyIsAbsent(),
    queryRule('isQueryChoice', (value) => (values.includes(value) ? undefined : message)),
  );
};

/** A free-text filter (department, owner): one value, of a bounded length. */
export const QueryText = (description?: string): PropertyDecorator => {
  const check = refusalOf((value) => parseText('text', value));
  return applyDecorators(
    ApiPropertyOptional({ maxLength: MAX_NAME_LENGTH, ...(description ? { description } : {}) }),
    EmptyIsAbsent(),
    // A repeated filter gets the parser's own words too.
    queryRule('isQueryText', check, check('x'.repeat(MAX_NAME_LENGTH + 1))),
  );
};
