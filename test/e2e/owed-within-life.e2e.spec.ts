/**
 * Follow-up is owed only within the investment's life, over real HTTP. An investment proposed
 * in June 2019 documents a case running from 2017 (nothing limits a first version's start);
 * its 2017 and 2018 cannot be reported (EFFECT_PERIOD_BEFORE_LIFE), and were listed as
 * overdue in the follow-up report, the board report and the investment's overdue count until
 * finance waived each one. They are owed no more, and a waiver of one is OBLIGATION_NOT_OWED;
 * 2019, which began before the proposal and ends after it, is owed. When the board's recorded
 * decision is earlier than the proposal (history entered later), the life, and what is owed,
 * begins on that day.
 */
import {
  FINANCIAL_LINE,
  PROJECT_LEAD,
  QUALITATIVE_LINE,
  aBenefitCase,
} from '../support/investment.mothers';
import { REDISTRIBUTABLE_LINE } from '../support/investment.mothers';
import { aReleasedFundOverHttp } from '../support/http-mothers';
import { expectRefusal, startTestApp, TestApp } from '../support/test-app';

interface OverdueItem {
  readonly investmentId: string;
  readonly benefitLineId: string;
  readonly period: string;
}

describe('follow-up owed only within the investment’s life', () => {
  let t: TestApp;
  let now = new Date('2019-06-14T09:00:00Z');
  const on = (day: string): void => {
    now = new Date(`${day}T09:00:00Z`);
  };
  const finance = () => t.as('fia', 'finance');
  const lead = () => t.as(PROJECT_LEAD, 'project-lead');
  const auditor = () => t.as('revisor', 'auditor');

  const propose = async (investmentId: string): Promise<void> => {
    await lead()
      .post('/api/investments', {
        investmentId,
        title: `Investering ${investmentId}`,
        department: 'KLF',
        projectLead: PROJECT_LEAD,
        need: 'Pappersarkiv',
      })
      .expect(201);
    // The default case runs 2017–2020: two years before anyone proposed it.
    await lead().put(`/api/investments/${investmentId}/benefit-case`, aBenefitCase()).expect(200);
  };
  const allocate = (investmentId: string, decidedOn: string) =>
    finance()
      .post('/api/funds/orebro/allocations', {
        allocationId: `alloc-${investmentId}`,
        investmentId,
        trancheId: 't1',
        amount: '2000000.00',
        decidedOn,
        decisionRef: `Ks ${investmentId}`,
        caseVersion: 1,
      })
      .expect(201);
  const waive = (investmentId: string, benefitLineId: string, period: string) =>
    finance().post(`/api/investments/${investmentId}/obligation-waivers`, {
      benefitLineId,
      period,
      reason: 'Ingen uppföljning',
    });

  /** Per line, the overdue periods of the investment the follow-up report lists. */
  const overdueOf = async (investmentId: string): Promise<Record<string, string[]>> => {
    const followUp = (await auditor().get('/api/reports/follow-up').expect(200)).body;
    const items: OverdueItem[] = followUp.owners.flatMap((o: { overdue: OverdueItem[] }) =>
      o.overdue.filter((item) => item.investmentId === investmentId),
    );
    const byLine: Record<string, string[]> = {};
    for (const item of items) (byLine[item.benefitLineId] ??= []).push(item.period);
    for (const periods of Object.values(byLine)) periods.sort();
    return byLine;
  };
  const overdueCount = async (investmentId: string): Promise<number> =>
    (await auditor().get(`/api/investments/${investmentId}`).expect(200)).body.overdueCount;
  const boardOverdue = async (investmentId: string): Promise<string[]> =>
    (await auditor().get('/api/reports/board').expect(200)).body.overdue
      .filter((o: OverdueItem) => o.investmentId === investmentId)
      .map((o: OverdueItem) => `${o.benefitLineId} ${o.period}`)
      .sort();

  beforeAll(async () => {
    t = await startTestApp({ clock: () => now });
    on('2016-12-31');
    await aReleasedFundOverHttp(finance);
    on('2019-06-14');
    await propose('sent');
    await propose('historik');
    on('2019-07-01');
    await allocate('sent', '2019-07-01');
    // Entered later: the board decided on it on 2018-03-01, before the proposal was recorded.
    await allocate('historik', '2018-03-01');
    on('2021-03-01');
  });
  afterAll(async () => t.close());

  it('lists no overdue 2017 or 2018 for an investment proposed in mid-2019; 2019 is owed', async () => {
    const overdue = await overdueOf('sent');
    expect(overdue).toEqual({
      [FINANCIAL_LINE]: ['2019', '2020'],
      [REDISTRIBUTABLE_LINE]: ['2019'],
      [QUALITATIVE_LINE]: ['2019', '2020'],
    });
    expect(await overdueCount('sent')).toBe(5);
    expect(await boardOverdue('sent')).toEqual(
      [
        `${QUALITATIVE_LINE} 2019`,
        `${QUALITATIVE_LINE} 2020`,
        `${FINANCIAL_LINE} 2019`,
        `${FINANCIAL_LINE} 2020`,
        `${REDISTRIBUTABLE_LINE} 2019`,
      ].sort(),
    );

    const problem = await expectRefusal(
      t,
      waive('sent', FINANCIAL_LINE, '2018'),
      409,
      'OBLIGATION_NOT_OWED',
    );
    expect(problem).toMatchObject({
      period: '2018',
      endsOn: '2018-12-31',
      lifeBegins: '2019-06-14',
    });
    await waive('sent', QUALITATIVE_LINE, '2019').expect(201);
    expect(await overdueCount('sent')).toBe(4);
  });

  it('owes from the board’s earlier decision when the history was entered later', async () => {
    expect(await overdueOf('historik')).toEqual({
      [FINANCIAL_LINE]: ['2018', '2019', '2020'],
      [REDISTRIBUTABLE_LINE]: ['2018', '2019'],
      [QUALITATIVE_LINE]: ['2018', '2019', '2020'],
    });
    expect(await overdueCount('historik')).toBe(8);
    const problem = await expectRefusal(
      t,
      waive('historik', QUALITATIVE_LINE, '2017'),
      409,
      'OBLIGATION_NOT_OWED',
    );
    expect(problem).toMatchObject({ lifeBegins: '2018-03-01' });
    await waive('historik', FINANCIAL_LINE, '2018').expect(201);
    expect(await overdueCount('historik')).toBe(7);
  });
});
