/**
 * Long words in the board PDF: pdfkit breaks a word wider than its cell letter by letter and
 * measures the rest again each time, so one 4,000-letter reason without spaces (within the
 * ledger's text limit) held the service's thread for seconds per report. The PDF's texts get a
 * soft hyphen in every run longer than MAX_UNBROKEN_RUN, in both fonts, and nothing else
 * changes: ids, amounts and the ledger's digest are shorter than that.
 */
import { breakableWords, MAX_UNBROKEN_RUN, pdfFonts } from '../../src/reports/board-pdf';

const SOFT_HYPHEN = '\u00AD';
const letters = (n: number): string =>
  Array.from({ length: n }, (_, i) => String.fromCharCode(97 + ((i * 7) % 26))).join('');

describe('long words in the board PDF', () => {
  it('gives a run longer than the limit a break opportunity at least every 48 characters, and keeps its letters', () => {
    const text = `Skäl: ${letters(4000)} och ${'å'.repeat(100)}.`;
    const shown = breakableWords(text);
    expect(shown.split(SOFT_HYPHEN).join('')).toBe(text);
    for (const word of shown.split(/\s/u)) {
      for (const part of word.split(SOFT_HYPHEN)) {
        expect(Array.from(part).length).toBeLessThanOrEqual(MAX_UNBROKEN_RUN);
      }
    }
    expect(shown.split(SOFT_HYPHEN).length).toBeGreaterThan(4000 / 48);
  });

  it('leaves every run up to the limit as it is: ids, amounts, the digest an auditor copies, ordinary words', () => {
    const id = 'a'.repeat(64);
    const digest = `v1:global:999999999999:${'5da95d36'.repeat(8)}`;
    const text = `${id} 1 000 000 000 000,00 kr Örebro kommun ${digest} ${'b'.repeat(MAX_UNBROKEN_RUN)}`;
    expect(breakableWords(text)).toBe(text);
  });

  it('is applied by both fonts the report can be drawn in', () => {
    const word = letters(200);
    const unicode = pdfFonts();
    const helvetica = pdfFonts({ regular: '/nonexistent.ttf', bold: '/nonexistent.ttf' });
    expect(helvetica.regular).toBe('Helvetica');
    for (const fonts of [unicode, helvetica]) {
      expect(fonts.show(word)).toContain(SOFT_HYPHEN);
      expect(fonts.show(word).split(SOFT_HYPHEN).join('')).toBe(word);
    }
  });
});
