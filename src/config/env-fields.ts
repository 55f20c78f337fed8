/**
 * Building blocks of the environment schema (zod): one schema per kind of variable. A bad
 * value becomes an issue whose message names the variable, the value and what is allowed,
 * and the variable still yields its default, so the rules that relate variables (a headers
 * timeout within the request timeout, ...) are checked too and every problem is reported at
 * once.
 */
import { z } from 'zod';

export type Env = Readonly<Record<string, string | undefined>>;

/** Zod's context in a transform or refinement, where an issue is recorded. */
export type IssueSink = { issues: z.core.$ZodRawIssue[] };

export const refuse = (ctx: IssueSink, message: string, input?: unknown): void => {
  ctx.issues.push({ code: 'custom', message, input });
};

/** Cross-variable rules run even when a variable was refused (it then counts as its default). */
export const ALWAYS = { when: (): boolean => true } as const;

/** A variable as set; unset and empty are the same. */
export const rawVar = z
  .string()
  .optional()
  .transform((raw) => (raw === '' ? undefined : raw));

/** A variable without its surrounding spaces; unset, empty and blank are the same. */
export const trimmedVar = z
  .string()
  .optional()
  .transform((raw) => {
    const trimmed = raw?.trim();
    return trimmed === undefined || trimmed === '' ? undefined : trimmed;
  });

const WHOLE_NUMBER = /^[0-9]+$/;

const wholeNumberIn = (
  name: string,
  min: number,
  max: number,
  raw: string | undefined,
  ctx: IssueSink,
): number | undefined => {
  if (raw === undefined) return undefined;
  if (!WHOLE_NUMBER.test(raw) || Number(raw) < min || Number(raw) > max) {
    refuse(
      ctx,
      `${name}=${JSON.stringify(raw)}: must be a whole number from ${min} to ${max}`,
      raw,
    );
    return undefined;
  }
  return Number(raw);
};

/** A whole number from min to max, or undefined when unset (or refused). */
export const optionalWholeNumber = (
  name: string,
  min: number,
  max: number,
): z.ZodType<number | undefined, string | undefined> =>
  rawVar.transform((raw, ctx) => wholeNumberIn(name, min, max, raw, ctx));

/**
 * A whole number from min to max, the fallback when unset (or refused). One transform, not
 * two: zod stops a chain of transforms at the first issue, and the rules between variables
 * need the fallback.
 */
export const wholeNumber = (
  name: string,
  fallback: number,
  min: number,
  max: number,
): z.ZodType<number, string | undefined> =>
  rawVar.transform((raw, ctx) => wholeNumberIn(name, min, max, raw, ctx) ?? fallback);

/** One of a fixed list, the fallback when unset (or refused). */
export const oneOf = <T extends string>(
  name: string,
  allowed: readonly T[],
  fallback: T,
  text: typeof rawVar = rawVar,
): z.ZodType<T, string | undefined> =>
  text.transform((raw, ctx): T => {
    if (raw === undefined) return fallback;
    if (!(allowed as readonly string[]).includes(raw)) {
      refuse(ctx, `${name}=${JSON.stringify(raw)}: must be one of ${allowed.join(', ')}`, raw);
      return fallback;
    }
    return raw as T;
  });

const LOOPBACK_HOSTS: readonly string[] = ['localhost', '127.0.0.1', '[::1]'];

/** https, or plain http on loopback only (tests, a developer's machine, a local proxy). */
export const isHttpsOrLoopback = (url: URL): boolean =>
  url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTS.includes(url.hostname));

/** `a, b,,c` → [a, b, c]. */
export const commaList = (raw: string | undefined): string[] =>
  raw === undefined
    ? []
    : raw
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item !== '');

/** Runs a schema on the same environment and copies its issues into this parse. */
export const checkWith = <T>(schema: z.ZodType<T>, env: unknown, ctx: IssueSink): void => {
  const result = schema.safeParse(env);
  if (!result.success) for (const issue of result.error.issues) refuse(ctx, issue.message);
};
