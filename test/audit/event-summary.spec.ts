/**
 * The change report's and the history's one-line summaries say when a decision was taken on
 * the board's override of the running-cost rule, so an auditor reading the lines sees it.
 */
import { summarise } from '../../src/audit/event-summary';

const allocation = {
  allocationId: 'a1',
  investmentId: 'e-arkiv',
  trancheId: 't1',
  amount: '1000000.00',
  decidedOn: '2017-03-01',
  decisionRef: 'Ks 1/2017',
};

describe('event summaries', () => {
  it('name the override of an allocation decided although running costs rise', () => {
    const line = summarise(
      { type: 'FundsAllocated', data: { ...allocation, overrideRef: 'Ks 99/2017 § 4' } },
      'en',
    );
    expect(line).toContain("on the board's override Ks 99/2017 § 4");
  });

  it('say nothing of an override where there was none', () => {
    expect(summarise({ type: 'FundsAllocated', data: allocation }, 'en')).not.toContain('override');
  });

  it('name the override of a re-baseline', () => {
    const line = summarise(
      {
        type: 'BaselineRevised',
        data: {
          previousCaseVersion: 1,
          caseVersion: 2,
          approvedBy: 'frida.ek',
          decisionRef: 'Ks 640/2018',
          reason: 'new scope',
          overrideRef: 'Ks 640/2018 § 3',
        },
      },
      'en',
    );
    expect(line).toContain("on the board's override Ks 640/2018 § 3");
    expect(line).toContain('version 1 to 2');
  });
});
