/**
 * `ledger verify [--digest <d>] [--read-models] [--json]`: recomputes every link of the hash
 * chain and, with a digest, proves the history up to its position is unchanged. With
 * `--read-models` it also folds the ledger afresh up to the read-model file's checkpoint and
 * compares the file with it row by row (src/projections/read-model-check.ts): the figures every
 * answer reads come from that file, which the chain does not cover. Exit 0 when it all holds,
 * 1 when a link is broken, the digest does not match or the read models differ from the
 * ledger's, 2 for a bad command line or a read-model file that cannot be compared.
 */
import { verifyAnswer } from '../audit/audit-answers';
import { DIGEST_FORMAT_TEXT, LedgerDigest, parseDigest } from '../audit/ledger-digest';
import { VerifyReport } from '../audit/ledger-verifier';
import {
  CliIo,
  CommandGroup,
  EXIT_FAILED,
  EXIT_OK,
  EXIT_USAGE,
  parseCommand,
  stringOption,
  UsageError,
} from './cli';
import { withLedger } from './audit-context';
import { progressBar } from './progress-bar';
import {
  checkReadModelFile,
  ReadModelCheck,
  ReadModelComparison,
  ReadModelDifference,
} from '../projections/read-model-check';

const parseDigestOption = (text: string | undefined): LedgerDigest | undefined => {
  if (text === undefined) return undefined;
  const digest = parseDigest(text);
  if (!digest) throw new UsageError(`--digest ${DIGEST_FORMAT_TEXT}`);
  return digest;
};

const describe = (report: VerifyReport): string[] => {
  const lines =
    report.firstBrokenPosition === undefined
      ? [
          `ok: every link of the ${report.scope} chain holds (${report.eventsChecked} events checked)`,
        ]
      : [
          `BROKEN: the first broken link is at position ${report.firstBrokenPosition}: ${report.reason ?? ''}`,
        ];
  const digest = report.digest;
  if (digest?.matches === true)
    lines.push(`digest matches: the history up to position ${digest.position} is unchanged`);
  if (digest?.matches === false)
    lines.push(`DIGEST MISMATCH at position ${digest.position}: ${digest.reason ?? ''}`);
  return lines;
};

/** A difference in the read models, in one line for a person. */
const differenceLine = (d: ReadModelDifference): string => {
  const where =
    d.field === undefined
      ? 'the document itself'
      : d.key === undefined
        ? `field ${d.field}`
        : `field ${d.field}, ${d.key}`;
  return `  ${d.model} ${d.collection}/${d.documentId}, ${where}, from position ${d.position}: the file holds ${d.served}; the ledger folds to ${d.folded}`;
};

const describeReadModels = (check: ReadModelCheck, path: string): string[] => {
  switch (check.kind) {
    case 'compared': {
      const c = check.comparison;
      if (c.ok) {
        return [
          `read models: ${path} holds what the ledger folds to up to position ${c.position} (${c.documents} documents, ${c.rows} rows compared)`,
        ];
      }
      const more = c.differing - c.differences.length;
      return [
        `READ MODELS DIFFER from what the ledger folds to up to position ${c.position}: ${c.differing} of ${c.documents} documents in ${path}; do not take its figures as the ledger's (ledger rebuild writes them afresh)`,
        ...c.differences.map(differenceLine),
        ...(more > 0 ? [`  … and ${more} more`] : []),
      ];
    }
    case 'another-ledger':
      return [
        `READ MODELS of another ledger: ${path} was folded from a ledger that does not hold the event its checkpoint names (position ${check.position})`,
      ];
    case 'another-version':
      return [
        `read models not compared: ${path} was written by another version of the read models (a service of this version rebuilds it at start, or run ledger rebuild)`,
      ];
    case 'no-file':
      return [`read models not compared: there is no read-model file at ${path}`];
    default: {
      const unknown: never = check;
      throw new Error(`unknown read-model check ${JSON.stringify(unknown)}`);
    }
  }
};

const comparisonAnswer = (c: ReadModelComparison): Record<string, unknown> => ({
  ok: c.ok,
  position: String(c.position),
  documents: c.documents,
  rows: c.rows,
  differing: c.differing,
  differences: c.differences.map((d) => ({ ...d, position: String(d.position) })),
});

const readModelsAnswer = (check: ReadModelCheck, path: string): Record<string, unknown> =>
  check.kind === 'compared'
    ? { path, ...comparisonAnswer(check.comparison) }
    : {
        path,
        ok: false,
        ...(check.kind === 'another-ledger'
          ? { anotherLedger: true, position: String(check.position) }
          : { compared: false, reason: describeReadModels(check, path)[0] }),
      };

/** Exit code of the read models' part: a file that cannot be compared is the configuration's. */
const readModelsExit = (check: ReadModelCheck): number =>
  check.kind === 'compared'
    ? check.comparison.ok
      ? EXIT_OK
      : EXIT_FAILED
    : check.kind === 'another-ledger'
      ? EXIT_FAILED
      : EXIT_USAGE;

const run = async (args: readonly string[], io: CliIo): Promise<number> => {
  const parsed = parseCommand(
    args,
    { digest: { type: 'string' }, 'read-models': { type: 'boolean' }, json: { type: 'boolean' } },
    0,
  );
  const digest = parseDigestOption(stringOption(parsed, 'digest'));
  const withReadModels = parsed.values['read-models'] === true;
  const { report, readModels, path } = await withLedger(async ({ config, verifier, store }) => {
    if (digest !== undefined && digest.scope !== verifier.scope) {
      throw new UsageError(
        `--digest was taken of a ledger with a ${digest.scope} chain; this one keeps a ${verifier.scope} chain`,
      );
    }
    if (!withReadModels) {
      const bar = progressBar('verifying');
      try {
        return {
          report: await verifier.verify({ digest, onProgress: bar.listener }),
          readModels: undefined,
          path: config.readModelPath,
        };
      } finally {
        bar.finish();
      }
    }
    // The chain in worker threads beside the fold, as ledger rebuild does; one bar, the fold's.
    const verifying = verifier.verify({ digest });
    const bar = progressBar('folding the ledger to compare the read models');
    let checked: ReadModelCheck;
    try {
      checked = await checkReadModelFile(store, config.readModelPath, (p) =>
        bar.update(Number(p.position), Number(p.head)),
      );
    } catch (error) {
      await verifying.catch(() => undefined);
      throw error;
    } finally {
      bar.finish();
    }
    return { report: await verifying, readModels: checked, path: config.readModelPath };
  });
  if (parsed.values.json === true) {
    io.out(
      JSON.stringify(
        {
          ...verifyAnswer(report, digest),
          ...(readModels === undefined ? {} : { readModels: readModelsAnswer(readModels, path) }),
        },
        null,
        2,
      ),
    );
  } else {
    describe(report).forEach((line) => io.out(line));
    if (readModels !== undefined) describeReadModels(readModels, path).forEach((l) => io.out(l));
  }
  const chainExit = report.ok ? EXIT_OK : EXIT_FAILED;
  if (readModels === undefined) return chainExit;
  // A failed check says more than a file that could not be compared.
  const exits = [chainExit, readModelsExit(readModels)];
  return exits.includes(EXIT_FAILED) ? EXIT_FAILED : Math.max(...exits);
};

export const verifyCommand: CommandGroup = {
  name: 'verify',
  summary:
    'recompute every link of the hash chain; with --digest, prove the history up to it is unchanged; with --read-models, compare the read models with a fresh fold of the ledger',
  usage: ['verify [--digest <digest>] [--read-models] [--json]'],
  run,
};
