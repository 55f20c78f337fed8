/**
 * A plain HTTP client for the reliability specs, over real sockets (fetch), the same for the
 * in-process app and for the service as a child process. A request that did not come back
 * with a whole answer (reset, refused, cut off mid-body, timed out) is `lost`: its outcome is
 * unknown and it is never counted as a success.
 */
export type Method = 'GET' | 'POST' | 'PUT';

export interface HttpRequest {
  readonly method: Method;
  readonly path: string;
  /** Sent as JSON unless `rawBody` is given. */
  readonly body?: unknown;
  /** Sent byte for byte (with the given headers), for malformed input. */
  readonly rawBody?: string;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface Reply {
  readonly kind: 'reply';
  readonly status: number;
  readonly contentType: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly text: string;
  /** The parsed body, or undefined when it is not JSON. */
  readonly body: unknown;
}

export interface Lost {
  readonly kind: 'lost';
  readonly error: string;
}

export type Outcome = Reply | Lost;

/** No request of these specs should take this long; one that does is lost. */
export const REQUEST_TIMEOUT_MS = 30_000;

const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
};

const describeError = (error: unknown): string => {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const own = error instanceof Error ? error.message : String(error);
  return cause?.code ?? cause?.message ?? own;
};

export const send = async (
  baseUrl: string,
  token: string | undefined,
  request: HttpRequest,
): Promise<Outcome> => {
  const headers: Record<string, string> = { ...request.headers };
  if (token !== undefined) headers.authorization = `Bearer ${token}`;
  let body: string | undefined = request.rawBody;
  if (body === undefined && request.body !== undefined) {
    body = JSON.stringify(request.body);
    headers['content-type'] ??= 'application/json';
  }
  try {
    const response = await fetch(`${baseUrl}${request.path}`, {
      method: request.method,
      headers,
      body,
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    // The answer counts only once its whole body has arrived.
    const text = await response.text();
    return {
      kind: 'reply',
      status: response.status,
      contentType: response.headers.get('content-type') ?? '',
      headers: Object.fromEntries(response.headers.entries()),
      text,
      body: parseJson(text),
    };
  } catch (error) {
    return { kind: 'lost', error: describeError(error) };
  }
};

/** What is wrong with an error answer, or undefined when it is a proper problem+json. */
export const problemShapeIssue = (reply: Reply): string | undefined => {
  if (!reply.contentType.startsWith('application/problem+json')) {
    return `content-type ${JSON.stringify(reply.contentType)}`;
  }
  const body = reply.body as { status?: unknown; code?: unknown; type?: unknown } | undefined;
  if (typeof body !== 'object' || body === null) return 'body is not a JSON object';
  if (body.status !== reply.status) return `body.status ${String(body.status)}`;
  if (typeof body.code !== 'string' || typeof body.type !== 'string') return 'no code or type';
  if (reply.status === 503 && reply.headers['retry-after'] === undefined) return 'no Retry-After';
  return undefined;
};
