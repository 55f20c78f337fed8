/**
 * `ledger verify [--digest <d>] [--json]`: recomputes every link of the hash chain and, with a
 * digest, proves the history up to its position is unchanged. Exit 0 when it all holds,
 * 1 when a link is broken or the digest does not match, 2 for a bad command line.
 */
import { verifyAnswer } from '../audit/audit-answers';
import { DIGEST_FORMAT_TEXT, LedgerDigest, parseDigest } from '../audit/ledger-digest';
import { VerifyReport } from '../audit/ledger-verifier';
import {
  CliIo,
  CommandGroup,
  EXIT_FAILED,
  EXIT_OK,
  parseCommand,
  stringOption,
  UsageError,
} from './cli';
import { withLedger } from './audit-context';
import { progressBar } from './progress-bar';

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

const run = async (args: readonly string[], io: CliIo): Promise<number> => {
  const parsed = parseCommand(args, { digest: { type: 'string' }, json: { type: 'boolean' } }, 0);
  const digest = parseDigestOption(stringOption(parsed, 'digest'));
  const report = await withLedger(async ({ verifier }) => {
    if (digest !== undefined && digest.scope !== verifier.scope) {
      throw new UsageError(
        `--digest was taken of a ledger with a ${digest.scope} chain; this one keeps a ${verifier.scope} chain`,
      );
    }
    const bar = progressBar('verifying');
    try {
      return await verifier.verify({ digest, onProgress: bar.listener });
    } finally {
      bar.finish();
    }
  });
  if (parsed.values.json === true) io.out(JSON.stringify(verifyAnswer(report, digest), null, 2));
  else describe(report).forEach((line) => io.out(line));
  return report.ok ? EXIT_OK : EXIT_FAILED;
};

export const verifyCommand: CommandGroup = {
  name: 'verify',
  summary:
    'recompute every link of the hash chain; with --digest, prove the history up to it is unchanged',
  usage: ['verify [--digest <digest>] [--json]'],
  run,
};
