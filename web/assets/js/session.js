// Signing in and out. The service says which sign-in it has (GET /auth/config, outside /api
// and without a token, since before sign-in there is none):
// - `oidc`: the organisation's identity provider, authorization code with PKCE. The page
//   sends the browser to the provider; back here, the service trades the code (with the
//   page's verifier) for tokens. The access token is kept in this page's memory only: not in
//   storage, not in a cookie. A reload asks the provider again (no password while its own
//   session lasts). Signing out forgets the token and ends the provider's session too.
// - `token`: a pasted ledger token, the development option when the service runs on ledger
//   tokens; it lasts for the tab (session storage).
// - `unavailable`: the service takes OIDC tokens for its API, but no dashboard sign-in is set up.

import { ApiError, clearToken, getNow, postAnonymous, setToken } from './api.js';
import { h, uid } from './dom.js';
import { plainRefusal } from './forms.js';
import { t } from './i18n.js';

/** Survives the round trip to the provider (this tab only); removed as soon as it is used. */
const PENDING_KEY = 'ledger.signIn.pending';
/** Set just before the provider's sign-out page, so the page can say it was done. */
const SIGNED_OUT_KEY = 'ledger.signIn.signedOut';
/** 32 random bytes: a 43-character verifier (RFC 7636 § 4.1), state and nonce alike. */
const RANDOM_BYTES = 32;
/** The refusals that mean "who you are is fine, but the ledger gives you no role". */
const ROLE_REFUSALS = ['NO_LEDGER_ROLE', 'ROLE_AMBIGUOUS'];

let config = null;
let idToken = null;
let signedInAs = null;

const base64url = (bytes) =>
  window
    .btoa(String.fromCharCode(...new Uint8Array(bytes)))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');

const randomText = () => base64url(crypto.getRandomValues(new Uint8Array(RANDOM_BYTES)));

const challengeOf = async (verifier) =>
  base64url(await crypto.subtle.digest('SHA-256', new window.TextEncoder().encode(verifier)));

/** The claims of an ID token the service fetched straight from the provider (not verified here). */
const claimsOf = (token) => {
  try {
    const payload = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const json = decodeURIComponent(
      Array.from(
        window.atob(payload),
        (c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`,
      ).join(''),
    );
    return JSON.parse(json);
  } catch {
    return null;
  }
};

/** Which sign-in the service has; asked once per page load. */
export const signInConfig = async () => {
  config ??= await getNow('/auth/config', { token: null });
  return config;
};

export const isRoleRefusal = (error) =>
  error instanceof ApiError && error.status === 403 && ROLE_REFUSALS.includes(error.code);

/** Who the provider said signed in, for a page that refuses them: name and id. */
export const signedInPerson = () => signedInAs;

/** Sends the browser to the identity provider. */
const beginSignIn = async (cfg) => {
  if (!crypto.subtle) throw new Error(t('signin.insecure'));
  const pending = {
    state: randomText(),
    nonce: randomText(),
    verifier: randomText(),
    returnTo: window.location.hash,
  };
  const url = new URL(cfg.authorizationEndpoint);
  const query = {
    response_type: 'code',
    client_id: cfg.clientId,
    redirect_uri: cfg.redirectUri,
    scope: cfg.scope,
    state: pending.state,
    nonce: pending.nonce,
    code_challenge: await challengeOf(pending.verifier),
    code_challenge_method: 'S256',
  };
  for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
  sessionStorage.setItem(PENDING_KEY, JSON.stringify(pending));
  window.location.assign(url.toString());
};

const takePending = () => {
  const raw = sessionStorage.getItem(PENDING_KEY);
  sessionStorage.removeItem(PENDING_KEY);
  try {
    return raw ? JSON.parse(raw) : null;
  } catch {
    return null;
  }
};

/**
 * Back from the provider (`?code=…&state=…` or `?error=…`): checks the state, has the service
 * trade the code, keeps the token in memory and puts the address back as it was. Returns a
 * notice for the sign-in page when it did not work; null otherwise (also when there was
 * nothing to complete).
 */
export const completeSignIn = async () => {
  const params = new URLSearchParams(window.location.search);
  if (!params.has('code') && !params.has('error')) return null;
  const pending = takePending();
  window.history.replaceState(null, '', `${window.location.pathname}${pending?.returnTo ?? ''}`);
  const cfg = await signInConfig();
  if (cfg.mode !== 'oidc' || !pending || params.get('state') !== pending.state)
    return t('signin.stale');
  // RFC 9207: an answer naming another issuer is not from our provider.
  if (params.has('iss') && params.get('iss') !== cfg.issuer) return t('signin.stale');
  if (params.has('error')) return t('signin.providerRefused');
  let tokens;
  try {
    tokens = await postAnonymous('/auth/token', {
      code: params.get('code'),
      codeVerifier: pending.verifier,
    });
  } catch (error) {
    return error instanceof ApiError && error.status === 400
      ? t('signin.providerRefused')
      : t('signin.unreachable');
  }
  const claims = tokens.idToken ? claimsOf(tokens.idToken) : null;
  if (claims && claims.nonce !== pending.nonce) return t('signin.stale');
  idToken = tokens.idToken ?? null;
  signedInAs = claims ? { id: claims.sub, name: claims.name ?? null } : null;
  setToken(tokens.accessToken, { remember: false });
  return null;
};

/** True when the page came back from the provider's sign-out; asked once. */
export const takeSignedOut = () => {
  const signedOut = sessionStorage.getItem(SIGNED_OUT_KEY) !== null;
  sessionStorage.removeItem(SIGNED_OUT_KEY);
  return signedOut;
};

/**
 * Forgets the token; with OIDC also ends the provider's session (its end-session endpoint,
 * when it has one), which brings the browser back here. True when the page is leaving.
 */
export const endSession = () => {
  clearToken();
  const hint = idToken;
  idToken = null;
  signedInAs = null;
  if (config?.mode !== 'oidc' || !config.endSessionEndpoint) return false;
  const url = new URL(config.endSessionEndpoint);
  if (hint) url.searchParams.set('id_token_hint', hint);
  url.searchParams.set('client_id', config.clientId);
  url.searchParams.set('post_logout_redirect_uri', config.redirectUri);
  sessionStorage.setItem(SIGNED_OUT_KEY, '1');
  window.location.assign(url.toString());
  return true;
};

const notice = (text, id) =>
  h('p', { id, class: 'field-error', role: text ? 'alert' : undefined, hidden: !text }, text ?? '');

const providerSignIn = (cfg, message) => {
  const errorId = uid('signin-error');
  const error = notice(message, errorId);
  const button = h(
    'button',
    {
      type: 'button',
      class: 'primary',
      'aria-describedby': errorId,
      onclick: async () => {
        button.disabled = true;
        try {
          await beginSignIn(cfg);
        } catch (err) {
          error.textContent = err.message;
          error.hidden = false;
          button.disabled = false;
        }
      },
    },
    t('signin.withProvider'),
  );
  return h(
    'div',
    { class: 'signin card' },
    h('h1', { tabindex: '-1' }, t('signin.title')),
    h('p', {}, t('signin.providerIntro')),
    error,
    button,
  );
};

/** The development option: a pasted ledger token, checked against /api/me before it is kept. */
const tokenSignIn = (message, onSignedIn) => {
  const inputId = uid('token');
  const errorId = `${inputId}-error`;
  const error = h('p', { id: errorId, class: 'field-error', hidden: !message }, message ?? '');
  const input = h('input', {
    id: inputId,
    name: 'token',
    type: 'password',
    autocomplete: 'off',
    spellcheck: 'false',
    required: true,
    'aria-describedby': errorId,
  });
  const showError = (text) => {
    error.textContent = text;
    error.hidden = false;
    input.setAttribute('aria-invalid', 'true');
    input.focus();
  };
  return h(
    'form',
    {
      class: 'signin card',
      novalidate: true,
      onsubmit: async (e) => {
        e.preventDefault();
        const token = input.value.trim();
        if (!token) return showError(t('signin.empty'));
        try {
          const me = await getNow('/api/me', { token });
          setToken(token, { remember: true });
          onSignedIn(me);
        } catch (err) {
          // In the page's words: not "HTTP 0" for a service that does not answer, nor the
          // API's English detail (too many failed attempts, a 5xx).
          showError(
            err instanceof ApiError && err.status === 401 ? t('signin.invalid') : plainRefusal(err),
          );
        }
      },
    },
    h('h1', {}, t('signin.title')),
    h('p', {}, t('signin.intro')),
    h('div', { class: 'field' }, h('label', { for: inputId }, t('signin.token')), input, error),
    h('button', { type: 'submit', class: 'primary' }, t('signin.submit')),
  );
};

/** The sign-in the service has, with a notice (expired, signed out, refused) above it. */
export const signInView = async (message, onSignedIn) => {
  let cfg;
  try {
    cfg = await signInConfig();
  } catch {
    config = null;
    return h(
      'div',
      { class: 'signin card' },
      h('h1', {}, t('signin.title')),
      h('p', { class: 'notice error', role: 'alert' }, t('signin.unreachable')),
    );
  }
  if (cfg.mode === 'oidc') return providerSignIn(cfg, message);
  if (cfg.mode === 'token') return tokenSignIn(message, onSignedIn);
  return h(
    'div',
    { class: 'signin card' },
    h('h1', {}, t('signin.title')),
    h('p', { class: 'notice' }, t('signin.notConfigured')),
  );
};

/** Signed in at the provider, but the ledger grants this person no (single) role. */
export const roleRefusalView = (error, onSignOut) => {
  const person = signedInAs;
  const who = person ? (person.name ? `${person.name} (${person.id})` : person.id) : null;
  return h(
    'div',
    { class: 'signin card refusal', dataset: { code: error.code } },
    h('h1', { tabindex: '-1' }, t('signin.refusedTitle')),
    h(
      'p',
      { role: 'alert' },
      error.code === 'ROLE_AMBIGUOUS'
        ? t('signin.ambiguous', { who: who ?? '' })
        : t('signin.noRole', { who: who ?? '' }),
    ),
    h('button', { type: 'button', class: 'primary', onclick: onSignOut }, t('signout')),
  );
};
