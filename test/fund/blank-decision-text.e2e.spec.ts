/**
 * A fund decision records why (DOMAIN rule 6): its decision reference and reason must say
 * something. Whitespace only (finding F14 of the gaming probe: "   " was recorded on an
 * allocation, a reduction, a tranche amendment and a tranche close) is refused at the edge, as
 * closing an investment with a blank reason is: 400 VALIDATION_FAILED naming the field, "must
 * not be blank", and nothing recorded. The same body with the field filled in is accepted.
 */
import { aDocumentedInvestmentOverHttp } from '../support/http-mothers';
import { eventCount, expectRefusal, startTestApp, TestApp } from '../support/test-app';

const FUND = {
  fundId: 'orebro',
  name: 'Digitaliseringsfond',
  currency: 'SEK',
  decisionRef: 'Ks 1474/2016',
  tranches: [
    { trancheId: 't1', name: 'Etapp 1', amount: '120000000.00', allocatableFrom: '2016-12-31' },
    { trancheId: 't2', name: 'Etapp 2', amount: '80000000.00', allocatableUntil: '2018-12-31' },
  ],
};

/** Spaces, a tab, line breaks, a no-break space: nothing a reader could take for a reason. */
const BLANKS = ['   ', '\t', ' \r\n ', '\u00a0'];

interface Command {
  readonly name: string;
  readonly path: string;
  readonly body: Record<string, unknown>;
  readonly fields: readonly string[];
}

const COMMANDS: readonly Command[] = [
  {
    name: 'an allocation',
    path: '/api/funds/orebro/allocations',
    body: {
      allocationId: 'a2',
      investmentId: 'e-arkiv',
      trancheId: 't1',
      amount: '1000000.00',
      decidedOn: '2017-04-01',
      decisionRef: 'Ks 2017/240',
      caseVersion: 1,
      overrideRef: 'Ks 2017/241',
    },
    fields: ['decisionRef', 'overrideRef'],
  },
  {
    name: 'a reduction',
    path: '/api/funds/orebro/allocations/a1/reductions',
    body: {
      reductionId: 'r1',
      amount: '100000.00',
      decidedOn: '2017-05-01',
      decisionRef: 'Ks 2017/300',
      reason: 'Upphandlingen blev billigare',
    },
    fields: ['decisionRef', 'reason'],
  },
  {
    name: 'a tranche amendment',
    path: '/api/funds/orebro/tranches/t2/amendments',
    body: {
      amount: '60000000.00',
      decidedOn: '2017-06-01',
      decisionRef: 'KF 2017/88',
      reason: 'Ambitionen för etapp 2 sänks',
    },
    fields: ['decisionRef', 'reason'],
  },
  {
    name: 'a tranche close',
    path: '/api/funds/orebro/tranches/t2/close',
    body: {
      closedOn: '2019-01-31',
      decisionRef: 'Ks 88/2019',
      reason: 'Etappen avslutad',
    },
    fields: ['decisionRef', 'reason'],
  },
];

describe('fund decisions with a blank decisionRef or reason over HTTP', () => {
  let t: TestApp;
  const finance = () => t.as('fia', 'finance');

  beforeAll(async () => {
    t = await startTestApp();
    await finance().post('/api/funds', FUND).expect(201);
    await finance()
      .post('/api/funds/orebro/tranches/t1/release', {
        releasedOn: '2016-12-31',
        decisionRef: 'KF 2016/12',
      })
      .expect(201);
    await aDocumentedInvestmentOverHttp(t, 'e-arkiv');
    await finance()
      .post('/api/funds/orebro/allocations', {
        allocationId: 'a1',
        investmentId: 'e-arkiv',
        trancheId: 't1',
        amount: '4500000.00',
        decidedOn: '2017-03-15',
        decisionRef: 'Ks 2017/233',
        caseVersion: 1,
      })
      .expect(201);
  });
  afterAll(async () => t.close());

  const eventsInFeed = async (): Promise<number> =>
    (await finance().get('/api/events?after=0&limit=1000').expect(200)).body.events.length;

  for (const command of COMMANDS) {
    it(`refuses ${command.name} whose ${command.fields.join(' or ')} is blank, recording nothing`, async () => {
      const feed = await eventsInFeed();
      for (const field of command.fields) {
        for (const blank of BLANKS) {
          const body = await expectRefusal(
            t,
            finance().post(command.path, { ...command.body, [field]: blank }),
            400,
            'VALIDATION_FAILED',
          );
          expect(body.errors).toEqual([{ path: field, message: 'must not be blank' }]);
        }
      }
      expect(await eventsInFeed()).toBe(feed);
      // The same body with every field filled in is a decision the ledger records.
      const before = await eventCount(t.store);
      await finance().post(command.path, command.body).expect(201);
      expect(await eventCount(t.store)).toBe(before + 1);
    });
  }

  it('refuses a blank tranche name or release reference as well', async () => {
    const name = await expectRefusal(
      t,
      finance().post('/api/funds/orebro/tranches', {
        trancheId: 't3',
        name: '  ',
        amount: '1000000.00',
        decisionRef: 'KF 2019/1',
      }),
      400,
      'VALIDATION_FAILED',
    );
    expect(name.errors).toEqual([{ path: 'name', message: 'must not be blank' }]);
    const release = await expectRefusal(
      t,
      finance().post('/api/funds/orebro/tranches/t3/release', {
        releasedOn: '2019-02-01',
        decisionRef: ' ',
      }),
      400,
      'VALIDATION_FAILED',
    );
    expect(release.errors).toEqual([{ path: 'decisionRef', message: 'must not be blank' }]);
  });
});
