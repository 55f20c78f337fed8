/**
 * SEK with öre. Never a JavaScript number: decimal.js in code, a string such as
 * "120000000.00" in events and JSON. Parsing is strict on purpose: a ledger of public money
 * must refuse "1e3", " 1" or 1.001 rather than guess what was meant.
 */
import Decimal from 'decimal.js';

/** Significant digits of every computation: far more than any total of the ledger's amounts. */
const PRECISION = 40;

/** A private Decimal constructor so nobody else's global configuration changes our maths. */
export const Dec = Decimal.clone({
  precision: PRECISION,
  rounding: Decimal.ROUND_HALF_EVEN,
  toExpNeg: -40,
  toExpPos: 40,
});
export type Dec = Decimal;

/** The largest amount the ledger accepts: 1 000 000 000 000.00 SEK. */
export const MAX_AMOUNT = new Dec('1000000000000.00');
export const ORE_DECIMALS = 2;
/** The whole digits of MAX_AMOUNT: no amount with fewer can exceed it. */
const MAX_WHOLE_DIGITS = 13;

/** Plain decimal notation, optional minus, at most two decimals. No exponent, no spaces. */
const MONEY_PATTERN = /^-?(0|[1-9][0-9]{0,12})(\.[0-9]{1,2})?$/;
/**
 * The whole digits of an amount the ledger itself wrote: a total or a figure may be far beyond
 * MAX_AMOUNT (a forecast of every year of a case, every investment of a fund), and adding two
 * of these with their öre stays within PRECISION, so exact.
 */
const MAX_WRITTEN_WHOLE_DIGITS = PRECISION - ORE_DECIMALS - 2;
/** MONEY_PATTERN's form without the input limit: what Money.of reads back. */
const WRITTEN_PATTERN = new RegExp(
  `^-?(0|[1-9][0-9]{0,${MAX_WRITTEN_WHOLE_DIGITS - 1}})(\\.[0-9]{1,2})?$`,
);

export type MoneyProblem =
  | 'not-a-string'
  | 'not-a-decimal'
  | 'too-many-decimals'
  | 'negative'
  | 'not-positive'
  | 'too-large';

export const MONEY_PROBLEM_TEXT: Record<MoneyProblem, string> = {
  'not-a-string': 'must be a string of digits such as "1000.00" (not a JSON number)',
  'not-a-decimal':
    'must be a plain decimal such as "1000.00" (no exponent, spaces or signs other than a leading minus)',
  'too-many-decimals': 'must have at most 2 decimals (öre)',
  negative: 'must not be negative',
  'not-positive': 'must be greater than 0.00',
  'too-large': 'must be at most 1000000000000.00',
};

export type Sign = 'positive' | 'non-negative' | 'any';

export type MoneyParse = { ok: true; value: Money } | { ok: false; problem: MoneyProblem };

/** Amounts `Money.of` keeps parsed; past it the memo starts afresh (a few hundred kB at most). */
const RECENTLY_READ_AMOUNTS = 4_096;
const recentlyRead = new Map<string, Money>();

/** What Money.of and Money.ofRequest throw for a text that is not money: a bug, not input. */
const notMoney = (input: unknown, problem: MoneyProblem): Error =>
  new Error(`not money: ${JSON.stringify(input)} (${problem})`);

export class Money {
  private constructor(private readonly amount: Decimal) {}

  static readonly zero = new Money(new Dec(0));

  /** Strict parse of untrusted input. */
  static parse(input: unknown, sign: Sign = 'positive'): MoneyParse {
    if (typeof input !== 'string') return { ok: false, problem: 'not-a-string' };
    const match = MONEY_PATTERN.exec(input);
    if (!match) {
      return /^-?(0|[1-9][0-9]*)\.[0-9]{3,}$/.test(input)
        ? { ok: false, problem: 'too-many-decimals' }
        : /^-?(0|[1-9][0-9]*)(\.[0-9]{1,2})?$/.test(input)
          ? { ok: false, problem: 'too-large' }
          : { ok: false, problem: 'not-a-decimal' };
    }
    const value = new Dec(input);
    // The pattern allows at most 13 whole digits; only then can the amount exceed the largest.
    if (match[1].length === MAX_WHOLE_DIGITS && value.abs().gt(MAX_AMOUNT)) {
      return { ok: false, problem: 'too-large' };
    }
    if (sign === 'positive' && value.lte(0)) return { ok: false, problem: 'not-positive' };
    if (sign === 'non-negative' && value.isNegative() && !value.isZero()) {
      return { ok: false, problem: 'negative' };
    }
    return { ok: true, value: new Money(value) };
  }

  /**
   * An amount a request brought, after its DTO checked it (IsMoney): Money.parse's rules,
   * the input limit included, once more, so a caller that skipped the check throws here rather
   * than recording an amount no command may carry.
   */
  static ofRequest(input: string): Money {
    const parsed = Money.parse(input, 'any');
    if (!parsed.ok) throw notMoney(input, parsed.problem);
    return parsed.value;
  }

  /**
   * An amount the ledger wrote: an event's (validated when it was recorded), a total or a figure
   * worked out from them, a test's. Throws on anything not in money's form. The input limit
   * (MAX_AMOUNT) is Money.parse's, for what a command brings: a total read back here may be
   * beyond it (a case forecasting the largest amount in three years sums to three times it).
   */
  static of(input: string): Money {
    const known = recentlyRead.get(input);
    if (known !== undefined) return known;
    if (typeof input !== 'string' || !WRITTEN_PATTERN.test(input)) {
      // Money.parse takes nothing the written form does not, so it names what is wrong; what it
      // would take is only ever too large.
      const parsed = Money.parse(input, 'any');
      throw notMoney(input, parsed.ok ? 'too-large' : parsed.problem);
    }
    const value = new Money(new Dec(input));
    // Figures read the same few amounts over and over (a forecast per month, "0.00"): a
    // Money is immutable, so one read can serve them all.
    if (recentlyRead.size >= RECENTLY_READ_AMOUNTS) recentlyRead.clear();
    recentlyRead.set(input, value);
    return value;
  }

  /**
   * From a computed decimal, rounded half-even to öre. A NaN or infinite result (a division
   * by zero upstream) is a bug, not an amount: it would otherwise print as "NaN" in an event.
   */
  static fromDecimal(value: Decimal): Money {
    const decimal = new Dec(value);
    if (!decimal.isFinite()) throw new Error(`not money: computed value ${decimal.toString()}`);
    return new Money(decimal.toDecimalPlaces(ORE_DECIMALS, Decimal.ROUND_HALF_EVEN));
  }

  static sum(values: readonly Money[]): Money {
    return values.reduce((acc, m) => acc.plus(m), Money.zero);
  }

  // Adding or taking away zero answers the other amount itself (a Money is immutable): figures
  // add many months of "0.00", and each decimal.js sum is a new number rounded to precision.
  plus(other: Money): Money {
    if (other.amount.isZero()) return this;
    if (this.amount.isZero()) return other;
    return new Money(this.amount.plus(other.amount));
  }
  minus(other: Money): Money {
    if (other.amount.isZero()) return this;
    return new Money(this.amount.minus(other.amount));
  }
  negated(): Money {
    return new Money(this.amount.negated());
  }
  isZero(): boolean {
    return this.amount.isZero();
  }
  isNegative(): boolean {
    return this.amount.isNegative() && !this.amount.isZero();
  }
  gt(other: Money): boolean {
    return this.amount.gt(other.amount);
  }
  gte(other: Money): boolean {
    return this.amount.gte(other.amount);
  }
  lt(other: Money): boolean {
    return this.amount.lt(other.amount);
  }
  lte(other: Money): boolean {
    return this.amount.lte(other.amount);
  }
  equals(other: Money): boolean {
    return this.amount.eq(other.amount);
  }
  min(other: Money): Money {
    return this.lte(other) ? this : other;
  }
  max(other: Money): Money {
    return this.gte(other) ? this : other;
  }
  /** The exact decimal, for computed figures (NPV, ratios). */
  toDecimal(): Decimal {
    return this.amount;
  }
  /** "1234.50": always two decimals, a dot, no grouping. The form used in events and JSON. */
  toString(): string {
    // Zero has one spelling: never "-0.00".
    return this.amount.isZero() ? '0.00' : this.amount.toFixed(ORE_DECIMALS);
  }
  toJSON(): string {
    return this.toString();
  }
}
