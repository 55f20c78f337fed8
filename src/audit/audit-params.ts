/**
 * Query parameters of the audit endpoints, checked into a 400 problem that names them
 * (format, dialect and lang are the reports' own, in reports/query-params.ts).
 */
import { invalidInput } from '../shared/problem';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './change-report';
import { DIGEST_FORMAT_TEXT, LedgerDigest, parseDigest } from './ledger-digest';

/** The largest position either store can hold (a signed 64-bit integer). */
export const MAX_POSITION = 9223372036854775807n;
const POSITION = /^(0|[1-9][0-9]{0,18})$/;
const WHOLE_NUMBER = /^[1-9][0-9]{0,6}$/;

export const parsePosition = (value: string | undefined, name: string): bigint | undefined => {
  if (value === undefined || value === '') return undefined;
  if (!POSITION.test(value) || BigInt(value) > MAX_POSITION) {
    throw invalidInput([{ path: name, message: 'must be a position: a whole number from 0' }]);
  }
  return BigInt(value);
};

export interface PageSizes {
  /** When the caller names none. */
  readonly size: number;
  readonly max: number;
}

const CHANGE_PAGE_SIZES: PageSizes = { size: DEFAULT_PAGE_SIZE, max: MAX_PAGE_SIZE };

export const parseLimit = (
  value: string | undefined,
  name = 'limit',
  sizes: PageSizes = CHANGE_PAGE_SIZES,
): number => {
  if (value === undefined || value === '') return sizes.size;
  if (!WHOLE_NUMBER.test(value) || Number(value) > sizes.max) {
    throw invalidInput([{ path: name, message: `must be a whole number from 1 to ${sizes.max}` }]);
  }
  return Number(value);
};

export const parseDigestParam = (value: string | undefined): LedgerDigest | undefined => {
  if (value === undefined) return undefined;
  const digest = parseDigest(value);
  if (!digest) throw invalidInput([{ path: 'digest', message: DIGEST_FORMAT_TEXT }]);
  return digest;
};
