/** What every scenario gets: the sizes, a scratch folder, the shared generated ledger, a log. */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { GeneratedLedger } from '../ledger/generate-ledger';
import type { LedgerServiceStart } from './ledger-service';
import type { ReadModelFile } from './read-model-file';
import { BenchConfig } from './config';
import { Row } from './results';

export interface BenchContext {
  readonly config: BenchConfig;
  /** A scratch folder removed at the end of the run. */
  readonly workDir: string;
  /** The realistic ledger, generated once per run and shared by the scenarios that read it. */
  ledger(): Promise<GeneratedLedger>;
  /** That ledger's read models, rebuilt once per run into a file of their own. */
  readModels(): Promise<ReadModelFile>;
  /** The service running on a copy of that ledger, started once and stopped at the end. */
  ledgerService(): Promise<LedgerServiceStart>;
  log(message: string): void;
}

export interface Scenario {
  readonly id: string;
  readonly title: string;
  run(context: BenchContext): Promise<Row[]>;
}

/** A fresh file path in the scratch folder, with its WAL companions removed first. */
export const scratchFile = (context: BenchContext, name: string): string => {
  const path = join(context.workDir, name);
  removeDatabase(path);
  return path;
};

export const removeDatabase = (path: string): void => {
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
};
