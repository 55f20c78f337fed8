/**
 * FUND_ERROR_CODES names every code the fund's commands refuse with, so what reads the list
 * (the dashboard's Swedish sentences, test/web/refusal-words.spec.ts) misses none: every code
 * quoted in a DomainError thrown under src/fund/ is in it, and it holds nothing else.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FUND_ERROR_CODES } from '../../src/fund/fund.decider';

const FUND = join(__dirname, '..', '..', 'src', 'fund');

/** The codes the sources under src/fund/ refuse with: `new DomainError('CODE', …`. */
const thrownCodes = (): string[] => {
  const files = readdirSync(FUND, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.spec.ts'))
    .map((file) => readFileSync(join(FUND, file), 'utf8'));
  const codes = files.flatMap((source) =>
    [...source.matchAll(/new DomainError\(\s*'([A-Z][A-Z0-9_]+)'/g)].map((m) => m[1]),
  );
  return [...new Set(codes)].sort();
};

describe('the fund refusal codes', () => {
  it('list every code the fund throws, and only those', () => {
    const thrown = thrownCodes();
    expect(thrown.length).toBeGreaterThan(25);
    expect([...FUND_ERROR_CODES].sort()).toEqual(thrown);
  });

  it('name the amendment refusals', () => {
    expect(FUND_ERROR_CODES).toEqual(
      expect.arrayContaining([
        'TRANCHE_AMOUNT_BELOW_ALLOCATED',
        'TRANCHE_WINDOW_EXCLUDES_ALLOCATIONS',
        'TRANCHE_AMENDED_BEFORE_LAST_AMENDMENT',
        'TRANCHE_AMENDMENT_CHANGES_NOTHING',
      ]),
    );
  });
});
