/**
 * `ledger digest [--position <p>]`: a digest of the ledger to keep outside the system (see
 * src/audit/ledger-digest.ts for its format). The digest alone goes to stdout, so
 * `D=$(ledger digest)` works; it is given only for a chain that verifies. Exit 1 when it does not.
 */
import { formatDigest } from '../audit/ledger-digest';
import { parsePosition } from '../audit/audit-params';
import {
  CliIo,
  CommandGroup,
  EXIT_FAILED,
  EXIT_OK,
  parseCommand,
  stringOption,
  UsageError,
} from './cli';
import { asUsage, withLedger } from './audit-context';
import { progressBar } from './progress-bar';

const run = async (args: readonly string[], io: CliIo): Promise<number> => {
  const parsed = parseCommand(args, { position: { type: 'string' } }, 0);
  const position = asUsage(() => parsePosition(stringOption(parsed, 'position'), '--position'));
  const outcome = await withLedger(async ({ verifier }) => {
    const bar = progressBar('verifying');
    try {
      return await verifier.digest({ position, onProgress: bar.listener });
    } finally {
      bar.finish();
    }
  });
  switch (outcome.kind) {
    case 'digest':
      io.err(
        `digest of the ledger up to position ${outcome.digest.position} (${outcome.eventsChecked} events verified); keep it outside the system`,
      );
      io.out(formatDigest(outcome.digest));
      return EXIT_OK;
    case 'broken':
      io.err(
        `BROKEN: the first broken link is at position ${outcome.report.firstBrokenPosition}: ${outcome.report.reason ?? ''}`,
      );
      io.err('no digest given: it would vouch for changed history');
      return EXIT_FAILED;
    case 'no-event':
      throw new UsageError(
        `--position ${outcome.position}: the ledger has no event there (its head is ${outcome.headPosition})`,
      );
    default: {
      const exhaustive: never = outcome;
      throw new Error(`unknown digest outcome ${JSON.stringify(exhaustive)}`);
    }
  }
};

export const digestCommand: CommandGroup = {
  name: 'digest',
  summary: 'a digest of the ledger at its head (or --position) to keep outside the system',
  usage: ['digest [--position <position>]'],
  run,
};
