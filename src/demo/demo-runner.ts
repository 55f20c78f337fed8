/**
 * Builds the demo ledger from the story in orebro-demo.data.ts by running the real service
 * in-process on a fresh file, with a clock that is set to each step's day before the step is
 * sent over HTTP (`app.inject`). Every rule of the ledger applies as in production; the
 * recorded times spread over 2016–2021, so as-of queries show history.
 *
 * The file must be new or an earlier demo: a ledger that is not a demo is never overwritten.
 * A demo ledger is recognised by its fund's establishing event, which carries the demo's
 * Idempotency-Key in its metadata.
 */
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { isSqliteFileInUse } from '../infra/sqlite-in-use';
import { existsSync, rmSync } from 'node:fs';
import type { Logger } from 'pino';
import { createApp } from '../app';
import { ProgressListener } from '../audit/ledger-verifier';
import { UserService } from '../auth/user.service';
import { AppConfig, loadConfig } from '../config/config';
import { ActorRef, EventStore } from '../event-store/event-store';
import { SqliteEventStore } from '../event-store/sqlite/sqlite-event-store';
import { fundStream } from '../fund/fund.events';
import { createLogger } from '../infra/logger';
import { Clock } from '../infra/tokens';
import {
  DEMO_FINANCE,
  DEMO_FUND,
  DEMO_FUND_ID,
  DEMO_FUND_STEPS,
  DEMO_INVESTMENTS,
  DEMO_USERS,
  DemoInvestment,
  DemoRefusal,
  DemoUser,
  FundStep,
  InvestmentStep,
} from './orebro-demo.data';

export const DEFAULT_DEMO_PATH = './data/demo.sqlite';
/** Every demo request carries an Idempotency-Key with this prefix (it marks a demo ledger). */
export const DEMO_KEY_PREFIX = 'orebro-demo-';
/** Steps of one day are recorded from 08:00 UTC, a minute apart, in the order given. */
const WORKDAY_START_HOUR_UTC = 8;
const MINUTE_MS = 60_000;
/** Users and their tokens are set up before the fund's first decision. */
const SETUP_DAY = '2016-12-01';
const DEMO_SETUP_ACTOR: ActorRef = { id: 'cli:demo', role: 'admin' };

/** One HTTP call of the story, at the moment the ledger learned it. */
export interface DemoRequest {
  readonly at: string;
  readonly actor: string;
  readonly method: 'POST' | 'PUT';
  readonly url: string;
  readonly body: object;
  /** Set when the ledger must refuse the call with this status and code. */
  readonly refusedWith?: { readonly status: number; readonly code: string };
}

/** A bare code is a rule's refusal: 409. */
const CONFLICT = 409;
const refusalOf = (refusal: DemoRefusal): { status: number; code: string } =>
  typeof refusal === 'string' ? { status: CONFLICT, code: refusal } : refusal;

export interface DemoCredential {
  readonly userId: string;
  readonly role: string;
  readonly name: string;
  readonly token: string;
}

export interface DemoBuild {
  readonly path: string;
  readonly requests: number;
  readonly events: bigint;
  readonly credentials: readonly DemoCredential[];
}

export class DemoRefusedError extends Error {
  constructor(readonly path: string) {
    super(
      `${path} holds a ledger that is not a demo; the demo will not overwrite it. Choose another file.`,
    );
    this.name = 'DemoRefusedError';
  }
}

/**
 * A token, read-model or key-index file lies where the demo would keep its own, with no ledger
 * beside it: it belongs to something else (a ledger kept on EventStoreDB keeps its token file
 * at the default place), and the demo does not remove what it did not make.
 */
export class DemoFilesInTheWayError extends DemoRefusedError {
  constructor(
    path: string,
    readonly files: readonly string[],
  ) {
    super(path);
    this.message =
      `${files.join(', ')} ${files.length === 1 ? 'is' : 'are'} where the demo at ${path} keeps its own files, ` +
      'with no ledger at that path: the demo will not remove them. Move them away, or build elsewhere with --path <file>.';
    this.name = 'DemoFilesInTheWayError';
  }
}

/** The demo file is open in a running service: replacing it would pull it from under it. */
export class DemoInUseError extends Error {
  constructor(readonly path: string) {
    super(
      `${path} is the ledger of a service that is still running (an earlier \`npm run demo\` or \`npm start\` on it). ` +
        'Stop that service first (Ctrl-C in its terminal), then run the demo again; or build elsewhere with --path <file>.',
    );
    this.name = 'DemoInUseError';
  }
}

// ---------------------------------------------------------------------------------------------
// The story as requests

interface Dated {
  readonly on: string;
  readonly request: Omit<DemoRequest, 'at'>;
}

const fundRequest = (step: FundStep): Omit<DemoRequest, 'at'> => {
  const base = `/api/funds/${DEMO_FUND_ID}`;
  switch (step.do) {
    case 'establish':
      return { actor: DEMO_FINANCE, method: 'POST', url: '/api/funds', body: DEMO_FUND };
    case 'release': {
      const { releasedOn, decisionRef } = step;
      return {
        actor: DEMO_FINANCE,
        method: 'POST',
        url: `${base}/tranches/${step.trancheId}/release`,
        body: { releasedOn, decisionRef },
      };
    }
    case 'amend': {
      const { on: _on, do: _do, trancheId, ...body } = step;
      return {
        actor: DEMO_FINANCE,
        method: 'POST',
        url: `${base}/tranches/${trancheId}/amendments`,
        body,
      };
    }
    default: {
      const exhaustive: never = step;
      throw new Error(`unknown fund step ${JSON.stringify(exhaustive)}`);
    }
  }
};

/** A step the ledger must refuse carries the code; it is never part of the body. */
const investmentRequest = (
  investment: DemoInvestment,
  step: InvestmentStep,
): Omit<DemoRequest, 'at'> => {
  const request = stepRequest(investment, step);
  const refusedWith = 'refusedWith' in step ? step.refusedWith : undefined;
  return refusedWith === undefined ? request : { ...request, refusedWith: refusalOf(refusedWith) };
};

const stepRequest = (investment: DemoInvestment, step: InvestmentStep): Omit<DemoRequest, 'at'> => {
  const { investmentId, projectLead } = investment;
  const base = `/api/investments/${investmentId}`;
  const post = (actor: string, url: string, body: object) => ({
    actor,
    method: 'POST' as const,
    url,
    body,
  });
  const {
    on: _on,
    do: _do,
    refusedWith: _refusedWith,
    ...fields
  } = step as InvestmentStep & { refusedWith?: DemoRefusal };
  switch (step.do) {
    case 'propose': {
      const { title, department, need } = investment;
      return post(step.by ?? projectLead, '/api/investments', {
        investmentId,
        title,
        department,
        projectLead: step.projectLead ?? projectLead,
        need,
      });
    }
    case 'benefit-case':
      return {
        actor: step.by ?? projectLead,
        method: 'PUT',
        url: `${base}/benefit-case`,
        body: step.case,
      };
    case 'stage':
      return post(step.by ?? projectLead, `${base}/stage-changes`, {
        stage: step.stage,
        reason: step.reason,
      });
    case 'allocate':
      return post(DEMO_FINANCE, `/api/funds/${DEMO_FUND_ID}/allocations`, {
        investmentId,
        ...fields,
      });
    case 'reduce': {
      const { allocationId, ...reduction } = fields as Omit<typeof step, 'on' | 'do'>;
      return post(
        DEMO_FINANCE,
        `/api/funds/${DEMO_FUND_ID}/allocations/${allocationId}/reductions`,
        reduction,
      );
    }
    case 'cost':
      return post(DEMO_FINANCE, `${base}/costs`, fields);
    case 'report': {
      const { by, ...report } = fields as Omit<typeof step, 'on' | 'do'>;
      return post(by ?? projectLead, `${base}/effect-reports`, report);
    }
    case 'correct': {
      const { by, reportId, ...correction } = fields as Omit<typeof step, 'on' | 'do'>;
      return post(by ?? projectLead, `${base}/effect-reports/${reportId}/corrections`, correction);
    }
    case 'harvest':
      return post(DEMO_FINANCE, `${base}/harvests`, fields);
    case 'close':
      return post(DEMO_FINANCE, `${base}/close`, fields);
    case 'revise-baseline':
      return post(DEMO_FINANCE, `${base}/baseline-revisions`, fields);
    case 'waive': {
      const { by, ...waiver } = fields as Omit<typeof step, 'on' | 'do'>;
      return post(by ?? DEMO_FINANCE, `${base}/obligation-waivers`, waiver);
    }
    case 'correct-cost': {
      const { costId, ...correction } = fields as Omit<typeof step, 'on' | 'do'>;
      return post(DEMO_FINANCE, `${base}/costs/${costId}/corrections`, correction);
    }
    case 'reverse-cost': {
      const { costId, ...reversal } = fields as Omit<typeof step, 'on' | 'do'>;
      return post(DEMO_FINANCE, `${base}/costs/${costId}/reversals`, reversal);
    }
    default: {
      const exhaustive: never = step;
      throw new Error(`unknown investment step ${JSON.stringify(exhaustive)}`);
    }
  }
};

/** Each investment's steps must be in order: the story would not make sense otherwise. */
const checkOrder = (investment: DemoInvestment): void => {
  investment.steps.forEach((step, i) => {
    const before = investment.steps[i - 1];
    if (before !== undefined && before.on > step.on) {
      throw new Error(
        `demo data: ${investment.investmentId} has ${step.do} on ${step.on} after ${before.do} on ${before.on}`,
      );
    }
  });
};

/** Gives the steps of one day recorded times a minute apart, in the order they came. */
const recordedTimes = (dated: readonly Dated[]): DemoRequest[] => {
  const perDay = new Map<string, number>();
  return dated.map(({ on, request }) => {
    const index = perDay.get(on) ?? 0;
    perDay.set(on, index + 1);
    const at = new Date(
      Date.parse(`${on}T00:00:00.000Z`) +
        WORKDAY_START_HOUR_UTC * 60 * MINUTE_MS +
        index * MINUTE_MS,
    );
    return { at: at.toISOString(), ...request };
  });
};

/** The whole story as HTTP requests in recorded order (a stable sort keeps same-day order). */
export const demoTimeline = (): DemoRequest[] => {
  DEMO_INVESTMENTS.forEach(checkOrder);
  const dated: Dated[] = [
    ...DEMO_FUND_STEPS.map((step) => ({ on: step.on, request: fundRequest(step) })),
    ...DEMO_INVESTMENTS.flatMap((investment) =>
      investment.steps.map((step) => ({
        on: step.on,
        request: investmentRequest(investment, step),
      })),
    ),
  ];
  return recordedTimes([...dated].sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : 0)));
};

// ---------------------------------------------------------------------------------------------
// The file

/** True when the ledger is empty or was built by the demo. */
export const isDemoLedger = async (store: EventStore): Promise<boolean> => {
  if ((await store.headPosition()) === 0n) return true;
  for await (const event of store.readStream(fundStream(DEMO_FUND_ID), { maxCount: 1 })) {
    const key = event.metadata.idempotencyKey;
    return (
      event.type === 'FundEstablished' && typeof key === 'string' && key.startsWith(DEMO_KEY_PREFIX)
    );
  }
  return false;
};

const SQLITE_SIDE_FILES = ['', '-wal', '-shm'];

const removeLedgerFiles = (...paths: string[]): void => {
  for (const path of paths)
    for (const suffix of SQLITE_SIDE_FILES) rmSync(`${path}${suffix}`, { force: true });
};

/**
 * Clears an earlier demo (and its token, read-model and key-index files) away; refuses
 * anything else, and a demo a running service still has open.
 */
const prepareFile = async (config: AppConfig): Promise<void> => {
  const beside = [config.tokensPath, config.readModelPath, config.idempotencyPath];
  if (existsSync(config.sqlitePath)) {
    const store = SqliteEventStore.open(config.sqlitePath);
    const demo = await isDemoLedger(store).finally(() => store.close());
    if (!demo) throw new DemoRefusedError(config.sqlitePath);
    if (isSqliteFileInUse(config.sqlitePath)) throw new DemoInUseError(config.sqlitePath);
  } else {
    const inTheWay = beside.filter((path) => existsSync(path));
    if (inTheWay.length > 0) throw new DemoFilesInTheWayError(config.sqlitePath, inTheWay);
  }
  removeLedgerFiles(config.sqlitePath, ...beside);
};

/**
 * The service's configuration pointed at the demo file: its own token, read-model and
 * key-index files next to it (never the ones the environment names for a real ledger), bearer
 * tokens (the demo prints them), and for building no rate limit (the story is sent as fast as
 * the ledger takes it).
 */
export const demoConfig = (env: NodeJS.ProcessEnv, path: string, building: boolean): AppConfig =>
  loadConfig({
    ...env,
    LEDGER_STORE: 'sqlite',
    LEDGER_SQLITE_PATH: path,
    LEDGER_TOKENS_PATH: '',
    LEDGER_READMODEL_PATH: '',
    LEDGER_IDEMPOTENCY_PATH: '',
    LEDGER_AUTH: 'tokens',
    ...(building ? { LEDGER_RATE_LIMIT_BURST: '0' } : {}),
  });

// ---------------------------------------------------------------------------------------------
// Building

/**
 * The one place demo users get their credentials: each is added with their role through the
 * service's user register and given a bearer token, printed by `ledger demo`.
 */
const issueCredentials = async (
  app: NestFastifyApplication,
  users: readonly DemoUser[],
): Promise<DemoCredential[]> => {
  const register = app.get(UserService);
  const credentials: DemoCredential[] = [];
  for (const user of users) {
    await register.addUser(user.id, user.role, user.name, DEMO_SETUP_ACTOR);
    const issued = await register.issueToken(user.id, user.role, DEMO_SETUP_ACTOR);
    credentials.push({ userId: user.id, role: user.role, name: user.name, token: issued.token });
  }
  return credentials;
};

const send = async (
  app: NestFastifyApplication,
  request: DemoRequest,
  token: string,
  key: string,
): Promise<void> => {
  const response = await app.inject({
    method: request.method,
    url: request.url,
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      'idempotency-key': key,
    },
    payload: JSON.stringify(request.body),
  });
  const body = response.body;
  const refusal = request.refusedWith;
  const ok =
    refusal === undefined
      ? response.statusCode === 200 || response.statusCode === 201
      : response.statusCode === refusal.status &&
        (JSON.parse(body) as { code?: unknown }).code === refusal.code;
  if (!ok) {
    const expected = refusal === undefined ? 'success' : `a ${refusal.status} ${refusal.code}`;
    throw new Error(
      `demo step ${request.method} ${request.url} at ${request.at} by ${request.actor}: expected ${expected}, got ${response.statusCode} ${body}`,
    );
  }
};

export interface BuildDemoOptions {
  /** The environment the service's configuration is read from (default: this process's). */
  readonly env?: NodeJS.ProcessEnv;
  readonly path?: string;
  readonly logger?: Logger;
  readonly onProgress?: ProgressListener;
}

/** Builds the demo ledger into a fresh file and closes it; the service can then start on it. */
export const buildDemoLedger = async (options: BuildDemoOptions = {}): Promise<DemoBuild> => {
  const config = demoConfig(options.env ?? process.env, options.path ?? DEFAULT_DEMO_PATH, true);
  await prepareFile(config);
  const timeline = demoTimeline();
  let now = new Date(`${SETUP_DAY}T${String(WORKDAY_START_HOUR_UTC).padStart(2, '0')}:00:00.000Z`);
  const clock: Clock = () => now;
  const store = SqliteEventStore.open(config.sqlitePath);
  const app = await createApp({
    config,
    store,
    logger: options.logger ?? createLogger('silent'),
    clock,
  });
  try {
    await app.init();
    const credentials = await issueCredentials(app, DEMO_USERS);
    const tokens = new Map(credentials.map((c) => [c.userId, c.token]));
    for (const [i, request] of timeline.entries()) {
      now = new Date(request.at);
      const token = tokens.get(request.actor);
      if (token === undefined) throw new Error(`demo data: ${request.actor} is not a demo user`);
      await send(app, request, token, `${DEMO_KEY_PREFIX}${i + 1}`);
      options.onProgress?.({ done: i + 1, total: timeline.length });
    }
    const events = await store.headPosition();
    return { path: config.sqlitePath, requests: timeline.length, events, credentials };
  } finally {
    await app.close();
  }
};
