/**
 * What every GET of ledger state reads: the read models now — once they include every
 * command this instance has answered (a bounded wait; read-model-waiter.ts), and, when the
 * client names one, `minPosition` (a write made through another instance) — or exactly as
 * of a past moment,
 * with the day that "to date" and "overdue" are measured against — the service clock's, or
 * the as-of moment's. Never the system clock inside the figures.
 */
import { parseLedgerMoment, requireNotAfterToday } from '../periods/moment';
import { stockholmDay } from '../periods/stockholm-day';
import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { AppConfig } from '../config/config';
import { invalidInput, problem, ProblemException } from '../shared/problem';
import { APP_CONFIG, Clock, CLOCK, LOGGER } from '../infra/tokens';
import { Grain } from '../periods/period';
import { LedgerViews } from '../../projections/ledger-views';
import { holdsOn, knownOr, OnDay } from '../../projections/figures/days';
import { FigureOptions } from '../../projections/figures/forecast-vs-actual.figures';
import { Tolerances } from '../../projections/figures/indicator';
import { FollowUpPart } from '../../projections/figures/follow-up.figures';
import { PartOf } from '../../projections/figures/parts';
import { AS_OF_RETRY_AFTER_SECONDS, AsOfBusyError, AsOfReader } from './as-of-reader';
import { DocumentTask, TASK_KINDS, TaskAnswers, TaskKind } from './document-tasks';
import { DocumentWorkers } from './document-workers';
import {
  derivedOf,
  derivedQuestion,
  filePositionOf,
  keepsDerived,
  keptDerived,
  versionSeen,
} from './lazy-views';
import { COLLECTIONS } from './read-model-db';
import { ProjectionRunner } from './projection-runner';

/** How long a GET with minPosition waits for the read models before answering 503. */
export const MIN_POSITION_WAIT_MS = 2_000;
const MIN_POSITION_RETRY_AFTER_SECONDS = 1;
const POSITION = /^(0|[1-9][0-9]{0,18})$/;

export interface ReadQuery {
  readonly asOf?: string;
  /**
   * The ledger right after the event at this position: exact where `asOf` cannot be, since
   * several events may share one recorded instant. Not together with `asOf`.
   */
  readonly asOfPosition?: string;
  readonly minPosition?: string;
  /**
   * With `asOf`: the position `asOf` resolved to when an earlier part of the same answer was
   * read, so every part reads the same events. Resolved again, an event stamped before `asOf`
   * whose commit landed in between would reach the later parts only. Never from a request (a
   * query string is no bigint).
   */
  readonly resolvedPosition?: bigint;
}

export interface ReadModelsAt {
  readonly views: LedgerViews;
  /** The last ledger position the views include. */
  readonly position: bigint;
  /** The as-of instant (ISO, UTC), or null for the live read models. */
  readonly asOf: string | null;
  /**
   * The day "to date" runs up to, YYYY-MM-DD: the Stockholm day of the as-of moment (or of now),
   * for every figure alike. The UTC date made the investment figures a day behind the fund's
   * for an hour each night (two in summer): a year just ended was not yet due on them.
   */
  readonly today: string;
}

/** What an answer says it was read at: its asOf (null: now) and the ledger position read. */
export interface Answered {
  readonly asOf: string | null;
  readonly position: string;
}

const NONE: ReadonlyMap<string, never> = new Map<string, never>();

export const answeredAt = (at: ReadModelsAt): Answered => ({
  asOf: at.asOf,
  position: String(at.position),
});

export const parseMinPosition = (value: unknown, name = 'minPosition'): bigint | undefined => {
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string' || !POSITION.test(value)) {
    throw invalidInput([
      { path: name, message: 'must be a ledger position: a whole number such as 42' },
    ]);
  }
  return BigInt(value);
};

const single = (name: string, value: unknown): string | undefined => {
  if (value === undefined || typeof value === 'string') return value;
  throw invalidInput([{ path: name, message: 'must be given once' }]);
};

@Injectable()
export class ReadModels {
  constructor(
    private readonly runner: ProjectionRunner,
    private readonly asOfReader: AsOfReader,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly workers: DocumentWorkers,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async at(query: ReadQuery): Promise<ReadModelsAt> {
    // Every figure's "today" is the Stockholm day of asOf: a bare date ends that Stockholm day,
    // and a moment must fall on a day that can be named (1900-01-01 to 9999-12-31). After 9999-12-31T22:59:59.999Z the day was 10000-01-01, which compares
    // below every four-digit day, and lapsed money showed as expected.
    // And no later than today (the service clock's Stockholm day): the ledger knows nothing
    // after now, so a later day's figures would count every period up to it as due, unmet.
    const asOf = requireNotAfterToday(
      parseLedgerMoment(single('asOf', query.asOf), 'asOf'),
      this.clock(),
      'asOf',
    );
    const minPosition = parseMinPosition(single('minPosition', query.minPosition));
    const asOfPosition = parseMinPosition(
      single('asOfPosition', query.asOfPosition),
      'asOfPosition',
    );
    if (asOfPosition !== undefined) return this.afterEvent(asOfPosition, asOf);
    if (asOf !== undefined) {
      const position = query.resolvedPosition ?? (await this.asOfReader.positionAt(asOf));
      const views = await this.pastViews(position);
      return { views, position, asOf, today: stockholmDay(asOf) };
    }
    if (minPosition !== undefined) await this.reach(minPosition);
    const { views, position } = await this.runner.afterAcknowledged();
    return { views, position, asOf: null, today: stockholmDay(this.clock()) };
  }

  /**
   * Waits (bounded) until the live read models include `position`. A position past the
   * ledger's last event (the store's head, which is authoritative) is not one they will reach
   * by waiting: a 404 at once, as asOfPosition answers it, not a 503 inviting retries.
   */
  private async reach(position: bigint): Promise<void> {
    if (this.runner.current().position >= position) return;
    const head = await this.asOfReader.headPosition();
    if (position > head) {
      throw new ProblemException(
        problem(
          404,
          'POSITION_NOT_FOUND',
          `The ledger has no event at position ${position}: its last position is ${head}.`,
          { lastPosition: String(head) },
        ),
      );
    }
    if (!(await this.runner.waitFor(position, MIN_POSITION_WAIT_MS))) {
      throw new ProblemException(
        problem(
          503,
          'READ_MODEL_BEHIND',
          `The read models have not reached position ${position} yet; retry shortly.`,
          {
            position: String(this.runner.current().position),
            retryAfterSeconds: MIN_POSITION_RETRY_AFTER_SECONDS,
          },
        ),
      );
    }
  }

  /** The views right after the event at `position`; "today" is the day it was recorded. */
  private async afterEvent(position: bigint, asOf: string | undefined): Promise<ReadModelsAt> {
    if (asOf !== undefined) {
      throw invalidInput([
        { path: 'asOfPosition', message: 'must not be given together with asOf' },
      ]);
    }
    const recordedAt = await this.asOfReader.recordedAtOf(position);
    if (recordedAt === undefined) {
      throw new ProblemException(
        problem(404, 'POSITION_NOT_FOUND', `The ledger has no event at position ${position}.`),
      );
    }
    const views = await this.pastViews(position);
    return { views, position, asOf: recordedAt, today: stockholmDay(recordedAt) };
  }

  /** The views at a past position; past the fold bound a 503 the client retries. */
  private async pastViews(position: bigint): Promise<LedgerViews> {
    // A file another ledger's service rebuilt serves no moment either (refuseForeignFile).
    this.runner.requireOwnFile();
    try {
      return await this.asOfReader.viewsAt(position, this.runner.current());
    } catch (error) {
      if (!(error instanceof AsOfBusyError)) throw error;
      throw new ProblemException(
        problem(
          503,
          'AS_OF_BUSY',
          `${error.limit} reads of other past moments are being computed; retry in ${AS_OF_RETRY_AFTER_SECONDS} s.`,
          { retryAfterSeconds: AS_OF_RETRY_AFTER_SECONDS },
        ),
      );
    }
  }

  figureOptions(at: ReadModelsAt, grain: Grain): FigureOptions {
    return { grain, today: at.today, tolerances: this.tolerances };
  }

  /** The tolerances a status is judged by (the service's configuration, not the ledger's). */
  get tolerances(): Tolerances {
    return {
      onTrackPct: this.config.indicatorOnTrackPct,
      watchPct: this.config.indicatorWatchPct,
    };
  }

  /**
   * `task` worked out in worker threads for the documents of its collection at `at` (those of
   * `ids`, or every one) that have nothing kept under `question` for `at`'s day, with the days
   * each answer holds for; the versions they were worked out from are told to the collection,
   * so a caller keeping them under `question` (derivedOnDay with those days, or derivedOf)
   * keeps them as its own work. Empty when the work would not pay for the hand-over
   * (DocumentWorkers.partsFor), when the views are not read from the file (folded past the
   * checkpoint), or when a worker fails: the caller then works in its own thread as it always
   * did, and the answer is the same. `question` is the one the caller keeps the answers under.
   */
  async workedOut<K extends TaskKind>(
    at: ReadModelsAt,
    task: DocumentTask & { readonly kind: K },
    question: string,
    ids?: readonly string[],
  ): Promise<ReadonlyMap<string, OnDay<TaskAnswers[K]>>> {
    const { collection: ref, dayRanged } = TASK_KINDS[task.kind];
    const collection = (at.views[ref.model] as unknown as Record<string, object>)[ref.collection];
    // Only where every document is read from the file at that position: not a fold's fork (a
    // moment past the checkpoint, whose changed documents the file does not hold).
    const position = filePositionOf(collection);
    if (position === undefined) return NONE;
    const isKept = (id: string): boolean =>
      dayRanged
        ? (keptDerived(collection, id, question) as readonly OnDay<unknown>[] | undefined)?.some(
            (onDay) => holdsOn(onDay.days, at.today),
          ) === true
        : keepsDerived(collection, id, question);
    const wanted = (ids ?? Object.keys(collection)).filter((id) => !isKept(id));
    const parts = this.workers.partsFor(wanted.length);
    if (parts === 0) return NONE;
    const coll = COLLECTIONS.findIndex(
      (c) => c.model === ref.model && c.collection === ref.collection,
    );
    // What the runner had committed when the workers were asked: they read no older file.
    const committed = this.runner.current().position;
    let answers;
    try {
      answers = await this.workers.workOut(coll, position, wanted, task, parts);
    } catch (error) {
      // Stopping, the service ends what it was asked anyway: nothing to warn of.
      if (!this.workers.isStopped) {
        this.logger.warn(
          { err: error, task: task.kind, documents: wanted.length },
          'worker threads failed: the work is done in the service thread',
        );
      }
      return NONE;
    }
    // Nothing written since they were asked: a version they read open is still the current one.
    const nothingWrittenSince = this.runner.current().position === committed;
    const out = new Map<string, OnDay<TaskAnswers[K]>>();
    for (const { id, version, value, days } of answers) {
      // A version not known (read without its bounds) is not told: what is worked out from it
      // is then used, not kept.
      if (version !== undefined) versionSeen(collection, id, version, nothingWrittenSince);
      out.set(id, { value: value as TaskAnswers[K], days });
    }
    return out;
  }

  get followUpGraceDays(): number {
    return this.config.followUpGraceDays;
  }

  /**
   * Each investment's part of the follow-up at `at` (the report's lists, the list's overdue
   * count), kept with its entry's version (DocumentCache.derive): one piece of work per entry
   * for both.
   */
  followUpParts(
    at: ReadModelsAt,
    workedOut: ReadonlyMap<string, OnDay<FollowUpPart | undefined>> = NONE,
  ): PartOf<FollowUpPart> {
    const entries = at.views.followUp.investments;
    const question = this.followUpQuestion(at);
    return (id, compute) =>
      derivedOf(
        entries,
        id,
        question,
        () => knownOr(workedOut.get(id), compute),
        (part) => (part === undefined ? 0 : part.overdue.length + part.waived.length),
      );
  }

  /**
   * The follow-up parts of the investments `ids` (every one when not given) that nothing is
   * kept for at `at`, worked out in worker threads when there are many (workedOut): for
   * followUpParts.
   */
  followUpPartsWorkedOut(
    at: ReadModelsAt,
    ids?: readonly string[],
  ): Promise<ReadonlyMap<string, OnDay<FollowUpPart | undefined>>> {
    return this.workedOut(
      at,
      { kind: 'follow-up-part', today: at.today, graceDays: this.followUpGraceDays },
      this.followUpQuestion(at),
      ids,
    );
  }

  private followUpQuestion(at: ReadModelsAt): string {
    return derivedQuestion('follow-up', at.today, this.followUpGraceDays);
  }
}
