/**
 * Read side of the fund: the balance per tranche from the fund-balance read model, now or
 * exactly as of a past moment, with what can be allocated on the day asked about.
 *
 * "Today" is the Europe/Stockholm day of the as-of moment, or of the service clock for a live
 * answer, as the read models give it for every figure (ReadModelsAt.today): `available` (the contract's field) means available now — released, window open
 * today — and never counts expected, lapsed or closed money, which are shown beside it.
 */
import { Injectable } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import {
  answeredAt,
  ReadModels,
  ReadModelsAt,
  ReadQuery,
} from '../projections/read-models.service';
import { DomainError } from '../shared/domain-error';
import { setEtag } from '../shared/etag';
import {
  BalanceTotals,
  FundBalance,
  OverriddenAllocation,
  OverriddenBaseline,
  TrancheBalance,
} from '../../projections/fund-balance.projection';
import {
  Availability,
  availabilityOf,
  sumAvailability,
} from '../../projections/figures/availability';
import { ownEntry } from '../shared/own-entry';

export type TrancheView = Pick<
  TrancheBalance,
  | 'trancheId'
  | 'name'
  | 'status'
  | 'amount'
  | 'allocated'
  | 'unallocated'
  | 'spent'
  | 'harvested'
  | 'allocatableFrom'
  | 'allocatableUntil'
  | 'releasedOn'
  | 'closedOn'
> &
  Availability & {
    /** The same as availableNow: what can be allocated today. */
    readonly available: string;
  };

export type FundTotalsView = BalanceTotals &
  Availability & {
    readonly available: string;
    /** Spend of the fund's investments that no allocation had room for. */
    readonly spentBeyondAllocations: string;
  };

export interface FundView {
  readonly fundId: string;
  readonly name: string;
  readonly currency: 'SEK';
  /** The fund stream's revision (also the ETag). */
  readonly revision: string;
  readonly asOf: string | null;
  /** The last ledger position the answer includes. */
  readonly position: string;
  /** The Europe/Stockholm day `available` is measured on. */
  readonly today: string;
  readonly tranches: readonly TrancheView[];
  readonly totals: FundTotalsView;
  /** Allocations made despite a negative running-cost effect, with the board's overrideRef. */
  readonly overriddenAllocations: readonly OverriddenAllocation[];
  /**
   * Re-baselinings of the fund's investments (those with an allocation from it) that adopted a
   * version with a negative running-cost effect on the board's overrideRef, in recorded order.
   */
  readonly overriddenBaselines: readonly OverriddenBaseline[];
}

export type { OverriddenBaseline };

/** The fund's overridden re-baselinings, by investment (each investment's in recorded order). */
const overriddenBaselinesOf = (fund: FundBalance): OverriddenBaseline[] =>
  [...fund.overriddenBaselines].sort((a, b) =>
    a.investmentId < b.investmentId ? -1 : a.investmentId > b.investmentId ? 1 : 0,
  );

const trancheView = (t: TrancheBalance, today: string): TrancheView => {
  const availability = availabilityOf(t, today);
  return {
    trancheId: t.trancheId,
    name: t.name,
    status: t.status,
    allocatableFrom: t.allocatableFrom,
    allocatableUntil: t.allocatableUntil,
    releasedOn: t.releasedOn,
    closedOn: t.closedOn,
    amount: t.amount,
    allocated: t.allocated,
    available: availability.availableNow,
    ...availability,
    unallocated: t.unallocated,
    spent: t.spent,
    harvested: t.harvested,
  };
};

const view = (fund: FundBalance, at: ReadModelsAt, today: string): FundView => {
  const tranches = fund.tranches.map((t) => trancheView(t, today));
  const availability = sumAvailability(tranches);
  return {
    fundId: fund.fundId,
    name: fund.name,
    currency: fund.currency,
    revision: fund.revision,
    ...answeredAt(at),
    today,
    tranches,
    totals: {
      ...fund.totals,
      available: availability.availableNow,
      ...availability,
      spentBeyondAllocations: fund.spentBeyondAllocations,
    },
    overriddenAllocations: fund.overriddenAllocations,
    overriddenBaselines: overriddenBaselinesOf(fund),
  };
};

@Injectable()
export class FundQueries {
  constructor(private readonly readModels: ReadModels) {}

  async get(fundId: string, query: ReadQuery, reply?: FastifyReply): Promise<FundView> {
    const at = await this.readModels.at(query);
    const fund = ownEntry(at.views.fundBalance.funds, fundId);
    if (!fund) {
      const when = at.asOf ? ` as of ${at.asOf}` : '';
      throw new DomainError('FUND_NOT_FOUND', `No fund ${fundId}${when}.`, 'not-found');
    }
    if (reply) setEtag(reply, fund.revision);
    return view(fund, at, at.today);
  }

  async list(
    query: ReadQuery,
  ): Promise<{ funds: FundView[]; asOf: string | null; position: string }> {
    const at = await this.readModels.at(query);
    const funds = Object.values(at.views.fundBalance.funds)
      .sort((a, b) => (a.fundId < b.fundId ? -1 : 1))
      .map((fund) => view(fund, at, at.today));
    return { funds, ...answeredAt(at) };
  }
}
