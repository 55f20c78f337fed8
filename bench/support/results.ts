/**
 * What a scenario reports: one row per measurement, with our figure, the baseline measured
 * in the same run and their ratio. Ratios are oriented so that above 1 always means "ours is
 * better" (faster, or quicker to answer), whatever the unit.
 */

/** Throughputs are better higher; latencies and memory better lower. */
export type Better = 'higher' | 'lower';

export interface Figure {
  readonly value: number;
  readonly unit: string;
}

export interface Baseline extends Figure {
  readonly name: string;
}

export interface Goal {
  readonly text: string;
  readonly met: boolean;
}

export interface Row {
  readonly scenario: string;
  readonly name: string;
  readonly status: 'measured' | 'waiting' | 'failed';
  readonly ours?: Figure;
  readonly baseline?: Baseline;
  /** ours relative to the baseline; above 1 means ours is better. */
  readonly ratio?: number;
  readonly goal?: Goal;
  /** Further figures worth keeping (latency percentiles, counts). */
  readonly details?: Readonly<Record<string, number | string>>;
  readonly note?: string;
}

export const ratioOf = (ours: number, baseline: number, better: Better): number =>
  better === 'higher' ? ours / baseline : baseline / ours;

export interface Comparison {
  readonly scenario: string;
  readonly name: string;
  readonly ours: Figure;
  readonly baseline: Baseline;
  readonly better: Better;
  /** The ratio the issue asks for, if any, and how it is worded in the table. */
  readonly goalRatio?: number;
  readonly goalText?: string;
  readonly details?: Readonly<Record<string, number | string>>;
  readonly note?: string;
}

export const compare = (c: Comparison): Row => {
  const ratio = ratioOf(c.ours.value, c.baseline.value, c.better);
  return {
    scenario: c.scenario,
    name: c.name,
    status: 'measured',
    ours: c.ours,
    baseline: c.baseline,
    ratio,
    ...(c.goalRatio === undefined
      ? {}
      : { goal: { text: c.goalText ?? `≥ ${c.goalRatio}×`, met: ratio >= c.goalRatio } }),
    ...(c.details === undefined ? {} : { details: c.details }),
    ...(c.note === undefined ? {} : { note: c.note }),
  };
};

/** A figure with no baseline, checked against an absolute limit when the issue sets one. */
export const absolute = (
  scenario: string,
  name: string,
  ours: Figure,
  limit?: { readonly max: number; readonly text: string },
  details?: Readonly<Record<string, number | string>>,
): Row => ({
  scenario,
  name,
  status: 'measured',
  ours,
  ...(limit === undefined ? {} : { goal: { text: limit.text, met: ours.value < limit.max } }),
  ...(details === undefined ? {} : { details }),
});

/** A measurement that needs work still under way elsewhere; the note says what. */
export const waiting = (scenario: string, name: string, note: string): Row => ({
  scenario,
  name,
  status: 'waiting',
  note,
});

/** A scenario that broke: the run goes on and the table says so. */
export const failed = (scenario: string, error: unknown): Row => ({
  scenario,
  name: 'scenario failed',
  status: 'failed',
  note: error instanceof Error ? error.message : String(error),
});
