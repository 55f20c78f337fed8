/**
 * The service keeps what it derived from a document version (an investment's rows of a
 * report, its figures to date) while that version is current. Asked again, a report answers
 * the same; after a change it answers the changed investment anew and every other as before.
 */
import { startWorkedExample } from '../reports/support/worked-example';
import { LINE_OWNER } from '../support/investment.mothers';
import type { TestApp } from '../support/test-app';

type Group = { group: string; totals: { actual: string | null } };

/**
 * The answer asked twice in a row at the same ledger position, from the ledger's head on (the
 * read models may lag behind a loaded machine, and what the setup started, such as the
 * approval process, may still land): the second is what was kept.
 */
const askedTwice = async <A extends { position: string }>(
  t: TestApp,
  ask: (query: string) => Promise<A>,
  separator: string,
): Promise<[A, A]> => {
  const head = (await t.as('revisor', 'auditor').get('/api/audit/digest').expect(200)).body
    .position as string;
  let first = await ask(`${separator}minPosition=${head}`);
  for (;;) {
    const again = await ask(`${separator}minPosition=${first.position}`);
    if (again.position === first.position) return [first, again];
    first = again;
  }
};
type Report = { groups: Group[]; position: string; rows: unknown[] };

describe('answers asked again', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = (await startWorkedExample()).t;
  });
  afterAll(async () => t.close());

  const report = async (query: string): Promise<Report> =>
    (
      await t
        .as('revisor', 'auditor')
        .get(`/api/reports/forecast-vs-actual?groupBy=investment&grain=year${query}`)
        .expect(200)
    ).body;
  const actualOf = (r: Report, group: string) => r.groups.find((g) => g.group === group)?.totals;

  it('give the changed investment anew after a change, and the rest as before', async () => {
    const [first, again] = await askedTwice(t, report, '&');
    expect(again).toEqual(first);
    expect(actualOf(first, 'e-arkiv')?.actual).toBe('600000.00');
    const figures = async (query = '') =>
      (
        await t
          .as('revisor', 'auditor')
          .get(`/api/investments/e-arkiv/forecast-vs-actual?grain=year${query}`)
          .expect(200)
      ).body as { totals: { periods: { period: string; actual: string | null }[] } };
    const figuresBefore = await figures();
    expect(await figures()).toEqual(figuresBefore);
    const corrected = await t
      .as(LINE_OWNER, 'project-lead')
      .post('/api/investments/e-arkiv/effect-reports/r1/corrections', {
        value: '700000.00',
        reason: 'Slutfaktura kom sent',
      })
      .expect(201);
    const after = await report(`&minPosition=${corrected.body.position}`);
    const actual2018 = (f: typeof figuresBefore) =>
      f.totals.periods.find((p) => p.period === '2018')?.actual;
    expect(actual2018(figuresBefore)).toBe('600000.00');
    expect(actual2018(await figures(`&minPosition=${corrected.body.position}`))).toBe('700000.00');
    expect(actualOf(after, 'e-arkiv')?.actual).toBe('700000.00');
    expect(after.groups.filter((g) => g.group !== 'e-arkiv')).toEqual(
      first.groups.filter((g) => g.group !== 'e-arkiv'),
    );
    // As of before the correction, as it was then.
    const then = await report(`&asOfPosition=${first.position}`);
    expect(then.groups).toEqual(first.groups);
    expect(then.rows).toEqual(first.rows);
  });

  it('give the follow-up anew for the investment whose report came in, and the rest as before', async () => {
    type Overdue = { investmentId: string; benefitLineId: string; period: string };
    type FollowUp = {
      owners: { owner: string; overdue: Overdue[] }[];
      total: number;
      position: string;
    };
    const followUp = async (query = ''): Promise<FollowUp> =>
      (await t.as('revisor', 'auditor').get(`/api/reports/follow-up${query}`).expect(200)).body;
    const [first, again] = await askedTwice(t, followUp, '?');
    expect(again).toEqual(first);
    const owed = first.owners.flatMap((o) => o.overdue).find((o) => o.investmentId === 'e-arkiv');
    expect(owed).toBeDefined();
    const reported = await t
      .as(LINE_OWNER, 'project-lead')
      .post('/api/investments/e-arkiv/effect-reports', {
        reportId: 'r-late',
        benefitLineId: owed?.benefitLineId,
        period: owed?.period,
        value: '1000.00',
        evidence: 'Sen rapport',
      })
      .expect(201);
    const after = await followUp(`?minPosition=${reported.body.position}`);
    expect(after.total).toBe(first.total - 1);
    const still = (f: FollowUp) =>
      f.owners.flatMap((o) => o.overdue).filter((o) => !isSame(o, owed));
    expect(after.owners.flatMap((o) => o.overdue)).toEqual(still(first));
  });
});

const isSame = (
  a: { investmentId: string; benefitLineId: string; period: string },
  b: { investmentId: string; benefitLineId: string; period: string } | undefined,
): boolean =>
  b !== undefined &&
  a.investmentId === b.investmentId &&
  a.benefitLineId === b.benefitLineId &&
  a.period === b.period;
