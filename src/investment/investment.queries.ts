/**
 * Read side of investments until the projections take over the lists: one investment is
 * folded from its own stream, plus the fund's allocations and reductions that name it.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { EventStore } from '../event-store/event-store';
import { FUND_STREAM_PREFIX } from '../fund/fund.events';
import { setEtag } from '../http/command-gateway';
import { parseAsOf } from '../http/params';
import { EVENT_STORE } from '../infra/tokens';
import { Money } from '../money/money';
import { DomainError } from '../shared/domain-error';
import { foldStream, recordedBy } from '../shared/fold';
import { effectiveReports, Investment, investmentDecider } from './investment.decider';
import { INVESTMENT_STREAM_PREFIX, investmentStream } from './investment.events';

interface AllocationView {
  readonly fundId: string;
  readonly allocationId: string;
  readonly trancheId: string;
  readonly amount: string;
  readonly reduced: string;
  readonly decidedOn: string;
  readonly decisionRef: string;
}

export interface InvestmentView {
  readonly investmentId: string;
  readonly title: string;
  readonly department: string;
  readonly projectLead: string;
  readonly need: string;
  readonly stage: string;
  readonly revision: string;
  readonly asOf: string | null;
  readonly baselineCaseVersion: number | null;
  readonly currentCaseVersion: number | null;
  readonly benefitCase: unknown;
  readonly allocated: string;
  readonly allocations: readonly AllocationView[];
  readonly spent: string;
  readonly harvested: string;
  readonly costs: readonly unknown[];
  readonly effectReports: readonly unknown[];
  readonly harvests: readonly unknown[];
  readonly closed: { closedOn: string; reason: string } | null;
}

interface AllocationEventData {
  readonly allocationId: string;
  readonly investmentId: string;
  readonly trancheId: string;
  readonly amount: string;
  readonly decidedOn: string;
  readonly decisionRef: string;
}

@Injectable()
export class InvestmentQueries {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async get(investmentId: string, asOfParam: string | undefined, reply?: FastifyReply): Promise<InvestmentView> {
    const asOf = parseAsOf(asOfParam);
    const { state, revision } = await foldStream(this.store, investmentStream(investmentId), investmentDecider, asOf);
    if (!state.exists || revision === undefined) {
      throw new DomainError('INVESTMENT_NOT_FOUND', `No investment ${investmentId}${asOf ? ` as of ${asOf}` : ''}.`, 'not-found');
    }
    if (reply) setEtag(reply, revision);
    return this.view(state, revision, asOf, await this.allocationsFor(new Set([investmentId]), asOf));
  }

  async list(filter: { department?: string; stage?: string }, asOfParam: string | undefined): Promise<{ investments: InvestmentView[] }> {
    const asOf = parseAsOf(asOfParam);
    const ids: string[] = [];
    for await (const event of this.store.readAll({ filter: { streamPrefix: INVESTMENT_STREAM_PREFIX, eventTypes: ['InvestmentProposed'] } })) {
      if (!recordedBy(event, asOf)) break;
      ids.push(event.streamId.slice(INVESTMENT_STREAM_PREFIX.length));
    }
    const allocations = await this.allocationsFor(new Set(ids), asOf);
    const investments: InvestmentView[] = [];
    for (const id of ids) {
      const { state, revision } = await foldStream(this.store, investmentStream(id), investmentDecider, asOf);
      if (!state.exists || revision === undefined) continue;
      if (filter.department !== undefined && state.department !== filter.department) continue;
      if (filter.stage !== undefined && state.stage !== filter.stage) continue;
      investments.push(this.view(state, revision, asOf, allocations));
    }
    return { investments };
  }

  /** Allocations net of reductions per investment, from every fund stream. */
  private async allocationsFor(ids: ReadonlySet<string>, asOf: string | undefined): Promise<Map<string, AllocationView[]>> {
    const byInvestment = new Map<string, AllocationView[]>();
    const byAllocation = new Map<string, AllocationView>();
    for await (const event of this.store.readAll({
      filter: { streamPrefix: FUND_STREAM_PREFIX, eventTypes: ['FundsAllocated', 'AllocationReduced'] },
    })) {
      if (!recordedBy(event, asOf)) break;
      const data = event.data as AllocationEventData;
      if (!ids.has(data.investmentId)) continue;
      const fundId = event.streamId.slice(FUND_STREAM_PREFIX.length);
      const key = `${fundId}/${data.allocationId}`;
      if (event.type === 'FundsAllocated') {
        const view: AllocationView = { fundId, allocationId: data.allocationId, trancheId: data.trancheId, amount: data.amount, reduced: '0.00', decidedOn: data.decidedOn, decisionRef: data.decisionRef };
        byAllocation.set(key, view);
        byInvestment.set(data.investmentId, [...(byInvestment.get(data.investmentId) ?? []), view]);
      } else {
        const before = byAllocation.get(key);
        if (!before) continue;
        const after = { ...before, reduced: Money.of(before.reduced).plus(Money.of(data.amount)).toString() };
        byAllocation.set(key, after);
        byInvestment.set(data.investmentId, (byInvestment.get(data.investmentId) ?? []).map((a) => (a === before ? after : a)));
      }
    }
    return byInvestment;
  }

  private view(state: Investment, revision: bigint, asOf: string | undefined, allocations: Map<string, AllocationView[]>): InvestmentView {
    const mine = allocations.get(state.id) ?? [];
    const current = state.caseVersions.at(-1);
    return {
      investmentId: state.id,
      title: state.title,
      department: state.department,
      projectLead: state.projectLead,
      need: state.need,
      stage: state.stage,
      revision: String(revision),
      asOf: asOf ?? null,
      baselineCaseVersion: state.baselineCaseVersion,
      currentCaseVersion: current?.version ?? null,
      benefitCase: current?.case ?? null,
      allocated: Money.sum(mine.map((a) => Money.of(a.amount).minus(Money.of(a.reduced)))).toString(),
      allocations: mine,
      spent: Money.sum(state.costs.map((c) => Money.of(c.amount))).toString(),
      harvested: Money.sum(state.harvests.map((h) => Money.of(h.amount))).toString(),
      costs: state.costs,
      effectReports: state.reports.map((report) => {
        const effective = effectiveReports({ ...state, reports: [report] })[0];
        return { ...report, effectiveValue: effective.value };
      }),
      harvests: state.harvests,
      closed: state.closed,
    };
  }
}
