/**
 * What a worker thread works out from one document version (document-workers.ts): one union,
 * so the service and its workers agree on every kind of work, and each kind names every option
 * its answer depends on. A task's answer is what the service works out in its own thread for
 * the same document and options, read the same way and worked out with the same function: the
 * workers only do it elsewhere.
 */
import { BenefitTrack } from '../../projections/forecast-vs-actual.projection';
import { FollowUpEntry } from '../../projections/follow-up.projection';
import { FollowUpPart, followUpPart } from '../../projections/figures/follow-up.figures';
import {
  FigureOptions,
  InvestmentFigures,
  ToDateSummary,
  investmentFigures,
  toDateSummary,
} from '../../projections/figures/forecast-vs-actual.figures';
import { measuredDays, noteDays, OnDay } from '../../projections/figures/days';
import { GroupBy, TrackPart, trackPart } from '../../projections/figures/report.figures';
import { Outline } from './lazy-views';
import { Doc } from './cells';
import { CollectionRef, ReadModelDb } from './read-model-db';

export type DocumentTask =
  /** An investment's part of the fund report by `groupBy` (report.figures.ts trackPart). */
  | {
      readonly kind: 'report-part';
      readonly groupBy: GroupBy;
      readonly options: FigureOptions;
    }
  /**
   * An investment's figures (its page's, trackFigures) and, made from them, its part of the
   * fund report by `groupBy`: what the board report wants of every investment its fund paid for.
   */
  | {
      readonly kind: 'figures-and-part';
      readonly groupBy: GroupBy;
      readonly options: FigureOptions;
    }
  /** An investment's figures to date (the list's; forecast-vs-actual.figures.ts toDateSummary). */
  | { readonly kind: 'to-date'; readonly options: FigureOptions }
  /** An investment's part of the follow-up (its overdue reports and waivers). */
  | { readonly kind: 'follow-up-part'; readonly today: string; readonly graceDays: number }
  /** An investment's summary without the lists named, and their sizes (lazy-views.ts outlineOf). */
  | { readonly kind: 'outline'; readonly counted: readonly string[] }
  /**
   * An investment's summary without the lists named, their cells not even visited
   * (lazy-views.ts documentWithout): read so, its version's bounds are not known.
   */
  | { readonly kind: 'without'; readonly leftOut: readonly string[] };

/** An investment's figures as its page gives them, less when they were read. */
export type TrackFigures = InvestmentFigures & {
  readonly title: string;
  readonly department: string;
};

/** The figures of an investment's track at the options' grain and day. */
export const trackFigures = (track: BenefitTrack, options: FigureOptions): TrackFigures => ({
  title: track.title,
  department: track.department,
  ...investmentFigures(track, options),
});

export type TaskKind = DocumentTask['kind'];

/** The answer of each kind of task. */
export interface TaskAnswers {
  readonly 'report-part': TrackPart;
  readonly 'figures-and-part': {
    readonly figures: OnDay<TrackFigures>;
    readonly part: OnDay<TrackPart>;
  };
  readonly 'to-date': ToDateSummary;
  readonly 'follow-up-part': FollowUpPart | undefined;
  readonly outline: Outline;
  readonly without: Doc;
}

interface TaskKindSpec {
  /** The collection whose documents it reads. */
  readonly collection: CollectionRef;
  /**
   * Kept with the days it holds for (lazy-views.ts derivedOnDay), or for its document version
   * alone (derivedOf): its question then names the day, if the answer depends on it.
   */
  readonly dayRanged: boolean;
}

const TRACKS: CollectionRef = { model: 'forecastVsActual', collection: 'investments' };
const SUMMARIES: CollectionRef = { model: 'investmentSummary', collection: 'investments' };

export const TASK_KINDS: Readonly<Record<TaskKind, TaskKindSpec>> = {
  'report-part': { collection: TRACKS, dayRanged: true },
  'figures-and-part': { collection: TRACKS, dayRanged: true },
  'to-date': { collection: TRACKS, dayRanged: true },
  'follow-up-part': {
    collection: { model: 'followUp', collection: 'investments' },
    dayRanged: false,
  },
  outline: { collection: SUMMARIES, dayRanged: false },
  without: { collection: SUMMARIES, dayRanged: false },
};

/**
 * A task's answer for one document version, with the positions the version held between when
 * the read tells them.
 */
export interface VersionAnswer {
  readonly value: unknown;
  readonly version?: { readonly from: bigint; readonly to: bigint };
}

/**
 * The answer of `task` for document `id` of collection `coll` as it stood right after
 * `position`, read from `db` as the service reads it for the same question; undefined when
 * there was no such document then.
 */
export const answerOf = (
  db: ReadModelDb,
  coll: number,
  id: string,
  position: bigint,
  task: DocumentTask,
): VersionAnswer | undefined => {
  if (task.kind === 'outline') {
    const outline = db.outlineAt(coll, id, position, task.counted);
    return (
      outline && {
        value: { doc: outline.doc, counts: outline.counts },
        version: { from: outline.from, to: outline.to },
      }
    );
  }
  if (task.kind === 'without') {
    const doc = db.documentWithoutAt(coll, id, position, task.leftOut);
    return doc && { value: doc };
  }
  const version = db.documentAt(coll, id, position);
  if (version === undefined) return undefined;
  const { doc } = version;
  const bounds = { from: version.from, to: version.to };
  switch (task.kind) {
    case 'report-part':
      return {
        value: trackPart(doc as unknown as BenefitTrack, task.groupBy, task.options),
        version: bounds,
      };
    case 'figures-and-part': {
      const track = doc as unknown as BenefitTrack;
      const figures = measuredDays(() => trackFigures(track, task.options));
      const part = measuredDays(() => {
        // Made from the figures: it holds only where they do.
        noteDays(figures.days);
        return trackPart(track, task.groupBy, task.options, figures.value);
      });
      return { value: { figures, part }, version: bounds };
    }
    case 'to-date':
      return {
        value: toDateSummary(doc as unknown as BenefitTrack, task.options),
        version: bounds,
      };
    case 'follow-up-part':
      return {
        value: followUpPart(doc as unknown as FollowUpEntry, task.today, task.graceDays),
        version: bounds,
      };
    default: {
      const exhaustive: never = task;
      throw new Error(`unknown document task ${JSON.stringify(exhaustive)}`);
    }
  }
};
