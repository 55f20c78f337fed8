/**
 * Ids that name what every JavaScript object has ("constructor", "toString", …). The read
 * models key their maps by id, so a cost, an investment or a fund of such an id read a function
 * where a document should be: a command was acknowledged (201) and then stopped the projection
 * on its event for good (every later write invisible, the service unable to start again), and
 * a GET of such a name answered 500. Every client-chosen id is now refused as bad input, before
 * anything is recorded (test/projections/reserved-ids.spec.ts: a ledger that holds one anyway).
 */
import { stockholmDay } from '../../src/periods/stockholm-day';
import { ID_PATTERN, RESERVED_NAMES, USER_ID_PATTERN } from '../../src/shared/input-limits';
import { aDocumentedInvestmentOverHttp, aReleasedFundOverHttp } from '../support/http-mothers';
import { aBenefitCase, aFinancialLine, PROJECT_LEAD } from '../support/investment.mothers';
import { expectRefusal, startTestApp, TestApp } from '../support/test-app';

describe('reserved names as ids', () => {
  it('are the names every object answers to, and no id pattern takes one', () => {
    expect(RESERVED_NAMES).toEqual(expect.arrayContaining(['constructor', 'toString', 'valueOf']));
    for (const name of RESERVED_NAMES) {
      expect(ID_PATTERN.test(name)).toBe(false);
      expect({} as Record<string, unknown>).toHaveProperty(name);
    }
    // Only the whole id is reserved.
    for (const id of ['constructors', 'my-constructor', 'constructor-1']) {
      expect(ID_PATTERN.test(id)).toBe(true);
    }
    // User ids are kept in Maps only: a user an earlier build registered stays manageable.
    expect(USER_ID_PATTERN.test('toString')).toBe(true);
  });

  describe('over HTTP', () => {
    let t: TestApp;
    const finance = () => t.as('fia', 'finance');
    const lead = () => t.as(PROJECT_LEAD, 'project-lead');
    const today = () => stockholmDay(new Date());

    beforeAll(async () => {
      t = await startTestApp();
      await aReleasedFundOverHttp(finance);
      await aDocumentedInvestmentOverHttp(t, 'e-arkiv');
    });
    afterAll(async () => t.close());

    it('refuses them in every body id, recording nothing', async () => {
      const refused = (call: ReturnType<ReturnType<typeof finance>['post']>) =>
        expectRefusal(t, call, 400, 'VALIDATION_FAILED');
      await refused(
        finance().post('/api/investments/e-arkiv/costs', {
          costId: 'constructor',
          amount: '1.00',
          incurredOn: today(),
          reference: 'F 1',
        }),
      );
      await refused(
        lead().post('/api/investments', {
          investmentId: 'constructor',
          title: 'T',
          department: 'K',
          projectLead: PROJECT_LEAD,
          need: 'n',
        }),
      );
      await refused(
        finance().post('/api/funds/orebro/allocations', {
          allocationId: 'constructor',
          investmentId: 'e-arkiv',
          trancheId: 't1',
          amount: '1.00',
          decidedOn: today(),
          decisionRef: 'Ks 1',
          caseVersion: 1,
        }),
      );
      const body = await expectRefusal(
        t,
        lead().put(
          '/api/investments/e-arkiv/benefit-case',
          aBenefitCase({ benefits: [aFinancialLine({ benefitLineId: 'constructor' })] }),
        ),
        400,
        'BENEFIT_CASE_INVALID',
      );
      expect(JSON.stringify(body)).toContain('not \\"constructor\\"');
    });

    it('answers a path or query of one with 400, not 500', async () => {
      for (const path of [
        '/api/funds/constructor',
        '/api/investments/constructor',
        '/api/investments/constructor/forecast-vs-actual',
        '/api/investments/constructor/history',
        '/api/reports/board?fundId=constructor',
      ]) {
        const res = await finance().get(path);
        expect({ path, status: res.status }).toEqual({ path, status: 400 });
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      }
      await expectRefusal(
        t,
        finance().post('/api/investments/constructor/costs', {
          costId: 'c1',
          amount: '1.00',
          incurredOn: today(),
          reference: 'F 1',
        }),
        400,
        'VALIDATION_FAILED',
      );
    });

    it('keeps the read models going after the refusals', async () => {
      const cost = await finance()
        .post('/api/investments/e-arkiv/costs', {
          costId: 'c-after',
          amount: '2.00',
          incurredOn: today(),
          reference: 'F 2',
        })
        .expect(201);
      const investment = await finance()
        .get(`/api/investments/e-arkiv?minPosition=${cost.body.position}`)
        .expect(200);
      expect(investment.body.spent).toBe('2.00');
    });
  });
});
