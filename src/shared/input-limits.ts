/** What client-chosen ids and free text may be: checked at the HTTP edge and by the services behind it. */

/** Client-chosen ids: kebab or uuid. */
export const ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,63}$/;
export const ID_MESSAGE =
  'must be 1–64 characters of a-z, 0-9 and "-", starting with a letter or digit';

/** User ids (e.g. "anna.berg", "k12345"): letters, digits and . _ @ - ; case is kept. */
export const USER_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,127}$/;
export const USER_ID_MESSAGE =
  'must be 1–128 characters of letters, digits and . _ @ -, starting with a letter or digit';

/** Limits on free text so no field can carry megabytes. */
export const MAX_REF_LENGTH = 200;
export const MAX_TEXT_LENGTH = 4000;
export const MAX_NAME_LENGTH = 300;
