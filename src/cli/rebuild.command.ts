/**
 * `ledger rebuild [--json]`: folds the whole ledger from position 0 into fresh read models
 * and writes them, with their checkpoint, to LEDGER_READMODEL_PATH in one transaction. The
 * result is the same as the live projection's (same fold); use it after changing a read
 * model or when the file was lost. Progress on stderr; the summary on stdout.
 */
import { loadConfig } from '../config/config';
import { openStore } from '../infra/open-store';
import { ReadModelDb } from '../projections/read-model-db';
import { rebuildReadModels, RebuildResult } from '../projections/rebuild';
import { MODEL_NAMES, READ_MODELS } from '../../projections/ledger-views';
import { CliIo, CommandGroup, EXIT_OK, parseCommand } from './cli';
import { progressBar } from './progress-bar';

const rebuild = async (
  onProgress: (done: number, total: number) => void,
): Promise<{ result: RebuildResult; path: string }> => {
  const config = loadConfig();
  const store = await openStore(config);
  const db = ReadModelDb.open(config.readModelPath);
  try {
    const result = await rebuildReadModels(store, db, (p) =>
      onProgress(Number(p.position), Number(p.head)),
    );
    return { result, path: config.readModelPath };
  } finally {
    db.close();
    await store.close();
  }
};

const run = async (args: readonly string[], io: CliIo): Promise<number> => {
  const parsed = parseCommand(args, { json: { type: 'boolean' } }, 0);
  const bar = progressBar('rebuilding read models');
  const started = Date.now();
  let outcome;
  try {
    outcome = await rebuild(bar.update);
  } finally {
    bar.finish();
  }
  const { result, path } = outcome;
  const models = MODEL_NAMES.map((m) => READ_MODELS[m].name);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (parsed.values.json === true) {
    io.out(
      JSON.stringify(
        { models, events: result.events, position: String(result.position), path, seconds },
        null,
        2,
      ),
    );
  } else {
    io.out(
      `rebuilt ${models.join(', ')} from ${result.events} events up to position ${result.position} in ${seconds} s`,
    );
    io.out(`written to ${path}`);
  }
  return EXIT_OK;
};

export const rebuildCommand: CommandGroup = {
  name: 'rebuild',
  summary: 'rebuild every read model from position 0 (same result as the live projection)',
  usage: ['rebuild [--json]'],
  run,
};
