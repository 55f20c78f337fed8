/**
 * A field's type rule runs before its other rules. Validation stops at a field's first failed
 * rule (so a huge list is one problem), and stacked decorators register bottom-up: a number
 * sent for a period would otherwise be answered "must be shorter than or equal to 7
 * characters" instead of "must be a string". Multi-rule fields go through `Rules` (or a helper
 * built on it); this spec reads class-validator's metadata for every class the app validates.
 */
import { ArgumentMetadata } from '@nestjs/common';
import { getMetadataStorage, IsString, MaxLength } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';
import '../../src/app';
import { ReportEffectDto } from '../../src/investment/dto/investment.dto';
import { AllocateFundsDto } from '../../src/fund/dto/fund.dto';
import { validationPipe } from '../../src/http/validation';
import { ProblemException } from '../../src/shared/problem';

interface Storage {
  readonly validationMetadatas: Map<
    abstract new (...args: never[]) => unknown,
    ValidationMetadata[]
  >;
}

/** The rules that say what kind of value a field holds. */
const TYPE_RULES: ReadonlySet<string> = new Set([
  'isString',
  'isInt',
  'isNumber',
  'isBoolean',
  'isArray',
]);
/** Not rules of the value itself: the nested object's own checks, ValidateIf, the whitelist. */
const NOT_VALUE_RULES: ReadonlySet<string> = new Set([
  'nestedValidation',
  'conditionalValidation',
  'whitelistValidation',
]);

const typeRuleNotFirst = (): string[] => {
  const storage = getMetadataStorage() as unknown as Storage;
  const found: string[] = [];
  for (const [target, metadatas] of storage.validationMetadatas) {
    const byProperty = new Map<string, string[]>();
    for (const rule of metadatas) {
      const name = rule.name ?? rule.type;
      if (NOT_VALUE_RULES.has(rule.type)) continue;
      byProperty.set(rule.propertyName, [...(byProperty.get(rule.propertyName) ?? []), name]);
    }
    for (const [property, names] of byProperty) {
      if (names.findIndex((name) => TYPE_RULES.has(name)) > 0) {
        found.push(`${target.name}.${property}: ${names.join(', ')}`);
      }
    }
  }
  return found;
};

/** Written the way that goes wrong: the length rule registers, and so runs, first. */
class MisorderedProbe {
  @IsString()
  @MaxLength(7)
  period!: string;
}

const refusalOf = async (metatype: ArgumentMetadata['metatype'], body: object) => {
  try {
    await validationPipe().transform(body, { type: 'body', metatype });
  } catch (error) {
    if (error instanceof ProblemException) return error.problem;
    throw error;
  }
  throw new Error('expected a refusal');
};

describe('the order of a field’s rules', () => {
  it('is type first for every field of every request the app validates', () => {
    expect(typeRuleNotFirst()).toEqual(['MisorderedProbe.period: maxLength, isString']);
    expect(new MisorderedProbe()).toBeDefined();
  });

  it('answers a wrongly typed field with what type it must be', async () => {
    const report = await refusalOf(ReportEffectDto, {
      reportId: 'r1',
      benefitLineId: 'archive-staff',
      period: 2019,
      value: '1.00',
      evidence: 'x',
    });
    expect(report.errors).toEqual([{ path: 'period', message: 'must be a string' }]);
    const allocation = await refusalOf(AllocateFundsDto, {
      allocationId: 'a1',
      investmentId: 'e-arkiv',
      trancheId: 't1',
      amount: '1.00',
      decidedOn: '2017-03-01',
      decisionRef: 'Ks 1',
      caseVersion: '2',
    });
    expect(allocation.errors).toEqual([
      { path: 'caseVersion', message: 'must be an integer number' },
    ]);
  });
});
