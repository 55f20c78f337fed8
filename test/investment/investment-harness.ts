/** The set-up the investment decider specs share: histories built by the decider itself. */
import { InvestmentCommand } from '../../src/investment/investment.commands';
import {
  Investment,
  InvestmentState,
  investmentDecider,
} from '../../src/investment/investment.decider';
import { InvestmentEvent } from '../../src/investment/investment.events';
import { fold, given, historyOf } from '../support/decider-spec';

/** The events the commands append, one after the other, from an empty stream. */
export const history = (...commands: InvestmentCommand[]): InvestmentEvent[] =>
  historyOf(investmentDecider, commands);

export const stateOf = (events: readonly InvestmentEvent[]): Investment => {
  const state: InvestmentState = fold(investmentDecider, events);
  if (!state.exists) throw new Error('expected an investment');
  return state;
};

export const when = (events: readonly InvestmentEvent[], command: InvestmentCommand) =>
  given(investmentDecider, events).when(command);

/** The events one more command appends to a history. */
export const next = (
  events: readonly InvestmentEvent[],
  command: InvestmentCommand,
): InvestmentEvent[] => {
  const decision = investmentDecider.decide(command, fold(investmentDecider, events));
  if (decision.kind !== 'append') throw new Error('expected events');
  return [...decision.events];
};

/** A history with more commands carried out. */
export const plus = (
  events: readonly InvestmentEvent[],
  ...commands: InvestmentCommand[]
): InvestmentEvent[] =>
  commands.reduce<InvestmentEvent[]>(
    (done, command) => [...done, ...next(done, command)],
    [...events],
  );
