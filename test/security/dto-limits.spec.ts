/**
 * Every request body class the app validates bounds what a client can send: a list has a
 * maximum size, a string a maximum length (or an anchored pattern of bounded length). Read
 * from class-validator's own metadata for every class the app loads, so a new DTO without
 * limits fails here.
 */
import { getMetadataStorage, IsArray, IsString } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';
import '../../src/app';

/** What class-validator keeps per validated class (not in its public types). */
interface Storage {
  readonly validationMetadatas: Map<
    abstract new (...args: never[]) => unknown,
    ValidationMetadata[]
  >;
}

/** An anchored pattern whose every repetition has an upper bound: its matches are bounded. */
const isBoundedPattern = (pattern: unknown): boolean =>
  pattern instanceof RegExp &&
  pattern.source.startsWith('^') &&
  pattern.source.endsWith('$') &&
  !/(?<!\\)[*+]|\{\d+,\}/.test(pattern.source);

const byProperty = (
  metadatas: readonly ValidationMetadata[],
): Map<string, ValidationMetadata[]> => {
  const properties = new Map<string, ValidationMetadata[]>();
  for (const metadata of metadatas) {
    properties.set(metadata.propertyName, [
      ...(properties.get(metadata.propertyName) ?? []),
      metadata,
    ]);
  }
  return properties;
};

const unbounded = (): string[] => {
  const storage = getMetadataStorage() as unknown as Storage;
  const found: string[] = [];
  for (const [target, metadatas] of storage.validationMetadatas) {
    for (const [property, rules] of byProperty(metadatas)) {
      const names = new Set(rules.map((rule) => rule.name));
      const where = `${target.name}.${property}`;
      if (names.has('isArray') && !names.has('arrayMaxSize'))
        found.push(`${where}: list without ArrayMaxSize`);
      const boundedString =
        names.has('maxLength') ||
        rules.some((rule) => rule.name === 'matches' && isBoundedPattern(rule.constraints?.[0]));
      if (names.has('isString') && !boundedString)
        found.push(`${where}: string without a maximum length`);
    }
  }
  return found;
};

/** Unbounded on purpose: the check must name exactly these two, and nothing of the app. */
class UnboundedProbe {
  @IsString()
  text!: string;

  @IsArray()
  list!: string[];
}

describe('request body limits', () => {
  it('knows the pattern bounds it relies on', () => {
    expect(isBoundedPattern(/^[a-z0-9][a-z0-9-]{0,63}$/)).toBe(true);
    expect(isBoundedPattern(/^[a-z]+$/)).toBe(false);
    expect(isBoundedPattern(/^[a-z]{2,}$/)).toBe(false);
    expect(isBoundedPattern(/\S/)).toBe(false);
  });

  it('gives every list in every DTO a maximum size and every string a maximum length', () => {
    const storage = getMetadataStorage() as unknown as Storage;
    // The app's DTOs are loaded (the fund's at least), so an empty check cannot pass.
    expect([...storage.validationMetadatas.keys()].map((target) => target.name)).toEqual(
      expect.arrayContaining(['EstablishFundDto', 'TrancheDto', 'ProposeInvestmentDto']),
    );
    expect(unbounded().sort()).toEqual([
      `${UnboundedProbe.name}.list: list without ArrayMaxSize`,
      `${UnboundedProbe.name}.text: string without a maximum length`,
    ]);
  });
});
