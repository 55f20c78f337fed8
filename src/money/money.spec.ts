import { Dec, MAX_AMOUNT, Money, MoneyProblem, Sign } from './money';

const problemOf = (input: unknown, sign: Sign = 'positive'): MoneyProblem | 'ok' => {
  const parsed = Money.parse(input, sign);
  return parsed.ok ? 'ok' : parsed.problem;
};

const printed = (input: string, sign: Sign = 'positive'): string => {
  const parsed = Money.parse(input, sign);
  if (!parsed.ok) throw new Error(`expected ${input} to parse, got ${parsed.problem}`);
  return parsed.value.toString();
};

describe('Money.parse', () => {
  it.each<[unknown, MoneyProblem]>([
    ['1e3', 'not-a-decimal'],
    ['1E3', 'not-a-decimal'],
    ['NaN', 'not-a-decimal'],
    ['Infinity', 'not-a-decimal'],
    ['-Infinity', 'not-a-decimal'],
    [' 1', 'not-a-decimal'],
    ['1 ', 'not-a-decimal'],
    ['1\n', 'not-a-decimal'],
    ['+1', 'not-a-decimal'],
    ['01', 'not-a-decimal'],
    ['00.50', 'not-a-decimal'],
    ['1.', 'not-a-decimal'],
    ['.5', 'not-a-decimal'],
    ['1,50', 'not-a-decimal'],
    ['1 000.00', 'not-a-decimal'],
    ['0x10', 'not-a-decimal'],
    ['', 'not-a-decimal'],
    ['-', 'not-a-decimal'],
    ['١٢', 'not-a-decimal'],
    ['1.001', 'too-many-decimals'],
    ['0.005', 'too-many-decimals'],
    ['1000000000000.01', 'too-large'],
    ['1000000000001', 'too-large'],
    ['99999999999999999999', 'too-large'],
    ['-1000000000000.01', 'too-large'],
    ['9999999999999.99', 'too-large'],
    ['-9999999999999', 'too-large'],
  ])('refuses %j as %s', (input, problem) => {
    expect(problemOf(input, 'any')).toBe(problem);
  });

  it.each<[unknown]>([[1000], [0.1], [NaN], [Infinity], [null], [undefined], [{}], [['1']], [1n]])(
    'refuses the non-string %p',
    (input) => {
      expect(problemOf(input)).toBe('not-a-string');
    },
  );

  it('refuses a boxed string: only primitive strings are money input', () => {
    expect(problemOf(Object('1.00'))).toBe('not-a-string');
  });

  it.each<[string, string]>([
    ['0.01', '0.01'],
    ['1', '1.00'],
    ['12.5', '12.50'],
    ['120000000.00', '120000000.00'],
    ['1000000000000.00', '1000000000000.00'],
    ['1000000000000', '1000000000000.00'],
    ['999999999999.99', '999999999999.99'],
  ])('accepts %j and prints it as %j', (input, output) => {
    expect(printed(input)).toBe(output);
  });

  it('applies the sign rule asked for', () => {
    expect(problemOf('0.00', 'positive')).toBe('not-positive');
    expect(problemOf('0', 'positive')).toBe('not-positive');
    expect(problemOf('-0.01', 'positive')).toBe('not-positive');
    expect(problemOf('0.00', 'non-negative')).toBe('ok');
    expect(problemOf('-0', 'non-negative')).toBe('ok');
    expect(problemOf('-0.01', 'non-negative')).toBe('negative');
    expect(problemOf('-0.01', 'any')).toBe('ok');
    expect(problemOf('-1000000000000.00', 'any')).toBe('ok');
    expect(problemOf('-999999999999.99', 'any')).toBe('ok');
  });

  it('defaults to requiring a positive amount', () => {
    expect(problemOf('0.00')).toBe('not-positive');
  });
});

describe('Money.of', () => {
  it('throws on anything that is not money', () => {
    expect(() => Money.of('1e3')).toThrow(/not money/);
    expect(() => Money.of('1.001')).toThrow(/too-many-decimals/);
    expect(() => Money.of(' 1')).toThrow(/not-a-decimal/);
    expect(() => Money.of(1 as unknown as string)).toThrow(/not-a-string/);
  });

  it('reads back a total beyond the input limit, which only commands are held to', () => {
    expect(Money.parse('3000000000000.00', 'any')).toEqual({ ok: false, problem: 'too-large' });
    expect(Money.of('3000000000000.00').toString()).toBe('3000000000000.00');
    expect(Money.of('-3000000000000.50').plus(Money.of('0.50')).toString()).toBe(
      '-3000000000000.00',
    );
    // 36 whole digits: two of them and their öre add up exactly at the precision kept.
    const largest = `${'9'.repeat(36)}.99`;
    expect(Money.of(largest).plus(Money.of(largest)).toString()).toBe(`1${'9'.repeat(36)}.98`);
    expect(() => Money.of(`1${'0'.repeat(36)}.00`)).toThrow(/too-large/);
  });
});

describe('Money arithmetic', () => {
  const m = Money.of;

  it('is exact where floating point is not', () => {
    expect(m('0.1').plus(m('0.2')).toString()).toBe('0.30');
    expect(m('0.1').plus(m('0.2')).equals(m('0.3'))).toBe(true);
    expect(m('1.10').minus(m('0.20')).toString()).toBe('0.90');
    expect(m('1000000000000.00').minus(m('0.01')).toString()).toBe('999999999999.99');
  });

  it('sums a long list of öre to the öre', () => {
    const cents = Array.from({ length: 10_000 }, () => m('0.01'));
    expect(Money.sum(cents).toString()).toBe('100.00');
    expect(Money.sum([]).toString()).toBe('0.00');
  });

  it('keeps totals far beyond the input limit exact', () => {
    const total = Money.sum(Array.from({ length: 1000 }, () => MAX_AMOUNT.toString()).map(m));
    expect(total.toString()).toBe('1000000000000000.00');
    expect(total.minus(m('0.01')).toString()).toBe('999999999999999.99');
  });

  it('never prints negative zero', () => {
    expect(m('-0').toString()).toBe('0.00');
    expect(m('-0.00').toString()).toBe('0.00');
    expect(Money.zero.negated().toString()).toBe('0.00');
    expect(m('5.00').minus(m('5.00')).negated().toString()).toBe('0.00');
    expect(JSON.stringify({ amount: m('-0') })).toBe('{"amount":"0.00"}');
    expect(m('-0').isNegative()).toBe(false);
    expect(m('-0').isZero()).toBe(true);
    expect(m('-0').equals(Money.zero)).toBe(true);
  });

  it('prints negatives with a leading minus and two decimals', () => {
    expect(m('-12.5').toString()).toBe('-12.50');
    expect(m('1.00').minus(m('2.50')).toString()).toBe('-1.50');
  });

  it('compares by value, not by spelling', () => {
    expect(m('12.5').equals(m('12.50'))).toBe(true);
    expect(m('0.02').gt(m('0.01'))).toBe(true);
    expect(m('0.01').lt(m('0.02'))).toBe(true);
    expect(m('0.01').gte(m('0.01'))).toBe(true);
    expect(m('0.01').lte(m('0.01'))).toBe(true);
    expect(m('3').min(m('2')).toString()).toBe('2.00');
    expect(m('3').max(m('2')).toString()).toBe('3.00');
  });

  it('adds and takes away zero, of either spelling, as any other amount', () => {
    for (const zero of ['0', '0.00', '-0.00']) {
      for (const x of ['0.00', '-0.00', '12.34', '-0.01']) {
        const expectedSum = new Dec(x).plus(new Dec(zero));
        expect(m(x).plus(m(zero)).toString()).toBe(Money.fromDecimal(expectedSum).toString());
        expect(m(zero).plus(m(x)).toString()).toBe(Money.fromDecimal(expectedSum).toString());
        const expectedDifference = Money.fromDecimal(new Dec(x).minus(new Dec(zero)));
        expect(m(x).minus(m(zero)).toString()).toBe(expectedDifference.toString());
        expect(m(x).minus(m(zero)).equals(expectedDifference)).toBe(true);
        expect(m(zero).minus(m(x)).isNegative()).toBe(new Dec(x).gt(0));
      }
    }
  });

  it('rounds computed figures half-even to the öre', () => {
    expect(Money.fromDecimal(new Dec('0.125')).toString()).toBe('0.12');
    expect(Money.fromDecimal(new Dec('0.135')).toString()).toBe('0.14');
    expect(Money.fromDecimal(new Dec('-0.004')).toString()).toBe('0.00');
    expect(Money.fromDecimal(new Dec('1').div(3)).toString()).toBe('0.33');
  });

  it('refuses to turn a non-finite computation into money', () => {
    expect(() => Money.fromDecimal(new Dec(NaN))).toThrow();
    expect(() => Money.fromDecimal(new Dec(Infinity))).toThrow();
    expect(() => Money.fromDecimal(new Dec(1).div(0))).toThrow();
  });
});
