/**
 * Events for the append and peer scenarios: effect reports as the command handler records
 * them (the most frequent command of a realising investment), with the handler's metadata.
 */
import { randomUUID } from 'node:crypto';
import { EventMetadata, NewEvent } from '../../src/event-store/event-store';
import { EVENT_SCHEMA_VERSION } from '../../src/shared/command-handler';
import { EffectReportedData } from '../../src/investment/investment.events';

const MONTHS_PER_YEAR = 12;
const FIRST_YEAR = 2017;
const BENEFIT_LINES = ['fewer-licences', 'time-freed', 'citizen-satisfaction'] as const;
const RECORDED_FROM_MS = Date.UTC(2018, 0, 1);
const RECORDED_STEP_MS = 60_000;

const periodOf = (n: number): string => {
  const month = Math.floor(n / BENEFIT_LINES.length);
  const year = FIRST_YEAR + Math.floor(month / MONTHS_PER_YEAR);
  return `${year}-${String((month % MONTHS_PER_YEAR) + 1).padStart(2, '0')}`;
};

/** The n-th effect report of an investment: a new line and period each time. */
export const anEffectReport = (investmentId: string, n: number): NewEvent => {
  const commandId = randomUUID();
  const data: EffectReportedData = {
    investmentId,
    reportId: `report-${n}`,
    benefitLineId: BENEFIT_LINES[n % BENEFIT_LINES.length],
    period: periodOf(n),
    value: `${(40_000 + (n % 997) * 13).toFixed(0)}.50`,
    evidence: `Uppföljning av licenskostnader enligt leverantörsfakturor, dnr KS ${2018 + (n % 5)}/${n}`,
    caseVersion: 1,
  };
  const metadata: EventMetadata = {
    actor: { id: 'anna.berg', role: 'project-lead' },
    recordedAt: new Date(RECORDED_FROM_MS + n * RECORDED_STEP_MS).toISOString(),
    correlationId: randomUUID(),
    causationId: commandId,
    commandId,
    schemaVersion: EVENT_SCHEMA_VERSION,
  };
  return { eventId: randomUUID(), type: 'EffectReported', data, metadata };
};

/** `count` reports of one investment, numbered from `from`. */
export const effectReports = (investmentId: string, from: number, count: number): NewEvent[] =>
  Array.from({ length: count }, (_, i) => anEffectReport(investmentId, from + i));
