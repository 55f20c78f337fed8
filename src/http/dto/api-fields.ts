/**
 * Short @ApiProperty forms for the response DTOs, so each answer field says its JSON type in
 * one line: money and positions are strings (never JSON numbers), ids and days are strings,
 * counts and case versions are integers.
 */
import { applyDecorators, Type } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptions } from '@nestjs/swagger';

interface FieldOptions {
  readonly description?: string;
  /** The field may be null (say when in the description). */
  readonly nullable?: boolean;
  /** The field may be left out of the answer. */
  readonly optional?: boolean;
}

const field = (options: FieldOptions, schema: ApiPropertyOptions): PropertyDecorator =>
  ApiProperty({
    ...schema,
    ...(options.description !== undefined ? { description: options.description } : {}),
    ...(options.nullable ? { nullable: true } : {}),
    required: !options.optional,
  } as ApiPropertyOptions);

/** An amount of SEK as a decimal string with two decimals, e.g. "1250000.00". */
export const MoneyField = (options: FieldOptions = {}): PropertyDecorator =>
  field(options, { type: String, example: '1250000.00', pattern: '^-?[0-9]+\\.[0-9]{2}$' });

/** A decimal string that is not money (a ratio, a percentage, an indicator value). */
export const DecimalField = (options: FieldOptions = {}): PropertyDecorator =>
  field(options, { type: String, example: '0.9392' });

/** A ledger position or stream revision: a whole number written as a string (64-bit). */
export const PositionField = (options: FieldOptions = {}): PropertyDecorator =>
  field(options, { type: String, example: '42', pattern: '^[0-9]+$' });

export const TextField = (options: FieldOptions = {}): PropertyDecorator =>
  field(options, { type: String });

/** A calendar day written YYYY-MM-DD. */
export const DayField = (options: FieldOptions = {}): PropertyDecorator =>
  field(options, { type: String, format: 'date', example: '2018-03-06' });

/** An instant written as ISO 8601 UTC, e.g. 2018-03-06T08:00:00.000Z. */
export const InstantField = (options: FieldOptions = {}): PropertyDecorator =>
  field(options, { type: String, format: 'date-time' });

export const IntField = (options: FieldOptions = {}): PropertyDecorator =>
  field(options, { type: 'integer' });

export const BoolField = (options: FieldOptions = {}): PropertyDecorator =>
  field(options, { type: Boolean });

export const EnumField = (
  values: readonly string[],
  options: FieldOptions = {},
): PropertyDecorator => field(options, { type: String, enum: [...values] });

export const StringListField = (options: FieldOptions = {}): PropertyDecorator =>
  field(options, { type: String, isArray: true });

/** A nested object of a documented class. */
export const ObjectField = (type: Type<unknown>, options: FieldOptions = {}): PropertyDecorator =>
  field(options, { type });

/** A list of objects of a documented class. */
export const ListField = (type: Type<unknown>, options: FieldOptions = {}): PropertyDecorator =>
  field(options, { type, isArray: true });

/**
 * A JSON object whose keys depend on what it describes (an event's data, a change's
 * details): documented as an object, its shape named in the description.
 */
export const OpenObjectField = (options: FieldOptions = {}): PropertyDecorator =>
  applyDecorators(field(options, { type: 'object', additionalProperties: true }));
