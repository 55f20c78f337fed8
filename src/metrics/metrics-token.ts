/**
 * The optional /metrics token, compared in constant time: both sides are hashed first, so
 * the comparison takes as long whatever the length or the first differing byte of a guess.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

const BEARER = /^Bearer (\S+)$/i;

const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

export const metricsTokenMatches = (header: string | undefined, expected: string): boolean => {
  const sent = header === undefined ? undefined : BEARER.exec(header)?.[1];
  // A missing credential is compared too, so its answer takes no less time.
  const same = timingSafeEqual(digest(sent ?? ''), digest(expected));
  return sent !== undefined && same;
};
