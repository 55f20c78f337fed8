/**
 * `ledger rebuild [--force] [--json]`: folds the whole ledger from position 0 into fresh read
 * models and writes them, with their checkpoint, to LEDGER_READMODEL_PATH in one transaction.
 * The result is the same as the live projection's (same fold); use it after changing a read
 * model or when the file was lost. Progress on stderr; the summary on stdout.
 *
 * It refuses (exit 2, nothing written) a ledger file that is not there, and a read-model file
 * folded from another ledger than this one (its checkpoint names an event this ledger does not
 * hold: src/projections/rebuild.ts foldedFromThisLedger) unless told `--force`: with a wrong
 * LEDGER_SQLITE_PATH it would replace a service's read models with another ledger's, and the
 * service would answer 404 for what exists until restarted. A new or empty file, or one folded
 * from this ledger, is rebuilt as it always was.
 *
 * The hash chain is verified beside the fold (its segments in worker threads, on the other
 * cores). Read models folded from a ledger whose chain is broken are written all the same, as
 * the ledger now reads, but the command says where the chain breaks and exits 1: an auditor
 * re-deriving the figures on a copy must not take a tampered copy's figures as the ledger's.
 */
import { verifyAnswer } from '../audit/audit-answers';
import { chainScopeOf, ledgerVerifierFor } from '../audit/ledger-verifier.factory';
import { VerifyReport } from '../audit/ledger-verifier';
import { AppConfig, ConfigError, loadConfig } from '../config/config';
import { existsSync } from 'node:fs';
import { openStore } from '../infra/open-store';
import { isSqliteFileInUse } from '../infra/sqlite-in-use';
import { Checkpoint, ReadModelDb } from '../projections/read-model-db';
import { foldedFromThisLedger, rebuildReadModels, RebuildResult } from '../projections/rebuild';
import { MODEL_NAMES, READ_MODELS } from '../../projections/ledger-views';
import { CliIo, CommandGroup, EXIT_FAILED, EXIT_OK, parseCommand } from './cli';
import { requireLedgerFile } from './ledger-file';
import { progressBar } from './progress-bar';

/** Which ledger the command reads, as the configuration names it (never a URL's credentials). */
const ledgerNamed = (config: AppConfig): string =>
  config.store === 'sqlite'
    ? `LEDGER_SQLITE_PATH=${config.sqlitePath}`
    : 'the EventStoreDB ledger at EVENTSTORE_URL';

const foldedFromAnotherLedger = (config: AppConfig, checkpoint: Checkpoint): ConfigError =>
  new ConfigError([
    `LEDGER_READMODEL_PATH=${config.readModelPath} was folded from another ledger than ${ledgerNamed(config)}: ` +
      `the event its checkpoint names (position ${checkpoint.position}) is not in this ledger. ` +
      "Rebuilding would replace those read models with this ledger's, under any service that serves them. " +
      'Check both variables; to rebuild the file from this ledger anyway, run: ledger rebuild --force',
  ]);

/**
 * A rebuild holds the read-model file in one transaction from start to end (about two minutes
 * for a 1M-event ledger): a service serving that file meanwhile met `database is locked`, its
 * read models stopped, /health answered 503 and commands 503 READ_MODELS_STOPPED until the
 * rebuild was done. A service rebuilds what it needs itself when it starts.
 */
const refuseFileInUse = (config: AppConfig): void => {
  if (!existsSync(config.readModelPath) || !isSqliteFileInUse(config.readModelPath)) return;
  throw new ConfigError([
    `LEDGER_READMODEL_PATH=${config.readModelPath} is open in another process (a running service?). ` +
      "A rebuild holds the file for its whole run and would stop that service's read models until it ends. " +
      'Stop the service first, or restart it: a service rebuilds the read models it needs when it starts.',
  ]);
};

const rebuild = async (
  force: boolean,
  onProgress: (done: number, total: number) => void,
): Promise<{ result: RebuildResult; path: string; verified: VerifyReport }> => {
  const config = loadConfig();
  requireLedgerFile(config);
  refuseFileInUse(config);
  const store = await openStore(config);
  try {
    const db = ReadModelDb.open(config.readModelPath);
    try {
      const checkpoint = db.checkpoint();
      if (!force && !(await foldedFromThisLedger(store, checkpoint))) {
        throw foldedFromAnotherLedger(config, checkpoint);
      }
      const verifying = ledgerVerifierFor(chainScopeOf(config.store), store).verify();
      let result: RebuildResult;
      try {
        result = await rebuildReadModels(store, db, (p) =>
          onProgress(Number(p.position), Number(p.head)),
        );
      } catch (error) {
        // The store closes after this: the verification is done with it first.
        await verifying.catch(() => undefined);
        throw error;
      }
      return { result, path: config.readModelPath, verified: await verifying };
    } finally {
      db.close();
    }
  } finally {
    await store.close();
  }
};

const run = async (args: readonly string[], io: CliIo): Promise<number> => {
  const parsed = parseCommand(args, { force: { type: 'boolean' }, json: { type: 'boolean' } }, 0);
  const bar = progressBar('rebuilding read models');
  const started = Date.now();
  let outcome;
  try {
    outcome = await rebuild(parsed.values.force === true, bar.update);
  } finally {
    bar.finish();
  }
  const { result, path, verified } = outcome;
  const models = MODEL_NAMES.map((m) => READ_MODELS[m].name);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (parsed.values.json === true) {
    io.out(
      JSON.stringify(
        {
          models,
          events: result.events,
          position: String(result.position),
          path,
          seconds,
          verified: verifyAnswer(verified),
        },
        null,
        2,
      ),
    );
  } else {
    io.out(
      `rebuilt ${models.join(', ')} from ${result.events} events up to position ${result.position} in ${seconds} s`,
    );
    io.out(`written to ${path}`);
    if (verified.ok) io.out(`the hash chain holds (${verified.eventsChecked} events checked)`);
  }
  if (verified.ok) return EXIT_OK;
  io.err(
    `BROKEN: the ledger's hash chain breaks at position ${String(verified.firstBrokenPosition)}: ` +
      `${verified.reason ?? ''}. The read models were folded from the ledger as it now reads; ` +
      "do not take their figures as the ledger's. Run ledger verify for the whole report.",
  );
  return EXIT_FAILED;
};

export const rebuildCommand: CommandGroup = {
  name: 'rebuild',
  summary:
    'rebuild every read model from position 0 (same result as the live projection), verifying the hash chain beside it',
  usage: ['rebuild [--force] [--json]'],
  run,
};
