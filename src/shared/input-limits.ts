/** What client-chosen ids and free text may be: checked at the HTTP edge and by the services behind it. */

/**
 * The names every JavaScript object answers to ("constructor", "toString", …). The read models
 * key their maps by ids, so an id of one of these names read a function where a fund, an
 * investment or a cost should be: the projection stopped on its event for good (and with it
 * every read after it) and the service could not start. The reads now take only own entries
 * (own-entry.ts); no client-chosen id may be one of them all the same, so nothing new depends
 * on every such read being found. Of them only "constructor" is kebab case.
 */
export const RESERVED_NAMES: readonly string[] = Object.getOwnPropertyNames(Object.prototype)
  .filter((name) => /^[A-Za-z0-9]/.test(name))
  .sort();

/** The shape of a client-chosen id: kebab or uuid. */
export const ID_SHAPE = /^[a-z0-9][a-z0-9-]{0,63}$/;

/** The reserved names an id of that shape could spell: only "constructor". */
export const RESERVED_IDS: readonly string[] = RESERVED_NAMES.filter((name) => ID_SHAPE.test(name));

/** Client-chosen ids: of the shape, and none of the reserved names. */
export const ID_PATTERN = new RegExp(
  `^(?!(?:${RESERVED_IDS.join('|')})$)${ID_SHAPE.source.slice(1)}`,
);

/**
 * How the OpenAPI document describes an id: the shape as a pattern and the reserved names as
 * `not: { enum }`. A look-ahead in the pattern is ECMA-262, as OpenAPI specifies, but the
 * validators and generated clients built on RE2 (Go, and many others) refuse to compile it.
 */
export const ID_SCHEMA: { readonly pattern: string; readonly not: { enum: string[] } } = {
  pattern: ID_SHAPE.source,
  not: { enum: [...RESERVED_IDS] },
};
export const ID_MESSAGE =
  'must be 1–64 characters of a-z, 0-9 and "-", starting with a letter or digit, and not "constructor"';

/**
 * User ids (e.g. "anna.berg", "k12345"): letters, digits and . _ @ - ; case is kept. The user
 * register and everything keyed by a user id are Maps, so these take any name: a user an
 * earlier build registered as "toString" stays one an administrator can manage.
 */
export const USER_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,127}$/;
export const USER_ID_MESSAGE =
  'must be 1–128 characters of letters, digits and . _ @ -, starting with a letter or digit';

/** Limits on free text so no field can carry megabytes. */
export const MAX_REF_LENGTH = 200;
export const MAX_TEXT_LENGTH = 4000;
export const MAX_NAME_LENGTH = 300;

/**
 * The control characters free text refuses: C0 but tab, line feed and carriage return (which
 * a pasted paragraph or table holds), DEL, and C1 (U+0080–U+009F): \p{Cc} is those three
 * ranges. A person typing a title or a reason enters none of them; they come from a script,
 * a bad copy or a mis-decoded file (C1 mostly from Windows-1252 read as Latin-1), and a
 * terminal obeys them: ESC and U+009B begin the sequences that erase the lines above, retitle
 * the window or write to the clipboard, BEL rings. Bidirectional marks stay allowed: they
 * belong to names written right to left (the CLI shows the overrides escaped). Only new text
 * is refused: events already recorded are read and exported as they are, and the CLI shows
 * their control characters escaped. Checked at the HTTP edge (validation.ts IsFreeText) and
 * by the benefit case's own reader for the texts inside a case.
 */
const FREE_TEXT_CONTROL = /(?![\t\n\r])\p{Cc}/u;

export const CONTROL_CHARACTERS_MESSAGE =
  'must not hold control characters; tab, line feed and carriage return are allowed';

const codePoint = (char: string): string =>
  `U+${char.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;

/** What is wrong with a free text's characters, naming the first control found; undefined if nothing. */
export const controlCharacterProblem = (text: string): string | undefined => {
  const found = FREE_TEXT_CONTROL.exec(text);
  return found === null
    ? undefined
    : `must not hold control characters (${codePoint(found[0])} at offset ${found.index}); tab, line feed and carriage return are allowed`;
};
