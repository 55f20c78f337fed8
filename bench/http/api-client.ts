/** Plain fetch calls for setting up a benchmark's data over the service's own API. */

/** Long enough for any sane answer; an endpoint slower than this is reported as timed out. */
export const DEFAULT_CALL_TIMEOUT_MS = 120_000;

export interface ApiAnswer {
  readonly status: number;
  readonly body: unknown;
  readonly ms: number;
}

export const callApi = async (
  url: string,
  method: 'GET' | 'POST' | 'PUT',
  path: string,
  headers: Readonly<Record<string, string>>,
  body?: unknown,
  timeoutMs = DEFAULT_CALL_TIMEOUT_MS,
): Promise<ApiAnswer> => {
  const start = performance.now();
  const response = await fetch(`${url}${path}`, {
    method,
    signal: AbortSignal.timeout(timeoutMs),
    headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  const ms = performance.now() - start;
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // CSV or an empty body: keep the text.
  }
  return { status: response.status, body: parsed, ms };
};

/** Like callApi, but anything other than 2xx stops the benchmark with the service's answer. */
export const expectOk = async (
  url: string,
  method: 'GET' | 'POST' | 'PUT',
  path: string,
  headers: Readonly<Record<string, string>>,
  body?: unknown,
): Promise<ApiAnswer> => {
  const answer = await callApi(url, method, path, headers, body);
  if (answer.status < 200 || answer.status >= 300) {
    throw new Error(`${method} ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
  }
  return answer;
};
