/**
 * Ledger text on a terminal. Titles, reasons, names and decision references hold whatever a
 * client sent, and a terminal obeys control characters: "\x1b[2J" clears the screen,
 * "\x1b]0;…\x07" sets the window's title, a right-to-left override makes text read as
 * something else. So what the CLI prints for a person shows them escaped, as `\u001b`.
 *
 * Escaped: C0 but newline and tab (the lines and columns the CLI itself writes), DEL, C1
 * (U+0080–U+009F, which some terminals obey as ESC sequences too), and the bidirectional
 * embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069). JSON text stays JSON that
 * parses to the same values: JSON.stringify already escapes C0 in strings and writes no other
 * control character outside them, and `\uXXXX` is how JSON escapes the rest.
 */

/** \p{Cc} is C0, DEL and C1: all of them but newline and tab, and the bidi controls. */
const CONTROL = /[^\P{Cc}\n\t]|[\u202a-\u202e\u2066-\u2069]/gu;

const escaped = (char: string): string => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;

export const terminalText = (text: string): string => text.replace(CONTROL, escaped);

/** Where the process writes: process.stdout and process.stderr, or a test's stand-in. */
export interface OutputStream {
  readonly isTTY?: boolean;
  write(text: string): unknown;
}
