/**
 * Checks every JSON body before validation sees it, without recursion (a hostile body may
 * nest a hundred thousand levels, and a recursive walk would die of it with a 500):
 * - nesting deeper than any command needs is refused (400 BODY_TOO_DEEP);
 * - a list longer or an object wider than any command has is refused (400 VALIDATION_FAILED)
 *   before class-transformer and class-validator copy and check it element by element: a
 *   megabyte of zeros in a list would otherwise become half a million objects and problems;
 * - a key named like a member of Object.prototype ("constructor", "hasOwnProperty", …) or
 *   "prototype" is refused as the unknown field it is: the DTO layer drops or misreads such
 *   keys (its whitelist looks fields up in a plain object), so the command would otherwise be
 *   accepted with them;
 * - a text (a value or a key) that is not well-formed Unicode is refused (400 VALIDATION_FAILED
 *   naming it): a lone half of a surrogate pair (`"\ud800"` in the JSON; UTF-8 cannot carry one,
 *   so no typed text holds it) or U+FFFE/U+FFFF (not characters). The ledger would keep the
 *   escape, but every file written from it (CSV, XLSX, PDF) shows U+FFFD in its place, or is not
 *   valid XML: the export would say something else than the record.
 */
import type { FastifyInstance } from 'fastify';
import { invalidInput, Problem, problem } from '../shared/problem';
import { sendProblem } from './problem.filter';

/** The deepest command body (a benefit case's forecast entries) is 5 levels; far more is an attack. */
export const MAX_BODY_DEPTH = 32;
/** The longest list a command has is a benefit line's forecast (600 months); DTOs and the benefit case set the exact limits. */
export const MAX_BODY_ARRAY_ITEMS = 1_000;
/** The widest command object has about a dozen fields. */
export const MAX_BODY_OBJECT_KEYS = 100;

const PROTOTYPE_KEYS: ReadonlySet<string> = new Set([
  ...Object.getOwnPropertyNames(Object.prototype),
  'prototype',
]);

/** A lone surrogate half, or one of the two code points XML (an XLSX) cannot hold. */
const ILL_FORMED_TEXT = /\p{Cs}|[\uFFFE\uFFFF]/u;

/** Where `text` is not well-formed (the UTF-16 offset of the first such unit), or undefined. */
export const illFormedAt = (text: string): number | undefined => {
  const found = ILL_FORMED_TEXT.exec(text);
  return found === null ? undefined : found.index;
};

type BodyIssue =
  | { readonly kind: 'too-deep'; readonly path: string }
  | { readonly kind: 'ill-formed-text'; readonly path: string; readonly offset: number }
  | { readonly kind: 'too-long'; readonly path: string }
  | { readonly kind: 'too-wide'; readonly path: string }
  | { readonly kind: 'prototype-key'; readonly path: string };

/** The path of a member in `errors`: `a.b`, `a[0]`, as validation writes it. */
export const childPath = (parent: string, key: string, inArray: boolean): string =>
  inArray ? `${parent}[${key}]` : parent === '' ? key : `${parent}.${key}`;

/** The first issue found walking the body breadth-first, or undefined. */
export const bodyIssue = (body: unknown): BodyIssue | undefined => {
  let level: { value: unknown; path: string }[] = [{ value: body, path: '' }];
  for (let depth = 0; level.length > 0; depth++) {
    if (depth > MAX_BODY_DEPTH) return { kind: 'too-deep', path: level[0].path };
    const next: { value: unknown; path: string }[] = [];
    for (const { value, path } of level) {
      if (typeof value === 'string') {
        const offset = illFormedAt(value);
        if (offset !== undefined) return { kind: 'ill-formed-text', path, offset };
        continue;
      }
      if (typeof value !== 'object' || value === null) continue;
      const inArray = Array.isArray(value);
      if (inArray && value.length > MAX_BODY_ARRAY_ITEMS) return { kind: 'too-long', path };
      const entries = Object.entries(value);
      if (!inArray && entries.length > MAX_BODY_OBJECT_KEYS) return { kind: 'too-wide', path };
      for (const [key, child] of entries) {
        const at = childPath(path, key, inArray);
        if (!inArray && PROTOTYPE_KEYS.has(key)) return { kind: 'prototype-key', path: at };
        const keyOffset = inArray ? undefined : illFormedAt(key);
        if (keyOffset !== undefined)
          return { kind: 'ill-formed-text', path: at, offset: keyOffset };
        next.push({ value: child, path: at });
      }
    }
    level = next;
  }
  return undefined;
};

export const guardBodies = (fastify: FastifyInstance): void => {
  fastify.addHook('preValidation', (request, reply, done) => {
    const issue = bodyIssue(request.body);
    if (issue === undefined) {
      done();
      return;
    }
    sendProblem(reply, issueProblem(issue));
  });
};

const issueProblem = (issue: BodyIssue): Problem => {
  const at = issue.path === '' ? 'body' : issue.path;
  switch (issue.kind) {
    case 'too-deep':
      return problem(400, 'BODY_TOO_DEEP', `The body nests deeper than ${MAX_BODY_DEPTH} levels.`, {
        errors: [{ path: issue.path, message: `nested deeper than ${MAX_BODY_DEPTH} levels` }],
      });
    case 'too-long':
      return invalidInput([
        { path: at, message: `must have at most ${MAX_BODY_ARRAY_ITEMS} items` },
      ]).problem;
    case 'too-wide':
      return invalidInput([
        { path: at, message: `must have at most ${MAX_BODY_OBJECT_KEYS} fields` },
      ]).problem;
    case 'prototype-key':
      return invalidInput([{ path: issue.path, message: 'is not a known field' }]).problem;
    case 'ill-formed-text':
      return invalidInput([
        {
          path: at,
          message: `must be well-formed Unicode text: a lone surrogate half or U+FFFE/U+FFFF at offset ${issue.offset}`,
        },
      ]).problem;
    default: {
      const unknownIssue: never = issue;
      throw new Error(`unknown body issue ${JSON.stringify(unknownIssue)}`);
    }
  }
};
