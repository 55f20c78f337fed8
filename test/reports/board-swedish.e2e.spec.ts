/**
 * The Swedish board report is Swedish throughout, over HTTP on the worked example: its change
 * list (PDF section and XLSX sheet "Ändringar") names event types in Swedish and writes every
 * line in Swedish with money as `1 234 567,89 kr`, a correction of an effect report as old → new
 * (also when the report it corrects was recorded before the period, and for an indicator in
 * its unit); the English report keeps its English lines, and the JSON answer its English
 * summaries. The words a board could misread are plain (Nettonuvärde, Kontrollsumma), the PDF
 * shows the actual running-cost effect beside the forecast, and the XLSX writes moments as the
 * PDF does, in Stockholm time. The change report's and history's Swedish files have the
 * Swedish lines too.
 */
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { formatMoney } from '../../src/reports/board-labels';
import { FINANCIAL_LINE, LINE_OWNER, QUALITATIVE_LINE } from '../support/investment.mothers';
import { binary, startWorkedExample, WorkedExample } from './support/worked-example';
import { pdfText } from './support/pdf-text';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A sheet's rows as objects keyed by its header row. */
const records = (sheet: ExcelJS.Worksheet): Record<string, ExcelJS.CellValue>[] => {
  const header = (sheet.getRow(1).values as ExcelJS.CellValue[]).slice(1).map(String);
  const out: Record<string, ExcelJS.CellValue>[] = [];
  sheet.eachRow((row, n) => {
    if (n === 1) return;
    out.push(Object.fromEntries(header.map((h, i) => [h, row.getCell(i + 1).value])));
  });
  return out;
};

const REASON = 'Dubbelräknade licenser';
/** The period after the worked example's first quarter: the changes since 1 March 2019. */
const BOARD = '/api/reports/board?fundId=orebro&asOf=2019-03-31&since=2019-03-01';

/** The lines of the three changes recorded in March, as the Swedish report writes them. */
const SWEDISH = {
  reading: `Nytta ${QUALITATIVE_LINE} för 2018: 64,5 NKI (rapport r2)`,
  readingCorrected: `Rapport r2 (${QUALITATIVE_LINE}, 2018) rättad från 64,5 NKI till 65 NKI: Fel enkät`,
  // r1 was reported in January and corrected in February (550 000 → 600 000), both before the period.
  moneyCorrected: `Rapport r1 (${FINANCIAL_LINE}, 2018) rättad från 600 000,00 kr till 620 000,00 kr: Sen kreditfaktura`,
};
const ENGLISH = {
  reading: `Effect on ${QUALITATIVE_LINE} for 2018: 64.5 (report r2)`,
  readingCorrected: `Report r2 (${QUALITATIVE_LINE}, 2018) corrected to 65: Fel enkät`,
  moneyCorrected: `Report r1 (${FINANCIAL_LINE}, 2018) corrected to 620000.00: Sen kreditfaktura`,
};

describe('the Swedish board report', () => {
  let example: WorkedExample;
  const auditor = () => example.t.as('revisor', 'auditor');
  const get = async (path: string): Promise<Json> =>
    (await auditor().get(path).expect(200)).body as Json;
  const file = async (path: string): Promise<Buffer> => {
    const res = await auditor().get(path).buffer(true).parse(binary);
    expect(res.status).toBe(200);
    return res.body as Buffer;
  };
  const workbook = async (path: string): Promise<ExcelJS.Workbook> => {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await file(path)) as unknown as ArrayBuffer);
    return book;
  };

  beforeAll(async () => {
    example = await startWorkedExample({ correctionReason: REASON });
    const owner = () => example.t.as(LINE_OWNER, 'project-lead');
    // 11:00 in Örebro (CET).
    example.at('2019-03-10T10:00:00.000Z');
    await owner()
      .post('/api/investments/e-arkiv/effect-reports', {
        reportId: 'r2',
        benefitLineId: QUALITATIVE_LINE,
        period: '2018',
        value: '64.5',
        evidence: 'Enkät 2018',
      })
      .expect(201);
    example.at('2019-03-12T10:00:00.000Z');
    await owner()
      .post('/api/investments/e-arkiv/effect-reports/r2/corrections', {
        value: '65',
        reason: 'Fel enkät',
      })
      .expect(201);
    // 00:30 on 21 March in Örebro, still 20 March in UTC.
    example.at('2019-03-20T23:30:00.000Z');
    await owner()
      .post('/api/investments/e-arkiv/effect-reports/r1/corrections', {
        value: '620000.00',
        reason: 'Sen kreditfaktura',
      })
      .expect(201);
    example.at('2019-04-01T08:00:00.000Z');
  });
  afterAll(async () => example.t.close());

  it('keeps the JSON answer English, in whatever language it is asked for', async () => {
    for (const lang of ['', '&lang=sv', '&lang=en']) {
      const board = await get(`${BOARD}${lang}`);
      expect(board.changes.listed.map((c: Json) => [c.type, c.summary])).toEqual([
        ['EffectReported', ENGLISH.reading],
        ['EffectReportCorrected', ENGLISH.readingCorrected],
        ['EffectReportCorrected', ENGLISH.moneyCorrected],
      ]);
      expect(board.changes.listed[2].recordedAt).toBe('2019-03-20T23:30:00.000Z');
    }
  });

  it('writes the change list of the PDF in Swedish, corrections as old → new', async () => {
    const text = pdfText(await file(`${BOARD}&format=pdf`));
    const changes = text.slice(text.indexOf('Ändringar (2019-03-01 – 2019-03-31)'));
    expect(changes).toContain(`Nytta rapporterad ${LINE_OWNER} ${SWEDISH.reading}`);
    expect(changes).toContain(`Nyttorapport rättad ${LINE_OWNER} ${SWEDISH.readingCorrected}`);
    // Recorded 00:30 on 21 March in Örebro: a 21 March change.
    expect(changes).toContain(
      `2019-03-21 Nyttorapport rättad ${LINE_OWNER} ${SWEDISH.moneyCorrected}`,
    );
    expect(changes).not.toMatch(/SEK|corrected|Effect on|EffectReport/);

    const english = pdfText(await file(`${BOARD}&format=pdf&lang=en`));
    expect(english).toContain(`EffectReportCorrected ${LINE_OWNER} ${ENGLISH.moneyCorrected}`);
  });

  it('writes the change sheet of the XLSX in Swedish, moments in Stockholm time as the PDF', async () => {
    const book = await workbook(`${BOARD}&format=xlsx`);
    expect(records(book.getWorksheet('Ändringar')!)).toEqual([
      expect.objectContaining({
        Registrerad: '2019-03-10 11:00:00',
        Händelsetyp: 'Nytta rapporterad',
        Sammanfattning: SWEDISH.reading,
      }),
      expect.objectContaining({
        Händelsetyp: 'Nyttorapport rättad',
        Sammanfattning: SWEDISH.readingCorrected,
      }),
      expect.objectContaining({
        Registrerad: '2019-03-21 00:30:00',
        Händelsetyp: 'Nyttorapport rättad',
        Sammanfattning: SWEDISH.moneyCorrected,
      }),
    ]);
    // As the PDF's front page: the Stockholm day, then the instant the report closes at.
    const about = records(book.getWorksheet('Om rapporten')!);
    expect(about.find((r) => r.Uppgift === 'Per')?.['Värde']).toBe(
      '2019-03-31 (2019-03-31T21:59:59.999Z)',
    );
    expect(about.find((r) => r.Uppgift === 'Ändringar sedan')?.['Värde']).toBe(
      '2019-03-01 (2019-03-01T22:59:59.999Z)',
    );
    expect(about.find((r) => r.Uppgift === 'Kontrollsumma')?.['Värde']).toMatch(/^v1:global:/);

    const english = await workbook(`${BOARD}&format=xlsx&lang=en`);
    expect(
      records(english.getWorksheet('Changes')!).map((r) => [r['Event type'], r.Summary]),
    ).toEqual([
      ['EffectReported', ENGLISH.reading],
      ['EffectReportCorrected', ENGLISH.readingCorrected],
      ['EffectReportCorrected', ENGLISH.moneyCorrected],
    ]);
  });

  it('names the figures plainly and shows the actual running-cost effect beside the forecast', async () => {
    const board = await get(BOARD);
    const text = pdfText(await file(`${BOARD}&format=pdf`));
    expect(text).toContain(`Kontrollsumma: ${board.ledger.digest}`);
    expect(text).toContain('Nettonuvärde, prognos');
    expect(text).toContain(
      'Nettonuvärde och nytta/kostnad: den aktuella nyttokalkylens prognos över hela kalkylperioden, inte utfallet hittills.',
    );
    expect(text).toContain('Utgånget, ej tilldelat');
    expect(text).not.toMatch(/Förfallet|Nuvärde \(NPV\)|Sammanfattning \(digest\)|Dagar sen/);
    const [earkiv] = board.investments;
    const effect = earkiv.runningCostEffect;
    expect(effect.actual).not.toBeNull();
    const m = (value: string | null) => formatMoney(value, 'sv');
    expect(text).toContain(
      `${earkiv.title} (e-arkiv) ${m(effect.baseline)} ${m(effect.current)} ${m(effect.actual)}`,
    );

    const book = await workbook(`${BOARD}&format=xlsx`);
    const investments = records(book.getWorksheet('Investeringar')!);
    expect(investments[0]).toMatchObject({
      'Nettonuvärde, prognos': Number(earkiv.npv),
      'Driftkostnadseffekt, aktuell prognos': Number(effect.current),
      'Driftkostnadseffekt, utfall': Number(effect.actual),
    });
  });

  it('writes the Swedish change report and history with the Swedish lines, the plain ones in English', async () => {
    const range = 'from=2019-03-01&to=2019-03-31';
    const swedish = parse(
      (await file(`/api/audit/changes?${range}&format=csv&dialect=excel-sv`)).toString('utf8'),
      { columns: true, bom: true, delimiter: ';' },
    ) as Record<string, string>[];
    // The type stays the ledger's code, beside the data it names.
    expect(swedish.map((r) => [r['Händelsetyp'], r.Sammanfattning])).toEqual([
      ['EffectReported', SWEDISH.reading],
      ['EffectReportCorrected', SWEDISH.readingCorrected],
      ['EffectReportCorrected', SWEDISH.moneyCorrected],
    ]);
    const plain = parse((await file(`/api/audit/changes?${range}&format=csv`)).toString('utf8'), {
      columns: true,
    }) as Record<string, string>[];
    expect(plain.map((r) => r.summary)).toEqual([
      ENGLISH.reading,
      ENGLISH.readingCorrected,
      ENGLISH.moneyCorrected,
    ]);
    const sheet = (await workbook(`/api/audit/changes?${range}&format=xlsx`)).worksheets[0];
    expect(records(sheet).map((r) => r.Sammanfattning)).toEqual(
      swedish.map((r) => r.Sammanfattning),
    );
    const englishSheet = (await workbook(`/api/audit/changes?${range}&format=xlsx&lang=en`))
      .worksheets[0];
    expect(records(englishSheet).map((r) => r.summary)).toEqual(plain.map((r) => r.summary));

    const history = parse(
      (await file(`/api/investments/e-arkiv/history?format=csv&dialect=excel-sv`)).toString('utf8'),
      { columns: true, bom: true, delimiter: ';' },
    ) as Record<string, string>[];
    const lines = history.map((r) => r.Sammanfattning);
    expect(lines).toEqual(
      expect.arrayContaining([
        SWEDISH.readingCorrected,
        SWEDISH.moneyCorrected,
        `Rapport r1 (${FINANCIAL_LINE}, 2018) rättad från 550 000,00 kr till 600 000,00 kr: ${REASON}`,
        'Kostnad på 1 500 000,00 kr 2017-05-30 (Faktura 17-0412)',
      ]),
    );
    expect(lines.join('\n')).not.toMatch(/SEK/);
  });
});
