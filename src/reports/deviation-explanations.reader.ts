/**
 * The project leads' explanations of deviations, as the board report needs them: every
 * explanation per benefit line recorded in the investment's stream up to the as-of moment,
 * oldest first, with its period, when and by whom (DeviationExplained events). Which of them
 * still counts for a report is board-report.ts's explanationFor.
 */
import { EventStore } from '../event-store/event-store';
import { investmentStream } from '../investment/investment.events';
import { DeviationExplanations, RecordedExplanation } from './board-report';

export const DEVIATION_EXPLAINED = 'DeviationExplained';

interface ExplainedData {
  readonly benefitLineId: string;
  readonly period?: string | null;
  readonly explanation: string;
}

export class StreamExplanations implements DeviationExplanations {
  constructor(private readonly store: EventStore) {}

  async recorded(
    investmentId: string,
    asOf: string,
  ): Promise<ReadonlyMap<string, readonly RecordedExplanation[]>> {
    const byLine = new Map<string, RecordedExplanation[]>();
    for await (const event of this.store.readStream(investmentStream(investmentId))) {
      const recordedAt = String(event.metadata.recordedAt);
      if (recordedAt > asOf) break;
      if (event.type !== DEVIATION_EXPLAINED) continue;
      const data = event.data as ExplainedData;
      const list = byLine.get(data.benefitLineId) ?? [];
      list.push({
        explanation: data.explanation,
        period: data.period ?? null,
        recordedAt,
        explainedBy: event.metadata.actor.id,
      });
      byLine.set(data.benefitLineId, list);
    }
    return byLine;
  }
}
