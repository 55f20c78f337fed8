/**
 * The project leads' explanations of deviations, as the board report needs them: every
 * explanation recorded up to the report's position, per investment and benefit line, oldest first,
 * with its period, when, by whom and where in the ledger (DeviationExplained events). One read
 * of the ledger per report, filtered by event type in the store, rather than one read of each
 * investment's whole stream. Which of them still counts for a report is board-report.ts's
 * explanationFor; whether the line was reported after one is lineReportsAfter's, which reads
 * an investment's stream back only as far as the explanations it is asked about.
 */
import { EventStore } from '../event-store/event-store';
import { INVESTMENT_STREAM_PREFIX, investmentStream } from '../investment/investment.events';
import type { RecordedExplanation } from './board-report';

const DEVIATION_EXPLAINED = 'DeviationExplained';
/** The events that record or change a line's reported figure. */
const LINE_REPORTS: ReadonlySet<string> = new Set(['EffectReported', 'EffectReportCorrected']);

interface ExplainedData {
  readonly investmentId: string;
  readonly benefitLineId: string;
  readonly period?: string | null;
  readonly explanation: string;
}

/**
 * Investment id → benefit line id → its explanations recorded at or before the report's
 * position `upTo` (where its asOf resolved to), oldest first.
 */
export type RecordedExplanations = ReadonlyMap<
  string,
  ReadonlyMap<string, readonly RecordedExplanation[]>
>;

export const recordedExplanations = async (
  store: EventStore,
  upTo: bigint,
): Promise<RecordedExplanations> => {
  const byInvestment = new Map<string, Map<string, RecordedExplanation[]>>();
  const filter = { streamPrefix: INVESTMENT_STREAM_PREFIX, eventTypes: [DEVIATION_EXPLAINED] };
  // The report's position bounds it, as it bounds every other part: on EventStoreDB an event
  // at or before it may be stamped after asOf (another process's clock), and the figures read
  // at that position hold it.
  for await (const event of store.readAll({ filter, upTo })) {
    const recordedAt = String(event.metadata.recordedAt);
    const data = event.data as ExplainedData;
    const byLine = byInvestment.get(data.investmentId) ?? new Map<string, RecordedExplanation[]>();
    const list = byLine.get(data.benefitLineId) ?? [];
    list.push({
      explanation: data.explanation,
      period: data.period ?? null,
      recordedAt,
      explainedBy: event.metadata.actor.id,
      position: event.position.toString(),
    });
    byLine.set(data.benefitLineId, list);
    byInvestment.set(data.investmentId, byLine);
  }
  return byInvestment;
};

const lineOf = (data: unknown): unknown =>
  data !== null && typeof data === 'object'
    ? (data as { readonly benefitLineId?: unknown }).benefitLineId
    : undefined;

/** The position of the stream's event at `revision` (one point read). */
const positionAt = async (store: EventStore, stream: string, revision: bigint): Promise<bigint> => {
  for await (const event of store.readStream(stream, { from: revision, maxCount: 1 })) {
    return event.position;
  }
  throw new Error(`stream ${stream} has no event at revision ${revision}`);
};

/**
 * The stream's last revision at or before ledger position `upTo`; undefined when it has none
 * there. By bisection over revisions with point reads (positions grow with revisions), so a
 * report as of a past moment does not read what the stream recorded since.
 */
const lastRevisionUpTo = async (
  store: EventStore,
  stream: string,
  upTo: bigint,
): Promise<bigint | undefined> => {
  const head = await store.streamRevision(stream);
  if (head === undefined) return undefined;
  if ((await positionAt(store, stream, head)) <= upTo) return head;
  // position(low) <= upTo (or low = -1: none is), position(high) > upTo.
  let low = -1n;
  let high = head;
  while (high - low > 1n) {
    const middle = (low + high) / 2n;
    if ((await positionAt(store, stream, middle)) <= upTo) low = middle;
    else high = middle;
  }
  return low < 0n ? undefined : low;
};

/** A row of the deviations asked about: the lines whose reports move it, and since when. */
export interface ReportsAsked {
  /** The position after which a report counts (the explanation's). */
  readonly after: bigint;
  /** The benefit lines a report or correction of which moves the row. */
  readonly lines: ReadonlySet<string>;
}

/**
 * Per row asked about (a benefit line, or the valued lines together), the position of the
 * latest effect report or correction (EffectReported, EffectReportCorrected) of one of its
 * lines recorded after the row's position and at most at `upTo` (the report's position); a row
 * without one is left out. One read of the investment's stream, backwards from `upTo`, which
 * stops once it is at or below every position asked about: only the events recorded between
 * the explanations in question and the report's moment are read, never the stream's whole
 * history of reports (a large investment has thousands), and once for every row together.
 */
export const reportsAfter = async (
  store: EventStore,
  investmentId: string,
  asked: ReadonlyMap<string, ReportsAsked>,
  upTo: bigint,
): Promise<Map<string, bigint>> => {
  const found = new Map<string, bigint>();
  /** The rows not yet answered for. */
  const open = new Map(asked);
  if (open.size === 0) return found;
  const stream = investmentStream(investmentId);
  const from = await lastRevisionUpTo(store, stream, upTo);
  if (from === undefined) return found;
  for await (const event of store.readStream(stream, { from, direction: 'backwards' })) {
    // At or below a row's own position there is nothing more to find for it.
    for (const [id, row] of open) if (event.position <= row.after) open.delete(id);
    if (open.size === 0) break;
    if (!LINE_REPORTS.has(event.type)) continue;
    const lineId = lineOf(event.data);
    if (typeof lineId !== 'string') continue;
    for (const [id, row] of open) {
      if (!row.lines.has(lineId)) continue;
      // The first met going backwards is the latest.
      found.set(id, event.position);
      open.delete(id);
    }
    if (open.size === 0) break;
  }
  return found;
};
