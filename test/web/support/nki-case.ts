/**
 * A purely qualitative benefit case from 2019: one one-off cost and an NKI line from 62 to
 * `target`, owned by `owner`, as the reading-path and target-path stories document it.
 */
import { DEMO_FINANCE, DEMO_FUND } from '../../../src/demo/orebro-demo.data';
import { aQualitativeLine } from '../../support/investment.mothers';
import { DemoLedger } from './demo-ledger';
import { apiAs } from './tasks';

export const NKI_LINE = 'nki';

export const nkiCase = ({
  owner,
  target = '70',
  horizonYears = 4,
}: {
  readonly owner: string;
  readonly target?: string;
  readonly horizonYears?: number;
}) => {
  const line = aQualitativeLine();
  return {
    discountRate: '0.035',
    horizonYears,
    startYear: 2019,
    qualitativeOnlyReason: 'Nyttan är nöjdare invånare, inte lägre driftkostnader.',
    costs: [
      {
        costLineId: 'inforande',
        kind: 'one-off',
        description: 'Införande av ny kundtjänst',
        forecast: [{ period: '2019', amount: '100000.00' }],
      },
    ],
    benefits: [
      {
        ...line,
        benefitLineId: NKI_LINE,
        description: 'Nöjd kundindex i kundtjänsten',
        owner,
        indicator: { ...line.indicator, target },
      },
    ],
  };
};

/**
 * On the demo ledger, `lead`'s investment `id` with the NKI case (62 → 70 over 2019–2022),
 * approved by an allocation decided in 2019 (history entered later: its life begins then, so
 * its 2020 reading is owed) and its 2020 reading, 64: 25 % of the planned change where the
 * path expects 50 % (a deviation).
 */
export const anNkiInvestmentRead2020 = async (
  ledger: DemoLedger,
  {
    id,
    title,
    lead,
    decisionRef,
  }: { id: string; title: string; lead: string; decisionRef: string },
): Promise<void> => {
  const asLead = apiAs(ledger, lead);
  await asLead('POST', '/api/investments', {
    investmentId: id,
    title,
    department: 'Kommunledningsförvaltningen',
    projectLead: lead,
    need: 'Invånarna är missnöjda med kundtjänsten.',
  });
  await asLead('PUT', `/api/investments/${id}/benefit-case`, nkiCase({ owner: lead }));
  // The answer waits for the approval.
  await apiAs(ledger, DEMO_FINANCE)('POST', `/api/funds/${DEMO_FUND.fundId}/allocations`, {
    investmentId: id,
    allocationId: `${id}-t1`,
    trancheId: DEMO_FUND.tranches[0].trancheId,
    amount: '100000.00',
    decidedOn: '2019-03-15',
    decisionRef,
    caseVersion: 1,
  });
  await asLead('POST', `/api/investments/${id}/effect-reports`, {
    reportId: `${id}-2020`,
    benefitLineId: NKI_LINE,
    period: '2020',
    value: '64',
    evidence: 'Medborgarundersökningen 2020',
  });
};
