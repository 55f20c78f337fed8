/**
 * Read side of the fund: the balance per tranche, now or as of a past moment, folded from
 * the committed events of the fund stream.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { EventStore } from '../event-store/event-store';
import { setEtag } from '../http/command-gateway';
import { parseAsOf } from '../http/params';
import { EVENT_STORE } from '../infra/tokens';
import { Money } from '../money/money';
import { DomainError } from '../shared/domain-error';
import { foldStream, recordedBy } from '../shared/fold';
import { fundBalance, fundDecider, FundState } from './fund.decider';
import { FUND_STREAM_PREFIX, fundStream } from './fund.events';

export interface TrancheView {
  readonly trancheId: string;
  readonly name: string;
  readonly status: string;
  readonly amount: string;
  readonly allocated: string;
  readonly available: string;
  readonly spent: string;
  readonly harvested: string;
}

export interface FundView {
  readonly fundId: string;
  readonly name: string;
  readonly currency: 'SEK';
  readonly revision: string;
  readonly asOf: string | null;
  readonly tranches: readonly TrancheView[];
  readonly totals: Omit<TrancheView, 'trancheId' | 'name' | 'status'>;
}

@Injectable()
export class FundQueries {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async get(fundId: string, asOfParam: string | undefined, reply?: FastifyReply): Promise<FundView> {
    const asOf = parseAsOf(asOfParam);
    const { state, revision } = await this.fold(fundId, asOf);
    if (state.status !== 'established' || revision === undefined) {
      throw new DomainError('FUND_NOT_FOUND', `No fund ${fundId}${asOf ? ` as of ${asOf}` : ''}.`, 'not-found');
    }
    if (reply) setEtag(reply, revision);
    return this.view(state, revision, asOf);
  }

  async list(asOfParam: string | undefined): Promise<{ funds: FundView[] }> {
    const asOf = parseAsOf(asOfParam);
    const funds: FundView[] = [];
    for await (const event of this.store.readAll({ filter: { streamPrefix: FUND_STREAM_PREFIX, eventTypes: ['FundEstablished'] } })) {
      if (!recordedBy(event, asOf)) break;
      const { state, revision } = await this.fold(String((event.data as { fundId: string }).fundId), asOf);
      if (state.status === 'established' && revision !== undefined) funds.push(this.view(state, revision, asOf));
    }
    return { funds };
  }

  private fold(fundId: string, asOf: string | undefined): Promise<{ state: FundState; revision: bigint | undefined }> {
    return foldStream(this.store, fundStream(fundId), fundDecider, asOf);
  }

  private view(state: FundState, revision: bigint, asOf: string | undefined): FundView {
    const balance = fundBalance(state);
    const zero = Money.zero.toString();
    return {
      fundId: balance.fundId,
      name: balance.name,
      currency: balance.currency,
      revision: String(revision),
      asOf: asOf ?? null,
      tranches: balance.tranches.map((t) => ({
        trancheId: t.trancheId,
        name: t.name,
        status: t.status,
        amount: t.amount.toString(),
        allocated: t.allocated.toString(),
        available: t.available.toString(),
        spent: zero,
        harvested: zero,
      })),
      totals: {
        amount: balance.totals.amount.toString(),
        allocated: balance.totals.allocated.toString(),
        available: balance.totals.available.toString(),
        spent: zero,
        harvested: zero,
      },
    };
  }
}
