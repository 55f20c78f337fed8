/**
 * Waived follow-up in the board report, over HTTP on the worked example. Finance waives an
 * overdue effect report: the overdue list no longer shows it, so the board report lists every
 * waiver recorded up to its asOf (investment, line, period, reason, who and when) and counts
 * them per investment (`waivedReports` beside `overdueReports`), in every later report and
 * not only in the quarter of the waiver; a waiver recorded after asOf is not listed. The same
 * list as GET /api/reports/follow-up's `waived`, in JSON, the XLSX (sheet "Efterskänkta
 * nyttorapporter") and the PDF, in Swedish and English.
 */
import ExcelJS from 'exceljs';
import { LINE_OWNER, OTHER_OWNER, QUALITATIVE_LINE } from '../support/investment.mothers';
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

const TIME_LINE = 'time-freed';
const FIRST = {
  benefitLineId: TIME_LINE,
  period: '2018',
  reason: 'Tidrapporteringen infördes först 2019',
};
/** 12:00 in Örebro (summer time). */
const FIRST_AT = '2019-04-02T10:00:00.000Z';
const SECOND = {
  benefitLineId: QUALITATIVE_LINE,
  period: '2017',
  reason: 'Ingen enkät gjordes 2017',
};
/** 00:30 on 20 May in Örebro, still 19 May in UTC. */
const SECOND_AT = '2019-05-19T22:30:00.000Z';

const BOARD = '/api/reports/board?fundId=orebro';
/** Before the first waiver (the end of 1 April in Örebro). */
const BEFORE = `${BOARD}&asOf=2019-04-01`;
/** After the first waiver, before the second. */
const BETWEEN = `${BOARD}&asOf=2019-04-30`;
/** The next quarter's report: its changes are those after 30 June, after both waivers. */
const NEXT_QUARTER = `${BOARD}&asOf=2019-07-05&since=2019-06-30`;

const firstWaiver = {
  investmentId: 'e-arkiv',
  title: 'Investment e-arkiv',
  benefitLineId: TIME_LINE,
  description: 'Frigjord handläggartid för diarieföring',
  owner: OTHER_OWNER,
  period: '2018',
  reason: FIRST.reason,
  waivedBy: 'fia',
  waivedAt: FIRST_AT,
};
const secondWaiver = {
  investmentId: 'e-arkiv',
  title: 'Investment e-arkiv',
  benefitLineId: QUALITATIVE_LINE,
  description: 'Nöjdare medborgare vid begäran om allmän handling',
  owner: LINE_OWNER,
  period: '2017',
  reason: SECOND.reason,
  waivedBy: 'fia',
  waivedAt: SECOND_AT,
};

const overdueLines = (board: Json): string[] =>
  board.overdue.map((o: Json) => `${o.benefitLineId} ${o.period}`);

describe('waived follow-up in the board report', () => {
  let example: WorkedExample;
  /** The report read just before the first waiver, as the board would have had it then. */
  let before: Json;
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
  /** The PDF's text from a section's heading up to the next heading named. */
  const section = (text: string, heading: string, next: string): string => {
    const start = text.indexOf(heading);
    expect(start).toBeGreaterThanOrEqual(0);
    const end = text.indexOf(next, start);
    expect(end).toBeGreaterThan(start);
    return text.slice(start, end);
  };

  beforeAll(async () => {
    example = await startWorkedExample();
    const finance = () => example.t.as('fia', 'finance');
    example.at('2019-04-01T10:00:00.000Z');
    before = await get(BOARD);
    example.at(FIRST_AT);
    await finance().post('/api/investments/e-arkiv/obligation-waivers', FIRST).expect(201);
    example.at(SECOND_AT);
    await finance().post('/api/investments/e-arkiv/obligation-waivers', SECOND).expect(201);
    example.at('2019-07-10T08:00:00.000Z');
  });
  afterAll(async () => example.t.close());

  it('lists the waiver the overdue list no longer shows, with its reason, who and when', async () => {
    // The probe's sequence: one report overdue for time-freed 2018, then finance waives it.
    expect(before.investments[0]).toMatchObject({ overdueReports: 3, waivedReports: 0 });
    expect(overdueLines(before)).toContain(`${TIME_LINE} 2018`);
    expect(before.waived).toEqual([]);

    const after = await get(BETWEEN);
    expect(after.investments[0]).toMatchObject({ overdueReports: 2, waivedReports: 1 });
    expect(overdueLines(after)).not.toContain(`${TIME_LINE} 2018`);
    expect(after.waived).toEqual([firstWaiver]);
  });

  it('keeps listing every waiver in later reports, not only in the quarter of the waiver', async () => {
    const board = await get(NEXT_QUARTER);
    expect(board.changes.total).toBe(0);
    expect(board.investments[0]).toMatchObject({ overdueReports: 1, waivedReports: 2 });
    expect(board.waived).toEqual([firstWaiver, secondWaiver]);
    // Today's report (since: the end of the last quarter) too.
    expect((await get(BOARD)).waived).toEqual([firstWaiver, secondWaiver]);
  });

  it('is as of asOf: a waiver recorded later is not listed, as in the follow-up report', async () => {
    const early = await get(BEFORE);
    expect(early.waived).toEqual([]);
    expect(early.investments[0].waivedReports).toBe(0);
    expect(overdueLines(early)).toContain(`${TIME_LINE} 2018`);

    const between = await get(BETWEEN);
    expect(between.waived).toEqual([firstWaiver]);
    // The list is the follow-up report's at the same moment.
    const followUp = await get(
      `/api/reports/follow-up?asOf=${encodeURIComponent(between.asOf as string)}`,
    );
    expect(between.waived.map(({ description: _d, ...w }: Json) => w)).toEqual(followUp.waived);
  });

  it('has a sheet of the waivers in the XLSX, Swedish and English', async () => {
    const book = await workbook(`${NEXT_QUARTER}&format=xlsx`);
    expect(records(book.getWorksheet('Efterskänkta nyttorapporter')!)).toEqual([
      {
        Investering: 'e-arkiv',
        Benämning: 'Investment e-arkiv',
        Nytta: TIME_LINE,
        Beskrivning: firstWaiver.description,
        Ansvarig: OTHER_OWNER,
        Period: '2018',
        Motivering: FIRST.reason,
        'Efterskänkt av': 'fia',
        Efterskänkt: '2019-04-02 12:00:00',
      },
      expect.objectContaining({
        Nytta: QUALITATIVE_LINE,
        Period: '2017',
        Motivering: SECOND.reason,
        'Efterskänkt av': 'fia',
        Efterskänkt: '2019-05-20 00:30:00',
      }),
    ]);
    const investments = records(book.getWorksheet('Investeringar')!);
    expect(investments[0]).toMatchObject({
      'Försenade rapporter': 1,
      'Efterskänkta rapporter': 2,
    });

    const english = await workbook(`${NEXT_QUARTER}&format=xlsx&lang=en`);
    expect(
      records(english.getWorksheet('Waived effect reports')!).map((r) => [
        r['Benefit line'],
        r.Period,
        r.Reason,
        r['Waived by'],
        r.Waived,
      ]),
    ).toEqual([
      [TIME_LINE, '2018', FIRST.reason, 'fia', '2019-04-02 12:00:00'],
      [QUALITATIVE_LINE, '2017', SECOND.reason, 'fia', '2019-05-20 00:30:00'],
    ]);
    expect(records(english.getWorksheet('Investments')!)[0]).toMatchObject({
      'Waived reports': 2,
    });

    const early = await workbook(`${BEFORE}&format=xlsx`);
    expect(records(early.getWorksheet('Efterskänkta nyttorapporter')!)).toEqual([]);
  });

  it('has a section of the waivers in the PDF, Swedish throughout, and English', async () => {
    const text = pdfText(await file(`${NEXT_QUARTER}&format=pdf`));
    const waived = section(text, 'Efterskänkta nyttorapporter', 'Ändringar (');
    expect(waived).toContain(
      'Uppföljningskrav (nyttorapporter och mätningar) som ekonomifunktionen har befriat investeringen från, med motivering.',
    );
    expect(waived).toContain(`${OTHER_OWNER} 2018 ${FIRST.reason} fia 2019-04-02`);
    // Recorded 00:30 on 20 May in Örebro: a 20 May waiver.
    expect(waived).toContain(`${LINE_OWNER} 2017 ${SECOND.reason} fia 2019-05-20`);
    expect(waived).toContain('Investering Nytta Ansvarig Period Motivering Efterskänkt av');
    expect(text).toContain('Efterskänkta rapporter: 2');
    expect(text).not.toMatch(/[Ww]aived/);

    const english = pdfText(await file(`${NEXT_QUARTER}&format=pdf&lang=en`));
    const section_en = section(english, 'Waived effect reports', 'Changes (');
    expect(section_en).toContain(`${OTHER_OWNER} 2018 ${FIRST.reason} fia 2019-04-02`);
    expect(section_en).toContain('Investment Benefit line Owner Period Reason Waived by Waived');
    expect(english).toContain('Waived reports: 2');

    const early = pdfText(await file(`${BEFORE}&format=pdf`));
    const none = section(early, 'Efterskänkta nyttorapporter', 'Ändringar (');
    expect(none).toContain('Inga.');
    expect(none).not.toContain(FIRST.reason);
    expect(early).not.toContain('Efterskänkta rapporter:');
  });
});
