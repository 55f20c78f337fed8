/**
 * Request validation: class-validator DTOs with unknown fields refused, and our own
 * decorators for money, dates, periods and ids so that each failure names its field.
 */
import {
  applyDecorators,
  ArgumentMetadata,
  PipeTransform,
  ValidationError,
  ValidationPipe,
} from '@nestjs/common';
import {
  IsInt,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  registerDecorator,
  ValidateIf,
  ValidationOptions,
} from 'class-validator';
import { Money, MONEY_PROBLEM_TEXT, Sign } from '../money/money';
import { BUSINESS_DAY_TEXT, isBusinessDay } from '../periods/period';
import {
  CONTROL_CHARACTERS_MESSAGE,
  controlCharacterProblem,
  ID_MESSAGE,
  ID_PATTERN,
} from '../shared/input-limits';
import { FieldProblem, invalidInput } from '../shared/problem';

/** The limits live with the shared building blocks; DTOs keep importing them from here. */
export {
  ID_MESSAGE,
  ID_PATTERN,
  ID_SCHEMA,
  MAX_NAME_LENGTH,
  MAX_REF_LENGTH,
  MAX_TEXT_LENGTH,
  USER_ID_MESSAGE,
  USER_ID_PATTERN,
} from '../shared/input-limits';

const flatten = (errors: readonly ValidationError[], parent = ''): FieldProblem[] =>
  errors.flatMap((error) => {
    const path =
      parent === ''
        ? error.property
        : /^[0-9]+$/.test(error.property)
          ? `${parent}[${error.property}]`
          : `${parent}.${error.property}`;
    const own = Object.values(error.constraints ?? {}).map((message) => ({
      path,
      message: stripProperty(message, error.property),
    }));
    return [...own, ...flatten(error.children ?? [], path)];
  });

/** class-validator prefixes messages with the property name; the path already says it. */
const stripProperty = (message: string, property: string): string =>
  message.startsWith(`${property} `) ? message.slice(property.length + 1) : message;

const pipeFor = (forbidNonWhitelisted: boolean): ValidationPipe =>
  new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted,
    forbidUnknownValues: true,
    transform: true,
    // Money and dates stay strings: no implicit conversion ever turns "1e3" into 1000.
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    // A field's first failed rule ends its checks, and a failed list rule (not an array, too
    // long, not objects) skips its elements: half a million zeros are one problem, not
    // half a million.
    stopAtFirstError: true,
    exceptionFactory: (errors) => invalidInput(flatten(errors)),
  });

/**
 * Bodies refuse unknown fields. A query DTO only drops the parameters it does not name:
 * links, bookmarks and cache-busters carry extra parameters, and a read has always ignored
 * them (the other parameters of a route are read beside the DTO).
 */
export const validationPipe = (): PipeTransform => {
  const strict = pipeFor(true);
  const lenient = pipeFor(false);
  return {
    transform: (value: unknown, metadata: ArgumentMetadata) =>
      (metadata.type === 'query' ? lenient : strict).transform(value, metadata),
  };
};

/** A money string per Money.parse: plain decimal, at most 2 decimals, bounded, signed as asked. */
export const IsMoney =
  (sign: Sign = 'positive', options?: ValidationOptions): PropertyDecorator =>
  (target, propertyName) =>
    registerDecorator({
      name: 'isMoney',
      target: target.constructor,
      propertyName: String(propertyName),
      options,
      validator: {
        validate: (value: unknown) => Money.parse(value, sign).ok,
        defaultMessage: (args) => {
          const parsed = Money.parse(args?.value, sign);
          return parsed.ok ? 'is not valid money' : MONEY_PROBLEM_TEXT[parsed.problem];
        },
      },
    });

/** A real calendar date written YYYY-MM-DD (2017-02-30 is refused), in the ledger years (period.ts). */
export const isCalendarDate = isBusinessDay;

export const IsCalendarDate =
  (options?: ValidationOptions): PropertyDecorator =>
  (target, propertyName) =>
    registerDecorator({
      name: 'isCalendarDate',
      target: target.constructor,
      propertyName: String(propertyName),
      options,
      validator: {
        validate: isCalendarDate,
        defaultMessage: () => BUSINESS_DAY_TEXT,
      },
    });

/**
 * An optional field that may be left out but is never null: IsOptional lets null through
 * unchecked, and a null note, description or evidence then reaches the decider (a 500) or an
 * event. Use IsOptional only where null means something (an open allocation window).
 */
export const IsOmittable = (): PropertyDecorator =>
  ValidateIf((_object: object, value: unknown) => value !== undefined);

/** Free text without control characters (input-limits.ts); the first one found is named. */
export const IsFreeText =
  (options?: ValidationOptions): PropertyDecorator =>
  (target, propertyName) =>
    registerDecorator({
      name: 'isFreeText',
      target: target.constructor,
      propertyName: String(propertyName),
      options,
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' && controlCharacterProblem(value) === undefined,
        defaultMessage: (args) =>
          (typeof args?.value === 'string' ? controlCharacterProblem(args.value) : undefined) ??
          CONTROL_CHARACTERS_MESSAGE,
      },
    });

/** What a text of only spaces, tabs and line breaks is told, here as in the deciders. */
export const BLANK_TEXT_MESSAGE = 'must not be blank';

/**
 * Text with something in it besides whitespace (what String.prototype.trim takes away): a
 * decision reference or reason of spaces records no why, a name of spaces names nothing.
 */
export const IsNotBlank =
  (options?: ValidationOptions): PropertyDecorator =>
  (target, propertyName) =>
    registerDecorator({
      name: 'isNotBlank',
      target: target.constructor,
      propertyName: String(propertyName),
      options,
      validator: {
        validate: (value: unknown) => typeof value === 'string' && value.trim() !== '',
        defaultMessage: () => BLANK_TEXT_MESSAGE,
      },
    });

/**
 * A required string of bounded length with something in it: names, references, reasons,
 * evidence. Empty is "too short" as before; only whitespace is "must not be blank".
 */
export const IsText = (maxLength: number): PropertyDecorator =>
  applyDecorators(IsString(), MinLength(1), MaxLength(maxLength), IsFreeText(), IsNotBlank());

/**
 * A field's rules in the order written. Stacked decorators register bottom-up, so a type rule
 * written above a length rule would run after it, and under stopAtFirstError a number sent for
 * a text would be answered "must be shorter than …" instead of "must be a string". Every
 * multi-rule field goes through this (or a helper built on it), so its type rule runs first.
 */
export const Rules = (...rules: PropertyDecorator[]): PropertyDecorator =>
  applyDecorators(...rules);

/** An optional-length string of bounded length (a period, a value, a note), without controls. */
export const IsBoundedText = (maxLength: number): PropertyDecorator =>
  Rules(IsString(), MaxLength(maxLength), IsFreeText());

/** A whole number from `min` (to `max`, when given). */
export const IsWholeNumber = (min: number, max?: number): PropertyDecorator =>
  Rules(IsInt(), Min(min), ...(max === undefined ? [] : [Max(max)]));

/** A client-chosen id (kebab or uuid). */
export const IsId = (): PropertyDecorator =>
  applyDecorators(IsString(), Matches(ID_PATTERN, { message: ID_MESSAGE }));
