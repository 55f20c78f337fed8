/**
 * The rules costs and harvests share for corrections and reversals: each kind keeps its own
 * refusal code and its own reversal event, and a repeat answers with that kind's event only.
 */
import { Money } from '../../money/money';
import { DomainError } from '../../shared/domain-error';
import { InvestmentEvent } from '../investment.events';
import { AmountEntry, amountEntry, requireCorrectable, reverseEntry } from './amount-change';
import { AmountChange } from './investment-state';

const reversal = (entryId: string, reason: string): AmountChange => ({
  entryId,
  correctionId: null,
  amount: '0.00',
  reason,
  reversed: true,
});

const correction = (entryId: string, amount: string): AmountChange => ({
  entryId,
  correctionId: 'c1',
  amount,
  reason: 'Fel belopp',
  reversed: false,
});

const codeOf = (run: () => unknown): string | undefined => {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
  return undefined;
};

const harvestReversed = (harvestId: string): InvestmentEvent => ({
  type: 'HarvestReversed',
  data: { investmentId: 'i', harvestId, benefitLineId: 'b', previousAmount: '10.00', reason: 'x' },
});

const costReversed = (costId: string): InvestmentEvent => ({
  type: 'CostReversed',
  data: { investmentId: 'i', costId, previousAmount: '10.00', reason: 'x' },
});

const neverCalled = (): never => {
  throw new Error('a repeat or a refusal builds no event');
};

describe('amountEntry', () => {
  it('counts the recorded amount until a change, then the latest change of that entry', () => {
    expect(amountEntry('cost', 'k1', '100.00', []).current).toBe('100.00');
    const changes = [
      correction('k1', '80.00'),
      correction('k2', '5.00'),
      correction('k1', '90.00'),
    ];
    expect(amountEntry('cost', 'k1', '100.00', changes)).toMatchObject({
      current: '90.00',
      last: { amount: '90.00' },
    });
    expect(amountEntry('harvest', 'h1', '50.00', [reversal('h1', 'Fel')]).current).toBe('0.00');
  });
});

describe('requireCorrectable', () => {
  const entry = (kind: AmountEntry['kind'], changes: AmountChange[]): AmountEntry =>
    amountEntry(kind, 'e1', '100.00', changes);

  it('answers the fields a correction records', () => {
    expect(
      requireCorrectable(entry('cost', [correction('e1', '80.00')]), {
        amount: Money.of('70.00'),
        reason: 'Faktura',
      }),
    ).toEqual({ amount: '70.00', previousAmount: '80.00', reason: 'Faktura' });
  });

  it("refuses a reversed entry with its kind's code", () => {
    const command = { amount: Money.of('70.00'), reason: 'Faktura' };
    const reversed = [reversal('e1', 'Fel')];
    expect(codeOf(() => requireCorrectable(entry('cost', reversed), command))).toBe(
      'COST_REVERSED',
    );
    expect(codeOf(() => requireCorrectable(entry('harvest', reversed), command))).toBe(
      'HARVEST_REVERSED',
    );
  });

  it('refuses the amount the entry already counts, a non-positive amount and a blank reason', () => {
    const cost = entry('cost', []);
    expect(codeOf(() => requireCorrectable(cost, { amount: Money.of('100'), reason: 'x' }))).toBe(
      'AMOUNT_UNCHANGED',
    );
    expect(codeOf(() => requireCorrectable(cost, { amount: Money.zero, reason: 'x' }))).toBe(
      'VALIDATION_FAILED',
    );
    expect(codeOf(() => requireCorrectable(cost, { amount: Money.of('5'), reason: ' ' }))).toBe(
      'VALIDATION_FAILED',
    );
  });
});

describe('reverseEntry', () => {
  it('builds the reversal from the amount the entry loses', () => {
    const entry = amountEntry('cost', 'k1', '100.00', [correction('k1', '80.00')]);
    const decision = reverseEntry(entry, 'Fel investering', (previousAmount) => ({
      type: 'CostReversed',
      data: { investmentId: 'i', costId: 'k1', previousAmount, reason: 'Fel investering' },
    }));
    expect(decision).toEqual({
      kind: 'append',
      events: [
        {
          type: 'CostReversed',
          data: {
            investmentId: 'i',
            costId: 'k1',
            previousAmount: '80.00',
            reason: 'Fel investering',
          },
        },
      ],
    });
  });

  it("answers a repeat with that kind's reversal of that entry only", () => {
    const harvest = amountEntry('harvest', 'h1', '50.00', [reversal('h1', 'Fel')]);
    const decision = reverseEntry(harvest, 'Fel', neverCalled);
    if (decision.kind !== 'already-done')
      throw new Error(`expected a repeat, got ${decision.kind}`);
    expect(decision.replayOf(harvestReversed('h1'))).toBe(true);
    expect(decision.replayOf(harvestReversed('h2'))).toBe(false);
    expect(decision.replayOf(costReversed('h1'))).toBe(false);
  });

  it("refuses a second reversal for another reason with the kind's code", () => {
    const cost = amountEntry('cost', 'k1', '100.00', [reversal('k1', 'Fel')]);
    const harvest = amountEntry('harvest', 'h1', '50.00', [reversal('h1', 'Fel')]);
    expect(codeOf(() => reverseEntry(cost, 'Annat', neverCalled))).toBe('COST_REVERSED');
    expect(codeOf(() => reverseEntry(harvest, 'Annat', neverCalled))).toBe('HARVEST_REVERSED');
  });
});
