/** Test data written through the HTTP API, as a client would. */
import { aBenefitCase, PROJECT_LEAD } from './investment.mothers';
import { TestApp } from './test-app';

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
