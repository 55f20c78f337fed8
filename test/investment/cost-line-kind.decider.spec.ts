/**
 * A cost line keeps the kind it was first documented with (propose.ts requireCostKindsKept):
 * the probe turned a recurring licence line one-off after finance had booked two years of
 * invoices against it, and the board's running-cost actual lost them.
 */
import { history, plus, stateOf, when } from './investment-harness';
import {
  RECURRING_COST_LINE,
  aBenefitCase,
  aCaseDocumentation,
  aFirstAllocation,
  aOneOffCostLine,
  aProposal,
  aRecurringCostLine,
  aStageChange,
} from '../support/investment.mothers';

const approved = () =>
  history(aProposal(), aCaseDocumentation(), aStageChange('analysed'), aFirstAllocation());

describe('A cost line keeps its kind', () => {
  it('refuses a version giving a recurring line the one-off kind, naming line and path', () => {
    const oneOff = aBenefitCase({
      costs: [aOneOffCostLine(), aRecurringCostLine({ kind: 'one-off' })],
    });
    const error = when(approved(), aCaseDocumentation(oneOff)).thenRefuses(
      'COST_LINE_KIND_CHANGED',
    );
    expect(error.extra).toEqual({
      costLineIds: [RECURRING_COST_LINE],
      changes: [{ costLineId: RECURRING_COST_LINE, kind: 'one-off', documentedKind: 'recurring' }],
      errors: [
        {
          path: 'costs[1].kind',
          message: 'was documented as recurring; add a new line, with a new id, instead',
        },
      ],
    });
  });

  it('before approval too, and against the first version naming the line', () => {
    const unapproved = history(aProposal(), aCaseDocumentation());
    const turned = aBenefitCase({
      costs: [aOneOffCostLine({ kind: 'recurring' }), aRecurringCostLine()],
    });
    when(unapproved, aCaseDocumentation(turned)).thenRefuses('COST_LINE_KIND_CHANGED');
    // Left out in a version, the line comes back with the kind it was first documented with.
    const without = aBenefitCase({ costs: [aOneOffCostLine()] });
    const back = plus(approved(), aCaseDocumentation(without));
    when(
      back,
      aCaseDocumentation(
        aBenefitCase({ costs: [aOneOffCostLine(), aRecurringCostLine({ kind: 'one-off' })] }),
      ),
    ).thenRefuses('COST_LINE_KIND_CHANGED');
    expect(stateOf(plus(back, aCaseDocumentation())).caseVersions).toHaveLength(3);
  });

  it('a new line of the other kind, under a new id, is a new line', () => {
    const added = aBenefitCase({
      costs: [
        aOneOffCostLine(),
        aRecurringCostLine(),
        aRecurringCostLine({ costLineId: 'licence-once', kind: 'one-off' }),
      ],
    });
    expect(stateOf(plus(approved(), aCaseDocumentation(added))).caseVersions).toHaveLength(2);
  });
});
