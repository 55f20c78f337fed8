/** The table printed at the end of a run, and the JSON written beside it. */
import { execFileSync } from 'node:child_process';
import { cpus } from 'node:os';
import { readFileSync } from 'node:fs';
import { BenchConfig } from './config';
import { Figure, Row } from './results';

export interface Machine {
  readonly cpus: number;
  readonly cpuModel: string;
  readonly node: string;
  readonly platform: string;
}

const cpuModel = (): string => {
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('model name'));
    if (line !== undefined) return line.split(':')[1].trim();
  } catch {
    // Not Linux: fall back to what Node reports.
  }
  return cpus()[0]?.model ?? 'unknown';
};

const processorCount = (): number => {
  try {
    return Number(execFileSync('nproc', { encoding: 'utf8' }).trim());
  } catch {
    return cpus().length;
  }
};

export const describeMachine = (): Machine => ({
  cpus: processorCount(),
  cpuModel: cpuModel(),
  node: process.version,
  platform: `${process.platform} ${process.arch}`,
});

export interface RunReport {
  readonly date: string;
  readonly machine: Machine;
  readonly config: {
    readonly scale: number;
    readonly ledgerEvents: number;
    readonly streamEvents: number;
    readonly appendSeconds: number;
    readonly httpSeconds: number;
    readonly httpConcurrency: readonly number[];
    readonly scenarios: readonly string[];
  };
  readonly durationSeconds: number;
  readonly rows: readonly Row[];
}

export const describeConfig = (config: BenchConfig): RunReport['config'] => ({
  scale: config.scale,
  ledgerEvents: config.ledgerEvents,
  streamEvents: config.streamEvents,
  appendSeconds: config.appendSeconds,
  httpSeconds: config.httpSeconds,
  httpConcurrency: config.httpConcurrency,
  scenarios: [...config.only],
});

const SIGNIFICANT_DIGITS = 3;

const formatNumber = (value: number): string => {
  if (!Number.isFinite(value)) return String(value);
  if (Math.abs(value) >= 10 ** SIGNIFICANT_DIGITS) return Math.round(value).toLocaleString('en-US');
  return Number(value.toPrecision(SIGNIFICANT_DIGITS)).toString();
};

const formatFigure = (figure: Figure | undefined): string =>
  figure === undefined ? '—' : `${formatNumber(figure.value)} ${figure.unit}`;

/**
 * Every ratio goal is a floor (≥), so a missed ratio is rounded down: 2.9985 written as 3×
 * beside "≥ 3×: MISSED" reads as a contradiction.
 */
const formatRatio = (ratio: number | undefined, missed: boolean): string => {
  if (ratio === undefined) return '—';
  if (!missed || !Number.isFinite(ratio) || ratio <= 0) return `${formatNumber(ratio)}×`;
  const scale = 10 ** (SIGNIFICANT_DIGITS - 1 - Math.floor(Math.log10(ratio)));
  return `${formatNumber(Math.floor(ratio * scale) / scale)}×`;
};

const goalCell = (row: Row): string => {
  if (row.status !== 'measured') return row.status;
  if (row.goal === undefined) return '';
  return `${row.goal.text}: ${row.goal.met ? 'met' : 'MISSED'}`;
};

const detailsCell = (row: Row): string => {
  const parts = Object.entries(row.details ?? {}).map(
    ([key, value]) => `${key} ${typeof value === 'number' ? formatNumber(value) : value}`,
  );
  if (row.note !== undefined) parts.push(row.note);
  return parts.join('; ');
};

const HEADER = ['scenario', 'measurement', 'ours', 'baseline', 'ratio', 'goal', 'details'];

/** A Markdown table: readable in a terminal and pasteable into bench/README.md as it is. */
export const formatTable = (rows: readonly Row[]): string => {
  const cells = rows.map((row) => [
    row.scenario,
    row.name,
    formatFigure(row.ours),
    row.baseline === undefined ? '—' : `${formatFigure(row.baseline)} (${row.baseline.name})`,
    formatRatio(row.ratio, row.status === 'measured' && row.goal?.met === false),
    goalCell(row),
    detailsCell(row),
  ]);
  const escape = (text: string): string => text.replace(/\|/g, '\\|');
  const line = (values: readonly string[]): string => `| ${values.map(escape).join(' | ')} |`;
  return [line(HEADER), line(HEADER.map(() => '---')), ...cells.map(line)].join('\n');
};

export const formatHeading = (report: RunReport): string =>
  `${report.date} · BENCH_SCALE=${report.config.scale} (${report.config.ledgerEvents.toLocaleString('en-US')} ledger events, ` +
  `${report.config.streamEvents.toLocaleString('en-US')}-event stream, HTTP ${report.config.httpSeconds} s per run) · ` +
  `${report.machine.cpus} × ${report.machine.cpuModel} · Node ${report.machine.node} · ` +
  `${Math.round(report.durationSeconds)} s`;
