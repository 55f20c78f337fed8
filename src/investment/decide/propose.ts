/** Proposing an investment and documenting its benefit case. */
import { alreadyDone } from '../../shared/decider';
import {
  BenefitCase,
  BenefitLine,
  CostLine,
  calculationGaps,
  validateBenefitCase,
} from '../benefit-case';
import { DocumentBenefitCase, ProposeInvestment } from '../investment.commands';
import { InvestmentProposedData } from '../investment.events';
import { refuse, requireText } from '../investment.refusals';
import {
  Decided,
  emit,
  repeatOrConflict,
  requireInvestment,
  requireOpen,
  sameBody,
} from './guards';
import {
  CaseVersion,
  caseVersionOf,
  Investment,
  InvestmentState,
  latestCaseVersion,
} from './investment-state';
import { versionToReport } from './report';

export const propose = (command: ProposeInvestment, state: InvestmentState): Decided => {
  const asked: InvestmentProposedData = {
    investmentId: command.investmentId,
    title: command.title,
    department: command.department,
    projectLead: command.projectLead,
    need: command.need,
  };
  if (state.exists) {
    const recorded: InvestmentProposedData = {
      investmentId: state.id,
      title: state.title,
      department: state.department,
      projectLead: state.projectLead,
      need: state.need,
    };
    return repeatOrConflict(
      asked,
      recorded,
      (e) => e.type === 'InvestmentProposed',
      'INVESTMENT_ALREADY_EXISTS',
      `Investment ${command.investmentId} already exists with other details.`,
    );
  }
  requireText(command.title, 'title');
  requireText(command.department, 'department');
  requireText(command.projectLead, 'projectLead');
  requireText(command.need, 'need');
  requireKnownLead(command.projectLead, command.isKnownUser);
  return emit({ type: 'InvestmentProposed', data: { ...asked, proposedOn: command.today } });
};

/**
 * The lead files the reports, corrects them and explains deviations, and no command names
 * another lead later: a lead the register does not know (a typing slip, someone not yet added)
 * would leave the investment with no one who can act as its lead. Checked after the repeat, so
 * a proposal sent again still answers as recorded when its lead has since left the register.
 */
const requireKnownLead = (lead: string, isKnownUser: (userId: string) => boolean): void => {
  if (!isKnownUser(lead)) {
    refuse(
      'PROJECT_LEAD_UNKNOWN',
      `The project lead must be a known user; ${lead} is not in the user register.`,
      'rule',
      {
        projectLead: lead,
        errors: [{ path: 'projectLead', message: `${lead} is not a known user` }],
      },
    );
  }
};

/** A documented case is a calculation: the refusal lists what it lacks. */
const requireCalculation = (benefitCase: BenefitCase): void => {
  const missing = calculationGaps(benefitCase);
  if (missing.length > 0) {
    refuse(
      'BENEFIT_CASE_INCOMPLETE',
      `The benefit case is not a calculation; it needs ${missing.join('; and ')}.`,
      'rule',
      { missing },
    );
  }
};

/** Owners answer for their lines and report on them, so they must be people the ledger knows. */
const requireKnownOwners = (
  benefitCase: BenefitCase,
  isKnownUser: (userId: string) => boolean,
): void => {
  const unknown = benefitCase.benefits
    .map((line, index) => ({ owner: line.owner, path: `benefits[${index}].owner` }))
    .filter((line) => !isKnownUser(line.owner));
  if (unknown.length > 0) {
    const owners = [...new Set(unknown.map((line) => line.owner))];
    const errors = unknown.map(({ owner, path }) => ({
      path,
      message: `${owner} is not a known user`,
    }));
    refuse(
      'BENEFIT_OWNER_UNKNOWN',
      `Benefit owners must be known users; unknown: ${owners.join(', ')}.`,
      'rule',
      { owners, errors },
    );
  }
};

/**
 * What a line was first documented as (its class, a cost line's kind), in the first version
 * naming it; undefined for a new line.
 */
const firstDocumented = <T>(
  versions: readonly CaseVersion[],
  find: (benefitCase: BenefitCase) => T | undefined,
): T | undefined => {
  for (const version of versions) {
    const found = find(version.case);
    if (found !== undefined) return found;
  }
  return undefined;
};

/** A property a line keeps in every version: a benefit line's class, a cost line's kind. */
interface KeptProperty<L> {
  readonly code: 'BENEFIT_LINE_CLASS_CHANGED' | 'COST_LINE_KIND_CHANGED';
  /** 'A benefit line keeps the class', … */
  readonly rule: string;
  /** What to do instead: 'in the other class', 'of the other kind'. */
  readonly instead: string;
  /** The list in the case and the names of the id and the property in it. */
  readonly list: 'benefits' | 'costs';
  readonly idName: 'benefitLineId' | 'costLineId';
  readonly name: 'class' | 'kind';
  readonly linesOf: (benefitCase: BenefitCase) => readonly L[];
  readonly idOf: (line: L) => string;
  readonly valueOf: (line: L) => string;
}

/**
 * The property is kept: judged against the first version naming the line, so a ledger where a
 * line was changed before the rule can still go back to what the line was. A line can be left
 * out of a later version and another added under a new id, so nothing is lost by the rule.
 */
const requireKept = <L>(
  property: KeptProperty<L>,
  benefitCase: BenefitCase,
  versions: readonly CaseVersion[],
): void => {
  const { idOf, valueOf, linesOf, name, idName, list } = property;
  const documentedName = `documented${name[0].toUpperCase()}${name.slice(1)}`;
  const changes = linesOf(benefitCase)
    .map((line, index) => {
      const id = idOf(line);
      const documented = firstDocumented(versions, (c) => {
        const earlier = linesOf(c).find((l) => idOf(l) === id);
        return earlier === undefined ? undefined : valueOf(earlier);
      });
      return { id, value: valueOf(line), documented, path: `${list}[${index}].${name}` };
    })
    .filter((c) => c.documented !== undefined && c.documented !== c.value);
  if (changes.length === 0) return;
  const named = changes.map((c) => `${c.id} (${String(c.documented)}, not ${c.value})`);
  refuse(
    property.code,
    `${property.rule} it was documented with: ${named.join(', ')}. ` +
      `Leave the line out and add a new line, with a new id, ${property.instead} instead.`,
    'rule',
    {
      [`${idName}s`]: changes.map((c) => c.id),
      changes: changes.map((c) => ({
        [idName]: c.id,
        [name]: c.value,
        [documentedName]: c.documented,
      })),
      errors: changes.map((c) => ({
        path: c.path,
        message: `was documented as ${String(c.documented)}; add a new line, with a new id, instead`,
      })),
    },
  );
};

/**
 * A benefit line keeps its class in every version. Its reports, harvests and baseline forecast
 * are in its class's terms (SEK withdrawn from a budget, SEK of freed time, an indicator's
 * unit), and the read side and the harvest rule read the class from the latest version:
 * re-classifying a line would drop a baseline forecast without re-baselining, turn a reading
 * into kronor, or lift the harvest rule for as long as the line is not financial.
 */
const CLASS_KEPT: KeptProperty<BenefitLine> = {
  code: 'BENEFIT_LINE_CLASS_CHANGED',
  rule: 'A benefit line keeps the class',
  instead: 'in the other class',
  list: 'benefits',
  idName: 'benefitLineId',
  name: 'class',
  linesOf: (c) => c.benefits,
  idOf: (line) => line.benefitLineId,
  valueOf: (line) => line.class,
};

/**
 * A cost line keeps its kind in every version. The running-cost effect counts the costs booked
 * against a recurring line as running cost: a version turning the line one-off (or a re-baseline
 * adopting it) took finance's invoices of years already paid out of the board's running-cost
 * actual, and the line's past baseline forecast with them.
 */
const KIND_KEPT: KeptProperty<CostLine> = {
  code: 'COST_LINE_KIND_CHANGED',
  rule: 'A cost line keeps the kind',
  instead: 'of the other kind',
  list: 'costs',
  idName: 'costLineId',
  name: 'kind',
  linesOf: (c) => c.costs,
  idOf: (line) => line.costLineId,
  valueOf: (line) => line.kind,
};

/**
 * Once approved, a later version's horizon may not begin before the baseline's: the years a
 * case covers are part of the decision basis. A version starting earlier let a lead report
 * (and finance harvest) benefits for years before the decision was taken, lifting the
 * realisation ratio and compounding those years' amounts into the NPV; only the baseline's
 * own start, which the decision accepted, may lie that far back. Ending later is allowed.
 */
const requireHorizonStartKept = (benefitCase: BenefitCase, investment: Investment): void => {
  const version = investment.baselineCaseVersion;
  const baseline = version === null ? undefined : caseVersionOf(investment, version);
  if (baseline === undefined || benefitCase.startYear >= baseline.startYear) return;
  const baselineStartYear = baseline.startYear;
  refuse(
    'HORIZON_START_BEFORE_BASELINE',
    `The horizon may not begin before the baseline's (${baselineStartYear}, version ` +
      `${version}); this version begins ${benefitCase.startYear}.`,
    'rule',
    {
      startYear: benefitCase.startYear,
      baselineStartYear,
      errors: [
        {
          path: 'startYear',
          message: `may not be before the baseline's start year ${baselineStartYear}`,
        },
      ],
    },
  );
};

/**
 * No one appoints themself to answer for a line. A line's owner files its effect reports,
 * corrects them and explains its deviations (investment.access.ts), so naming oneself owner
 * is taking that testimony over. The project lead answers for every line anyway, and an owner
 * may keep the line they own; anyone else who documents a version (finance keeps the books of
 * every investment) may name other people, never themself: holding finance and project-lead,
 * they could otherwise take a line from its owner and rewrite its reports with no second
 * person (an actual of 100 000 made 600 000, a deviation on-track). A line they already own
 * is the one a report of it is judged against now (versionToReport): the current version's,
 * or, for a line it left out that is still owed, the latest version's that has it. A line
 * that owes nothing yet (new, or left out before approval) is owned by no one: naming oneself
 * to it is appointing oneself too.
 */
const requireNoSelfAppointedOwner = (
  benefitCase: BenefitCase,
  investment: Investment,
  author: string,
): void => {
  if (author === investment.projectLead) return;
  const taken = benefitCase.benefits
    .map((line, index) => ({ line, path: `benefits[${index}].owner` }))
    .filter(
      ({ line }) =>
        line.owner === author &&
        versionToReport(investment, line.benefitLineId)?.line.owner !== author,
    );
  if (taken.length === 0) return;
  const benefitLineIds = taken.map(({ line }) => line.benefitLineId);
  refuse(
    'OWNER_SELF_APPOINTED',
    `${author} documents this version and may not name themself owner of ${benefitLineIds.join(', ')}: ` +
      `only the project lead (${investment.projectLead}) names themself owner of a line, and an owner ` +
      'keeps the line they own. Name the person who answers for the line, or let the project lead ' +
      'document the version.',
    'rule',
    {
      benefitLineIds,
      owner: author,
      projectLead: investment.projectLead,
      errors: taken.map(({ path }) => ({
        path,
        message: `may not be ${author}, who documents the version: only the project lead names themself owner of a line`,
      })),
    },
  );
};

/** A new version each time; the same case as the current version again is a repeat. */
export const documentBenefitCase = (
  command: DocumentBenefitCase,
  state: InvestmentState,
): Decided => {
  const investment = requireInvestment(state, command.investmentId);
  requireOpen(investment, 'its benefit case is final');
  const validation = validateBenefitCase(command.benefitCase);
  if (!validation.ok) {
    return refuse('BENEFIT_CASE_INVALID', 'The benefit case has problems; see errors.', 'invalid', {
      errors: validation.errors,
    });
  }
  const current = latestCaseVersion(investment);
  if (current !== null && sameBody(validation.value, investment.currentCase)) {
    return alreadyDone((e) => e.type === 'BenefitCaseDocumented' && e.data.version === current);
  }
  requireKept(CLASS_KEPT, validation.value, investment.caseVersions);
  requireKept(KIND_KEPT, validation.value, investment.caseVersions);
  requireHorizonStartKept(validation.value, investment);
  requireCalculation(validation.value);
  requireKnownOwners(validation.value, command.isKnownUser);
  requireNoSelfAppointedOwner(validation.value, investment, command.actor.id);
  return emit({
    type: 'BenefitCaseDocumented',
    data: {
      investmentId: investment.id,
      version: (current ?? 0) + 1,
      case: validation.value,
      documentedBy: command.actor.id,
    },
  });
};
