// The one way the page talks to the ledger: the bearer token (session.js signs in), `asOf`
// on every read when the page looks at the past, problem+json turned into ApiError.

const TOKEN_KEY = 'ledger.token';
const ROUTE_MISSING = 'NOT_FOUND';

let asOf = null;
/** Set when the page shows the ledger right after one event: its position, exactly. */
let asOfPosition = null;
let onUnauthenticated = () => {};

/** An OIDC access token lives in this variable only; a pasted token also in the tab's storage. */
let memoryToken = null;

export const getToken = () => memoryToken ?? sessionStorage.getItem(TOKEN_KEY);
export const setToken = (token, { remember = true } = {}) => {
  if (remember) sessionStorage.setItem(TOKEN_KEY, token);
  else memoryToken = token;
};
export const clearToken = () => {
  memoryToken = null;
  sessionStorage.removeItem(TOKEN_KEY);
};

export const getAsOf = () => asOf;
export const getAsOfPosition = () => asOfPosition;
export const setAsOf = (value, position = null) => {
  asOf = value || null;
  asOfPosition = asOf && /^[0-9]{1,19}$/.test(position ?? '') ? position : null;
};

/** Called when the server says the token is not (or no longer) good. */
export const whenUnauthenticated = (handler) => {
  onUnauthenticated = handler;
};

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.status = status;
    this.code = problem.code;
    this.problem = problem;
  }

  /** The route itself is not there: a part of the API this service does not have yet. */
  get routeMissing() {
    return this.status === 404 && this.code === ROUTE_MISSING;
  }
}

const hex = (bytes) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

/**
 * A random id for client-chosen ids and idempotency keys. crypto.randomUUID exists only in
 * secure contexts; an intranet served over plain http is not one, getRandomValues works everywhere.
 */
export const newId = () => {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const text = hex(bytes);
  return `${text.slice(0, 8)}-${text.slice(8, 12)}-${text.slice(12, 16)}-${text.slice(16, 20)}-${text.slice(20)}`;
};

const readProblem = async (response) => {
  try {
    return await response.json();
  } catch {
    return { status: response.status, title: response.statusText };
  }
};

/**
 * Whether a command may have been recorded although no answer says so: the connection broke
 * (status 0), a proxy gave up (408, 502, 504), the service failed unexpectedly (500) or the
 * ledger could not confirm the write (503 STORE_OUTCOME_UNKNOWN). Such a command is sent again
 * as it was, with the same Idempotency-Key and client ids, so the ledger answers the first
 * result rather than recording it twice. The 5xx answers that say nothing was recorded are not
 * unknown.
 */
const NOTHING_RECORDED = new Set([
  'STORE_UNAVAILABLE',
  'SHUTTING_DOWN',
  'TOO_MANY_CONNECTIONS',
  'LEDGER_STREAM_UNREADABLE',
]);
export const outcomeUnknown = (error) =>
  error instanceof ApiError &&
  (error.status === 0 ||
    error.status === 408 ||
    (error.status >= 500 && !NOTHING_RECORDED.has(error.code)));

/**
 * `key`: the command's Idempotency-Key. A form makes one per draft and sends it again with an
 * unchanged draft (a resend after a lost answer is then answered, not recorded twice); a write
 * without one gets a fresh key. `ifMatch`: the stream revision the page drew the form from;
 * the ledger refuses with 412 when the stream has moved on since.
 */
const send = async (
  method,
  path,
  {
    query = {},
    body,
    token = getToken(),
    text = false,
    blob = false,
    key = undefined,
    ifMatch = undefined,
  } = {},
) => {
  const url = new URL(path, window.location.origin);
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') url.searchParams.set(name, value);
  }
  const headers = { Accept: 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    headers['Idempotency-Key'] = key ?? newId();
  }
  if (ifMatch !== undefined && ifMatch !== null) headers['If-Match'] = `"${ifMatch}"`;
  let response;
  try {
    response = await fetch(url, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, { code: 'NETWORK' });
  }
  if (!response.ok) {
    const problem = await readProblem(response);
    const error = new ApiError(response.status, problem);
    if (response.status === 401) onUnauthenticated(error);
    throw error;
  }
  if (text) return response.text();
  if (blob) return response.blob();
  return response.status === 204 ? null : response.json();
};

/** A read of ledger state: as of the chosen moment when one is set. */
export const get = (path, query = {}) =>
  send('GET', path, {
    query: asOfPosition ? { ...query, asOfPosition } : { ...query, asOf: asOf ?? undefined },
  });

/** A read that does not depend on the moment (who am I). */
export const getNow = (path, options = {}) => send('GET', path, options);

/** A command; `options` may carry its draft's `key` and the `ifMatch` revision (see send). */
export const post = (path, body, options = {}) => send('POST', path, { ...options, body });

/** A write before sign-in (the code exchange): no token, whatever is kept. */
export const postAnonymous = (path, body) => send('POST', path, { body, token: null });

export const put = (path, body, options = {}) => send('PUT', path, { ...options, body });

/** A file the API writes (CSV): its text, read at the moment it is asked for. */
export const getText = (path, query = {}) => send('GET', path, { query, text: true });

/** A binary file the API writes (PDF, XLSX), read at the moment it is asked for. */
export const getBlob = (path, query = {}) => send('GET', path, { query, blob: true });
