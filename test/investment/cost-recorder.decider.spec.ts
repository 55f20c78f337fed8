/**
 * The person followed up may not change the spend finance booked (probe finding F5), the mirror
 * of "finance may not correct effect reports": finance corrects or reverses any cost; the
 * project lead only a cost they recorded themself. Who recorded a cost is its CostRecorded
 * event's metadata actor, which the application looks up and hands the decider (`recordedBy`).
 */
import { InvestmentEvent } from '../../src/investment/investment.events';
import { Money } from '../../src/money/money';
import { history, plus, when } from './investment-harness';
import {
  FINANCE_OFFICER,
  PROJECT_LEAD,
  aCaseDocumentation,
  aCost,
  aCostCorrection,
  aCostReversal,
  aClosing,
  aFinanceOfficer,
  aFirstAllocation,
  aProjectLead,
  aProposal,
} from '../support/investment.mothers';

const BY_FINANCE = aFinanceOfficer();
const BY_LEAD = aProjectLead();

/** Approved, with cost-1 (2.5 M) booked by finance and cost-2 (400 k) recorded by the lead. */
const withCosts = (): InvestmentEvent[] =>
  plus(
    history(aProposal(), aCaseDocumentation(), aFirstAllocation()),
    aCost({ costId: 'cost-1', amount: Money.of('2500000.00'), actor: BY_FINANCE }),
    aCost({ costId: 'cost-2', amount: Money.of('400000.00'), actor: BY_LEAD }),
  );

const accepted = (events: readonly InvestmentEvent[], command: Parameters<typeof when>[1]) =>
  expect(plus(events, command).length).toBe(events.length + 1);

describe('who may correct or reverse a cost (F5)', () => {
  it('refuses the project lead a reversal of a cost finance booked, saying who booked it', () => {
    const error = when(
      withCosts(),
      aCostReversal({ costId: 'cost-1', actor: BY_LEAD, recordedBy: BY_FINANCE }),
    ).thenRefuses('COST_BOOKED_BY_FINANCE');
    expect(error.kind).toBe('rule');
    expect(error.extra).toEqual({
      costId: 'cost-1',
      recordedBy: { id: FINANCE_OFFICER, role: 'finance' },
    });
  });

  it('refuses the project lead a correction of it, down or up; finance corrects and reverses any cost', () => {
    for (const amount of ['1.00', '9000000.00']) {
      when(
        withCosts(),
        aCostCorrection({
          costId: 'cost-1',
          amount: Money.of(amount),
          actor: BY_LEAD,
          recordedBy: BY_FINANCE,
        }),
      ).thenRefuses('COST_BOOKED_BY_FINANCE');
    }
    accepted(
      withCosts(),
      aCostCorrection({ costId: 'cost-1', actor: BY_FINANCE, recordedBy: BY_FINANCE }),
    );
    accepted(
      withCosts(),
      aCostReversal({ costId: 'cost-2', actor: BY_FINANCE, recordedBy: BY_LEAD }),
    );
    // Finance needs no look-up of the recorder.
    accepted(withCosts(), aCostReversal({ costId: 'cost-1', actor: BY_FINANCE }));
  });

  it('still refuses after closing: a correction upwards then is new spend in all but name', () => {
    const closed = plus(withCosts(), aClosing());
    when(
      closed,
      aCostCorrection({
        costId: 'cost-1',
        amount: Money.of('9000000.00'),
        actor: BY_LEAD,
        recordedBy: BY_FINANCE,
      }),
    ).thenRefuses('COST_BOOKED_BY_FINANCE');
  });

  it('lets the project lead change only a cost they recorded themself, in the lead’s role', () => {
    accepted(
      withCosts(),
      aCostCorrection({
        costId: 'cost-2',
        amount: Money.of('380000.00'),
        actor: BY_LEAD,
        recordedBy: BY_LEAD,
      }),
    );
    accepted(withCosts(), aCostReversal({ costId: 'cost-2', actor: BY_LEAD, recordedBy: BY_LEAD }));
    // An unknown cost is answered as before.
    when(
      withCosts(),
      aCostReversal({ costId: 'cost-9', actor: BY_LEAD, recordedBy: undefined }),
    ).thenRefuses('COST_NOT_FOUND');
    // Not known to be theirs: refused.
    when(
      withCosts(),
      aCostReversal({ costId: 'cost-2', actor: BY_LEAD, recordedBy: undefined }),
    ).thenRefuses('COST_BOOKED_BY_FINANCE');
    // Another person in the lead's role is not the lead.
    when(
      withCosts(),
      aCostReversal({ costId: 'cost-2', actor: BY_LEAD, recordedBy: aProjectLead('per.ek') }),
    ).thenRefuses('COST_BOOKED_BY_FINANCE');
    // The lead's own person booking as finance is finance's booking.
    when(
      withCosts(),
      aCostReversal({
        costId: 'cost-2',
        actor: BY_LEAD,
        recordedBy: aFinanceOfficer(PROJECT_LEAD),
      }),
    ).thenRefuses('COST_BOOKED_BY_FINANCE');
  });

  it('the project lead holding finance too changes, as finance, only the costs they recorded', () => {
    // Probe round 2: with the finance token the lead reversed finance's 2.5 M invoice.
    const leadAsFinance = aFinanceOfficer(PROJECT_LEAD);
    const error = when(
      withCosts(),
      aCostReversal({ costId: 'cost-1', actor: leadAsFinance, recordedBy: BY_FINANCE }),
    ).thenRefuses('COST_BOOKED_BY_FINANCE');
    expect(error.extra).toEqual({
      costId: 'cost-1',
      recordedBy: { id: FINANCE_OFFICER, role: 'finance' },
    });
    when(
      withCosts(),
      aCostCorrection({ costId: 'cost-1', actor: leadAsFinance, recordedBy: BY_FINANCE }),
    ).thenRefuses('COST_BOOKED_BY_FINANCE');
    // Their own booking, in either role, they may change.
    accepted(
      withCosts(),
      aCostReversal({ costId: 'cost-2', actor: leadAsFinance, recordedBy: BY_LEAD }),
    );
    accepted(
      withCosts(),
      aCostReversal({ costId: 'cost-2', actor: leadAsFinance, recordedBy: leadAsFinance }),
    );
  });
});
