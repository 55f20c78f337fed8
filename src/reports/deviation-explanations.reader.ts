/**
 * The project leads' explanations of deviations, as the board report needs them: the latest
 * explanation per benefit line recorded in the investment's stream up to the as-of moment
 * (DeviationExplained events; a line without one is listed as unexplained).
 */
import { EventStore } from '../event-store/event-store';
import { investmentStream } from '../investment/investment.events';
import { DeviationExplanations } from './board-report';

export const DEVIATION_EXPLAINED = 'DeviationExplained';

interface ExplainedData {
  readonly benefitLineId: string;
  readonly explanation: string;
}

export class StreamExplanations implements DeviationExplanations {
  constructor(private readonly store: EventStore) {}

  async latest(investmentId: string, asOf: string): Promise<ReadonlyMap<string, string>> {
    const latest = new Map<string, string>();
    for await (const event of this.store.readStream(investmentStream(investmentId))) {
      if (String(event.metadata.recordedAt) > asOf) break;
      if (event.type !== DEVIATION_EXPLAINED) continue;
      const data = event.data as ExplainedData;
      latest.set(data.benefitLineId, data.explanation);
    }
    return latest;
  }
}
