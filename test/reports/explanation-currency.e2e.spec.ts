/**
 * Deviation explanations that no longer speak to the line, over HTTP on the worked example
 * (an explanation written before the deviation; one kept by not reporting):
 * - An explanation written while the line was on track ("all on plan" for the running year)
 *   does not explain the deviation a later correction of the reading makes: the board report
 *   lists the line as unexplained, the text shown as earlier, whether the explanation was
 *   recorded within the report's window or names a period that overlaps it.
 * - A valued line's explanation of 2018 does not keep counting once 2019 is due: holding the
 *   2019 report back leaves the line unexplained, as reporting it (even as 0) does.
 * A new explanation recorded after the figures changed counts again.
 */
import {
  LINE_OWNER,
  PROJECT_LEAD,
  QUALITATIVE_LINE,
  REDISTRIBUTABLE_LINE,
} from '../support/investment.mothers';
import { reportTimeFreed, startWorkedExample, WorkedExample } from './support/worked-example';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const BOARD = '/api/reports/board?fundId=orebro';

describe('deviation explanations that no longer speak to the line, in the board report', () => {
  let example: WorkedExample;
  const auditor = () => example.t.as('revisor', 'auditor');
  const lead = () => example.t.as(PROJECT_LEAD, 'project-lead');
  const get = async (path: string): Promise<Json> =>
    (await auditor().get(path).expect(200)).body as Json;
  const deviationOf = async (query: string, lineId: string): Promise<Json | undefined> =>
    ((await get(`${BOARD}&${query}`)).deviations as Json[]).find(
      (d) => d.investmentId === 'e-arkiv' && d.benefitLineId === lineId,
    );
  const statusOf = async (lineId: string): Promise<string> =>
    ((await get('/api/investments/e-arkiv/forecast-vs-actual?grain=year')).lines as Json[]).find(
      (l) => l.benefitLineId === lineId,
    )?.status;
  const explain = async (
    explanationId: string,
    benefitLineId: string,
    period: string,
    text: string,
  ) =>
    lead()
      .post('/api/investments/e-arkiv/deviation-explanations', {
        explanationId,
        benefitLineId,
        period,
        explanation: text,
      })
      .expect(201);

  beforeAll(async () => {
    example = await startWorkedExample();
  });
  afterAll(async () => example.t.close());

  // The time-freed line (redistributable, 480 000 forecast for 2018 and 2019): 2018 reported
  // short and explained in March 2019. Recorded first: the ledger's time only moves forward.
  const EXPLAINED_2018 = 'Tidrapporteringen kom igång först i oktober 2018';
  it('counts a valued line’s explanation of its latest due year in the quarter it is written', async () => {
    example.at('2019-03-05T10:00:00.000Z');
    await reportTimeFreed(example, 'tf-2018', '2018', '200000.00', 'Tidrapporter 2018');
    example.at('2019-03-06T10:00:00.000Z');
    await explain('why-tf-2018', REDISTRIBUTABLE_LINE, '2018', EXPLAINED_2018);
    example.at('2019-03-31T10:00:00.000Z');
    const line = await deviationOf('asOf=2019-03-31', REDISTRIBUTABLE_LINE);
    expect(line).toMatchObject({ status: 'deviation', explanation: EXPLAINED_2018, earlier: null });
  });

  describe('an explanation written before the deviation', () => {
    const ON_PLAN = 'Inget att rapportera, allt enligt plan.';
    let explainedPosition: string;

    beforeAll(async () => {
      const owner = () => example.t.as(LINE_OWNER, 'project-lead');
      // An early reading of the running year, on track; the lead explains the year as on plan.
      example.at('2019-04-02T10:00:00.000Z');
      await owner()
        .post('/api/investments/e-arkiv/effect-reports', {
          reportId: 'nki-2019',
          benefitLineId: QUALITATIVE_LINE,
          period: '2019',
          value: '70',
          evidence: 'Tidig uppskattning',
        })
        .expect(201);
      expect(await statusOf(QUALITATIVE_LINE)).toBe('on-track');
      example.at('2019-04-03T10:00:00.000Z');
      await explain('why-nki-2019', QUALITATIVE_LINE, '2019', ON_PLAN);
      const history = (await get('/api/investments/e-arkiv/history')).events as Json[];
      explainedPosition = history.find(
        (e) => e.type === 'DeviationExplained' && e.data.explanationId === 'why-nki-2019',
      )?.position;
      // The final survey corrects the reading below its baseline: now a deviation.
      example.at('2019-05-02T10:00:00.000Z');
      await owner()
        .post('/api/investments/e-arkiv/effect-reports/nki-2019/corrections', {
          value: '50',
          reason: 'Slutlig enkät',
          evidence: 'Medborgarundersökning 2019',
        })
        .expect(201);
      expect(await statusOf(QUALITATIVE_LINE)).toBe('deviation');
      example.at('2019-05-03T10:00:00.000Z');
    });

    it('does not count it by the period it names, which overlaps the window', async () => {
      // The window starts after the explanation: it counts, if at all, by its period (2019).
      const line = await deviationOf('asOf=2019-05-03&since=2019-04-30', QUALITATIVE_LINE);
      expect(line).toMatchObject({ status: 'deviation', explanation: null, explained: null });
      expect(line?.earlier).toMatchObject({
        explanation: ON_PLAN,
        period: '2019',
        recordedAt: '2019-04-03T10:00:00.000Z',
        explainedBy: PROJECT_LEAD,
        position: explainedPosition,
      });
    });

    it('does not count it for being recorded within the window either', async () => {
      // The quarter's report (since the end of March): the explanation was recorded within it.
      const line = await deviationOf('asOf=2019-05-03', QUALITATIVE_LINE);
      expect(line).toMatchObject({ status: 'deviation', explanation: null, explained: null });
      expect(line?.earlier).toMatchObject({ explanation: ON_PLAN });
    });

    it('counts a new explanation recorded after the correction, and leaves the other lines be', async () => {
      example.at('2019-05-03T12:00:00.000Z');
      const renewed = 'Slutlig enkät: handläggningstiderna ökade under våren.';
      await explain('why-nki-2019-b', QUALITATIVE_LINE, '2019', renewed);
      const line = await deviationOf('asOf=2019-05-03&since=2019-04-30', QUALITATIVE_LINE);
      expect(line).toMatchObject({ explanation: renewed, earlier: null });
      expect(line?.explained).toMatchObject({ recordedAt: '2019-05-03T12:00:00.000Z' });
      // The time-freed line's 2018 explanation was not touched by the other line's reports.
      const timeFreed = await deviationOf('asOf=2019-05-03', REDISTRIBUTABLE_LINE);
      expect(timeFreed).toMatchObject({ explanation: EXPLAINED_2018 });
    });
  });

  describe('an explanation kept by not reporting', () => {
    it('does not count a 2018 explanation once 2019 is due, whether 2019 is reported or held back', async () => {
      // 2019 is over and due; its report is held back. The 2018 explanation is of the year before.
      example.at('2020-02-14T12:00:00.000Z');
      const withheld = await deviationOf('asOf=2020-02-14', REDISTRIBUTABLE_LINE);
      expect(withheld).toMatchObject({ status: 'deviation', explanation: null, explained: null });
      expect(withheld?.earlier).toMatchObject({ explanation: EXPLAINED_2018, period: '2018' });

      // Reported honestly as 0: the same answer.
      example.at('2020-02-15T10:00:00.000Z');
      await reportTimeFreed(example, 'tf-2019', '2019', '0.00', 'Ingen tid frigjord 2019');
      example.at('2020-02-16T10:00:00.000Z');
      const reported = await deviationOf('asOf=2020-02-16', REDISTRIBUTABLE_LINE);
      expect(reported).toMatchObject({ status: 'deviation', explanation: null, explained: null });
      expect(reported?.earlier).toMatchObject({ explanation: EXPLAINED_2018 });

      // An explanation of 2019 counts.
      const of2019 = 'Systemet togs ur drift under 2019';
      await explain('why-tf-2019', REDISTRIBUTABLE_LINE, '2019', of2019);
      expect(await deviationOf('asOf=2020-02-16', REDISTRIBUTABLE_LINE)).toMatchObject({
        explanation: of2019,
        earlier: null,
      });
      // The report as of the day the 2019 report was held back is unchanged by what came after.
      expect(await deviationOf('asOf=2020-02-14', REDISTRIBUTABLE_LINE)).toEqual(withheld);
    });
  });
});
