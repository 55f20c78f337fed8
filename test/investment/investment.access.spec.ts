import { ActorRef } from '../../src/event-store/event-store';
import {
  InvestmentAction,
  canWrite,
  investmentCheckFor,
} from '../../src/investment/investment.access';
import { InvestmentCommand } from '../../src/investment/investment.commands';
import {
  InvestmentState,
  initialInvestmentState,
  investmentDecider,
} from '../../src/investment/investment.decider';
import { fold, historyOf } from '../support/decider-spec';
import {
  FINANCIAL_LINE,
  LINE_OWNER,
  OTHER_OWNER,
  PROJECT_LEAD,
  QUALITATIVE_LINE,
  REDISTRIBUTABLE_LINE,
  aBenefitCase,
  aCaseDocumentation,
  aClosing,
  aFinanceOfficer,
  aProjectLead,
  aProposal,
  anAdmin,
  anAuditor,
  anEffectReport,
} from '../support/investment.mothers';

const stateAfter = (...commands: InvestmentCommand[]): InvestmentState =>
  fold(investmentDecider, historyOf(investmentDecider, commands));

/** Documented, with report-1 on the financial line (owned by LINE_OWNER). */
const reportedState = () => stateAfter(aProposal(), aCaseDocumentation(), anEffectReport());

const everyAction = (): InvestmentAction[] => [
  { kind: 'propose', projectLead: PROJECT_LEAD },
  { kind: 'document-benefit-case' },
  { kind: 'change-stage' },
  { kind: 'record-cost' },
  { kind: 'report-effect', benefitLineId: FINANCIAL_LINE },
  { kind: 'correct-effect', reportId: 'report-1' },
  { kind: 'record-harvest' },
  { kind: 'close' },
  { kind: 'revise-baseline' },
  { kind: 'waive-obligation' },
  { kind: 'correct-cost' },
  { kind: 'correct-harvest' },
];

describe('canWrite', () => {
  describe('finance (docs/API.md: every write but effect reports and their corrections)', () => {
    it.each<[InvestmentAction['kind'], boolean]>([
      ['propose', true],
      ['document-benefit-case', true],
      ['change-stage', true],
      ['record-cost', true],
      ['report-effect', false],
      ['correct-effect', false],
      ['record-harvest', true],
      ['close', true],
      ['revise-baseline', true],
      ['waive-obligation', true],
      ['correct-cost', true],
      ['correct-harvest', true],
    ])('%s: %p', (kind, allowed) => {
      const action = everyAction().find((a) => a.kind === kind) as InvestmentAction;
      expect(canWrite(aFinanceOfficer(), reportedState(), action)).toBe(allowed);
    });

    it('may not report or correct even as the owner of the line, nor on an unknown investment', () => {
      const financeOwner = aFinanceOfficer(LINE_OWNER);
      expect(
        canWrite(financeOwner, reportedState(), {
          kind: 'report-effect',
          benefitLineId: FINANCIAL_LINE,
        }),
      ).toBe(false);
      expect(
        canWrite(financeOwner, reportedState(), { kind: 'correct-effect', reportId: 'report-1' }),
      ).toBe(false);
      expect(
        canWrite(aFinanceOfficer(), initialInvestmentState, {
          kind: 'report-effect',
          benefitLineId: FINANCIAL_LINE,
        }),
      ).toBe(false);
    });
  });

  it.each<[string, ActorRef]>([
    ['an auditor', anAuditor()],
    ['an admin', anAdmin()],
    ['an auditor who owns a line', anAuditor(LINE_OWNER)],
    ['an unknown role', { id: PROJECT_LEAD, role: 'guest' }],
  ])('%s may write nothing', (_who, actor) => {
    for (const action of everyAction())
      expect(canWrite(actor, reportedState(), action)).toBe(false);
  });

  describe('the project lead of the investment', () => {
    const lead = aProjectLead(PROJECT_LEAD);

    it.each<[InvestmentAction['kind'], boolean]>([
      ['propose', true],
      ['document-benefit-case', true],
      ['change-stage', true],
      ['record-cost', true],
      ['report-effect', true],
      ['correct-effect', true],
      ['record-harvest', false],
      ['close', false],
      // Re-baselining and releasing an obligation are decisions over the lead, never theirs.
      ['revise-baseline', false],
      ['waive-obligation', false],
      ['correct-cost', true],
      ['correct-harvest', false],
    ])('%s: %p', (kind, allowed) => {
      const action = everyAction().find((a) => a.kind === kind) as InvestmentAction;
      expect(canWrite(lead, reportedState(), action)).toBe(allowed);
    });

    it('may propose only with themself as project lead', () => {
      expect(
        canWrite(lead, initialInvestmentState, { kind: 'propose', projectLead: 'someone.else' }),
      ).toBe(false);
    });
  });

  describe('another project lead', () => {
    const other = aProjectLead('per.holm');

    it('may write nothing to an investment they do not lead', () => {
      for (const action of everyAction().filter((a) => a.kind !== 'propose')) {
        expect(canWrite(other, reportedState(), action)).toBe(false);
      }
    });

    it('is let through for an investment that does not exist, so the answer is 404', () => {
      expect(canWrite(other, initialInvestmentState, { kind: 'record-cost' })).toBe(true);
      expect(canWrite(other, initialInvestmentState, { kind: 'close' })).toBe(false);
    });
  });

  describe("a benefit line's owner (role project-lead)", () => {
    const owner = aProjectLead(LINE_OWNER);

    it('may report on their own lines, not on others', () => {
      expect(
        canWrite(owner, reportedState(), { kind: 'report-effect', benefitLineId: FINANCIAL_LINE }),
      ).toBe(true);
      expect(
        canWrite(owner, reportedState(), {
          kind: 'report-effect',
          benefitLineId: QUALITATIVE_LINE,
        }),
      ).toBe(true);
      expect(
        canWrite(owner, reportedState(), {
          kind: 'report-effect',
          benefitLineId: REDISTRIBUTABLE_LINE,
        }),
      ).toBe(false);
      expect(
        canWrite(aProjectLead(OTHER_OWNER), reportedState(), {
          kind: 'report-effect',
          benefitLineId: REDISTRIBUTABLE_LINE,
        }),
      ).toBe(true);
    });

    it("may correct reports on their own lines, not others'", () => {
      expect(
        canWrite(owner, reportedState(), { kind: 'correct-effect', reportId: 'report-1' }),
      ).toBe(true);
      expect(
        canWrite(aProjectLead(OTHER_OWNER), reportedState(), {
          kind: 'correct-effect',
          reportId: 'report-1',
        }),
      ).toBe(false);
      expect(
        canWrite(owner, reportedState(), { kind: 'correct-effect', reportId: 'report-9' }),
      ).toBe(false);
    });

    it('may not do the rest', () => {
      for (const kind of [
        'document-benefit-case',
        'change-stage',
        'record-cost',
        'record-harvest',
        'close',
        'revise-baseline',
        'waive-obligation',
        'correct-cost',
        'correct-harvest',
      ] as const) {
        expect(canWrite(owner, reportedState(), { kind } as InvestmentAction)).toBe(false);
      }
    });
  });
});

describe('investmentCheckFor', () => {
  it('an unknown investment', () => {
    expect(investmentCheckFor(initialInvestmentState)).toEqual({
      exists: false,
      closed: false,
      missing: ['no benefit case has been documented'],
      caseVersion: null,
    });
  });

  it('a proposal without a case', () => {
    expect(investmentCheckFor(stateAfter(aProposal()))).toEqual({
      exists: true,
      closed: false,
      missing: ['no benefit case has been documented'],
      caseVersion: null,
    });
  });

  it('a draft case without benefit lines', () => {
    const draft = stateAfter(
      aProposal(),
      aCaseDocumentation(aBenefitCase({ benefits: [], qualitativeOnlyReason: 'Utkast' })),
    );
    expect(investmentCheckFor(draft)).toEqual({
      exists: true,
      closed: false,
      missing: ['the benefit case has no benefit line'],
      caseVersion: 1,
    });
  });

  it('a documented case, in its latest version', () => {
    const revised = stateAfter(
      aProposal(),
      aCaseDocumentation(aBenefitCase({ benefits: [], qualitativeOnlyReason: 'Utkast' })),
      aCaseDocumentation(),
    );
    expect(investmentCheckFor(revised)).toEqual({
      exists: true,
      closed: false,
      missing: [],
      caseVersion: 2,
    });
  });

  it('a closed investment', () => {
    const closed = stateAfter(aProposal(), aCaseDocumentation(), aClosing());
    expect(investmentCheckFor(closed)).toEqual({
      exists: true,
      closed: true,
      missing: [],
      caseVersion: 1,
    });
  });
});
