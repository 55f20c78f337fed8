/**
 * What a Swedish summary line needs beyond its own event, read from the ledger: the value an
 * effect report's correction replaced (the event records only the new one), and whether the
 * reported line's values are money or a reading in an indicator's unit (the benefit case
 * the report was judged against says). Both are read behind the event, so a line says the
 * same whenever it is written.
 */
import { LRUCache } from 'lru-cache';
import { EventStore, RecordedEvent } from '../event-store/event-store';
import { BENEFIT_CLASSES, BenefitClass, isValued } from '../investment/benefit-case';
import { SummaryContext, summarise } from './event-summary';
import { Lang } from '../reports/swedish';

type Data = Readonly<Record<string, unknown>>;
type LineReading = NonNullable<SummaryContext['line']>;
/** A benefit case's lines by id, as its summary reads their values. */
type CaseLines = ReadonlyMap<string, LineReading>;

/** Investments whose case versions are kept at once: one change report or board report's worth. */
const MAX_CACHED_INVESTMENTS = 1_000;

const dataOf = (event: { readonly data: unknown }): Data =>
  event.data !== null && typeof event.data === 'object' ? (event.data as Data) : {};

const textOf = (data: Data, key: string): string | undefined => {
  const value = data[key];
  return typeof value === 'string' ? value : undefined;
};

const classOf = (text: string | undefined): BenefitClass | undefined =>
  BENEFIT_CLASSES.find((c) => c === text);

/** A recorded case's lines; a line or field that is not there is left out, never an error. */
const linesOf = (benefitCase: unknown): CaseLines => {
  const lines = new Map<string, LineReading>();
  const benefits = dataOf({ data: benefitCase }).benefits;
  if (!Array.isArray(benefits)) return lines;
  for (const line of benefits) {
    const l = dataOf({ data: line });
    const id = textOf(l, 'benefitLineId');
    const benefitClass = classOf(textOf(l, 'class'));
    if (id === undefined || benefitClass === undefined) continue;
    const unit = textOf(dataOf({ data: l.indicator }), 'unit');
    if (isValued(benefitClass)) lines.set(id, { money: true });
    else if (unit !== undefined) lines.set(id, { money: false, unit });
  }
  return lines;
};

const isReportOf = (event: RecordedEvent, reportId: string): boolean =>
  (event.type === 'EffectReported' || event.type === 'EffectReportCorrected') &&
  textOf(dataOf(event), 'reportId') === reportId;

/** An event to be summarised, where it lies in the ledger: a recorded event, or a history's entry read back. */
export interface PlacedEvent {
  readonly type: string;
  readonly data: unknown;
  readonly streamId: string;
  readonly revision: bigint;
  readonly position: bigint;
}

/** Looks up summary contexts for one report or file; keeps the cases it has read. */
export class SummaryContexts {
  /** Per investment, its case versions' lines as read up to some position. */
  private readonly cases = new LRUCache<string, ReadonlyMap<number, CaseLines>>({
    max: MAX_CACHED_INVESTMENTS,
  });

  constructor(private readonly store: EventStore) {}

  /** Whether the event's line uses a context: the rest are written without a read. */
  static needs(event: { readonly type: string }): boolean {
    return event.type === 'EffectReported' || event.type === 'EffectReportCorrected';
  }

  /**
   * The event's summary line in `lang`. Only a Swedish line of an effect report reads its
   * context from the ledger; an English line, or any other event's, is written without a read.
   */
  async summaryOf(event: PlacedEvent, lang: Lang): Promise<string> {
    const context = lang === 'sv' && SummaryContexts.needs(event) ? await this.of(event) : {};
    return summarise(event, lang, context);
  }

  async of(event: PlacedEvent): Promise<SummaryContext> {
    switch (event.type) {
      case 'EffectReported':
        return this.withLine(event, {});
      case 'EffectReportCorrected': {
        const replacedValue = await this.valueBefore(event);
        return this.withLine(event, replacedValue === undefined ? {} : { replacedValue });
      }
      default:
        return {};
    }
  }

  private async withLine(event: PlacedEvent, context: SummaryContext): Promise<SummaryContext> {
    const line = await this.lineOf(event);
    return line === undefined ? context : { ...context, line };
  }

  /**
   * The report's value just before the correction: the report's own, or the latest earlier
   * correction's. Read backwards from the correction in its stream, so only the events between
   * the two are read.
   */
  private async valueBefore(correction: PlacedEvent): Promise<string | undefined> {
    const reportId = textOf(dataOf(correction), 'reportId');
    if (reportId === undefined || correction.revision === 0n) return undefined;
    const earlier = this.store.readStream(correction.streamId, {
      from: correction.revision - 1n,
      direction: 'backwards',
    });
    for await (const event of earlier) {
      if (isReportOf(event, reportId)) return textOf(dataOf(event), 'value');
    }
    return undefined;
  }

  /** How the reported line reads in the case version the report was judged against. */
  private async lineOf(event: PlacedEvent): Promise<LineReading | undefined> {
    const data = dataOf(event);
    const investmentId = textOf(data, 'investmentId');
    const lineId = textOf(data, 'benefitLineId');
    const version = data.caseVersion;
    if (investmentId === undefined || lineId === undefined || typeof version !== 'number') {
      return undefined;
    }
    let versions = this.cases.get(investmentId);
    // Versions are only added: one not read yet was documented after the last read.
    if (versions?.has(version) !== true) {
      versions = await this.caseVersions(investmentId, event.position);
      this.cases.set(investmentId, versions);
    }
    return versions.get(version)?.get(lineId);
  }

  private async caseVersions(
    investmentId: string,
    upTo: bigint,
  ): Promise<ReadonlyMap<number, CaseLines>> {
    const versions = new Map<number, CaseLines>();
    const documented = this.store.readAll({
      upTo,
      filter: {
        eventTypes: ['BenefitCaseDocumented'],
        dataEquals: { field: 'investmentId', value: investmentId },
      },
    });
    for await (const event of documented) {
      const data = dataOf(event);
      if (typeof data.version === 'number') versions.set(data.version, linesOf(data.case));
    }
    return versions;
  }
}
