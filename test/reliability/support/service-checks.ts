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
  available: string;
  allocated: string;
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
    const net = folded.tranches.get(tranche.trancheId)?.allocated ?? Money.zero;
    expect(Money.of(tranche.available).plus(net).toString()).toBe(
      Money.of(tranche.amount).toString(),
    );
    expect(Money.of(tranche.available).isNegative()).toBe(false);
  }
  const verify = await transport(AUDITOR, { method: 'GET', path: '/api/audit/verify' });
  expect(verify).toMatchObject({
    status: 200,
    body: { ok: true, eventsChecked: file.index.events.length },
  });
  const { live, rebuilt } = await liveAndRebuilt(files.ledger, files.readModels, dir, label);
  expect(live).toEqual(rebuilt);
};
