/**
 * Any sequence of dated allocations, reductions and amount amendments leaves no business day
 * overdrawn: on every day, what is allocated decided on or before it, net of reductions decided
 * on or before it, stays within the amount in force that day (the amount the tranche was added
 * with, changed by each amendment from its own decidedOn on). The decider checks only the days
 * on which something was decided; an independent model in integer öre (bigint) checks every
 * day of the month, and predicts each answer, and the first day an allocation would overdraw.
 */
import fc from 'fast-check';
import { Money } from '../../src/money/money';
import { AmendTranche, FundCommand } from '../../src/fund/fund.commands';
import { FundState, fundDecider } from '../../src/fund/fund.decider';
import { FundEvent } from '../../src/fund/fund.events';
import { DomainError } from '../../src/shared/domain-error';
import { fold, historyOf } from '../support/decider-spec';
import {
  FUND_ID,
  RECORDED_AT,
  aReduction,
  aReleaseTranche,
  anAddTranche,
  anAllocation,
  anEstablishFund,
  money,
} from '../support/mothers';

const RUNS = 300;
const MAX_STEPS = 40;
const T = 't3';
const FIRST_AMOUNT = 10_000n;
/** The month every decision falls in: 2018-03-01 … 2018-03-28. */
const DAYS = Array.from({ length: 28 }, (_, i) => `2018-03-${String(i + 1).padStart(2, '0')}`);

const fromOre = (ore: bigint): Money =>
  money(`${ore / 100n}.${(ore % 100n).toString().padStart(2, '0')}`);

type Step =
  | { kind: 'allocate'; day: number; ore: bigint }
  | { kind: 'reduce'; pick: number; day: number; ore: bigint | 'rest' }
  | { kind: 'amend'; day: number; ore: bigint };

const day = fc.nat(DAYS.length - 1);
const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('allocate' as const),
      day,
      ore: fc.bigInt({ min: 1n, max: 6_000n }),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('reduce' as const),
      pick: fc.nat(),
      day,
      ore: fc.oneof(fc.bigInt({ min: 1n, max: 4_000n }), fc.constant('rest' as const)),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('amend' as const),
      day,
      ore: fc.bigInt({ min: 1n, max: 16_000n }),
    }),
  },
);

/** What was decided, by decision day: the model knows nothing of the decider's state. */
interface Model {
  readonly changes: { day: string; ore: bigint }[];
  readonly amendments: { day: string; ore: bigint }[];
  readonly allocations: { id: string; day: string; remaining: bigint }[];
}

const amountOn = (model: Model, d: string): bigint =>
  model.amendments.filter((a) => a.day <= d).at(-1)?.ore ?? FIRST_AMOUNT;
const netOn = (model: Model, d: string): bigint =>
  model.changes.filter((c) => c.day <= d).reduce((sum, c) => sum + c.ore, 0n);
/** The first day of the month overdrawn, if any. */
const firstOverdrawn = (model: Model): string | undefined =>
  DAYS.find((d) => netOn(model, d) > amountOn(model, d));
const daysFrom = (from: string): string[] => DAYS.filter((d) => d >= from);
/** The least unallocated money on any day from `from` on (what a decision that day may take). */
const roomFrom = (model: Model, from: string): bigint =>
  daysFrom(from)
    .map((d) => amountOn(model, d) - netOn(model, d))
    .reduce((least, room) => (room < least ? room : least));
/** The most allocated on any day from `from` on (the least an amount decided that day may be). */
const peakFrom = (model: Model, from: string): bigint =>
  daysFrom(from)
    .map((d) => netOn(model, d))
    .reduce((most, net) => (net > most ? net : most));

interface Expected {
  readonly command: FundCommand;
  readonly refusal: string | null;
  /** The figures the refusal names, when it is for an overdrawn day. */
  readonly figures?: Record<string, string | undefined>;
  readonly apply: (model: Model) => Model;
}

const expectationFor = (s: Step, model: Model, index: number): Expected => {
  const on = DAYS[s.day];
  switch (s.kind) {
    case 'allocate': {
      const id = `a-${index}`;
      const apply = (m: Model): Model => ({
        ...m,
        changes: [...m.changes, { day: on, ore: s.ore }],
        allocations: [...m.allocations, { id, day: on, remaining: s.ore }],
      });
      const overdrawn = firstOverdrawn(apply(model));
      return {
        command: anAllocation({
          allocationId: id,
          trancheId: T,
          amount: fromOre(s.ore),
          decidedOn: on,
        }),
        refusal: overdrawn === undefined ? null : 'TRANCHE_INSUFFICIENT_FUNDS',
        figures: {
          on: overdrawn,
          available: fromOre(roomFrom(model, on)).toString(),
          allocatedOn: overdrawn && fromOre(netOn(model, overdrawn)).toString(),
          amountInForce: overdrawn && fromOre(amountOn(model, overdrawn)).toString(),
        },
        apply,
      };
    }
    case 'reduce': {
      if (model.allocations.length === 0)
        return expectationFor({ ...s, kind: 'allocate', ore: 1n }, model, index);
      const target = model.allocations[s.pick % model.allocations.length];
      const ore = s.ore === 'rest' ? (target.remaining > 0n ? target.remaining : 1n) : s.ore;
      const command = aReduction({
        reductionId: `r-${index}`,
        allocationId: target.id,
        amount: fromOre(ore),
        decidedOn: on,
      });
      const refusal =
        on < target.day
          ? 'REDUCTION_BEFORE_ALLOCATION'
          : ore > target.remaining
            ? 'ALLOCATION_REDUCTION_EXCEEDS_REMAINING'
            : null;
      const apply = (m: Model): Model => ({
        ...m,
        changes: [...m.changes, { day: on, ore: -ore }],
        allocations: m.allocations.map((a) =>
          a.id === target.id ? { ...a, remaining: a.remaining - ore } : a,
        ),
      });
      return { command, refusal, apply };
    }
    case 'amend': {
      const command: AmendTranche = {
        type: 'AmendTranche',
        fundId: FUND_ID,
        trancheId: T,
        amount: fromOre(s.ore),
        decidedOn: on,
        decisionRef: `Ks ${index}`,
        reason: 'Ny ram',
        recordedAt: RECORDED_AT,
      };
      const apply = (m: Model): Model => ({
        ...m,
        amendments: [...m.amendments, { day: on, ore: s.ore }],
      });
      const last = model.amendments.at(-1);
      const current = last?.ore ?? FIRST_AMOUNT;
      const refusal =
        s.ore === current
          ? 'TRANCHE_AMENDMENT_CHANGES_NOTHING'
          : last !== undefined && on < last.day
            ? 'TRANCHE_AMENDED_BEFORE_LAST_AMENDMENT'
            : firstOverdrawn(apply(model)) !== undefined
              ? 'TRANCHE_AMOUNT_BELOW_ALLOCATED'
              : null;
      const overdrawn = firstOverdrawn(apply(model));
      const figures = {
        on: overdrawn,
        allocated: fromOre(peakFrom(model, on)).toString(),
        allocatedOn: overdrawn && fromOre(netOn(model, overdrawn)).toString(),
      };
      return { command, refusal, figures, apply };
    }
  }
};

const setUp = (): FundEvent[] =>
  historyOf(fundDecider, [
    anEstablishFund(),
    anAddTranche({
      trancheId: T,
      amount: fromOre(FIRST_AMOUNT),
      allocatableFrom: null,
      allocatableUntil: null,
    }),
    aReleaseTranche({ trancheId: T, releasedOn: '2018-01-01' }),
  ]);

const refusalOf = (act: () => unknown): DomainError | null => {
  try {
    act();
    return null;
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
};

describe('a tranche in business time', () => {
  it('is never overdrawn on any day, and refuses exactly what would overdraw one', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: MAX_STEPS, size: 'max' }), (steps) => {
        let state: FundState = fold(fundDecider, setUp());
        let model: Model = { changes: [], amendments: [], allocations: [] };
        steps.forEach((s, index) => {
          const expected = expectationFor(s, model, index);
          let decision: ReturnType<typeof fundDecider.decide> | undefined;
          const error = refusalOf(() => (decision = fundDecider.decide(expected.command, state)));
          expect(error?.code ?? null).toBe(expected.refusal);
          if (
            error?.code === 'TRANCHE_INSUFFICIENT_FUNDS' ||
            error?.code === 'TRANCHE_AMOUNT_BELOW_ALLOCATED'
          ) {
            expect(error.extra).toMatchObject(expected.figures!);
          }
          if (decision?.kind === 'append') {
            for (const event of decision.events) state = fundDecider.evolve(state, event);
            model = expected.apply(model);
          }
          expect(firstOverdrawn(model)).toBeUndefined();
        });
      }),
      { numRuns: RUNS },
    );
  });
});
