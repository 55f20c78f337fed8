/**
 * Any sequence of allocations, reductions and repeats keeps every tranche between empty and
 * full, and its allocated figure equal to Σ allocations − Σ reductions to the öre. The
 * expected outcome of each command comes from an independent model in integer öre (bigint),
 * so the decider is checked against arithmetic it does not share.
 */
import fc from 'fast-check';
import { Money } from '../../src/money/money';
import { AllocateFunds, FundCommand, ReduceAllocation } from '../../src/fund/fund.commands';
import { FundState, fundBalance, fundDecider, trancheAvailable } from '../../src/fund/fund.decider';
import { FundEvent } from '../../src/fund/fund.events';
import { DomainError } from '../../src/shared/domain-error';
import { fold, historyOf } from '../support/decider-spec';
import {
  aReduction,
  aReleaseTranche,
  aTrancheSpec,
  anAllocation,
  anEstablishFund,
  money,
  theT1Spec,
  theT2Spec,
} from '../support/mothers';

const RUNS = 200;
const MAX_STEPS = 60;

/** Released tranches of awkward sizes, and one that is never released. */
const TRANCHES = [
  { ...theT1Spec(), released: true },
  { ...theT2Spec(), released: true },
  {
    ...aTrancheSpec({
      trancheId: 't3',
      amount: money('1234567.89'),
      allocatableFrom: null,
      allocatableUntil: null,
    }),
    released: true,
  },
  {
    ...aTrancheSpec({
      trancheId: 't4',
      amount: money('0.01'),
      allocatableFrom: null,
      allocatableUntil: null,
    }),
    released: true,
  },
  {
    ...aTrancheSpec({ trancheId: 't5', allocatableFrom: null, allocatableUntil: null }),
    released: false,
  },
];

const DECIDED_ON = '2017-06-01';

const toOre = (amount: Money | string): bigint => BigInt(amount.toString().replace('.', ''));

const fromOre = (ore: bigint): Money => {
  const sign = ore < 0n ? '-' : '';
  const abs = ore < 0n ? -ore : ore;
  return money(`${sign}${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`);
};

/** Single öre, everyday sums and sums that can empty a whole tranche. */
const oreAmount = fc.oneof(
  fc.bigInt({ min: 1n, max: 99n }),
  fc.bigInt({ min: 1n, max: 500_000_000n }),
  fc.bigInt({ min: 1n, max: 13_000_000_000n }),
);

type Step =
  | { kind: 'allocate'; tranche: number; ore: bigint }
  | { kind: 'reduce'; pick: number; ore: bigint | 'rest' }
  | { kind: 'repeat'; pick: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('allocate' as const),
      tranche: fc.nat(TRANCHES.length - 1),
      ore: oreAmount,
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('reduce' as const),
      pick: fc.nat(),
      ore: fc.oneof(oreAmount, fc.constant('rest' as const)),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('repeat' as const), pick: fc.nat() }) },
);

interface Model {
  readonly allocatedByTranche: Map<string, bigint>;
  readonly allocations: { command: AllocateFunds; remaining: bigint }[];
}

const setUp = (): FundEvent[] =>
  historyOf(fundDecider, [
    anEstablishFund({ tranches: TRANCHES.map(({ released: _released, ...spec }) => spec) }),
    ...TRANCHES.filter((t) => t.released).map((t) => aReleaseTranche({ trancheId: t.trancheId })),
  ]);

/** What the model expects: the refusal code, or null when the command must be accepted. */
const expectedAllocationRefusal = (model: Model, command: AllocateFunds): string | null => {
  const tranche = TRANCHES.find((t) => t.trancheId === command.trancheId)!;
  if (!tranche.released) return 'TRANCHE_NOT_RELEASED';
  const available = toOre(tranche.amount) - model.allocatedByTranche.get(tranche.trancheId)!;
  return toOre(command.amount) > available ? 'TRANCHE_INSUFFICIENT_FUNDS' : null;
};

const commandFor = (
  s: Step,
  model: Model,
  index: number,
): { command: FundCommand; refusal: string | null; repeat: boolean } => {
  switch (s.kind) {
    case 'allocate': {
      const command = anAllocation({
        allocationId: `a-${index}`,
        trancheId: TRANCHES[s.tranche].trancheId,
        amount: fromOre(s.ore),
        decidedOn: DECIDED_ON,
      });
      return { command, refusal: expectedAllocationRefusal(model, command), repeat: false };
    }
    case 'reduce': {
      if (model.allocations.length === 0) {
        return {
          command: aReduction({ reductionId: `r-${index}`, allocationId: 'nowhere' }),
          refusal: 'ALLOCATION_NOT_FOUND',
          repeat: false,
        };
      }
      const target = model.allocations[s.pick % model.allocations.length];
      const ore = s.ore === 'rest' ? (target.remaining > 0n ? target.remaining : 1n) : s.ore;
      const command: ReduceAllocation = aReduction({
        reductionId: `r-${index}`,
        allocationId: target.command.allocationId,
        amount: fromOre(ore),
        decidedOn: DECIDED_ON,
      });
      return {
        command,
        refusal: ore > target.remaining ? 'ALLOCATION_REDUCTION_EXCEEDS_REMAINING' : null,
        repeat: false,
      };
    }
    case 'repeat': {
      if (model.allocations.length === 0)
        return commandFor({ kind: 'allocate', tranche: 0, ore: 1n }, model, index);
      return {
        command: model.allocations[s.pick % model.allocations.length].command,
        refusal: null,
        repeat: true,
      };
    }
  }
};

const applyToModel = (model: Model, command: FundCommand): void => {
  if (command.type === 'AllocateFunds') {
    const ore = toOre(command.amount);
    model.allocatedByTranche.set(
      command.trancheId,
      model.allocatedByTranche.get(command.trancheId)! + ore,
    );
    model.allocations.push({ command, remaining: ore });
  } else if (command.type === 'ReduceAllocation') {
    const target = model.allocations.find((a) => a.command.allocationId === command.allocationId)!;
    const ore = toOre(command.amount);
    target.remaining -= ore;
    model.allocatedByTranche.set(
      target.command.trancheId,
      model.allocatedByTranche.get(target.command.trancheId)! - ore,
    );
  }
};

/** Σ allocations − Σ reductions per tranche, read straight from the recorded events. */
const netFromEvents = (events: readonly FundEvent[]): Map<string, bigint> => {
  const net = new Map<string, bigint>(TRANCHES.map((t) => [t.trancheId, 0n]));
  for (const event of events) {
    if (event.type === 'FundsAllocated')
      net.set(event.data.trancheId, net.get(event.data.trancheId)! + toOre(event.data.amount));
    if (event.type === 'AllocationReduced')
      net.set(event.data.trancheId, net.get(event.data.trancheId)! - toOre(event.data.amount));
  }
  return net;
};

const checkInvariants = (state: FundState, events: readonly FundEvent[], model: Model): void => {
  const net = netFromEvents(events);
  for (const tranche of fundBalance(state).tranches) {
    const amount = toOre(tranche.amount);
    const available = toOre(trancheAvailable(state, tranche.trancheId));
    expect(available).toBeGreaterThanOrEqual(0n);
    expect(available).toBeLessThanOrEqual(amount);
    expect(toOre(tranche.allocated)).toBe(net.get(tranche.trancheId));
    expect(toOre(tranche.allocated)).toBe(model.allocatedByTranche.get(tranche.trancheId));
    expect(available + toOre(tranche.allocated)).toBe(amount);
  }
};

const refusalCode = (act: () => unknown): string | null => {
  try {
    act();
    return null;
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
};

describe('fund ledger properties', () => {
  it('never overdraws a tranche and keeps allocated = Σ allocations − Σ reductions to the öre', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: MAX_STEPS, size: 'max' }), (steps) => {
        const events = setUp();
        let state = fold(fundDecider, events);
        const model: Model = {
          allocatedByTranche: new Map(TRANCHES.map((t) => [t.trancheId, 0n])),
          allocations: [],
        };
        steps.forEach((s, index) => {
          const { command, refusal, repeat } = commandFor(s, model, index);
          let decision: ReturnType<typeof fundDecider.decide> | undefined;
          expect(refusalCode(() => (decision = fundDecider.decide(command, state)))).toBe(refusal);
          if (decision?.kind === 'already-done') expect(repeat).toBe(true);
          if (decision?.kind === 'append') {
            expect(repeat).toBe(false);
            for (const event of decision.events) state = fundDecider.evolve(state, event);
            events.push(...decision.events);
            applyToModel(model, command);
          }
          checkInvariants(state, events, model);
        });
      }),
      { numRuns: RUNS },
    );
  });
});
