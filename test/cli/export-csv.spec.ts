/**
 * `ledger export changes --csv` is the API's change report (GET /api/audit/changes?format=csv)
 * byte for byte, for the same range and dialect: CRLF line ends as RFC 4180 (and the README)
 * say, the BOM of excel-sv. It used to end its lines with LF.
 */
import { stockholmDay } from '../../src/periods/stockholm-day';
import request from 'supertest';
import { aDocumentedInvestmentOverHttp, aReleasedFundOverHttp } from '../support/http-mothers';
import { startTestApp, TestApp } from '../support/test-app';
import { ledger } from './support/ledger-cli';

/** Each run starts a fresh Node with ts-node, seconds on a busy machine. */
const CLI_TIMEOUT_MS = 180_000;

/** The answer's body as the bytes sent. */
const bytes = (res: request.Response, callback: (error: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => callback(null, Buffer.concat(chunks)));
};

describe('ledger export changes --csv and the API’s CSV', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    const finance = () => t.as('frida.ek', 'finance');
    await aReleasedFundOverHttp(finance, { releaseDecisionRef: 'KF 2016 "första"\netappen' });
    await aDocumentedInvestmentOverHttp(t, 'e-arkiv');
    // The auditor's token is issued now, so nothing is recorded between the two exports.
    await t.as('eva.granskare', 'auditor').get('/api/funds').expect(200);
  });
  afterAll(async () => t.close());

  const api = async (query: string): Promise<Buffer> => {
    const res = await t
      .as('eva.granskare', 'auditor')
      .get(`/api/audit/changes?format=csv&${query}`)
      .buffer(true)
      .parse(bytes)
      .expect(200);
    return res.body as Buffer;
  };

  it(
    'is the same bytes, CRLF, in both dialects and for a range',
    async () => {
      const today = stockholmDay(new Date());
      const [plain, swedish] = await Promise.all([
        ledger(t.sqlitePath, 'export', 'changes', '--csv'),
        ledger(
          t.sqlitePath,
          'export',
          'changes',
          '--from',
          today,
          '--to',
          today,
          '--csv',
          '--dialect',
          'excel-sv',
        ),
      ]);
      expect(plain.code).toBe(0);
      expect(swedish.code).toBe(0);
      const apiPlain = await api('dialect=rfc4180');
      const apiSwedish = await api(`dialect=excel-sv&from=${today}&to=${today}`);
      expect(apiPlain.toString('utf8')).toMatch(/\r\n$/);
      expect(plain.stdout).toBe(apiPlain.toString('utf8'));
      expect(Buffer.from(plain.stdout, 'utf8').equals(apiPlain)).toBe(true);
      expect(swedish.stdout.startsWith('\uFEFF')).toBe(true);
      expect(Buffer.from(swedish.stdout, 'utf8').equals(apiSwedish)).toBe(true);
      // No line ends with a bare LF outside a quoted field: every record ends CRLF.
      expect(plain.stdout.split('\r\n').length).toBeGreaterThan(5);
    },
    CLI_TIMEOUT_MS,
  );
});
