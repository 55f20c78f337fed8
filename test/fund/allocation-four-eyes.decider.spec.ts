/**
 * Four eyes on an allocation (docs/DOMAIN.md, "The fund's governance rules"). The first
 * allocation approves the investment and fixes the version it names as the baseline, the
 * decision basis delivery is measured against; every allocation puts the fund's money into the
 * investment. So no one answerable for the investment allocates to it, even holding finance:
 * its project lead, or the owner of a benefit line in any documented version
 * (ALLOCATION_BY_RESPONSIBLE, as a re-baseline's BASELINE_BY_RESPONSIBLE); and the approving
 * allocation is not recorded by the author of the version it is decided on
 * (ALLOCATION_APPROVER_IS_AUTHOR, as a re-baseline's BASELINE_APPROVER_IS_AUTHOR).
 *
 * The investment's side is what the investment-check port reads from its stream (its project
 * lead, each version's author and owners, whether it is approved) and the actor the route
 * records; the values below are built outside the literals the mothers take, so the spec
 * compiles against a command type that lacks them and fails there on its behaviour.
 */
import { FundEvent } from '../../src/fund/fund.events';
import {
  INVESTMENT_ID,
  aCaseVersion,
  aDocumentedInvestment,
  anAllocation,
  money,
} from '../support/mothers';
import { anAllocatedEvent, given, t1Released } from './support/fund-spec';

const LEAD = 'lena.lind';
const OWNER = 'anna.berg';
const FORMER_OWNER = 'omar.said';
const FINANCE = 'frida.ek';
const OTHER_FINANCE = 'fredrik.ahl';

/** Who records the allocation, in the finance role the route requires. */
const by = (id: string) => ({ actor: { id, role: 'finance' } });

/**
 * Lena Lind leads e-arkiv. Version 1, written by her, names Omar Said owner of its benefit line;
 * version 2, written by Frida Ek in finance with a lower forecast, hands the line to Anna Berg.
 * Both were documented before the decision of 2017-03-15. Not approved yet: an allocation now
 * is the first.
 */
const investment = (overrides: Record<string, unknown> = {}) => {
  const versions = [
    { ...aCaseVersion({ version: 1 }), documentedBy: LEAD, owners: [FORMER_OWNER] },
    {
      ...aCaseVersion({
        version: 2,
        documentedOn: '2017-03-01',
        runningCostEffect: money('400000.00'),
      }),
      documentedBy: FINANCE,
      owners: [OWNER],
    },
  ];
  const check = {
    ...aDocumentedInvestment({ caseVersion: 2 }),
    versions,
    projectLead: LEAD,
    firstAllocationId: null,
    ...overrides,
  };
  return { investment: check };
};

/** The same investment once its first allocation (by someone else) approved version 2. */
const approved = () => investment({ firstAllocationId: 'alloc-0' });

const allocated = (overrides: Record<string, unknown> = {}): FundEvent =>
  anAllocatedEvent({ benefitCaseVersion: 2, runningCostEffect: '400000.00', ...overrides });

describe('no one answerable for an investment allocates to it (ALLOCATION_BY_RESPONSIBLE)', () => {
  it('refuses the project lead, holding finance too, naming them and as what', () => {
    const error = given(t1Released())
      .when(anAllocation({ caseVersion: 2, ...investment(), ...by(LEAD) }))
      .thenRefuses('ALLOCATION_BY_RESPONSIBLE');
    expect(error.kind).toBe('rule');
    expect(error.extra).toMatchObject({
      investmentId: INVESTMENT_ID,
      responsible: LEAD,
      as: 'project lead',
    });
  });

  it('refuses the owner of a benefit line of the version decided on', () => {
    const error = given(t1Released())
      .when(anAllocation({ caseVersion: 2, ...investment(), ...by(OWNER) }))
      .thenRefuses('ALLOCATION_BY_RESPONSIBLE');
    expect(error.extra).toMatchObject({ responsible: OWNER, as: 'line owner' });
  });

  it('refuses an owner of a line in an earlier version: handing the line over frees no one', () => {
    const error = given(t1Released())
      .when(anAllocation({ caseVersion: 2, ...investment(), ...by(FORMER_OWNER) }))
      .thenRefuses('ALLOCATION_BY_RESPONSIBLE');
    expect(error.extra).toMatchObject({ responsible: FORMER_OWNER, as: 'line owner' });
  });

  it('refuses the lead on a later allocation too: every allocation is money into their project', () => {
    given(t1Released())
      .when(anAllocation({ caseVersion: 2, ...approved(), ...by(LEAD) }))
      .thenRefuses('ALLOCATION_BY_RESPONSIBLE');
  });

  it('refuses the lead even when an override reference lets a negative running-cost effect through', () => {
    const negative = investment({
      versions: [
        {
          ...aCaseVersion({ version: 1, runningCostEffect: money('-1500000.00') }),
          documentedBy: OTHER_FINANCE,
          owners: [LEAD],
        },
      ],
      caseVersion: 1,
    });
    given(t1Released())
      .when(
        anAllocation({
          caseVersion: 1,
          overrideRef: 'Ks 11/2017 (own words)',
          ...negative,
          ...by(LEAD),
        }),
      )
      .thenRefuses('ALLOCATION_BY_RESPONSIBLE');
  });

  it('records an allocation by finance with no part in the investment', () => {
    given(t1Released())
      .when(anAllocation({ caseVersion: 2, ...investment(), ...by(OTHER_FINANCE) }))
      .then([allocated()]);
  });
});

describe('the approving allocation is not decided by the author of its version (ALLOCATION_APPROVER_IS_AUTHOR)', () => {
  it('refuses finance approving the version it wrote of someone else’s case, naming the author', () => {
    const error = given(t1Released())
      .when(anAllocation({ caseVersion: 2, ...investment(), ...by(FINANCE) }))
      .thenRefuses('ALLOCATION_APPROVER_IS_AUTHOR');
    expect(error.kind).toBe('rule');
    expect(error.extra).toMatchObject({
      investmentId: INVESTMENT_ID,
      caseVersion: 2,
      author: FINANCE,
    });
  });

  it('refuses a lead holding finance approving their own version, override reference or not', () => {
    const own = investment({
      versions: [
        {
          ...aCaseVersion({ version: 1, runningCostEffect: money('-1500000.00') }),
          documentedBy: LEAD,
          owners: [LEAD],
        },
      ],
      caseVersion: 1,
    });
    const error = given(t1Released())
      .when(
        anAllocation({
          caseVersion: 1,
          overrideRef: 'Ks 11/2017 (own words)',
          ...own,
          ...by(LEAD),
        }),
      )
      .thenRefuses('ALLOCATION_APPROVER_IS_AUTHOR');
    expect(error.extra).toMatchObject({ caseVersion: 1, author: LEAD });
  });

  it('records the approving allocation when someone else in finance decides it', () => {
    given(t1Released())
      .when(anAllocation({ caseVersion: 2, ...investment(), ...by(OTHER_FINANCE) }))
      .then([allocated()]);
  });

  it('lets the author record a later allocation: only the first approves a baseline', () => {
    given(t1Released())
      .when(anAllocation({ caseVersion: 2, ...approved(), ...by(FINANCE) }))
      .then([allocated()]);
  });

  it('does not check a version recorded before authors were (its author is unknown)', () => {
    const unknownAuthor = investment({
      versions: [{ ...aCaseVersion({ version: 1 }), owners: [OWNER] }],
      caseVersion: 1,
    });
    given(t1Released())
      .when(anAllocation({ caseVersion: 1, ...unknownAuthor, ...by(FINANCE) }))
      .then([allocated({ benefitCaseVersion: 1, runningCostEffect: '1200000.00' })]);
  });
});

describe('allocations recorded before the rule stand as recorded', () => {
  it('answers an allocation recorded by its lead before the rule, sent again, as done', () => {
    const recorded = [...t1Released(), allocated()];
    given(recorded)
      .when(anAllocation({ caseVersion: 2, ...investment(), ...by(LEAD) }))
      .thenAlreadyDone(allocated());
  });
});
