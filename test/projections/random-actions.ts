/**
 * Random runs of commands over a small ledger (LedgerDriver's actions): what the properties
 * about the read-model files (rebuilt = live, the check of a served file) run.
 */
import fc from 'fast-check';
import { Action } from './ledger-driver';

/** Investments the runs act on, numbered from 0 as LedgerDriver numbers them. */
export const INVESTMENTS = 3;

const cents = fc.integer({ min: 1, max: 300_000_000 });
const investment = fc.integer({ min: 0, max: INVESTMENTS - 1 });

export const action: fc.Arbitrary<Action> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant('propose' as const), inv: investment }), weight: 3 },
  {
    arbitrary: fc.record({
      kind: fc.constant('document' as const),
      inv: investment,
      lowered: fc.boolean(),
    }),
    weight: 3,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('release' as const),
      tranche: fc.integer({ min: 0, max: 1 }),
    }),
    weight: 1,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('allocate' as const),
      inv: investment,
      tranche: fc.integer({ min: 0, max: 1 }),
      cents,
    }),
    weight: 3,
  },
  {
    arbitrary: fc.record({ kind: fc.constant('reduce' as const), allocation: fc.nat(10), cents }),
    weight: 1,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('cost' as const),
      inv: investment,
      cents,
      month: fc.integer({ min: 1, max: 12 }),
    }),
    weight: 2,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('report' as const),
      inv: investment,
      line: fc.integer({ min: 0, max: 2 }),
      year: fc.integer({ min: 2018, max: 2020 }),
      cents,
      early: fc.boolean(),
    }),
    weight: 3,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('correct' as const),
      report: fc.nat(20),
      cents,
    }),
    // A correction needs a report before it: at weight 2 one run of this spec in ten (of ten
    // tried) reached none, and the check below that the runs reached corrections failed.
    weight: 4,
  },
  {
    arbitrary: fc.record({ kind: fc.constant('harvest' as const), inv: investment, cents }),
    weight: 1,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('amend' as const),
      entry: fc.constantFrom('cost' as const, 'harvest' as const),
      n: fc.nat(10),
      cents,
      reverse: fc.boolean(),
    }),
    weight: 2,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('amendTranche' as const),
      tranche: fc.integer({ min: 0, max: 1 }),
      // Amounts from a cent to 6 MSEK: some below what a tranche has allocated (refused).
      cents: fc.option(fc.integer({ min: 1, max: 600_000_000 })),
      until: fc.nat(3),
    }),
    weight: 1,
  },
  {
    arbitrary: fc.record({ kind: fc.constant('rebaseline' as const), inv: investment }),
    weight: 2,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('waive' as const),
      inv: investment,
      line: fc.integer({ min: 0, max: 2 }),
      // Every line of the documented cases owes 2018 and 2019.
      year: fc.integer({ min: 2018, max: 2019 }),
    }),
    weight: 2,
  },
  { arbitrary: fc.record({ kind: fc.constant('close' as const), inv: investment }), weight: 1 },
);
