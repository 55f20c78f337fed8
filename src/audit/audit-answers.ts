/**
 * The JSON answers of the verify and digest endpoints: bigints become decimal strings, and
 * fields that do not apply are left out rather than sent as null.
 */
import { formatDigest, LedgerDigest } from './ledger-digest';
import { DigestCheck, VerifyReport } from './ledger-verifier';

export interface DigestCheckAnswer {
  readonly digest: string;
  readonly position: string;
  readonly matches: boolean;
  readonly reason?: string;
}

export interface VerifyAnswer {
  readonly ok: boolean;
  readonly scope: string;
  readonly eventsChecked: number;
  readonly firstBrokenPosition?: string;
  readonly reason?: string;
  readonly digest?: DigestCheckAnswer;
}

export interface DigestAnswer {
  readonly position: string;
  readonly digest: string;
  readonly scope: string;
  readonly eventsChecked: number;
}

const digestCheckAnswer = (digest: LedgerDigest, check: DigestCheck): DigestCheckAnswer => ({
  digest: formatDigest(digest),
  position: check.position.toString(),
  matches: check.matches,
  ...(check.reason === undefined ? {} : { reason: check.reason }),
});

export const verifyAnswer = (report: VerifyReport, digest?: LedgerDigest): VerifyAnswer => ({
  ok: report.ok,
  scope: report.scope,
  eventsChecked: report.eventsChecked,
  ...(report.firstBrokenPosition === undefined
    ? {}
    : { firstBrokenPosition: report.firstBrokenPosition.toString() }),
  ...(report.reason === undefined ? {} : { reason: report.reason }),
  ...(digest === undefined || report.digest === undefined
    ? {}
    : { digest: digestCheckAnswer(digest, report.digest) }),
});

export const digestAnswer = (digest: LedgerDigest, eventsChecked: number): DigestAnswer => ({
  position: digest.position.toString(),
  digest: formatDigest(digest),
  scope: digest.scope,
  eventsChecked,
});
