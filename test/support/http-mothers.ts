/** Test data written through the HTTP API, as a client would. */
import { aBenefitCase, PROJECT_LEAD } from './investment.mothers';
import { ActorClient, TestApp } from './test-app';

/** Proposes an investment led by `lead` and documents the default benefit case. */
export const aDocumentedInvestmentOverHttp = async (
  t: TestApp,
  investmentId: string,
  lead = PROJECT_LEAD,
): Promise<void> => {
  const asLead = t.as(lead, 'project-lead');
  await asLead
    .post('/api/investments', {
      investmentId,
      title: `Investment ${investmentId}`,
      department: 'Kommunstyrelseförvaltningen',
      projectLead: lead,
      need: 'Manual work',
    })
    .expect(201);
  await asLead.put(`/api/investments/${investmentId}/benefit-case`, aBenefitCase()).expect(200);
};

/**
 * The Örebro fund with its first tranche (120 MSEK, allocatable from 2016-12-31), released on
 * that day: the set-up most e2e stories start from. `finance` is the client that records it.
 */
export const aReleasedFundOverHttp = async (
  finance: () => ActorClient,
  options: { readonly name?: string; readonly releaseDecisionRef?: string } = {},
): Promise<void> => {
  await finance()
    .post('/api/funds', {
      fundId: 'orebro',
      name: options.name ?? 'Digitaliseringsfond',
      currency: 'SEK',
      decisionRef: 'Ks 1474/2016',
      tranches: [
        { trancheId: 't1', name: 'Etapp 1', amount: '120000000.00', allocatableFrom: '2016-12-31' },
      ],
    })
    .expect(201);
  await finance()
    .post('/api/funds/orebro/tranches/t1/release', {
      releasedOn: '2016-12-31',
      decisionRef: options.releaseDecisionRef ?? 'KF 2016',
    })
    .expect(201);
};

/**
 * The smallest fund there is: `f`, one tranche `t1` of 1 000.00 SEK, neither released nor dated.
 * What specs about moments and positions record first, when the fund itself is beside the point.
 */
export const aSmallFundOverHttp = async (finance: ActorClient): Promise<void> => {
  await finance
    .post('/api/funds', {
      fundId: 'f',
      name: 'Fund',
      currency: 'SEK',
      decisionRef: 'Ks 1',
      tranches: [{ trancheId: 't1', name: 'T1', amount: '1000.00' }],
    })
    .expect(201);
};
