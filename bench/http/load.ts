/**
 * One autocannon run: `connections` clients keep one request each in flight for `seconds`,
 * every request with a body of its own (client-chosen ids must differ, or the ledger would
 * answer repeats without appending).
 */
import autocannon from 'autocannon';

export interface LoadSpec {
  readonly url: string;
  readonly method: 'GET' | 'POST' | 'PUT';
  readonly path: string | (() => string);
  readonly headers?: Readonly<Record<string, string>>;
  /** A fresh body per request; none for GET. */
  readonly body?: () => unknown;
  readonly connections: number;
  readonly seconds: number;
}

export interface LoadResult {
  /** Completed 2xx requests per second. */
  readonly throughput: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly requests: number;
  readonly non2xx: number;
  readonly errors: number;
}

const pathOf = (spec: LoadSpec): string =>
  typeof spec.path === 'string' ? spec.path : spec.path();

export const runLoad = async (spec: LoadSpec): Promise<LoadResult> => {
  const headers = { 'content-type': 'application/json', ...spec.headers };
  const result = await autocannon({
    url: spec.url,
    connections: spec.connections,
    duration: spec.seconds,
    requests: [
      {
        method: spec.method,
        setupRequest: (request) => ({
          ...request,
          path: pathOf(spec),
          headers,
          ...(spec.body === undefined ? {} : { body: JSON.stringify(spec.body()) }),
        }),
      },
    ],
  });
  const ok = result['2xx'];
  return {
    throughput: ok / (result.duration || spec.seconds),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
  };
};
