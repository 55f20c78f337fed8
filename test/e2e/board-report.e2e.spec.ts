/**
 * The board report over HTTP on the worked example: its figures equal the API's for the same
 * asOf (each read over HTTP), the XLSX read back cell by cell, the PDF's text holds the
 * figures and the digest, and the digest checks out with GET /api/audit/verify?digest=.
 */
import ExcelJS from 'exceljs';
import { formatMoney } from '../../src/reports/board-labels';
import { PROJECT_LEAD } from '../support/investment.mothers';
import { binary, startWorkedExample, WorkedExample } from '../reports/support/worked-example';
import { boardYearsIn } from '../reports/support/board-years';
import { pdfText } from '../reports/support/pdf-text';

const AS_OF = '2019-03-01';
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('board report over HTTP', () => {
  let example: WorkedExample;
  const auditor = () => example.t.as('revisor', 'auditor');
  const get = async (path: string): Promise<Json> =>
    (await auditor().get(path).expect(200)).body as Json;
  const file = async (path: string, accept?: string): Promise<{ type: string; body: Buffer }> => {
    const request = auditor().get(path);
    if (accept) void request.set('Accept', accept);
    const res = await request.buffer(true).parse(binary);
    expect(res.status).toBe(200);
    return { type: String(res.headers['content-type']), body: res.body as Buffer };
  };

  beforeAll(async () => {
    example = await startWorkedExample();
  });
  afterAll(async () => example.t.close());

  it('reports the same figures as the API for the same asOf', async () => {
    const board = await get(`/api/reports/board?asOf=${AS_OF}&fundId=orebro`);
    // A bare date is the end of that Stockholm day; asked on that day (the example's clock
    // stands at 2019-03-01T08:00Z), the report reads it as now and says so.
    expect(board.asOf).toBe('2019-03-01T08:00:00.000Z');
    const at = encodeURIComponent(board.asOf);
    const fund = await get(`/api/funds/orebro?asOf=${at}`);
    expect(board.asOf).toBe(fund.asOf);
    expect(board.ledger.position).toBe(fund.position);
    for (const [i, t] of fund.tranches.entries()) {
      expect(board.tranches[i]).toEqual({
        trancheId: t.trancheId,
        name: t.name,
        status: t.status,
        amount: t.amount,
        availableNow: t.availableNow,
        expected: t.expected,
        lapsed: t.lapsed,
        closed: t.closed,
        allocated: t.allocated,
        spent: t.spent,
        harvested: t.harvested,
      });
    }
    expect(board.totals).toMatchObject({
      amount: fund.totals.amount,
      availableNow: fund.totals.availableNow,
      expected: fund.totals.expected,
      lapsed: fund.totals.lapsed,
      closed: fund.totals.closed,
      allocated: fund.totals.allocated,
      spent: fund.totals.spent,
      spentBeyondAllocations: fund.totals.spentBeyondAllocations,
      harvested: fund.totals.harvested,
    });

    expect(board.investments.map((i: Json) => i.investmentId)).toEqual(['e-arkiv']);
    const [earkiv] = board.investments;
    const figures = await get(`/api/investments/e-arkiv/forecast-vs-actual?asOf=${at}`);
    const summary = await get(`/api/investments/e-arkiv?asOf=${at}`);
    expect(earkiv).toMatchObject({
      allocated: '3000000.00',
      spent: summary.spent,
      overspent: null,
      baselineForecast: figures.totals.toDate.baselineForecast,
      currentForecast: figures.totals.toDate.currentForecast,
      actual: figures.totals.toDate.actual,
      harvested: figures.totals.toDate.harvested,
      npv: figures.kpis.forecast.monetised.npv,
      bcr: figures.kpis.forecast.monetised.bcr,
      status: figures.status,
      overdueReports: summary.overdueCount,
      runningCostEffect: {
        baseline: figures.runningCostEffect.total.baseline?.effect ?? null,
        current: figures.runningCostEffect.total.current?.effect ?? null,
        actual: figures.runningCostEffect.total.actual?.effect ?? null,
      },
    });
    const deviating = figures.lines.filter((l: Json) => ['watch', 'deviation'].includes(l.status));
    expect(board.deviations.map((d: Json) => [d.benefitLineId, d.status])).toEqual(
      deviating.map((l: Json) => [l.benefitLineId, l.status]),
    );

    const report = await get(`/api/reports/forecast-vs-actual?groupBy=fund&grain=year&asOf=${at}`);
    expect(board.years).toEqual(boardYearsIn(report, 'orebro'));
    expect(board.years.length).toBeGreaterThan(0);
    const followUp = await get(`/api/reports/follow-up?asOf=${at}`);
    expect(board.overdue).toHaveLength(followUp.total);

    // The changes since the end of 2018 (the quarter before asOf, a Stockholm day): the report, its correction, the harvest.
    expect(board.since).toBe('2018-12-31T22:59:59.999Z');
    expect(board.changes.listed.map((c: Json) => c.type)).toEqual([
      'EffectReported',
      'EffectReportCorrected',
      'SavingsHarvested',
    ]);
    const digest = await get(`/api/audit/digest?position=${board.ledger.position}`);
    expect(board.ledger.digest).toBe(digest.digest);
    const verify = await get(`/api/audit/verify?digest=${encodeURIComponent(board.ledger.digest)}`);
    expect(verify.digest.matches).toBe(true);
  });

  it('gives the XLSX with a sheet per section, read back cell by cell', async () => {
    const board = await get(`/api/reports/board?asOf=${AS_OF}`);
    const { type, body } = await file(`/api/reports/board?asOf=${AS_OF}&format=xlsx`);
    expect(type).toBe(XLSX_TYPE);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(body as unknown as ArrayBuffer);
    expect(book.worksheets.map((s) => s.name)).toEqual([
      'Om rapporten',
      'Etapper',
      'Investeringar',
      'Baslinjer och undantag',
      'Avvikelser',
      'Försenade nyttorapporter',
      'Efterskänkta nyttorapporter',
      'Ändringar',
      'Prognos och utfall per år',
    ]);
    for (const sheet of book.worksheets) {
      expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
      sheet.columns.forEach((c) => expect(c.width).toBeGreaterThanOrEqual(8));
    }
    const about = book.getWorksheet('Om rapporten');
    expect(about?.getCell('B6').value).toBe(board.ledger.digest);
    const tranches = book.getWorksheet('Etapper');
    expect(tranches?.getRow(1).values).toEqual([
      undefined,
      'Etapp',
      'Status',
      'Belopp',
      'Tillgängligt nu',
      'Väntat',
      'Utgånget, ej tilldelat',
      'Tilldelat',
      'Förbrukat',
      'Hemtaget',
      'Stängt',
      'Förbrukat utöver tilldelningar',
    ]);
    board.tranches.forEach((t: Json, i: number) => {
      const row = tranches!.getRow(i + 2);
      expect(row.getCell(1).value).toBe(t.name);
      expect(row.getCell(2).value).toBe('frigjord');
      const amounts = [
        t.amount,
        t.availableNow,
        t.expected,
        t.lapsed,
        t.allocated,
        t.spent,
        t.harvested,
        t.closed,
      ];
      amounts.forEach((v: string, c: number) => {
        const cell = row.getCell(c + 3);
        expect(cell.type).toBe(ExcelJS.ValueType.Number);
        expect(cell.value).toBe(Number(v));
        expect(cell.numFmt).toContain('"kr"');
      });
    });
    // The worked example: t1 gave 2 000 000 and t2 1 000 000; whatever tranche the spend is
    // attributed to, the tranches' cells add up to the 1 500 000 spent and 500 000 harvested.
    const cell = (address: string) => tranches!.getCell(address).value as number;
    expect([cell('G2'), cell('G3')]).toEqual([2000000, 1000000]);
    expect(cell('H2') + cell('H3')).toBe(1500000);
    expect(cell('I2') + cell('I3')).toBe(500000);
    expect([cell('G4'), cell('H4'), cell('I4')]).toEqual([3000000, 1500000, 500000]);
    const investments = book.getWorksheet('Investeringar')!;
    expect(investments.getCell('A2').value).toBe('e-arkiv');
    expect(investments.getCell('D2').value).toBe('beviljad');
    expect(investments.getCell('E2').value).toBe(3000000);
    expect(investments.getCell('F2').value).toBe(1500000);
  });

  it('gives the PDF with the figures and the digest in its text, by Accept or format', async () => {
    const board = await get(`/api/reports/board?asOf=${AS_OF}`);
    const { type, body } = await file(`/api/reports/board?asOf=${AS_OF}`, 'application/pdf');
    expect(type).toBe('application/pdf');
    expect(body.subarray(0, 5).toString()).toBe('%PDF-');
    const text = pdfText(body);
    expect(text).toContain('Digitaliseringsfonden: uppföljning till kommunstyrelsen');
    expect(text).toContain('Per: 2019-03-01');
    expect(text).toContain(board.ledger.digest);
    for (const t of board.tranches) {
      expect(text).toContain(formatMoney(t.amount, 'sv'));
      expect(text).toContain(formatMoney(t.harvested, 'sv'));
    }
    expect(text).toContain('120 000 000,00 kr');
    expect(text).toContain('3 000 000,00 kr');
    expect(text).toContain(formatMoney(board.investments[0].spent, 'sv'));

    const english = await file(`/api/reports/board?asOf=${AS_OF}&format=pdf&lang=en`);
    const englishText = pdfText(english.body);
    expect(englishText).toContain('As of: 2019-03-01');
    expect(englishText).toContain('SEK 120,000,000.00');
  });

  it("lists a deviation with the lead's explanation, and the others as unexplained", async () => {
    const before = await get(`/api/reports/board?asOf=${AS_OF}`);
    expect(before.deviations.length).toBeGreaterThan(0);
    expect(before.deviations.every((d: Json) => d.explanation === null)).toBe(true);
    const [first] = before.deviations;
    const lead = example.t.as(PROJECT_LEAD, 'project-lead');
    const body = {
      explanationId: 'why-1',
      benefitLineId: first.benefitLineId,
      period: '2018',
      explanation: 'Handläggarna flyttades till e-tjänsten under hösten',
    };
    await lead
      .post(`/api/investments/${first.investmentId}/deviation-explanations`, body)
      .expect(201);
    // The same id and body again: the first answer, nothing appended; another body: 409.
    await lead
      .post(`/api/investments/${first.investmentId}/deviation-explanations`, body)
      .expect(201);
    const conflict = await lead.post(
      `/api/investments/${first.investmentId}/deviation-explanations`,
      {
        ...body,
        explanation: 'Annan förklaring',
      },
    );
    expect({ status: conflict.status, code: conflict.body.code }).toEqual({
      status: 409,
      code: 'EXPLANATION_ALREADY_EXISTS',
    });
    const finance = await example.t
      .as('fia', 'finance')
      .post(`/api/investments/${first.investmentId}/deviation-explanations`, {
        ...body,
        explanationId: 'why-2',
      });
    expect(finance.status).toBe(403);

    const after = await get(`/api/reports/board?asOf=${AS_OF}`);
    const explained = after.deviations.find((d: Json) => d.benefitLineId === first.benefitLineId);
    expect(explained.explanation).toBe(body.explanation);
    expect(after.deviations.filter((d: Json) => d.explanation === null)).toHaveLength(
      before.deviations.length - 1,
    );
    const history = await get(`/api/investments/${first.investmentId}/history`);
    const recorded = history.events.filter((e: Json) => e.type === 'DeviationExplained');
    expect(recorded).toHaveLength(1);
    expect(recorded[0]).toMatchObject({ reason: body.explanation, actor: { id: PROJECT_LEAD } });
    expect(explained.explained).toMatchObject({
      explanation: body.explanation,
      period: '2018',
      explainedBy: PROJECT_LEAD,
      recordedAt: '2019-03-01T08:00:00.000Z',
    });
    expect(explained.earlier).toBeNull();
    const pdf = pdfText((await file(`/api/reports/board?asOf=${AS_OF}&format=pdf`)).body);
    expect(pdf).toContain(body.explanation);
  });

  it('shows an explanation of an earlier period as earlier in a later report, until a new one is recorded', async () => {
    const explainedAt = await get(`/api/reports/board?asOf=${AS_OF}`);
    const [first] = explainedAt.deviations.filter((d: Json) => d.explained !== null);
    // A year on, the 2018 explanation recorded in March 2019 says nothing about the first quarter
    // of 2020: the line is unexplained, the old text shown as earlier. Asked on that day (no
    // report is as of a day after today).
    example.at('2020-02-14T12:00:00.000Z');
    const later = await get('/api/reports/board?asOf=2020-02-14');
    const line = later.deviations.find((d: Json) => d.benefitLineId === first.benefitLineId);
    expect(line).toMatchObject({ status: 'deviation', explanation: null, explained: null });
    expect(line.earlier).toEqual(first.explained);

    const sheet = await file('/api/reports/board?asOf=2020-02-14&format=xlsx');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(sheet.body as unknown as ArrayBuffer);
    const row = book.getWorksheet('Avvikelser')!.getRow(later.deviations.indexOf(line) + 2);
    expect(row.getCell(2).value).toBe(first.benefitLineId);
    expect(row.getCell(6).value).toBe('Ej förklarad');
    expect(row.getCell(10).value).toBe(`${first.explanation} (2019-03-01, ${PROJECT_LEAD}, 2018)`);
    const pdf = pdfText((await file('/api/reports/board?asOf=2020-02-14&format=pdf')).body);
    // The cell wraps the text (a line break may fall after a hyphen): its start and its signature.
    expect(pdf).toContain(
      `Ej förklarad. Tidigare förklaring (gäller inte längre): ${first.explanation.split(' ')[0]}`,
    );
    expect(pdf).toContain(`(${PROJECT_LEAD}, 2019-03-01)`);

    // A new explanation in the quarter explains it again; the old report is unchanged.
    example.at('2020-02-15T10:00:00.000Z');
    await example.t
      .as(PROJECT_LEAD, 'project-lead')
      .post(`/api/investments/${first.investmentId}/deviation-explanations`, {
        explanationId: 'why-2020',
        benefitLineId: first.benefitLineId,
        explanation: 'Införandet försenat till hösten 2020',
      })
      .expect(201);
    example.at('2020-03-02T09:00:00.000Z');
    const renewed = await get('/api/reports/board?asOf=2020-03-01');
    const explainedAgain = renewed.deviations.find(
      (d: Json) => d.benefitLineId === first.benefitLineId,
    );
    expect(explainedAgain).toMatchObject({
      explanation: 'Införandet försenat till hösten 2020',
      explained: {
        period: null,
        recordedAt: '2020-02-15T10:00:00.000Z',
        explainedBy: PROJECT_LEAD,
      },
      earlier: null,
    });
    const then = await get(`/api/reports/board?asOf=${AS_OF}`);
    expect(then.deviations).toEqual(explainedAt.deviations);
    expect((await get('/api/reports/board?asOf=2020-02-14')).deviations).toEqual(later.deviations);
  });

  it('refuses bad parameters with a 400 that names them', async () => {
    for (const [query, field] of [
      ['format=docx', 'format'],
      ['asOf=2019-02-30', 'asOf'],
      ['since=yesterday', 'since'],
      ['lang=de', 'lang'],
      ['fundId=Not%20an%20id', 'fundId'],
    ]) {
      const res = await auditor().get(`/api/reports/board?${query}`);
      expect({ status: res.status, code: res.body.code }).toEqual({
        status: 400,
        code: 'VALIDATION_FAILED',
      });
      expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(field);
    }
    const missing = await auditor().get('/api/reports/board?fundId=nope');
    expect(missing.status).toBe(404);
  });

  it('refuses asOfPosition in JSON, XLSX and PDF alike: the board report is as of an instant', async () => {
    const head = (await get('/api/funds/orebro')).position as string;
    const refusal = {
      status: 400,
      code: 'VALIDATION_FAILED',
      errors: [{ path: 'asOfPosition', message: 'the board report is as of an instant: use asOf' }],
    };
    for (const query of [
      `asOfPosition=${head}`,
      'asOfPosition=abc',
      `asOfPosition=1&asOfPosition=2`,
      `asOfPosition=${head}&format=xlsx`,
      `asOfPosition=${head}&format=pdf`,
      `asOfPosition=${head}&asOf=${AS_OF}`,
    ]) {
      const res = await auditor().get(`/api/reports/board?fundId=orebro&${query}`);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect({ query, status: res.status, code: res.body.code, errors: res.body.errors }).toEqual({
        query,
        ...refusal,
      });
    }
    const byAccept = await auditor()
      .get(`/api/reports/board?fundId=orebro&asOfPosition=${head}`)
      .set('Accept', 'application/pdf');
    expect({ status: byAccept.status, errors: byAccept.body.errors }).toEqual({
      status: 400,
      errors: refusal.errors,
    });
    // Named with the others wrong beside it; empty is not given, as everywhere.
    const both = await auditor().get('/api/reports/board?asOfPosition=7&lang=de');
    expect(both.body.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      'asOfPosition',
      'lang',
    ]);
    await auditor().get('/api/reports/board?fundId=orebro&asOfPosition=').expect(200);
  });
});
