/**
 * What the fund decider's specs share: the given/when/then of the fund decider, histories
 * made by its own decisions, and the allocation event anAllocation() records.
 */
import { FundCommand } from '../../../src/fund/fund.commands';
import { fundDecider } from '../../../src/fund/fund.decider';
import { FundEvent } from '../../../src/fund/fund.events';
import { fold, given as givenFor, historyOf } from '../../support/decider-spec';
import {
  INVESTMENT_ID,
  T1,
  aReleaseTranche,
  anAllocation,
  anEstablishFund,
} from '../../support/mothers';

export const given = (events: readonly FundEvent[] = []) => givenFor(fundDecider, events);

/** The events the fund decider records for the commands, each accepted in turn. */
export const history = (...commands: FundCommand[]): FundEvent[] =>
  historyOf(fundDecider, commands);

/** `events` and what the commands then record on top of them (each must be accepted). */
export const andThen = (events: readonly FundEvent[], ...commands: FundCommand[]): FundEvent[] =>
  commands.reduce<FundEvent[]>(
    (recorded, command) => {
      const decision = fundDecider.decide(command, fold(fundDecider, recorded));
      if (decision.kind !== 'append') throw new Error('andThen: a command was already done');
      return [...recorded, ...decision.events];
    },
    [...events],
  );

/** The fund established and its tranche T1 released. */
export const t1Released = (): FundEvent[] => history(anEstablishFund(), aReleaseTranche());

/** T1 (allocatable from 2016-12-31, no end) released, 1 MSEK allocated from it on 2017-03-15. */
export const withAllocation = (): FundEvent[] =>
  history(anEstablishFund(), aReleaseTranche(), anAllocation());

export type AllocatedData = Extract<FundEvent, { type: 'FundsAllocated' }>['data'];

/** The FundsAllocated event anAllocation() records (version 1 of aDocumentedInvestment). */
export const anAllocatedEvent = (overrides: Partial<AllocatedData> = {}): FundEvent => ({
  type: 'FundsAllocated',
  data: {
    allocationId: 'alloc-1',
    investmentId: INVESTMENT_ID,
    trancheId: T1,
    amount: '1000000.00',
    decidedOn: '2017-03-15',
    decisionRef: 'Ks 301/2017',
    benefitCaseVersion: 1,
    runningCostEffect: '1200000.00',
    ...overrides,
  },
});
