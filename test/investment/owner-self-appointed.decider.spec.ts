/**
 * Game-3 probe t2: someone holding finance and project-lead, neither the investment's project
 * lead nor a line's owner, documented (as finance) a version naming themself owner of another
 * person's line, and then (as project lead, now the line's owner) filed and corrected its
 * effect reports with no second person: actual 100 000 → 600 000, deviation → on-track. The
 * author of a version may name themself owner of a benefit line only when they are the
 * investment's project lead, or already own that line (keeping it); otherwise 409
 * OWNER_SELF_APPOINTED and nothing is recorded. Naming other people stays finance's to do.
 */
import { InvestmentEvent } from '../../src/investment/investment.events';
import { history, plus, when } from './investment-harness';
import {
  FINANCE_OFFICER,
  FINANCIAL_LINE,
  INVESTMENT,
  LINE_OWNER,
  OTHER_OWNER,
  PROJECT_LEAD,
  QUALITATIVE_LINE,
  REDISTRIBUTABLE_LINE,
  aBenefitCase,
  aCaseDocumentation,
  aFinanceOfficer,
  aFinancialLine,
  aFirstAllocation,
  aProjectLead,
  aProposal,
  aQualitativeLine,
  aRedistributableLine,
  aStageChange,
} from '../support/investment.mothers';

/** Finance who also holds project-lead: the same person id in either role. */
const FINANCE_AND_LEAD = FINANCE_OFFICER;
const asFinance = aFinanceOfficer(FINANCE_AND_LEAD);

/** Approved on version 1: LINE_OWNER owns the financial and the qualitative line. */
const approved = (): InvestmentEvent[] =>
  history(aProposal(), aCaseDocumentation(), aStageChange('analysed'), aFirstAllocation());

/** A case whose financial line is owned by `owner` (the rest as version 1). */
const withFinancialOwner = (owner: string) =>
  aBenefitCase({
    benefits: [aFinancialLine({ owner }), aRedistributableLine(), aQualitativeLine()],
  });

describe('the author of a version names themself owner of a line only as project lead or its owner', () => {
  it('refuses finance naming themself owner of a line someone else owns, recording nothing', () => {
    const error = when(
      approved(),
      aCaseDocumentation(withFinancialOwner(FINANCE_AND_LEAD), { actor: asFinance }),
    ).thenRefuses('OWNER_SELF_APPOINTED');
    expect(error.kind).toBe('rule');
    expect(error.extra).toEqual({
      benefitLineIds: [FINANCIAL_LINE],
      owner: FINANCE_AND_LEAD,
      projectLead: PROJECT_LEAD,
      errors: [
        {
          path: 'benefits[0].owner',
          message: `may not be ${FINANCE_AND_LEAD}, who documents the version: only the project lead names themself owner of a line`,
        },
      ],
    });
    expect(error.message).toContain(FINANCE_AND_LEAD);
    expect(error.message).toContain(FINANCIAL_LINE);
  });

  it('refuses a new line named to its non-lead author, and a first version naming them', () => {
    const added = aBenefitCase({
      benefits: [
        aFinancialLine(),
        aRedistributableLine(),
        aQualitativeLine(),
        aQualitativeLine({ benefitLineId: 'staff-survey', owner: FINANCE_AND_LEAD }),
      ],
    });
    const error = when(approved(), aCaseDocumentation(added, { actor: asFinance })).thenRefuses(
      'OWNER_SELF_APPOINTED',
    );
    expect(error.extra).toMatchObject({
      benefitLineIds: ['staff-survey'],
      errors: [expect.objectContaining({ path: 'benefits[3].owner' })],
    });
    when(
      history(aProposal()),
      aCaseDocumentation(withFinancialOwner(FINANCE_AND_LEAD), { actor: asFinance }),
    ).thenRefuses('OWNER_SELF_APPOINTED');
  });

  it('lists every line named to the author, in the order of the case', () => {
    const all = aBenefitCase({
      benefits: [
        aFinancialLine({ owner: FINANCE_AND_LEAD }),
        aRedistributableLine(),
        aQualitativeLine({ owner: FINANCE_AND_LEAD }),
      ],
    });
    const error = when(approved(), aCaseDocumentation(all, { actor: asFinance })).thenRefuses(
      'OWNER_SELF_APPOINTED',
    );
    expect(error.extra).toMatchObject({
      benefitLineIds: [FINANCIAL_LINE, QUALITATIVE_LINE],
    });
    expect((error.extra.errors as { path: string }[]).map((e) => e.path)).toEqual([
      'benefits[0].owner',
      'benefits[2].owner',
    ]);
  });

  it('lets finance document a version that names other people as owners', () => {
    const handedOver = withFinancialOwner(OTHER_OWNER);
    when(approved(), aCaseDocumentation(handedOver, { actor: asFinance })).then([
      {
        type: 'BenefitCaseDocumented',
        data: {
          investmentId: INVESTMENT,
          version: 2,
          case: handedOver,
          documentedBy: FINANCE_AND_LEAD,
        },
      },
    ]);
  });

  it('lets the project lead name themself owner, in either role', () => {
    for (const actor of [aProjectLead(), aFinanceOfficer(PROJECT_LEAD)]) {
      const own = withFinancialOwner(PROJECT_LEAD);
      when(approved(), aCaseDocumentation(own, { actor })).then([
        {
          type: 'BenefitCaseDocumented',
          data: { investmentId: INVESTMENT, version: 2, case: own, documentedBy: PROJECT_LEAD },
        },
      ]);
    }
  });

  it('lets an owner keep the line the lead gave them, but not take another', () => {
    // The lead hands the financial line to the finance officer: two people decided that.
    const given = plus(
      approved(),
      aCaseDocumentation(withFinancialOwner(FINANCE_AND_LEAD), { actor: aProjectLead() }),
    );
    const kept = aBenefitCase({
      assumptions: 'Ny bedömning av licenserna.',
      benefits: [
        aFinancialLine({ owner: FINANCE_AND_LEAD }),
        aRedistributableLine(),
        aQualitativeLine(),
      ],
    });
    when(given, aCaseDocumentation(kept, { actor: asFinance })).then([
      {
        type: 'BenefitCaseDocumented',
        data: { investmentId: INVESTMENT, version: 3, case: kept, documentedBy: FINANCE_AND_LEAD },
      },
    ]);
    const more = aBenefitCase({
      benefits: [
        aFinancialLine({ owner: FINANCE_AND_LEAD }),
        aRedistributableLine({ owner: FINANCE_AND_LEAD }),
        aQualitativeLine(),
      ],
    });
    const error = when(given, aCaseDocumentation(more, { actor: asFinance })).thenRefuses(
      'OWNER_SELF_APPOINTED',
    );
    expect(error.extra).toMatchObject({ benefitLineIds: [REDISTRIBUTABLE_LINE] });
  });

  it('judges ownership by the line as owed now, not by any earlier version', () => {
    // Version 2 (the lead's) gives the line to the finance officer, version 3 back to its owner:
    // having owned it once does not let them take it back themself.
    const givenBack = plus(
      approved(),
      aCaseDocumentation(withFinancialOwner(FINANCE_AND_LEAD)),
      aCaseDocumentation(withFinancialOwner(LINE_OWNER)),
    );
    when(
      givenBack,
      aCaseDocumentation(withFinancialOwner(FINANCE_AND_LEAD), { actor: asFinance }),
    ).thenRefuses('OWNER_SELF_APPOINTED');
    // A line the current version left out but still owes is answered for by its owner in the
    // latest version that has it (the follow-up's owner): they may bring it back as theirs.
    const leftOut = plus(
      approved(),
      aCaseDocumentation(withFinancialOwner(FINANCE_AND_LEAD)),
      aCaseDocumentation(aBenefitCase({ benefits: [aRedistributableLine(), aQualitativeLine()] })),
    );
    const back = withFinancialOwner(FINANCE_AND_LEAD);
    when(leftOut, aCaseDocumentation(back, { actor: asFinance })).then([
      {
        type: 'BenefitCaseDocumented',
        data: { investmentId: INVESTMENT, version: 4, case: back, documentedBy: FINANCE_AND_LEAD },
      },
    ]);
  });

  it('answers the current case sent again as done, whoever sends it', () => {
    const given = plus(
      approved(),
      aCaseDocumentation(withFinancialOwner(FINANCE_AND_LEAD), { actor: aProjectLead() }),
    );
    const documented = given.find(
      (e) => e.type === 'BenefitCaseDocumented' && e.data.version === 2,
    );
    when(
      given,
      aCaseDocumentation(withFinancialOwner(FINANCE_AND_LEAD), { actor: asFinance }),
    ).thenAlreadyDone(documented);
  });
});
