/**
 * A worker thread kept by document-workers.ts: it answers shares of questions, a task
 * (document-tasks.ts) worked out from some documents of the read-model file as they stood
 * right after one position, on a read-only connection of its own. Each answer goes back with
 * the days it holds for and the bounds of the version it was worked out from, so the service
 * keeps it as its own.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { measuredDays } from '../../projections/figures/days';
import { answerOf } from './document-tasks';
import {
  ANSWERS_PER_MESSAGE,
  DocumentJob,
  DocumentWorkerData,
  DocumentWorkMessage,
  WorkedOut,
} from './document-workers';
import { ReadModelDb } from './read-model-db';
import { failureOf } from '../infra/worker-thread';

const post = (message: DocumentWorkMessage): void => parentPort?.postMessage(message);

let db: ReadModelDb | undefined;

/** Answers `job`, ANSWERS_PER_MESSAGE at a time: what it has sent it no longer holds. */
const answer = ({ job, coll, position, ids, task }: DocumentJob): void => {
  db ??= ReadModelDb.openReader((workerData as DocumentWorkerData).path);
  const reader = db;
  let answers: WorkedOut[] = [];
  for (const id of ids) {
    const { value: answer, days } = measuredDays(() => answerOf(reader, coll, id, position, task));
    // None then: the service answers for it as it always does.
    if (answer !== undefined)
      answers.push({ id, version: answer.version, value: answer.value, days });
    if (answers.length === ANSWERS_PER_MESSAGE) {
      post({ kind: 'some', job, answers });
      answers = [];
    }
  }
  post({ kind: 'done', job, answers });
};

parentPort?.on('message', (job: DocumentJob) => {
  try {
    answer(job);
  } catch (error) {
    post({ kind: 'failed', job: job.job, ...failureOf(error) });
  }
});
