/**
 * The figures depend on the day they are measured on only through the questions days.ts
 * answers (has a period ended, is a reading overdue, has a year begun), so the figures worked
 * out on one day are the figures of every day in the range measured with them: over random
 * investments and days, an investment's figures, its figures to date and its part of every
 * kind of report, worked out again on another day of the range, are the same to the öre. And
 * a figure kept with its days (lazy-views.ts derivedOnDay) is reused on a day in them, figured
 * again on a day outside, and bounds the days of a figure worked out from it.
 */
import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EVERY_DAY, endedBy, holdsOn, measuredDays } from '../../projections/figures/days';
import {
  FigureOptions,
  investmentFigures,
  toDateSummary,
} from '../../projections/figures/forecast-vs-actual.figures';
import { DEFAULT_TOLERANCES } from '../../projections/figures/indicator';
import { GroupBy, trackPart } from '../../projections/figures/report.figures';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import { Grain } from '../../src/periods/period';
import { DocumentCache, derivedOnDay, lazyViews } from '../../src/projections/lazy-views';
import { ReadModelDb } from '../../src/projections/read-model-db';
import { rebuildReadModels } from '../../src/projections/rebuild';
import { eventMaker } from '../support/recorded-events';
import { ID, START, YEARS, distinctReports, input, logOf, viewsOf } from './random-investment';

const DAY_MS = 86_400_000;

const dayOf = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** Any day from the year before the horizon to the year after it. */
const day = fc
  .integer({ min: Date.UTC(START - 1, 0, 1), max: Date.UTC(START + YEARS + 1, 11, 31) })
  .map((ms) => dayOf(ms - (ms % DAY_MS)));

/** Days near a day (within about a year either side), where a range mostly holds. */
const near = (from: string, offsets: readonly number[]): string[] =>
  offsets.map((offset) => dayOf(Date.parse(from) + offset * DAY_MS));

const offsets = fc.array(fc.integer({ min: -400, max: 400 }), { minLength: 1, maxLength: 8 });

const optionsOn = (grain: Grain, today: string): FigureOptions => ({
  grain,
  today,
  tolerances: DEFAULT_TOLERANCES,
});

describe('the days a figure holds for', () => {
  it('answer the same questions about the day, so the figures are the same on each', () => {
    let compared = 0;
    fc.assert(
      fc.property(
        input,
        day,
        offsets,
        fc.constantFrom<Grain>('year', 'quarter', 'month'),
        fc.constantFrom<GroupBy>('fund', 'tranche', 'department', 'class', 'investment'),
        (raw, first, moves, grain, groupBy) => {
          const views = viewsOf({ ...raw, reports: distinctReports(raw.reports) });
          const track = views.forecastVsActual.investments[ID];
          const figures = measuredDays(() => investmentFigures(track, optionsOn(grain, first)));
          const toDate = measuredDays(() => toDateSummary(track, optionsOn('year', first)));
          const part = measuredDays(() => trackPart(track, groupBy, optionsOn(grain, first)));
          for (const measured of [figures, toDate, part]) {
            expect(holdsOn(measured.days, first)).toBe(true);
          }
          for (const other of near(first, moves)) {
            if (holdsOn(figures.days, other)) {
              compared += 1;
              expect({
                ...investmentFigures(track, optionsOn(grain, other)),
                today: first,
              }).toEqual(figures.value);
            }
            if (holdsOn(toDate.days, other)) {
              expect(toDateSummary(track, optionsOn('year', other))).toEqual(toDate.value);
            }
            if (holdsOn(part.days, other)) {
              expect(trackPart(track, groupBy, optionsOn(grain, other))).toEqual(part.value);
            }
          }
        },
      ),
      { numRuns: 120 },
    );
    // Days in the range were found and compared, not only days outside it.
    expect(compared).toBeGreaterThan(100);
  });

  it('are narrowed by every question asked while measuring, the inner ones too', () => {
    const outer = measuredDays(() => {
      endedBy('2019-12-31', '2020-05-10');
      const inner = measuredDays(() => endedBy('2020-06-30', '2020-05-10'));
      expect(inner.days).toEqual({ after: EVERY_DAY.after, until: '2020-06-30' });
      return endedBy('2020-03-31', '2020-05-10');
    });
    expect(outer).toEqual({ value: true, days: { after: '2020-03-31', until: '2020-06-30' } });
    expect(measuredDays(() => 1).days).toEqual(EVERY_DAY);
    // Work that goes on after an await would escape the measure.
    expect(() => measuredDays(() => Promise.resolve(1))).toThrow(TypeError);
  });
});

describe('a figure kept with its days', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'figure-days-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is reused on a day it holds for, figured again on another (both kept), and bounds what uses it', async () => {
    const [raw] = fc.sample(input, { numRuns: 1, seed: 7 });
    const log = logOf({ ...raw, reports: distinctReports(raw.reports) }).all();
    const store = SqliteEventStore.open(join(dir, 'ledger.sqlite'));
    const db = ReadModelDb.open(join(dir, 'read-models.sqlite'));
    try {
      const make = eventMaker({ id: 'fia', role: 'finance' }, Date.UTC(START, 0, 1));
      for (const event of log) {
        const made = make(event.type, { ...event.data });
        await store.append(event.streamId, [made], { expectedRevision: 'any' });
      }
      await rebuildReadModels(store, db);
      const tracks = lazyViews(db, new DocumentCache(), await store.headPosition()).forecastVsActual
        .investments;
      let figured = 0;
      const figuresOn = (today: string) =>
        derivedOnDay(tracks, ID, 'figures', today, () => {
          figured += 1;
          return investmentFigures(tracks[ID], optionsOn('year', today));
        });
      const first = figuresOn(`${START}-06-15`);
      expect(figured).toBe(1);
      const [inside, outside] = [first.days.after, first.days.until].map((bound, i) =>
        dayOf(Date.parse(bound) + (i === 0 ? 2 : 1) * DAY_MS),
      );
      expect(holdsOn(first.days, inside)).toBe(true);
      expect(figuresOn(inside)).toBe(first);
      expect(figured).toBe(1);
      // Worked out from the kept figures, a figure holds for their days at most.
      const using = measuredDays(() => figuresOn(inside).value.totals.toDate.actual);
      expect(using.days).toEqual(first.days);
      expect(holdsOn(first.days, outside)).toBe(false);
      const again = figuresOn(outside);
      expect(figured).toBe(2);
      expect(again.value).toEqual(investmentFigures(tracks[ID], optionsOn('year', outside)));
      // Both ranges are kept: asking in turn about two moments figures neither again.
      expect(figuresOn(inside)).toBe(first);
      expect(figuresOn(outside)).toBe(again);
      expect(figured).toBe(2);
    } finally {
      db.close();
      await store.close();
    }
  });
});
