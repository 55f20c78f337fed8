/**
 * Whether a deviation explanation is still current for a board report: it speaks to the line's
 * figures as they stood when it was recorded, so an effect report or correction of the line
 * recorded after it (up to asOf) takes it out of every branch it would otherwise count by; and
 * the period a valued line's explanation must meet is the latest with anything due or reported,
 * so holding a due report back does not keep an older explanation counting. The stream read
 * that finds the later report goes back only to the explanation.
 */
import {
  deviationsOf,
  ExplanationWindow,
  explanationCounts,
  explanationFor,
  judgedPeriodOf,
  RecordedExplanation,
} from '../../src/reports/board-report';
import { reportsAfter } from '../../src/reports/deviation-explanations.reader';
import type {
  EventStore,
  ReadStreamOptions,
  RecordedEvent,
} from '../../src/event-store/event-store';
import type {
  LineFigures,
  PeriodFigures,
} from '../../projections/figures/forecast-vs-actual.figures';
import type { InvestmentOutline } from '../../src/investment/investment.queries';

const explanation = (overrides: Partial<RecordedExplanation> = {}): RecordedExplanation => ({
  explanation: 'Allt enligt plan',
  period: '2026',
  recordedAt: '2026-04-02T08:00:00.000Z',
  explainedBy: 'lena.lind',
  position: '40',
  ...overrides,
});

/** The second quarter of 2026, with 2026 the line's latest judged period; no later report. */
const Q2_2026: ExplanationWindow = {
  since: '2026-03-31T21:59:59.999Z',
  asOf: '2026-06-30T21:59:59.999Z',
  latestPeriod: '2026',
  lastDueOn: null,
  lineReportedAt: null,
};

describe('an explanation and a later report of its line', () => {
  it('counts while no report or correction of the line was recorded after it', () => {
    expect(explanationCounts(explanation(), Q2_2026)).toBe(true);
    // A report recorded before it is the figure it was written about.
    expect(explanationCounts(explanation(), { ...Q2_2026, lineReportedAt: '39' })).toBe(true);
  });

  it('does not count, by any branch, once the line was reported or corrected after it', () => {
    const later = { ...Q2_2026, lineReportedAt: '41' };
    // Recorded within the window.
    expect(explanationCounts(explanation(), later)).toBe(false);
    // Recorded before the window, about a period that overlaps it.
    const before = explanation({ recordedAt: '2026-02-02T08:00:00.000Z' });
    expect(explanationCounts(before, { ...Q2_2026, latestPeriod: null })).toBe(true);
    expect(explanationCounts(before, { ...later, latestPeriod: null })).toBe(false);
    // Recorded before the window, about the line's latest judged period.
    const lastYear = explanation({ period: '2025', recordedAt: '2026-01-20T08:00:00.000Z' });
    const judged2025 = { ...Q2_2026, latestPeriod: '2025' };
    expect(explanationCounts(lastYear, judged2025)).toBe(true);
    expect(explanationCounts(lastYear, { ...judged2025, lineReportedAt: '41' })).toBe(false);
  });

  it('compares ledger positions as numbers, not as text', () => {
    const at9 = explanation({ position: '9' });
    expect(explanationCounts(at9, { ...Q2_2026, lineReportedAt: '10' })).toBe(false);
    expect(
      explanationCounts(explanation({ position: '10' }), { ...Q2_2026, lineReportedAt: '9' }),
    ).toBe(true);
  });

  it('shows a superseded explanation as earlier, and counts a new one recorded after the report', () => {
    const onPlan = explanation({ explanation: 'Allt enligt plan', position: '40' });
    expect(explanationFor([onPlan], { ...Q2_2026, lineReportedAt: '41' })).toEqual({
      explained: null,
      earlier: onPlan,
      earlierBecause: 'reported-after',
    });
    const renewed = explanation({
      explanation: 'Enkäten visade sämre nöjdhet',
      recordedAt: '2026-05-02T08:00:00.000Z',
      position: '42',
    });
    expect(explanationFor([onPlan, renewed], { ...Q2_2026, lineReportedAt: '41' })).toEqual({
      explained: renewed,
      earlier: null,
      earlierBecause: null,
    });
  });
});

describe('an explanation and more of its line falling due after it', () => {
  /** The fourth quarter of 2025 and the first of 2026, around 2025 falling due on 1 January. */
  const Q4_2025: ExplanationWindow = {
    since: '2025-09-30T21:59:59.999Z',
    asOf: '2025-12-31T22:59:59.999Z',
    latestPeriod: '2024',
    lastDueOn: '2025-01-01',
    lineReportedAt: null,
  };
  const Q1_2026: ExplanationWindow = {
    since: '2025-12-31T22:59:59.999Z',
    asOf: '2026-03-31T21:59:59.999Z',
    latestPeriod: '2025',
    lastDueOn: '2026-01-01',
    lineReportedAt: null,
  };
  /** Written in November about the running year, before anything of it was due. */
  const early = explanation({ period: '2025', recordedAt: '2025-11-10T09:00:00.000Z' });

  it('counts one written before the period fell due while it has not', () => {
    expect(explanationCounts(early, Q4_2025)).toBe(true);
  });

  it('does not count it once the period fell due, held back or not, by any branch', () => {
    // The period it names is the line's latest judged one.
    expect(explanationCounts(early, Q1_2026)).toBe(false);
    // Recorded within the window, too (a report covering both quarters).
    const both = { ...Q1_2026, since: Q4_2025.since };
    expect(explanationCounts(early, both)).toBe(false);
    expect(explanationFor([early], Q1_2026)).toEqual({
      explained: null,
      earlier: early,
      earlierBecause: 'fell-due-after',
    });
    // A report after it as well: that is the reason named.
    expect(explanationFor([early], { ...Q1_2026, lineReportedAt: '41' })).toMatchObject({
      earlierBecause: 'reported-after',
    });
  });

  it('counts one recorded from the Stockholm day more fell due', () => {
    // 00:30 on 1 January in Örebro, 23:30 UTC on 31 December.
    const newYear = explanation({ period: '2025', recordedAt: '2025-12-31T23:30:00.000Z' });
    expect(explanationCounts(newYear, Q1_2026)).toBe(true);
    const lastDay = explanation({ period: '2025', recordedAt: '2025-12-31T22:30:00.000Z' });
    expect(explanationCounts(lastDay, Q1_2026)).toBe(false);
    expect(explanationFor([lastDay, newYear], Q1_2026)).toEqual({
      explained: newYear,
      earlier: null,
      earlierBecause: null,
    });
  });

  it('is moved by each month a monthly promise falls due', () => {
    const monthly = { ...Q1_2026, latestPeriod: '2026', lastDueOn: '2026-03-01' };
    const inFebruary = explanation({ period: '2026', recordedAt: '2026-02-10T09:00:00.000Z' });
    expect(explanationCounts(inFebruary, { ...monthly, lastDueOn: '2026-02-01' })).toBe(true);
    expect(explanationCounts(inFebruary, monthly)).toBe(false);
    const inMarch = explanation({ period: '2026', recordedAt: '2026-03-01T09:00:00.000Z' });
    expect(explanationCounts(inMarch, monthly)).toBe(true);
  });
});

const period = (text: string, overrides: Partial<PeriodFigures> = {}): PeriodFigures => ({
  period: text,
  baselineForecast: null,
  currentForecast: null,
  actual: null,
  harvested: null,
  harvestedAhead: null,
  variance: null,
  realisationRatio: null,
  forecastDue: null,
  forecastDrift: null,
  deliveryGap: null,
  notReported: null,
  indicatorValue: null,
  ...overrides,
});

describe('the period an explanation must meet', () => {
  it('is, for a valued line, the latest period with anything due or reported', () => {
    const periods = [
      period('2024', { actual: '250000.00', forecastDue: '300000.00' }),
      // Due and not reported: held back, it still judges the line.
      period('2025', { forecastDue: '300000.00' }),
      period('2026', { currentForecast: '300000.00' }),
    ];
    expect(judgedPeriodOf({ class: 'financial', periods })).toBe('2025');
    expect(judgedPeriodOf({ class: 'redistributable', periods })).toBe('2025');
    // A report of a period not yet due is a figure the line shows as well.
    const early = [...periods.slice(0, 2), period('2026', { actual: '10000.00' })];
    expect(judgedPeriodOf({ class: 'financial', periods: early })).toBe('2026');
    expect(judgedPeriodOf({ class: 'financial', periods: [period('2024')] })).toBeNull();
  });

  it('is, for a qualitative line, the period of its latest reading', () => {
    const periods = [
      period('2024', { indicatorValue: '20' }),
      period('2025', { indicatorValue: '40' }),
      period('2026'),
    ];
    expect(judgedPeriodOf({ class: 'qualitative', periods })).toBe('2025');
    expect(judgedPeriodOf({ class: 'qualitative', periods: [period('2024')] })).toBeNull();
  });

  it('leaves a 2024 explanation uncounted once 2025 is due, reported or not', () => {
    const on2024 = explanation({ period: '2024', recordedAt: '2025-03-01T08:00:00.000Z' });
    const q1 = { since: '2025-12-31T22:59:59.999Z', asOf: '2026-03-31T21:59:59.999Z' };
    const withheld = [
      period('2024', { actual: '250000.00', forecastDue: '300000.00' }),
      period('2025', { forecastDue: '300000.00' }),
    ];
    const window = {
      ...q1,
      latestPeriod: judgedPeriodOf({ class: 'financial', periods: withheld }),
      lastDueOn: null,
      lineReportedAt: null,
    };
    expect(explanationFor([on2024], window)).toEqual({
      explained: null,
      earlier: on2024,
      earlierBecause: 'earlier-state',
    });
  });
});

/**
 * One investment's stream, as the store answers: its revision, point reads (forwards, one
 * event) and reads backwards from a revision; `read` is what the backwards read handed over.
 */
const streamOf = (events: readonly Partial<RecordedEvent>[]) => {
  const placed = events.map((e, i) => ({ ...e, revision: BigInt(i) }) as RecordedEvent);
  const read: bigint[] = [];
  const store = {
    streamRevision: async () => (placed.length > 0 ? BigInt(placed.length - 1) : undefined),
    async *readStream(_stream: string, options: ReadStreamOptions = {}) {
      const from = Number(options.from);
      if (options.direction === 'backwards') {
        for (let i = from; i >= 0; i--) {
          read.push(placed[i].position);
          yield placed[i];
        }
      } else {
        expect(options.maxCount).toBe(1);
        yield placed[from];
      }
    },
  } as unknown as EventStore;
  return { store, read };
};

const reported = (position: bigint, benefitLineId: string, type = 'EffectReported') => ({
  type,
  position,
  data: { investmentId: 'i1', benefitLineId, reportId: `r${position}` },
});
const other = (position: bigint, type = 'CostRecorded') => ({
  type,
  position,
  data: { investmentId: 'i1' },
});

/** Each benefit line asked about on its own. */
const lineReportsAfter = (
  store: EventStore,
  investmentId: string,
  after: ReadonlyMap<string, bigint>,
  upTo: bigint,
) =>
  reportsAfter(
    store,
    investmentId,
    new Map([...after].map(([id, position]) => [id, { after: position, lines: new Set([id]) }])),
    upTo,
  );

describe('finding a report of a line recorded after its explanation', () => {
  it('reads the stream back from asOf, and only to the explanation', async () => {
    const { store, read } = streamOf([
      reported(1n, 'q'),
      other(2n, 'DeviationExplained'),
      other(3n),
      reported(4n, 'save'),
      reported(5n, 'q', 'EffectReportCorrected'),
      reported(6n, 'q'),
      other(7n),
      other(8n),
    ]);
    // As of position 5: the report at 6 is not in it, nor read; the correction at 5 is.
    expect(await lineReportsAfter(store, 'i1', new Map([['q', 2n]]), 5n)).toEqual(
      new Map([['q', 5n]]),
    );
    expect(read).toEqual([5n]);
    // As of position 4: before the correction.
    read.length = 0;
    expect(await lineReportsAfter(store, 'i1', new Map([['q', 2n]]), 4n)).toEqual(new Map());
    expect(read).toEqual([4n, 3n, 2n]);
    // As of the head, and as of a moment before the stream began.
    read.length = 0;
    expect(await lineReportsAfter(store, 'i1', new Map([['q', 2n]]), 9n)).toEqual(
      new Map([['q', 6n]]),
    );
    expect(read).toEqual([8n, 7n, 6n]);
    expect(await lineReportsAfter(store, 'i1', new Map([['q', 0n]]), 0n)).toEqual(new Map());
  });

  it("finds where the stream stood at a position of another stream's event", async () => {
    // The stream's events lie at 10, 20, … 90 of the ledger; the report stands at 55.
    const { store, read } = streamOf([
      other(10n, 'DeviationExplained'),
      ...[20n, 30n, 40n, 50n, 60n, 70n, 80n, 90n].map((p) => reported(p, 'q')),
    ]);
    expect(await lineReportsAfter(store, 'i1', new Map([['q', 10n]]), 55n)).toEqual(
      new Map([['q', 50n]]),
    );
    expect(read).toEqual([50n]);
  });

  it('stops at the explanation when the line was not reported after it', async () => {
    const { store, read } = streamOf([
      reported(1n, 'q'),
      other(2n, 'DeviationExplained'),
      other(3n),
      reported(4n, 'save'),
    ]);
    expect(await lineReportsAfter(store, 'i1', new Map([['q', 2n]]), 4n)).toEqual(new Map());
    expect(read).toEqual([4n, 3n, 2n]);
  });

  it('answers for several lines in one read, each against its own explanation', async () => {
    const { store, read } = streamOf([
      other(1n, 'DeviationExplained'),
      reported(2n, 'a'),
      other(3n, 'DeviationExplained'),
      reported(4n, 'b'),
      other(5n, 'DeviationExplained'),
    ]);
    // a explained at 1 (reported at 2 after it), b at 5 (its report at 4 is before), c at 3.
    const asked = new Map([
      ['a', 1n],
      ['b', 5n],
      ['c', 3n],
    ]);
    expect(await lineReportsAfter(store, 'i1', asked, 5n)).toEqual(new Map([['a', 2n]]));
    expect(read).toEqual([5n, 4n, 3n, 2n]);
    expect(await lineReportsAfter(store, 'i1', new Map(), 5n)).toEqual(new Map());
    expect(read).toHaveLength(4);
  });

  it('answers the valued lines together, moved by a report of any of them, in the same read', async () => {
    const { store, read } = streamOf([
      other(1n, 'DeviationExplained'),
      reported(2n, 'a'),
      other(3n, 'DeviationExplained'),
      reported(4n, 'b', 'EffectReportCorrected'),
      other(5n, 'DeviationExplained'),
      other(6n),
    ]);
    // The together row explained at 3: b's correction at 4 moves it; a's report at 2 is before.
    // Line a explained at 1, so its report at 2 moves it; line b explained at 5, not moved.
    const asked = new Map([
      ['valued-lines-together', { after: 3n, lines: new Set(['a', 'b']) }],
      ['a', { after: 1n, lines: new Set(['a']) }],
      ['b', { after: 5n, lines: new Set(['b']) }],
    ]);
    expect(await reportsAfter(store, 'i1', asked, 6n)).toEqual(
      new Map([
        ['valued-lines-together', 4n],
        ['a', 2n],
      ]),
    );
    expect(read).toEqual([6n, 5n, 4n, 3n, 2n]);
  });

  it('outdates a line of the reserved id, from a case documented before, only by its own reports', async () => {
    // A qualitative line named valued-lines-together before the id was reserved keeps its own
    // row: the valued line b's report after its explanation does not outdate it; its own does.
    const legacy = {
      benefitLineId: 'valued-lines-together',
      description: 'Nöjdhet',
      class: 'qualitative',
      owner: 'lena.lind',
      status: 'deviation',
      lastDueOn: null,
      periods: [period('2026', { indicatorValue: '60' })],
    } as unknown as LineFigures;
    const b = {
      benefitLineId: 'b',
      description: 'Licenser',
      class: 'financial',
      owner: 'lena.lind',
      status: 'on-track',
      lastDueOn: null,
      periods: [period('2026', { forecastDue: '100.00', actual: '100.00' })],
    } as unknown as LineFigures;
    const explained = explanation({ position: '2' });
    const rowOf = async (events: Partial<RecordedEvent>[]) => {
      const { store } = streamOf(events);
      const rows = await deviationsOf(
        { investmentId: 'i1', title: 'I1', projectLead: 'lena.lind' } as InvestmentOutline,
        { lines: [legacy, b], status: 'deviation' },
        new Map([['valued-lines-together', [explained]]]),
        { store, since: Q2_2026.since, asOf: Q2_2026.asOf, position: 10n },
      );
      expect(rows.map((r) => r.benefitLineId)).toEqual(['valued-lines-together']);
      return rows[0];
    };
    const start = [reported(1n, 'b'), other(2n, 'DeviationExplained')];
    expect(await rowOf([...start, reported(3n, 'b')])).toMatchObject({
      explained,
      earlierBecause: null,
    });
    expect(await rowOf([...start, reported(3n, 'valued-lines-together')])).toMatchObject({
      explained: null,
      earlier: explained,
      earlierBecause: 'reported-after',
    });
  });
});
