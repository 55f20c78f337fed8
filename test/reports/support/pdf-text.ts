/** The text of a PDF the service wrote, for the specs that read it (pdf-parse in a child process, see pdf-text.mjs). */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/** The PDF's text as pdf-parse gives it, line breaks and all. */
export const pdfRawText = (pdf: Buffer): string =>
  execFileSync(process.execPath, [join(__dirname, 'pdf-text.mjs')], {
    input: pdf,
    maxBuffer: 64 * 1024 * 1024,
  }).toString('utf8');

/** The PDF's text, whitespace runs made one space. */
export const pdfText = (pdf: Buffer): string => pdfRawText(pdf).replace(/\s+/g, ' ');
