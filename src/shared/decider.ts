/**
 * The functional event-sourcing shape every aggregate follows: decide is pure (time, ids
 * and the actor arrive on the command), evolve folds one event into state.
 */
export interface DomainEvent<T extends string = string, D = unknown> {
  readonly type: T;
  readonly data: D;
}

/**
 * What decide answers: new events, or "this exact command was already carried out"
 * (same client-chosen id, same body). `replayOf` picks the recorded event that carried it
 * out, so the handler can answer with the first answer again and append nothing.
 */
export type Decision<E extends DomainEvent> =
  | { readonly kind: 'append'; readonly events: readonly E[] }
  | { readonly kind: 'already-done'; readonly replayOf: (event: E) => boolean };

export interface Decider<C, E extends DomainEvent, S> {
  readonly initialState: S;
  decide(command: C, state: S): Decision<E>;
  evolve(state: S, event: E): S;
  /** For a load that keeps only the last state: see Folder.startFold (src/shared/fold.ts). */
  startFold?(): (state: S, event: E) => S;
}

export const append = <E extends DomainEvent>(...events: E[]): Decision<E> => ({
  kind: 'append',
  events,
});
export const alreadyDone = <E extends DomainEvent>(
  replayOf: (event: E) => boolean,
): Decision<E> => ({
  kind: 'already-done',
  replayOf,
});

/** Canonical JSON (sorted keys) for comparing a repeated command's body with the first. */
export { canonicalJson } from './canonical-json';
