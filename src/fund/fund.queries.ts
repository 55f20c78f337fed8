/**
 * Read side of the fund: the balance per tranche (amount, allocated, available, spent,
 * harvested) from the fund-balance read model, now or exactly as of a past moment.
 */
import { Injectable } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { setEtag } from '../http/command-gateway';
import { ReadModels, ReadModelsAt, ReadQuery } from '../projections/read-models.service';
import { DomainError } from '../shared/domain-error';
import {
  BalanceTotals,
  FundBalance,
  TrancheBalance,
} from '../../projections/fund-balance.projection';

export type TrancheView = Pick<
  TrancheBalance,
  'trancheId' | 'name' | 'status' | 'amount' | 'allocated' | 'available' | 'spent' | 'harvested'
>;

export interface FundView {
  readonly fundId: string;
  readonly name: string;
  readonly currency: 'SEK';
  /** The fund stream's revision (also the ETag). */
  readonly revision: string;
  readonly asOf: string | null;
  /** The last ledger position the answer includes. */
  readonly position: string;
  readonly tranches: readonly TrancheView[];
  readonly totals: BalanceTotals;
}

const trancheView = (t: TrancheBalance): TrancheView => ({
  trancheId: t.trancheId,
  name: t.name,
  status: t.status,
  amount: t.amount,
  allocated: t.allocated,
  available: t.available,
  spent: t.spent,
  harvested: t.harvested,
});

const view = (fund: FundBalance, at: ReadModelsAt): FundView => ({
  fundId: fund.fundId,
  name: fund.name,
  currency: fund.currency,
  revision: fund.revision,
  asOf: at.asOf,
  position: String(at.position),
  tranches: fund.tranches.map(trancheView),
  totals: fund.totals,
});

@Injectable()
export class FundQueries {
  constructor(private readonly readModels: ReadModels) {}

  async get(fundId: string, query: ReadQuery, reply?: FastifyReply): Promise<FundView> {
    const at = await this.readModels.at(query);
    const fund = at.views.fundBalance.funds[fundId];
    if (!fund) {
      const when = at.asOf ? ` as of ${at.asOf}` : '';
      throw new DomainError('FUND_NOT_FOUND', `No fund ${fundId}${when}.`, 'not-found');
    }
    if (reply) setEtag(reply, fund.revision);
    return view(fund, at);
  }

  async list(
    query: ReadQuery,
  ): Promise<{ funds: FundView[]; asOf: string | null; position: string }> {
    const at = await this.readModels.at(query);
    const funds = Object.values(at.views.fundBalance.funds)
      .sort((a, b) => (a.fundId < b.fundId ? -1 : 1))
      .map((fund) => view(fund, at));
    return { funds, asOf: at.asOf, position: String(at.position) };
  }
}
