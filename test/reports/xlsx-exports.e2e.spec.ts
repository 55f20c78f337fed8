/**
 * Every report with a CSV also has an XLSX: read back with exceljs and checked cell by cell
 * against the JSON for the worked example: numbers as numbers with a SEK format, one sheet per
 * section, the header row frozen, widths set, and injected text kept as text, exactly.
 */
import ExcelJS from 'exceljs';
import { SEK_FORMAT } from '../../src/reports/xlsx';
import {
  binary,
  CMD_DECISION_REF,
  HYPERLINK_REASON,
  startWorkedExample,
  WorkedExample,
} from './support/worked-example';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const AMOUNTS = [
  'baselineForecast',
  'currentForecast',
  'actual',
  'harvested',
  'variance',
  'realisationRatio',
  'forecastDue',
  'forecastDrift',
  'deliveryGap',
  'notReported',
] as const;

type Json = Record<string, string | null>;

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

const expectFrozenHeader = (sheet: ExcelJS.Worksheet): void => {
  expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
  sheet.columns.forEach((column) => expect(column.width).toBeGreaterThanOrEqual(8));
};

describe('XLSX exports', () => {
  let example: WorkedExample;
  const auditor = () => example.t.as('revisor', 'auditor');
  const workbook = async (path: string): Promise<ExcelJS.Workbook> => {
    const res = await auditor().get(path).buffer(true).parse(binary);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe(XLSX_TYPE);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.body as Buffer as unknown as ArrayBuffer);
    return book;
  };

  beforeAll(async () => {
    example = await startWorkedExample();
  });
  afterAll(async () => example.t.close());

  it('gives the fund report by tranche with every cell equal to the JSON', async () => {
    const json = (
      await auditor().get('/api/reports/forecast-vs-actual?groupBy=tranche&grain=year').expect(200)
    ).body;
    const book = await workbook(
      '/api/reports/forecast-vs-actual?groupBy=tranche&grain=year&format=xlsx',
    );
    expect(book.worksheets.map((s) => s.name)).toEqual(['Rader', 'Grupper']);
    const [rowsSheet, groupsSheet] = book.worksheets;
    expectFrozenHeader(rowsSheet);
    expectFrozenHeader(groupsSheet);

    const rows = records(rowsSheet);
    expect(rows).toHaveLength(json.rows.length);
    json.rows.forEach((row: Json, i: number) => {
      const swedish: Record<string, string> = {
        baselineForecast: 'Ursprunglig prognos',
        currentForecast: 'Aktuell prognos',
        actual: 'Utfall',
        harvested: 'Hemtaget',
        variance: 'Avvikelse',
        realisationRatio: 'Realiseringsgrad',
        forecastDue: 'Prognos att följa upp',
        forecastDrift: 'Prognosförändring',
        deliveryGap: 'Leveransavvikelse',
        notReported: 'Ej rapporterat',
      };
      expect(rows[i].Grupp).toBe(row.group);
      expect(rows[i].Period).toBe(row.period);
      for (const key of AMOUNTS) {
        const value = row[key];
        expect(rows[i][swedish[key]]).toBe(value === null ? null : Number(value));
      }
    });

    // The worked example: e-arkiv's 2018 on t1 is two thirds of 600 000 + 480 000, a number
    // cell in SEK format (not text).
    const rowNumber = rows.findIndex(
      (r) => r.Grupp === 'orebro/t1' && r.Period === '2018' && r.Nytta === 'fewer-licences',
    );
    expect(rowNumber).toBeGreaterThanOrEqual(0);
    const header = (rowsSheet.getRow(1).values as ExcelJS.CellValue[]).slice(1).map(String);
    const cell = rowsSheet.getRow(rowNumber + 2).getCell(header.indexOf('Ursprunglig prognos') + 1);
    expect(cell.type).toBe(ExcelJS.ValueType.Number);
    expect(cell.numFmt).toBe(SEK_FORMAT);
    expect(rows[rowNumber].Klass).toBe('finansiell');

    const groups = records(groupsSheet);
    const t1Total = groups.find((g) => g.Grupp === 'orebro/t1' && g.Period === 'total');
    const jsonT1 = json.groups.find((g: { group: string }) => g.group === 'orebro/t1');
    for (const key of ['baselineForecast', 'actual', 'harvested'] as const) {
      const value = jsonT1.totals[key] as string | null;
      expect(
        t1Total?.[
          { baselineForecast: 'Ursprunglig prognos', actual: 'Utfall', harvested: 'Hemtaget' }[key]
        ],
      ).toBe(value === null ? null : Number(value));
    }
  });

  it('names sheets and columns in English with lang=en', async () => {
    const book = await workbook('/api/reports/forecast-vs-actual?format=xlsx&lang=en');
    expect(book.worksheets.map((s) => s.name)).toEqual(['Rows', 'Groups']);
    expect(book.worksheets[0].getCell('A1').value).toBe('group');
  });

  it('keeps injected text as text, exactly, in the change report and the history', async () => {
    const changes = await workbook('/api/audit/changes?format=xlsx');
    const sheet = changes.worksheets[0];
    expect(sheet.name).toBe('Ändringar');
    expectFrozenHeader(sheet);
    const rows = records(sheet);
    const json = (await auditor().get('/api/audit/changes?limit=1000').expect(200)).body.events;
    expect(rows.map((r) => r.Position)).toEqual(json.map((e: { position: string }) => e.position));
    const correction = rows.find((r) => r['Händelsetyp'] === 'EffectReportCorrected');
    const harvest = rows.find((r) => r['Händelsetyp'] === 'SavingsHarvested');
    expect(correction?.Motivering).toBe(HYPERLINK_REASON);
    expect(harvest?.Beslut).toBe(CMD_DECISION_REF);

    const history = await workbook('/api/investments/e-arkiv/history?format=xlsx');
    const entries = records(history.worksheets[0]);
    const afterCost = entries.find((r) => r['Händelsetyp'] === 'CostRecorded');
    expect(afterCost?.['Förbrukat efter']).toBe(1500000);
    expect(entries.find((r) => r['Händelsetyp'] === 'EffectReportCorrected')?.Motivering).toBe(
      HYPERLINK_REASON,
    );
  });

  it('gives the investments list with the dashboard columns, numbers as numbers', async () => {
    const json = (await auditor().get('/api/investments').expect(200)).body;
    const book = await workbook('/api/investments?format=xlsx');
    const sheet = book.getWorksheet('Investeringar')!;
    expectFrozenHeader(sheet);
    expect((sheet.getRow(1).values as ExcelJS.CellValue[]).slice(1)).toEqual([
      'Investering',
      'Titel',
      'Förvaltning',
      'Skede',
      'Tilldelat',
      'Förbrukat',
      'Prognos hittills',
      'Utfall hittills',
      'Realiseringsgrad',
      'Indikatorstatus',
      'Försenade rapporter',
    ]);
    const rows = records(sheet);
    expect(rows).toHaveLength(json.investments.length);
    json.investments.forEach((i: Json & { overdueCount: number }, n: number) => {
      const row = sheet.getRow(n + 2);
      expect(rows[n]).toMatchObject({ Investering: i.investmentId, Titel: i.title });
      const amounts = [i.allocated, i.spent, i.forecastToDate, i.actualToDate];
      amounts.forEach((value, c) => {
        const cell = row.getCell(c + 5);
        if (value === null) return expect(cell.value).toBeNull();
        expect(cell.type).toBe(ExcelJS.ValueType.Number);
        expect(cell.value).toBe(Number(value));
        expect(cell.numFmt).toBe(SEK_FORMAT);
      });
      expect(row.getCell(9).value).toBe(
        i.realisationRatio === null ? null : Number(i.realisationRatio),
      );
      expect(row.getCell(11).value).toBe(i.overdueCount);
    });
    const earkiv = rows.find((r) => r.Investering === 'e-arkiv');
    expect(earkiv).toMatchObject({ Skede: 'beviljad', Tilldelat: 3000000, Förbrukat: 1500000 });
    const english = await workbook('/api/investments?format=xlsx&lang=en&ids=e-arkiv');
    const en = records(english.getWorksheet('Investments')!);
    expect(en).toEqual([expect.objectContaining({ investmentId: 'e-arkiv', stage: 'approved' })]);
  });
});
