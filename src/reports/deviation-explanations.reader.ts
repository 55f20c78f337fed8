/**
 * The project leads' explanations of deviations, as the board report needs them: every
 * explanation recorded up to the as-of moment, per investment and benefit line, oldest first,
 * with its period, when and by whom (DeviationExplained events). One read of the ledger per
 * report, filtered by event type in the store, rather than one read of each investment's
 * whole stream. Which of them still counts for a report is board-report.ts's explanationFor.
 */
import { EventStore } from '../event-store/event-store';
import { INVESTMENT_STREAM_PREFIX } from '../investment/investment.events';
import type { RecordedExplanation } from './board-report';

const DEVIATION_EXPLAINED = 'DeviationExplained';

interface ExplainedData {
  readonly investmentId: string;
  readonly benefitLineId: string;
  readonly period?: string | null;
  readonly explanation: string;
}

/** Investment id → benefit line id → its explanations recorded up to `asOf`, oldest first. */
export type RecordedExplanations = ReadonlyMap<
  string,
  ReadonlyMap<string, readonly RecordedExplanation[]>
>;

export const recordedExplanations = async (
  store: EventStore,
  asOf: string,
): Promise<RecordedExplanations> => {
  const byInvestment = new Map<string, Map<string, RecordedExplanation[]>>();
  const filter = { streamPrefix: INVESTMENT_STREAM_PREFIX, eventTypes: [DEVIATION_EXPLAINED] };
  for await (const event of store.readAll({ filter })) {
    const recordedAt = String(event.metadata.recordedAt);
    // Skipped, not a stop: appends to different streams may commit out of time order.
    if (recordedAt > asOf) continue;
    const data = event.data as ExplainedData;
    const byLine = byInvestment.get(data.investmentId) ?? new Map<string, RecordedExplanation[]>();
    const list = byLine.get(data.benefitLineId) ?? [];
    list.push({
      explanation: data.explanation,
      period: data.period ?? null,
      recordedAt,
      explainedBy: event.metadata.actor.id,
    });
    byLine.set(data.benefitLineId, list);
    byInvestment.set(data.investmentId, byLine);
  }
  return byInvestment;
};
