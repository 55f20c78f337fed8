/**
 * Every page of an investment's history, each asked for with the last one's `next`, as a
 * client walks it.
 */
import {
  HistoryPoints,
  InvestmentHistory,
  readInvestmentHistory,
} from '../../../src/audit/investment-history';
import { EventStore } from '../../../src/event-store/event-store';

export const historyPages = async (
  store: EventStore,
  investmentId: string,
  limit: number,
  points?: HistoryPoints,
): Promise<InvestmentHistory[]> => {
  const pages: InvestmentHistory[] = [];
  let after: bigint | undefined;
  for (;;) {
    const page = await readInvestmentHistory(store, investmentId, {}, { after, limit }, points);
    if (page === undefined) throw new Error(`no history of ${investmentId}`);
    pages.push(page);
    if (page.next === null) return pages;
    after = BigInt(page.next);
  }
};
