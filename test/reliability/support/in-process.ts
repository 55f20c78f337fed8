/** The bank workload's transport against the in-process test app (real HTTP on loopback). */
import { TestApp } from '../../support/test-app';
import { send } from './http';
import { Transport } from './workload';

/** No rate limit: the load is the point. */
export const LOAD_ENV = { LEDGER_RATE_LIMIT_BURST: '0' };

export const inProcessTransport =
  (t: TestApp): Transport =>
  async (actor, request) =>
    send(t.url, await t.tokenFor(actor.id, actor.role), request);
