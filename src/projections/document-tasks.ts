/**
 * What a worker thread works out from one document version (document-workers.ts): one union,
 * so the service and its workers agree on every kind of work, and each kind names every option
 * its answer depends on. A task's answer is what the service works out in its own thread for
 * the same document and options, with the same function: the workers only do it elsewhere.
 */
import { BenefitTrack } from '../../projections/forecast-vs-actual.projection';
import { FigureOptions } from '../../projections/figures/forecast-vs-actual.figures';
import { GroupBy, TrackPart, trackPart } from '../../projections/figures/report.figures';
import { Doc } from './cells';
import { CollectionRef } from './read-model-db';

export type DocumentTask = {
  /** An investment's part of the fund report by `groupBy` (report.figures.ts trackPart). */
  readonly kind: 'report-part';
  readonly groupBy: GroupBy;
  readonly options: FigureOptions;
};

/** The answer of each kind of task. */
export interface TaskAnswers {
  readonly 'report-part': TrackPart;
}

/** The collection whose documents each kind of task reads. */
export const TASK_COLLECTION: Readonly<Record<DocumentTask['kind'], CollectionRef>> = {
  'report-part': { model: 'forecastVsActual', collection: 'investments' },
};

/** The answer of `task` for one document: what the service's own thread works out for it. */
export const workOut = (task: DocumentTask, doc: Doc): TaskAnswers[DocumentTask['kind']] => {
  switch (task.kind) {
    case 'report-part':
      return trackPart(doc as unknown as BenefitTrack, task.groupBy, task.options);
    default: {
      const exhaustive: never = task.kind;
      throw new Error(`unknown document task ${String(exhaustive)}`);
    }
  }
};
