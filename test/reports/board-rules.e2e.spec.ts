/**
 * A board report says which rules its figures were read by. The tolerances a status is judged
 * by and the grace before a report is overdue are the service's settings, not the ledger's:
 * the same moment read under other settings gives other statuses and overdue lists over the
 * same digest. So the JSON answer, the XLSX and the PDF state them, with the read models'
 * versions and the code that figured them, and two reports of one moment that differ show why.
 */
import ExcelJS from 'exceljs';
import { modelSignature } from '../../projections/ledger-views';
import { runningCodeDigest } from '../../src/infra/code-identity';
import { binary, startWorkedExample, WorkedExample } from './support/worked-example';
import { pdfText } from './support/pdf-text';

const BOARD = '/api/reports/board?fundId=orebro&asOf=2019-03-31';

describe('the rules a board report was read by', () => {
  let standard: WorkedExample;
  let strict: WorkedExample;

  beforeAll(async () => {
    standard = await startWorkedExample();
    strict = await startWorkedExample(
      {},
      {
        LEDGER_INDICATOR_ON_TRACK_PCT: '2',
        LEDGER_INDICATOR_WATCH_PCT: '3',
        LEDGER_FOLLOW_UP_GRACE_DAYS: '10',
      },
    );
    for (const example of [standard, strict]) example.at('2019-04-01T08:00:00.000Z');
  });
  afterAll(async () => {
    await standard.t.close();
    await strict.t.close();
  });

  const auditor = (example: WorkedExample) => example.t.as('revisor', 'auditor');
  const file = async (example: WorkedExample, path: string): Promise<Buffer> => {
    const res = await auditor(example).get(path).buffer(true).parse(binary);
    expect(res.status).toBe(200);
    return res.body as Buffer;
  };

  it('are in the JSON answer: the settings in force and the read models', async () => {
    const a = (await auditor(standard).get(BOARD).expect(200)).body;
    const b = (await auditor(strict).get(BOARD).expect(200)).body;
    expect(a.rules).toEqual({
      onTrackPct: 10,
      watchPct: 20,
      followUpGraceDays: 45,
      readModels: modelSignature(),
      code: await runningCodeDigest(),
    });
    expect(a.rules.code).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(b.rules).toMatchObject({ onTrackPct: 2, watchPct: 3, followUpGraceDays: 10 });
    // The same code, whatever the settings.
    expect(b.rules.code).toBe(a.rules.code);
  });

  it('are on the XLSX sheet about the report and on the PDF, in the report language', async () => {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await file(strict, `${BOARD}&format=xlsx`)) as unknown as ArrayBuffer);
    const about: string[] = [];
    book.getWorksheet('Om rapporten')!.eachRow((row) => about.push(String(row.getCell(2).value)));
    expect(about).toContain(
      'I fas när högst 2 procentenheter under plan (prognos eller målbana), bevakas vid högst 3',
    );
    expect(about).toContain('En effektrapport är försenad 10 dagar efter periodens slut');
    expect(about).toContain(`Läsmodeller: ${modelSignature()}`);
    expect(about).toContain(`Programkod: ${await runningCodeDigest()}`);

    const pdf = pdfText(await file(strict, `${BOARD}&format=pdf&lang=en`));
    expect(pdf).toContain(
      'On track when at most 2 percentage points short of plan (forecast or target path), watch at most 3',
    );
    expect(pdf).toContain('An effect report is overdue 10 days after its period ends');
    expect(pdf).toContain('Code: sha256:');
  });
});
