/**
 * The board PDF writes the ledger's names in their own letters. With pdfkit's built-in
 * Helvetica (Windows-1252 only) a Sámi or Polish name came out as other Latin-1 letters, the
 * board's evidence misspelled with nothing to show it. Where the system has DejaVu Sans it is
 * embedded; where it has not, a letter Helvetica cannot draw is written as "?".
 */
import { existsSync } from 'node:fs';
import { cp1252Text, pdfFonts } from '../../src/reports/board-pdf';
import { startTestApp, TestApp } from '../support/test-app';
import { binary } from './support/worked-example';
import { pdfRawText as pdfText } from './support/pdf-text';

const NAME = 'Sámediggi Čoahkkin – Łódź';

describe('letters in the board PDF', () => {
  it('writes what Helvetica cannot draw as "?", never as another letter', () => {
    expect(cp1252Text(`${NAME}\r\n€ “x” Ÿ`)).toBe('Sámediggi ?oahkkin – ?ód?\n€ “x” Ÿ');
    expect(cp1252Text('Ärende åäö ÉÈ ß')).toBe('Ärende åäö ÉÈ ß');
  });

  it('embeds DejaVu Sans where the system has it, and falls back to Helvetica', () => {
    const missing = { regular: '/nonexistent/a.ttf', bold: '/nonexistent/b.ttf' };
    expect(pdfFonts(missing)).toMatchObject({ regular: 'Helvetica', bold: 'Helvetica-Bold' });
    expect(pdfFonts(missing).show(NAME)).toBe(cp1252Text(NAME));
    const system = pdfFonts();
    if (existsSync('/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf')) {
      expect(system.regular).toMatch(/DejaVuSans\.ttf$/);
      expect(system.show(NAME)).toBe(NAME);
    }
  });

  describe('over HTTP', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp();
      await t
        .as('fia', 'finance')
        .post('/api/funds', {
          fundId: 'sapmi',
          name: NAME,
          currency: 'SEK',
          decisionRef: 'Ks 1',
          tranches: [{ trancheId: 't1', name: 'Dálvi', amount: '1000.00' }],
        })
        .expect(201);
    });
    afterAll(async () => t.close());

    it('shows the fund’s name as recorded', async () => {
      const res = await t
        .as('eva', 'auditor')
        .get('/api/reports/board?fundId=sapmi&format=pdf')
        .buffer(true)
        .parse(binary);
      expect(res.status).toBe(200);
      const text = pdfText(res.body as Buffer);
      expect(text).toContain(pdfFonts().show(NAME));
      expect(text).toContain('Dálvi');
    });
  });
});
