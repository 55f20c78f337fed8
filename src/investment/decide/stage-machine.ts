/** The stage machine: every move an investment's stage may make, and how it is made. */
import { Stage } from '../investment.events';

/** How a stage is entered: an explicit stage change, the fund's first allocation, or the close command. */
export type StageEntry = 'stage-change' | 'first-allocation' | 'close';

export interface StageTransition {
  readonly from: Stage;
  readonly to: Stage;
  readonly via: StageEntry;
}

const OPEN_STAGES: readonly Stage[] = [
  'proposed',
  'analysed',
  'approved',
  'implementing',
  'realising',
];

/**
 * Every allowed move, and nothing else. A first allocation may find the investment still
 * `proposed` (the fund only asks for a documented case, not for the stage); any open
 * investment may be closed, e.g. a proposal that was turned down.
 */
export const STAGE_TRANSITIONS: readonly StageTransition[] = [
  { from: 'proposed', to: 'analysed', via: 'stage-change' },
  { from: 'proposed', to: 'approved', via: 'first-allocation' },
  { from: 'analysed', to: 'approved', via: 'first-allocation' },
  { from: 'approved', to: 'implementing', via: 'stage-change' },
  { from: 'implementing', to: 'realising', via: 'stage-change' },
  ...OPEN_STAGES.map((from): StageTransition => ({ from, to: 'closed', via: 'close' })),
];

export const transitionFor = (from: Stage, to: Stage): StageTransition | undefined =>
  STAGE_TRANSITIONS.find((t) => t.from === from && t.to === to);
