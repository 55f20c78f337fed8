/**
 * A qualitative reading is judged on the linear path in force when its period ended. A
 * re-baseline may set a new target or a longer horizon (the board's ambition for what is to
 * come), but a reading of a period already over when it was recorded stays judged on the path
 * of the baseline it replaced: else lowering the target turned a 2018 reading in deviation
 * into `on-track` after the fact.
 */
import { BenefitCase, BenefitLine } from '../../src/investment/benefit-case';
import {
  LineFigures,
  investmentFigures,
} from '../../projections/figures/forecast-vs-actual.figures';
import { DEFAULT_TOLERANCES } from '../../projections/figures/indicator';
import { foldViews, initialViews } from '../../projections/ledger-views';
import { aBenefitCase, aQualitativeLine } from '../support/investment.mothers';
import { LedgerLog, trancheAdded } from './ledger-events';

const ID = 'nki';
const LINE = 'nki-line';
const ADDED = 'added-line';

const qualitative = (id: string, target: string): BenefitLine =>
  aQualitativeLine({
    benefitLineId: id,
    indicator: {
      unit: 'NKI',
      baseline: '62',
      target,
      direction: 'increase',
      method: 'Medborgarundersökning',
      frequency: 'yearly',
    },
  });

const caseOf = (benefits: BenefitLine[], horizonYears = 4): BenefitCase =>
  aBenefitCase({ costs: [], benefits, startYear: 2017, horizonYears });

/** Approved on v1 in 2017; the later versions documented in 2018 (before any re-baseline). */
const ledger = (versions: readonly BenefitCase[]): LedgerLog => {
  const log = new LedgerLog()
    .fund('f', {
      type: 'FundEstablished',
      data: { fundId: 'f', name: 'Fond', currency: 'SEK', decisionRef: 'KF', trancheIds: ['t1'] },
    })
    .fund('f', trancheAdded('t1', 'Etapp 1', '1000000.00'))
    .investment(ID, {
      type: 'InvestmentProposed',
      data: { investmentId: ID, title: 'NKI', department: 'D', projectLead: 'lena', need: 'N' },
    });
  versions.forEach((c, i) =>
    log.investment(
      ID,
      { type: 'BenefitCaseDocumented', data: { investmentId: ID, version: i + 1, case: c } },
      i === 0 ? undefined : '2018-06-01T08:00:00.000Z',
    ),
  );
  return log;
};

const approve = (log: LedgerLog): LedgerLog =>
  log
    .fund('f', {
      type: 'FundsAllocated',
      data: {
        allocationId: 'a1',
        investmentId: ID,
        trancheId: 't1',
        amount: '100000.00',
        decidedOn: '2017-03-15',
        decisionRef: 'Ks 1/2017',
        benefitCaseVersion: 1,
      },
    })
    .investment(ID, {
      type: 'InvestmentApproved',
      data: { investmentId: ID, allocationId: 'a1', baselineCaseVersion: 1 },
    });

let reports = 0;
const read = (log: LedgerLog, lineId: string, period: string, value: string, at: string) =>
  log.investment(
    ID,
    {
      type: 'EffectReported',
      data: {
        investmentId: ID,
        reportId: `r${++reports}`,
        benefitLineId: lineId,
        period,
        value,
        evidence: 'Enkät',
        caseVersion: 1,
      },
    },
    at,
  );

const rebaseline = (log: LedgerLog, caseVersion: number, previous: number, at: string) =>
  log.investment(
    ID,
    {
      type: 'BaselineRevised',
      data: {
        investmentId: ID,
        caseVersion,
        previousCaseVersion: previous,
        reason: 'Nytt mål',
        decisionRef: 'Ks 9/2019',
        approvedBy: 'kerstin.ek',
      },
    },
    at,
  );

const lineOn = (log: LedgerLog, lineId: string, today: string): LineFigures => {
  const views = foldViews(initialViews, log.all());
  const figures = investmentFigures(views.forecastVsActual.investments[ID], {
    grain: 'year',
    today,
    tolerances: DEFAULT_TOLERANCES,
  });
  const found = figures.lines.find((l) => l.benefitLineId === lineId);
  if (!found) throw new Error(`no line ${lineId}`);
  return found;
};

describe('a qualitative reading is judged on the path in force when its period ended', () => {
  // v1: 62 → 70 over 2017–2020. v2: the board lowers the target to 66 and lengthens the
  // horizon to 2017–2022.
  const v1 = caseOf([qualitative(LINE, '70')]);
  const v2 = caseOf([qualitative(LINE, '66')], 6);

  it('keeps a reading of a period over before the re-baseline on the replaced path', () => {
    const log = approve(ledger([v1, v2]));
    read(log, LINE, '2018', '64', '2019-01-20T09:00:00.000Z');
    rebaseline(log, 2, 1, '2019-03-01T09:00:00.000Z');
    // 2018 ends month 24 of 48: 50 % expected; (64 − 62) ÷ (70 − 62) = 25 %: 25 points behind.
    // On v2's path it would be (64 − 62) ÷ (66 − 62) = 50 % against 24 ÷ 72 = 33.33 %: on-track.
    expect(lineOn(log, LINE, '2019-03-02')).toMatchObject({
      indicator: { target: '66' },
      achievementPct: '25.00',
      expectedPct: '50.00',
      status: 'deviation',
      latestReading: {
        period: '2018',
        value: '64',
        path: {
          baseline: '62',
          target: '70',
          direction: 'increase',
          startYear: 2017,
          endYear: 2020,
          replacedOn: '2019-03-01',
        },
      },
    });
  });

  it('judges a reading reported after the re-baseline of a period over before it on the old path too', () => {
    const log = approve(ledger([v1, v2]));
    rebaseline(log, 2, 1, '2019-03-01T09:00:00.000Z');
    read(log, LINE, '2018', '64', '2019-03-05T09:00:00.000Z');
    expect(lineOn(log, LINE, '2019-03-06')).toMatchObject({
      status: 'deviation',
      latestReading: { path: { target: '70', endYear: 2020, replacedOn: '2019-03-01' } },
    });
  });

  it('judges a reading of a period still running at the decision on the new path', () => {
    const log = approve(ledger([v1, v2]));
    read(log, LINE, '2018', '64', '2019-01-20T09:00:00.000Z');
    rebaseline(log, 2, 1, '2019-03-01T09:00:00.000Z');
    read(log, LINE, '2019', '65', '2020-01-20T09:00:00.000Z');
    // 2019 ends month 36 of 72: 50 % expected; (65 − 62) ÷ (66 − 62) = 75 %.
    expect(lineOn(log, LINE, '2020-01-21')).toMatchObject({
      achievementPct: '75.00',
      expectedPct: '50.00',
      status: 'on-track',
      latestReading: {
        period: '2019',
        path: { target: '66', startYear: 2017, endYear: 2022, replacedOn: null },
      },
    });
  });

  it('counts a period ending on the day of the decision as still running', () => {
    const log = approve(ledger([v1, v2]));
    read(log, LINE, '2018', '64', '2018-12-31T09:00:00.000Z');
    rebaseline(log, 2, 1, '2018-12-31T10:00:00.000Z');
    expect(lineOn(log, LINE, '2019-01-02').latestReading?.path).toMatchObject({
      target: '66',
      replacedOn: null,
    });
  });

  it('reads the decision day in Stockholm: 23:30 UTC on 31 December is 1 January there', () => {
    const log = approve(ledger([v1, v2]));
    read(log, LINE, '2018', '64', '2018-12-31T09:00:00.000Z');
    rebaseline(log, 2, 1, '2018-12-31T23:30:00.000Z');
    expect(lineOn(log, LINE, '2019-01-02').latestReading?.path.replacedOn).toBe('2019-01-01');
  });

  it('answers as before for an investment never re-baselined', () => {
    const log = approve(ledger([v1, v2]));
    read(log, LINE, '2018', '64', '2019-01-20T09:00:00.000Z');
    // Not adopted, v2 judges nothing: v1 is the baseline.
    expect(lineOn(log, LINE, '2019-03-02')).toMatchObject({
      indicator: { target: '70' },
      status: 'deviation',
      latestReading: { path: { target: '70', endYear: 2020, replacedOn: null } },
    });
  });

  it('keeps what each of two re-baselines replaced', () => {
    const v3 = caseOf([qualitative(LINE, '64')], 6);
    const log = approve(ledger([v1, v2]));
    // v2 adopted in 2019, v3 in 2020: a 2018 reading stays on v1's path, a 2019 one on v2's.
    rebaseline(log, 2, 1, '2019-03-01T09:00:00.000Z');
    read(log, LINE, '2019', '64', '2020-01-20T09:00:00.000Z');
    log.investment(
      ID,
      { type: 'BenefitCaseDocumented', data: { investmentId: ID, version: 3, case: v3 } },
      '2020-02-01T08:00:00.000Z',
    );
    rebaseline(log, 3, 2, '2020-03-01T09:00:00.000Z');
    expect(lineOn(log, LINE, '2020-03-02').latestReading?.path).toMatchObject({
      target: '66',
      endYear: 2022,
      replacedOn: '2020-03-01',
    });
    // A correction-free late reading of 2018 is not the latest: 2019 stays the one judged.
    read(log, LINE, '2018', '63', '2020-04-01T09:00:00.000Z');
    expect(lineOn(log, LINE, '2020-04-02').latestReading).toMatchObject({
      period: '2019',
      path: { target: '66', replacedOn: '2020-03-01' },
    });
  });

  it('judges a line added after approval on its promised definition until the re-baseline', () => {
    // v1 lacks the line; v2 (after approval) promises it 62 → 70; v3, adopted, lowers it to 66.
    const w1 = caseOf([qualitative(LINE, '70')]);
    const w2 = caseOf([qualitative(LINE, '70'), qualitative(ADDED, '70')]);
    const w3 = caseOf([qualitative(LINE, '70'), qualitative(ADDED, '66')]);
    const log = approve(ledger([w1]));
    log.investment(
      ID,
      { type: 'BenefitCaseDocumented', data: { investmentId: ID, version: 2, case: w2 } },
      '2018-02-01T08:00:00.000Z',
    );
    log.investment(
      ID,
      { type: 'BenefitCaseDocumented', data: { investmentId: ID, version: 3, case: w3 } },
      '2019-02-01T08:00:00.000Z',
    );
    read(log, ADDED, '2018', '64', '2019-01-20T09:00:00.000Z');
    rebaseline(log, 3, 1, '2019-03-01T09:00:00.000Z');
    expect(lineOn(log, ADDED, '2019-03-02')).toMatchObject({
      status: 'deviation',
      latestReading: { path: { target: '70', replacedOn: '2019-03-01' } },
    });
  });
});
