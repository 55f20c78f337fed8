/**
 * One rule, two implementations: the indicator a qualitative line is judged by where the reference
 * (baseline) case lacks it. The decider's `promisedIndicator` (decide/rebaseline-past.ts) reads
 * it from the investment's case versions; the read side keeps it on the track as events arrive
 * (forecast-vs-actual.projection.ts `promisedIndicators`) and the figures judge the line by it
 * (forecast-vs-actual.figures.ts judgedBy). Either way: the definition of the earliest version
 * from the approved one on that names the line, or of the latest version a re-baseline adopted
 * that has it; a version the lead documents alone never changes it. If the two drifted apart, a
 * re-baseline would be checked against one definition while the board is shown the line judged
 * by another.
 *
 * Random histories of one investment: versions 1..n whose qualitative lines come and go and
 * whose indicators change or stay, the approval of any version documented by then (possibly
 * recorded after later ones), and re-baselines each adopting the version current at that moment
 * (BASELINE_VERSION_NOT_CURRENT refuses any other; BASELINE_UNCHANGED the baseline itself),
 * as decided before any reading was owed (so BASELINE_REWRITES_PAST refuses none). The
 * projection folds the events, the decider's own evolve folds the same events into the history
 * `promisedIndicator` reads, and every line ever named is compared.
 */
import fc from 'fast-check';
import {
  BenefitCase,
  BenefitLine,
  DIRECTIONS,
  Indicator,
  findBenefitLine,
} from '../../src/investment/benefit-case';
import { InvestmentEvent } from '../../src/investment/investment.events';
import { promisedIndicator } from '../../src/investment/decide/rebaseline-past';
import {
  BenefitTrack,
  evolveForecastVsActual,
  initialForecastVsActualView,
} from '../../projections/forecast-vs-actual.projection';
import { FigureOptions, lineFiguresOf } from '../../projections/figures/forecast-vs-actual.figures';
import { DEFAULT_TOLERANCES } from '../../projections/figures/indicator';
import { canonicalJson } from '../../src/shared/canonical-json';
import { LedgerLog } from '../projections/ledger-events';
import { stateOf } from './investment-harness';
import {
  FINANCE_OFFICER,
  PROJECT_LEAD,
  STORY_TODAY,
  aBenefitCase,
  aFinancialLine,
  aQualitativeLine,
} from '../support/investment.mothers';

const RUNS = 200;
const ID = 'inv-parity';
const LINE_IDS = ['wait', 'satisfaction', 'errors', 'reach'] as const;
type LineId = (typeof LINE_IDS)[number];
const MAX_VERSIONS = 6;
const OPTIONS: FigureOptions = {
  grain: 'year',
  today: STORY_TODAY,
  tolerances: DEFAULT_TOLERANCES,
};

/**
 * A version's definition of one line: left out, as the latest version naming it defined it (a
 * fresh definition when none did yet), or a definition of its own.
 */
type LineInVersion = 'absent' | 'unchanged' | Indicator;

interface Plan {
  /** Version k + 1's lines, in LINE_IDS order. */
  readonly versions: readonly (readonly LineInVersion[])[];
  /** The approval is recorded right after this many versions are documented (1..n). */
  readonly approvedAfter: number;
  /** The version the first allocation approved (1..approvedAfter). */
  readonly approvedVersion: number;
  /**
   * Per version (k + 1): whether a re-baseline adopts it right after it is documented (after the
   * approval, for version approvedAfter), while it is current. Ignored before the approval and
   * for the baseline itself.
   */
  readonly adopt: readonly boolean[];
}

/** Small domains, so versions often define a line alike and re-baselines find it unchanged. */
const indicatorArb: fc.Arbitrary<Indicator> = fc.record(
  {
    unit: fc.constantFrom('dagar', 'NKI'),
    baseline: fc.constantFrom('10', '30', '62'),
    target: fc.constantFrom('5', '70', '100'),
    direction: fc.constantFrom(...DIRECTIONS),
    method: fc.constantFrom('Enkät', 'Mätning'),
    frequency: fc.constantFrom('yearly', 'quarterly', 'monthly'),
  },
  {
    // A recorded definition comes back from the store as parsed JSON, an ordinary object; a
    // null-prototype one (fast-check's default may make one) would differ from it in
    // toStrictEqual alone.
    noNullPrototype: true,
  },
);

const lineArb: fc.Arbitrary<LineInVersion> = fc.oneof(
  { weight: 2, arbitrary: fc.constant('absent' as const) },
  { weight: 2, arbitrary: fc.constant('unchanged' as const) },
  { weight: 3, arbitrary: indicatorArb },
);

const versionArb = fc.array(lineArb, { minLength: LINE_IDS.length, maxLength: LINE_IDS.length });

/** Without chain, so a failing history shrinks to a short one, approved early. */
const planArb: fc.Arbitrary<Plan> = fc
  .record({
    versions: fc.array(versionArb, { minLength: 1, maxLength: MAX_VERSIONS }),
    approvedAfter: fc.nat(),
    approvedVersion: fc.nat(),
    adopt: fc.array(fc.boolean(), { minLength: MAX_VERSIONS, maxLength: MAX_VERSIONS }),
  })
  .map(({ versions, approvedAfter, approvedVersion, adopt }) => {
    const after = 1 + (approvedAfter % versions.length);
    return {
      versions,
      approvedAfter: after,
      approvedVersion: 1 + (approvedVersion % after),
      adopt,
    };
  });

const FIRST_DEFINITION: Indicator = aQualitativeLine().indicator;

const qualitativeLine = (id: LineId, indicator: Indicator): BenefitLine =>
  aQualitativeLine({ benefitLineId: id, description: `Linje ${id}`, indicator });

interface Built {
  readonly events: InvestmentEvent[];
  /** Version k + 1's case. */
  readonly cases: BenefitCase[];
  /** The reference case's version once every event is in: the last adopted, else the approved. */
  readonly baselineVersion: number;
}

/** The events of the plan, and what they documented. */
const build = (plan: Plan): Built => {
  const events: InvestmentEvent[] = [
    {
      type: 'InvestmentProposed',
      data: {
        investmentId: ID,
        title: 'Paritet',
        department: 'Kommunledningsförvaltningen',
        projectLead: PROJECT_LEAD,
        need: 'Behov',
        proposedOn: '2017-01-16',
      },
    },
  ];
  const cases: BenefitCase[] = [];
  const latest = new Map<LineId, Indicator>();
  let baseline: number | null = null;
  plan.versions.forEach((lines, index) => {
    const version = index + 1;
    const benefits = [aFinancialLine()];
    LINE_IDS.forEach((id, i) => {
      const line = lines[i];
      if (line === 'absent') return;
      const indicator = line === 'unchanged' ? (latest.get(id) ?? FIRST_DEFINITION) : line;
      latest.set(id, indicator);
      benefits.push(qualitativeLine(id, indicator));
    });
    // Its own assumptions: a body the same as the current one would be no new version.
    const benefitCase = aBenefitCase({ assumptions: `Version ${version}`, benefits });
    cases.push(benefitCase);
    events.push({
      type: 'BenefitCaseDocumented',
      data: { investmentId: ID, version, case: benefitCase, documentedBy: PROJECT_LEAD },
    });
    if (version === plan.approvedAfter) {
      baseline = plan.approvedVersion;
      events.push({
        type: 'InvestmentApproved',
        data: { investmentId: ID, allocationId: 'alloc-1', baselineCaseVersion: baseline },
      });
    }
    if (baseline === null || baseline === version) return;
    if (plan.adopt[version - 1] !== true) return;
    events.push({
      type: 'BaselineRevised',
      data: {
        investmentId: ID,
        caseVersion: version,
        previousCaseVersion: baseline,
        reason: 'Kommunstyrelsen godkände den reviderade kalkylen',
        decisionRef: `Ks 2017/${version}`,
        approvedBy: FINANCE_OFFICER,
      },
    });
    baseline = version;
  });
  if (baseline === null) throw new Error('the plan approves no version');
  // A reading of every line ever named: the figures then list each, whichever version has it.
  LINE_IDS.filter((id) => latest.has(id)).forEach((id, i) => {
    const caseVersion = Math.max(
      ...cases.flatMap((c, k) => (findBenefitLine(c, id) ? [k + 1] : [])),
    );
    events.push({
      type: 'EffectReported',
      data: {
        investmentId: ID,
        reportId: `r-${i}`,
        benefitLineId: id,
        period: '2018',
        value: '50',
        evidence: 'Mätning',
        caseVersion,
      },
    });
  });
  return { events, cases, baselineVersion: baseline };
};

/** The projection's own fold of the events. */
const trackOf = (events: readonly InvestmentEvent[]): BenefitTrack => {
  const log = new LedgerLog();
  for (const event of events) log.investment(ID, event);
  const view = log
    .all()
    .reduce((v, event) => evolveForecastVsActual(v, event), initialForecastVsActualView);
  const track = view.investments[ID];
  if (track === undefined) throw new Error('the projection has no track');
  return track;
};

interface Judged {
  readonly id: LineId;
  /** The indicator the figures judge the line by. */
  readonly figures: Indicator;
  /** The reference case's definition, where it names the line. */
  readonly reference: Indicator | undefined;
  /** The decider's promisedIndicator from the same events. */
  readonly promised: Indicator | undefined;
}

/** Every line ever named, judged both ways, and the baseline version each fold arrived at. */
const judge = (
  built: Built,
): { readonly lines: Judged[]; readonly baselines: readonly (number | null)[] } => {
  const history = stateOf(built.events);
  const track = trackOf(built.events);
  const figures = lineFiguresOf(track, OPTIONS);
  const reference = built.cases[built.baselineVersion - 1];
  const named = LINE_IDS.filter((id) => built.cases.some((c) => findBenefitLine(c, id)));
  const lines = named.map((id) => {
    const line = figures.find((l) => l.benefitLineId === id);
    if (line === undefined) throw new Error(`the figures have no line ${id}`);
    return {
      id,
      figures: line.indicator,
      reference: findBenefitLine(reference, id)?.indicator,
      promised: promisedIndicator(history, id),
    };
  });
  return { lines, baselines: [history.baselineCaseVersion, track.baselineCaseVersion] };
};

/** The definition of the latest version naming the line: what the track keeps of it. */
const lastDocumented = (built: Built, id: LineId): Indicator | undefined =>
  built.cases
    .map((c) => findBenefitLine(c, id)?.indicator)
    .filter((i): i is Indicator => i !== undefined)
    .at(-1);

const same = (a: Indicator | undefined, b: Indicator | undefined): boolean =>
  a !== undefined && b !== undefined && canonicalJson(a) === canonicalJson(b);

describe('the indicator a line the baseline lacks is judged by: decider and figures agree', () => {
  it('for every line of any history of versions, approval and re-baselines', () => {
    let promisedUnlikeCurrent = 0;
    let adoptionMattered = 0;
    fc.assert(
      fc.property(planArb, (plan) => {
        const built = build(plan);
        const { lines, baselines } = judge(built);
        expect(baselines).toEqual([built.baselineVersion, built.baselineVersion]);
        for (const judged of lines) {
          if (judged.reference !== undefined) {
            expect(judged.figures).toStrictEqual(judged.reference);
            continue;
          }
          if (judged.promised === undefined) {
            // Named only before the approved version: nothing was promised; the line stands as
            // last documented.
            expect(judged.figures).toStrictEqual(lastDocumented(built, judged.id));
            continue;
          }
          expect(judged.figures).toStrictEqual(judged.promised);
          if (!same(judged.promised, lastDocumented(built, judged.id))) promisedUnlikeCurrent++;
          const earliest = built.cases
            .slice(plan.approvedVersion - 1)
            .map((c) => findBenefitLine(c, judged.id)?.indicator)
            .find((i) => i !== undefined);
          if (!same(judged.promised, earliest)) adoptionMattered++;
        }
      }),
      { numRuns: RUNS },
    );
    // The histories reach the lines the rule is about: judged otherwise than as last documented,
    // and by a re-baseline's definition rather than the first promise.
    expect(promisedUnlikeCurrent).toBeGreaterThan(0);
    expect(adoptionMattered).toBeGreaterThan(0);
  });
});

describe('examples the rule decides', () => {
  const A: Indicator = { ...FIRST_DEFINITION, baseline: '30', direction: 'decrease', target: '5' };
  const B: Indicator = { ...A, baseline: '62', frequency: 'monthly' };
  const C: Indicator = { ...A, baseline: '10', direction: 'increase', target: '100' };
  /** Only `wait` (the first of LINE_IDS) varies; the other lines are left out. */
  const v = (wait: LineInVersion): LineInVersion[] => [wait, 'absent', 'absent', 'absent'];

  const judgedWait = (plan: Plan): Judged => {
    const wait = judge(build(plan)).lines.find((j) => j.id === 'wait');
    if (wait === undefined) throw new Error('no wait line');
    return wait;
  };

  it('a line added in v3 after v2 was approved, then changed in v4, is judged by v3', () => {
    const wait = judgedWait({
      versions: [v('absent'), v('absent'), v(A), v(B)],
      approvedAfter: 2,
      approvedVersion: 2,
      adopt: [],
    });
    expect(wait.reference).toBeUndefined();
    expect(wait.promised).toStrictEqual(A);
    expect(wait.figures).toStrictEqual(A);
  });

  it('the approval looks back: v1 approved once v2 added the line and v3 changed it, v2 judges it', () => {
    const wait = judgedWait({
      versions: [v('absent'), v(A), v(B)],
      approvedAfter: 3,
      approvedVersion: 1,
      adopt: [],
    });
    expect(wait.reference).toBeUndefined();
    expect(wait.promised).toStrictEqual(A);
    expect(wait.figures).toStrictEqual(A);
  });

  it('a re-baseline adopting a version with it re-decides it; a later one leaving it out keeps that', () => {
    // v2 adds it (A), v3 changes it (B) and is adopted, v4 changes it (C), v5 leaves it out and
    // is adopted: the reference v5 lacks it, and the board last decided it as B.
    const wait = judgedWait({
      versions: [v('absent'), v(A), v(B), v(C), v('absent')],
      approvedAfter: 1,
      approvedVersion: 1,
      adopt: [false, false, true, false, true],
    });
    expect(wait.reference).toBeUndefined();
    expect(wait.promised).toStrictEqual(B);
    expect(wait.figures).toStrictEqual(B);
  });

  it('a line the baseline names is judged by the baseline, whatever later versions say', () => {
    const wait = judgedWait({
      versions: [v(A), v(B), v(C)],
      approvedAfter: 1,
      approvedVersion: 1,
      adopt: [],
    });
    expect(wait.reference).toStrictEqual(A);
    expect(wait.figures).toStrictEqual(A);
  });
});
