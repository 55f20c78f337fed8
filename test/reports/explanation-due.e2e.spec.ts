/**
 * An explanation written before its period fell due, over HTTP on the worked example: the
 * time-freed line (redistributable, 480 000 forecast for 2018 and 2019) is in deviation from
 * 2018; in June 2019 the lead explains 2019 ahead. It counts while nothing more of the line is
 * due; once 2019 falls due on 1 January 2020, unreported, the figures to date are no longer
 * those it was written against, and the board report lists the deviation as unexplained with
 * the text as earlier — as a report recorded after it would. The forecast-vs-actual answer
 * names the day the line's figures to date last counted more of it (`lastDueOn`), and the
 * board report why the explanation no longer counts (`earlierBecause`), a later report first.
 */
import ExcelJS from 'exceljs';
import { PROJECT_LEAD, REDISTRIBUTABLE_LINE } from '../support/investment.mothers';
import { pdfText } from './support/pdf-text';
import {
  binary,
  reportTimeFreed,
  startWorkedExample,
  WorkedExample,
} from './support/worked-example';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const BOARD = '/api/reports/board?fundId=orebro';
const AHEAD = 'Tidrapporteringen når inte heller 2019 upp till planen';

describe('an explanation written before its period fell due, in the board report', () => {
  let example: WorkedExample;
  const auditor = () => example.t.as('revisor', 'auditor');
  const get = async (path: string): Promise<Json> =>
    (await auditor().get(path).expect(200)).body as Json;
  const deviationOf = async (asOf: string): Promise<Json | undefined> =>
    ((await get(`${BOARD}&asOf=${asOf}`)).deviations as Json[]).find(
      (d) => d.investmentId === 'e-arkiv' && d.benefitLineId === REDISTRIBUTABLE_LINE,
    );
  const lastDueOnOf = async (asOf: string): Promise<string | null | undefined> =>
    (
      (await get(`/api/investments/e-arkiv/forecast-vs-actual?grain=year&asOf=${asOf}`))
        .lines as Json[]
    ).find((l) => l.benefitLineId === REDISTRIBUTABLE_LINE)?.lastDueOn;
  const explain = async (explanationId: string, period: string, explanation: string) =>
    example.t
      .as(PROJECT_LEAD, 'project-lead')
      .post('/api/investments/e-arkiv/deviation-explanations', {
        explanationId,
        benefitLineId: REDISTRIBUTABLE_LINE,
        period,
        explanation,
      })
      .expect(201);

  beforeAll(async () => {
    example = await startWorkedExample();
    example.at('2019-03-05T10:00:00.000Z');
    await reportTimeFreed(example, 'tf-2018', '2018', '200000.00', 'Tidrapporter 2018');
    example.at('2019-06-10T10:00:00.000Z');
    await explain('why-tf-2019-ahead', '2019', AHEAD);
  });
  afterAll(async () => example.t.close());

  let inJune: Json | undefined;

  it('counts it while nothing more of the line is due', async () => {
    example.at('2019-06-30T12:00:00.000Z');
    inJune = await deviationOf('2019-06-30');
    expect(inJune).toMatchObject({ status: 'deviation', explanation: AHEAD, earlier: null });
    expect(await lastDueOnOf('2019-06-30')).toBe('2019-01-01');
  });

  it('does not count it once 2019 fell due unreported', async () => {
    example.at('2020-02-14T12:00:00.000Z');
    expect(await lastDueOnOf('2020-02-14')).toBe('2020-01-01');
    const line = await deviationOf('2020-02-14');
    expect(line).toMatchObject({ status: 'deviation', explanation: null, explained: null });
    expect(line?.earlier).toMatchObject({
      explanation: AHEAD,
      period: '2019',
      recordedAt: '2019-06-10T10:00:00.000Z',
    });
    expect(line).toMatchObject({ earlierBecause: 'fell-due-after', lastDueOn: '2020-01-01' });
  });

  it('says why in the spreadsheet and the PDF, in Swedish and in English', async () => {
    const download = async (format: string, lang: string): Promise<Buffer> => {
      const res = await auditor()
        .get(`${BOARD}&asOf=2020-02-14&format=${format}&lang=${lang}`)
        .buffer(true)
        .parse(binary);
      expect(res.status).toBe(200);
      return res.body as Buffer;
    };
    const board = await get(`${BOARD}&asOf=2020-02-14`);
    const row = (board.deviations as Json[]).findIndex(
      (d) => d.investmentId === 'e-arkiv' && d.benefitLineId === REDISTRIBUTABLE_LINE,
    );
    for (const [lang, header, because] of [
      [
        'sv',
        'Varför den inte längre gäller',
        'mer av nyttan förföll till uppföljning 2020-01-01, efter förklaringen',
      ],
      [
        'en',
        'Why it no longer counts',
        'more of the line fell due on 2020-01-01, after it was written',
      ],
    ]) {
      const book = new ExcelJS.Workbook();
      await book.xlsx.load((await download('xlsx', lang)) as unknown as ArrayBuffer);
      const sheet = book.worksheets.find((w) => w.getRow(1).getCell(11).value === header);
      expect(sheet?.getRow(row + 2).getCell(11).value).toBe(because);
      expect(pdfText(await download('pdf', lang))).toContain(because);
    }
  });

  it('names a report of the line after it first, when there is one', async () => {
    example.at('2020-02-15T09:00:00.000Z');
    await reportTimeFreed(example, 'tf-2019', '2019', '0.00', 'Ingen tid frigjord 2019');
    const line = await deviationOf('2020-02-15');
    expect(line).toMatchObject({ explanation: null, earlierBecause: 'reported-after' });
    expect(line?.earlier).toMatchObject({ explanation: AHEAD });
  });

  it('counts one written after 2019 fell due, and leaves the June report as it was', async () => {
    example.at('2020-02-15T10:00:00.000Z');
    const after = 'Ingen tid frigjordes 2019: systemet togs ur drift i maj';
    await explain('why-tf-2019', '2019', after);
    expect(await deviationOf('2020-02-15')).toMatchObject({ explanation: after, earlier: null });
    expect(await deviationOf('2019-06-30')).toEqual(inJune);
  });
});
