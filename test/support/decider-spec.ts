/**
 * Given events / when command / then events, refusal or "already done", for any decider.
 * Expected events are also folded through evolve, so a test cannot bless an event that
 * breaks an invariant.
 */
import { Decider, Decision, DomainEvent } from '../../src/shared/decider';
import { DomainError } from '../../src/shared/domain-error';

export const fold = <C, E extends DomainEvent, S>(
  decider: Decider<C, E, S>,
  events: readonly E[],
): S => events.reduce((state, event) => decider.evolve(state, event), decider.initialState);

/** The events a sequence of accepted commands records, to build a `given` history. */
export const historyOf = <C, E extends DomainEvent, S>(
  decider: Decider<C, E, S>,
  commands: readonly C[],
): E[] =>
  commands.reduce<E[]>((events, command) => {
    const decision = decider.decide(command, fold(decider, events));
    if (decision.kind !== 'append') throw new Error('historyOf: a command was already done');
    return [...events, ...decision.events];
  }, []);

const refusalOf = (act: () => unknown): DomainError => {
  try {
    act();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a refusal, but the command was accepted');
};

export const given = <C, E extends DomainEvent, S>(
  decider: Decider<C, E, S>,
  events: readonly E[] = [],
) => ({
  when: (command: C) => {
    const state = fold(decider, events);
    const decide = (): Decision<E> => decider.decide(command, state);
    return {
      then: (expected: readonly E[]): void => {
        expect(decide()).toEqual({ kind: 'append', events: expected });
        expect(() => fold(decider, [...events, ...expected])).not.toThrow();
      },
      /** Returns the error so a test can check its kind and extra fields. */
      thenRefuses: (code: string): DomainError => {
        const error = refusalOf(decide);
        expect(error.code).toBe(code);
        return error;
      },
      /** `replays`: the recorded event the repeat must point back to. */
      thenAlreadyDone: (replays?: E): void => {
        const decision = decide();
        expect(decision.kind).toBe('already-done');
        if (decision.kind !== 'already-done' || replays === undefined) return;
        expect(events.filter(decision.replayOf)).toEqual([replays]);
      },
    };
  },
});
