/**
 * What must hold of a running service's ledger once the lost requests are resolved: every
 * acknowledged event exactly once and nothing refused, the books balanced per tranche (API
 * against the events), every allocated investment approved, the chain verified by the API,
 * and the read models (caught up) equal to a full rebuild into another file.
 */
import { Money } from '../../../src/money/money';
import {
  approvalProblems,
  foldTranches,
  journalProblems,
  liveAndRebuilt,
  readLedgerFile,
} from './ledger-checks';
import { LedgerFiles } from './service-process';
import { AUDITOR, FUND_ID, Transport, Workload } from './workload';

interface TrancheAnswer {
  trancheId: string;
  amount: string;
  allocated: string;
  unallocated: string;
  availableNow: string;
  expected: string;
  lapsed: string;
  closed: string;
}

export const checkServiceLedger = async (
  transport: Transport,
  workload: Workload,
  files: LedgerFiles,
  dir: string,
  label: string,
): Promise<void> => {
  const file = await readLedgerFile(files.ledger);
  expect(file).toMatchObject({ chainOk: true });
  expect(workload.journal.filter((e) => e.verdict === 'lost')).toEqual([]);
  expect(journalProblems(workload.journal, file.index)).toEqual([]);
  expect(approvalProblems(file.index.events)).toEqual([]);
  const folded = foldTranches(file.index.events);
  expect(folded.problems).toEqual([]);

  const fund = await transport(AUDITOR, { method: 'GET', path: `/api/funds/${FUND_ID}` });
  expect(fund).toMatchObject({ kind: 'reply', status: 200 });
  for (const tranche of (fund.kind === 'reply'
    ? (fund.body as { tranches: TrancheAnswer[] })
    : { tranches: [] }
  ).tranches) {
    // Per tranche: unallocated + net allocations in the events = amount, to the öre; the
    // unallocated money is split into available now, expected, lapsed and closed (`available`
    // alone is what can be allocated today, and the workload's windows closed in 2018).
    const net = folded.tranches.get(tranche.trancheId)?.allocated ?? Money.zero;
    expect(Money.of(tranche.allocated).toString()).toBe(net.toString());
    expect(Money.of(tranche.unallocated).plus(net).toString()).toBe(
      Money.of(tranche.amount).toString(),
    );
    expect(Money.of(tranche.unallocated).isNegative()).toBe(false);
    const parts = [tranche.availableNow, tranche.expected, tranche.lapsed, tranche.closed];
    expect(parts.reduce((sum, part) => sum.plus(Money.of(part)), Money.zero).toString()).toBe(
      Money.of(tranche.unallocated).toString(),
    );
  }
  const verify = await transport(AUDITOR, { method: 'GET', path: '/api/audit/verify' });
  expect(verify).toMatchObject({
    status: 200,
    body: { ok: true, eventsChecked: file.index.events.length },
  });
  const { live, rebuilt } = await liveAndRebuilt(files.ledger, files.readModels, dir, label);
  expect(live).toEqual(rebuilt);
};
