/**
 * Every CSV of the service from the one CSV module, over HTTP: a project lead's correction
 * reason and a finance decision reference that a spreadsheet would run come out escaped in
 * both dialects (and read back to the original by stripping one apostrophe), and the Swedish
 * dialect reads back, through a parser set up as Swedish Excel reads, to the JSON's values.
 */
import { parse } from 'csv-parse/sync';
import { REPORT_CSV_COLUMNS } from '../../src/reports/report.queries';
import { unescapeCell } from '../../src/reports/csv';
import { term } from '../../src/reports/swedish';
import {
  binary,
  CMD_DECISION_REF,
  HYPERLINK_REASON,
  startWorkedExample,
  WorkedExample,
} from './support/worked-example';

type Records = Record<string, string>[];
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** How a program reads the plain dialect. */
const readRfc4180 = (text: string): Records =>
  parse(text, { columns: true, bom: false, relax_quotes: false }) as Records;

/** How Excel with Swedish regional settings reads a file: BOM, semicolons, decimal comma. */
const readSwedishExcel = (text: string): Records =>
  parse(text, { columns: true, bom: true, delimiter: ';' }) as Records;

const FORMULA_START = /^[=+\-@\t\r]/;
/** Every other column of the fund report is an amount or a ratio. */
const TEXT_COLUMNS = ['group', 'investmentId', 'department', 'benefitLineId', 'class', 'period'];

describe('CSV exports', () => {
  let example: WorkedExample;
  const auditor = () => example.t.as('revisor', 'auditor');
  const text = async (path: string): Promise<{ status: number; type: string; body: string }> => {
    const res = await auditor().get(path).buffer(true).parse(binary);
    return {
      status: res.status,
      type: String(res.headers['content-type']),
      body: (res.body as Buffer).toString('utf8'),
    };
  };

  beforeAll(async () => {
    example = await startWorkedExample();
  });
  afterAll(async () => example.t.close());

  describe('the change report', () => {
    it('escapes the injected reason and decision reference in the plain dialect', async () => {
      const csv = await text('/api/audit/changes?format=csv');
      expect(csv.status).toBe(200);
      expect(csv.body.startsWith('position,recordedAt,type,')).toBe(true);
      const records = readRfc4180(csv.body);
      const correction = records.find((r) => r.type === 'EffectReportCorrected');
      const harvest = records.find((r) => r.type === 'SavingsHarvested');
      expect(correction?.reason).toBe(`'${HYPERLINK_REASON}`);
      expect(harvest?.decisionRef).toBe(`'${CMD_DECISION_REF}`);
      expect(unescapeCell(correction?.reason ?? '')).toBe(HYPERLINK_REASON);
      expect(unescapeCell(harvest?.decisionRef ?? '')).toBe(CMD_DECISION_REF);
      for (const record of records) {
        for (const cell of Object.values(record)) expect(cell).not.toMatch(FORMULA_START);
      }
    });

    it('escapes them the same way in the Swedish dialect, and round-trips every cell', async () => {
      const csv = await text('/api/audit/changes?format=csv&dialect=excel-sv');
      expect(csv.status).toBe(200);
      expect(csv.type).toMatch(/^text\/csv; charset=utf-8/);
      expect(csv.body.startsWith('\uFEFFPosition;Registrerad;Händelsetyp;')).toBe(true);
      const records = readSwedishExcel(csv.body);
      const correction = records.find((r) => r['Händelsetyp'] === 'EffectReportCorrected');
      const harvest = records.find((r) => r['Händelsetyp'] === 'SavingsHarvested');
      expect(correction?.Motivering).toBe(`'${HYPERLINK_REASON}`);
      expect(harvest?.Beslut).toBe(`'${CMD_DECISION_REF}`);
      expect(harvest?.Roll).toBe('ekonomi');
      for (const record of records) {
        for (const cell of Object.values(record)) expect(cell).not.toMatch(FORMULA_START);
      }
      // Reading back the original: one apostrophe stripped gives what the JSON report says.
      const json = (await auditor().get('/api/audit/changes?limit=1000').expect(200)).body
        .events as { position: string; reason: string | null; decisionRef: string | null }[];
      expect(
        records.map((r) => ({
          position: r.Position,
          reason: r.Motivering === '' ? null : unescapeCell(r.Motivering),
          decisionRef: r.Beslut === '' ? null : unescapeCell(r.Beslut),
        })),
      ).toEqual(
        json.map((e) => ({ position: e.position, reason: e.reason, decisionRef: e.decisionRef })),
      );
    });
  });

  it('writes the history with the same escaping, in both dialects', async () => {
    const json = (await auditor().get('/api/investments/e-arkiv/history').expect(200)).body;
    const plain = readRfc4180((await text('/api/investments/e-arkiv/history?format=csv')).body);
    const swedish = readSwedishExcel(
      (await text('/api/investments/e-arkiv/history?format=csv&dialect=excel-sv')).body,
    );
    expect(plain.map((r) => r.position)).toEqual(
      json.events.map((e: { position: string }) => e.position),
    );
    expect(swedish.map((r) => r.Position)).toEqual(plain.map((r) => r.position));
    const plainCorrection = plain.find((r) => r.type === 'EffectReportCorrected');
    const swedishCorrection = swedish.find((r) => r['Händelsetyp'] === 'EffectReportCorrected');
    expect(plainCorrection?.reason).toBe(`'${HYPERLINK_REASON}`);
    expect(swedishCorrection?.Motivering).toBe(`'${HYPERLINK_REASON}`);
    expect(plainCorrection?.stageAfter).toBe('approved');
    expect(swedishCorrection?.['Skede efter']).toBe('beviljad');
    // The state after the cost: 1 500 000 spent, with a decimal comma in Swedish.
    const afterCost = swedish.find((r) => r['Händelsetyp'] === 'CostRecorded');
    expect(afterCost?.['Förbrukat efter']).toBe('1500000,00');
    const missing = await auditor().get('/api/investments/nope/history?format=csv');
    expect({ status: missing.status, code: missing.body.code }).toEqual({
      status: 404,
      code: 'INVESTMENT_NOT_FOUND',
    });
  });

  it('reads the Swedish fund report back as Swedish Excel would, to the JSON values', async () => {
    const json = (
      await auditor().get('/api/reports/forecast-vs-actual?groupBy=tranche&grain=year').expect(200)
    ).body;
    const csv = await text(
      '/api/reports/forecast-vs-actual?groupBy=tranche&grain=year&format=csv&dialect=excel-sv',
    );
    expect(csv.body.startsWith('\uFEFFGrupp;Investering;Förvaltning;')).toBe(true);
    const classes = new Map(
      ['financial', 'redistributable', 'qualitative'].map((c) => [term('class', c, 'sv'), c]),
    );
    const back = readSwedishExcel(csv.body).map((record) =>
      Object.fromEntries(
        REPORT_CSV_COLUMNS.map((column) => {
          const cell = unescapeCell(record[column.sv]);
          if (cell === '') return [column.name, null];
          if (!TEXT_COLUMNS.includes(column.name)) {
            // Swedish Excel reads "1234,50" as a number; the dot form is the API's.
            expect(cell).toMatch(/^-?[0-9]+,[0-9]+$/);
            return [column.name, cell.replace(',', '.')];
          }
          if (column.name === 'class') return [column.name, classes.get(cell)];
          return [column.name, cell];
        }),
      ),
    );
    expect(back.length).toBeGreaterThan(0);
    expect(back).toEqual(json.rows);
  });

  describe('the investments list', () => {
    const NAMES = [
      'investmentId',
      'title',
      'department',
      'stage',
      'allocated',
      'spent',
      'forecastToDate',
      'actualToDate',
      'realisationRatio',
      'indicatorStatus',
      'overdue',
    ];
    /** The JSON list as the CSV's columns hold it (the overdue count under `overdue`). */
    const listed = (json: { investments: Json[] }) =>
      json.investments.map((i) => ({
        investmentId: i.investmentId,
        title: i.title,
        department: i.department,
        stage: i.stage,
        allocated: i.allocated,
        spent: i.spent,
        forecastToDate: i.forecastToDate,
        actualToDate: i.actualToDate,
        realisationRatio: i.realisationRatio,
        indicatorStatus: i.indicatorStatus,
        overdue: String(i.overdueCount),
      }));

    it('round-trips in both dialects to the JSON list, the Swedish one as Swedish Excel reads it', async () => {
      const json = (await auditor().get('/api/investments').expect(200)).body;
      expect(json.investments.length).toBe(2);
      const plain = await text('/api/investments?format=csv');
      expect(plain.type).toMatch(/^text\/csv/);
      expect(plain.body.split('\r\n')[0]).toBe(NAMES.join(','));
      const fromPlain = readRfc4180(plain.body).map((r) =>
        Object.fromEntries(NAMES.map((n) => [n, r[n] === '' ? null : unescapeCell(r[n])])),
      );
      expect(fromPlain).toEqual(listed(json));

      const swedish = await text('/api/investments?format=csv&dialect=excel-sv');
      expect(swedish.body.startsWith('\uFEFFInvestering;Titel;Förvaltning;Skede;Tilldelat;')).toBe(
        true,
      );
      const stages = new Map(
        ['proposed', 'analysed', 'approved', 'implementing', 'realising', 'closed'].map((c) => [
          term('stage', c, 'sv'),
          c,
        ]),
      );
      const statuses = new Map(
        ['on-track', 'watch', 'stale', 'deviation'].map((c) => [term('lineStatus', c, 'sv'), c]),
      );
      const columns: [string, string][] = [
        ['investmentId', 'Investering'],
        ['title', 'Titel'],
        ['department', 'Förvaltning'],
        ['stage', 'Skede'],
        ['allocated', 'Tilldelat'],
        ['spent', 'Förbrukat'],
        ['forecastToDate', 'Prognos hittills'],
        ['actualToDate', 'Utfall hittills'],
        ['realisationRatio', 'Realiseringsgrad'],
        ['indicatorStatus', 'Indikatorstatus'],
        ['overdue', 'Försenade rapporter'],
      ];
      const back = readSwedishExcel(swedish.body).map((record) =>
        Object.fromEntries(
          columns.map(([name, sv]) => {
            const cell = unescapeCell(record[sv]);
            if (cell === '') return [name, null];
            if (name === 'stage') return [name, stages.get(cell)];
            if (name === 'indicatorStatus') return [name, statuses.get(cell)];
            if (
              ['allocated', 'spent', 'forecastToDate', 'actualToDate', 'realisationRatio'].includes(
                name,
              )
            ) {
              // Swedish Excel reads "1234,50" as a number; the dot form is the API's.
              expect(cell).toMatch(/^-?[0-9]+,[0-9]+$/);
              return [name, cell.replace(',', '.')];
            }
            return [name, cell];
          }),
        ),
      );
      expect(back).toEqual(listed(json));
    });

    it('gives the rows named by ids, in that order, at the ledger position asked for', async () => {
      const json = (await auditor().get('/api/investments').expect(200)).body;
      const csv = await text(
        `/api/investments?format=csv&ids=e-tjanst,e-arkiv&asOfPosition=${json.position}`,
      );
      expect(readRfc4180(csv.body).map((r) => r.investmentId)).toEqual(['e-tjanst', 'e-arkiv']);
      const one = await text('/api/investments?format=csv&ids=e-tjanst');
      expect(readRfc4180(one.body).map((r) => r.investmentId)).toEqual(['e-tjanst']);
      const filtered = await text('/api/investments?format=csv&stage=approved');
      expect(readRfc4180(filtered.body).map((r) => r.investmentId)).toEqual(['e-arkiv']);
      for (const query of [
        'ids=e-arkiv,nope',
        'ids=Not%20an%20id',
        'format=pdf',
        'dialect=excel',
      ]) {
        const res = await auditor().get(`/api/investments?format=csv&${query}`);
        expect({ status: res.status, code: res.body.code }).toEqual({
          status: 400,
          code: 'VALIDATION_FAILED',
        });
      }
    });
  });

  it('refuses paging parameters beside a file of the change report or a history, naming each, as the list does', async () => {
    const changes = 'pages only the JSON answer: a file holds every event recorded in the range';
    const history =
      "pages only the JSON answer: a file holds every event of the investment's history in the range";
    const list = 'pages only the JSON list: a file holds every investment the filters leave';
    const refusals: readonly [string, readonly string[], string][] = [
      ['/api/audit/changes?format=csv&after=3', ['after'], changes],
      ['/api/audit/changes?format=csv&limit=2', ['limit'], changes],
      ['/api/audit/changes?format=xlsx&after=3&limit=2', ['after', 'limit'], changes],
      ['/api/investments/e-arkiv/history?format=csv&after=3&limit=1', ['after', 'limit'], history],
      ['/api/investments/e-arkiv/history?format=xlsx&limit=1', ['limit'], history],
      ['/api/investments?format=csv&after=e-arkiv&limit=1', ['after', 'limit'], list],
    ];
    for (const [path, names, message] of refusals) {
      const res = await auditor().get(path);
      expect({ path, status: res.status, code: res.body.code, errors: res.body.errors }).toEqual({
        path,
        status: 400,
        code: 'VALIDATION_FAILED',
        errors: names.map((name) => ({ path: name, message })),
      });
    }
    // Empty means not given, as everywhere; and the JSON answers still page.
    const whole = await text('/api/audit/changes?format=csv');
    expect(await text('/api/audit/changes?format=csv&after=&limit=')).toEqual(whole);
    await auditor().get('/api/audit/changes?after=3&limit=2').expect(200);
    await auditor().get('/api/investments/e-arkiv/history?after=3&limit=1').expect(200);
  });

  it('refuses an unknown dialect with a 400 that names it', async () => {
    for (const path of [
      '/api/audit/changes?format=csv&dialect=excel',
      '/api/reports/forecast-vs-actual?format=csv&dialect=sv',
      '/api/investments/e-arkiv/history?format=csv&dialect=;',
    ]) {
      const res = await auditor().get(path);
      expect({ status: res.status, code: res.body.code }).toEqual({
        status: 400,
        code: 'VALIDATION_FAILED',
      });
      expect(res.body.errors.map((e: { path: string }) => e.path)).toContain('dialect');
    }
  });
});
