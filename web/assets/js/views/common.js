// Pieces shared by the views: loading results that may fail or not exist yet, badges, figures.

import { ApiError, newId } from '../api.js';
import { announce, h } from '../dom.js';
import { money } from '../format.js';
import { label, t } from '../i18n.js';
import { fieldProblems, plainRefusal } from '../forms.js';
import { pathText } from '../problem-text.js';

/** Typing pauses this long before a search is asked for (not one request per key). */
export const SEARCH_PAUSE_MS = 300;

/** Runs reads side by side; each result is { ok, value } or { ok: false, error }. */
export const settle = async (reads) => {
  const results = await Promise.allSettled(reads);
  return results.map((r) =>
    r.status === 'fulfilled' ? { ok: true, value: r.value } : { ok: false, error: r.reason },
  );
};

/** Why a read failed, in plain words of the page's language. */
export const errorText = (error) => {
  if (!(error instanceof ApiError)) return String(error?.message ?? error);
  if (error.status === 0) return t('error.network');
  if (error.status === 403) return t('error.forbidden');
  if (error.routeMissing) return t('unavailable');
  if (error.status === 404) return t('error.notFound');
  // A read has no fields to point at: a 400 names what it refused (the moment, a digest).
  const problems = fieldProblems(error);
  if (problems.length > 0) return problems.map((p) => `${pathText(p.path)}: ${p.text}`).join(' ');
  // The API's own detail is English: the Swedish page says it with the code's sentence.
  return plainRefusal(error);
};

/** A notice where a part of the page could not be drawn, saying why in plain words. */
export const errorBox = (what, error) => {
  const missing = error instanceof ApiError && error.routeMissing;
  return h(
    'p',
    {
      class: missing ? 'notice unavailable' : 'notice error',
      role: missing ? undefined : 'alert',
      dataset: { unavailable: missing ? 'true' : undefined },
    },
    missing ? `${what}: ${t('unavailable')}` : t('error.load', { what, detail: errorText(error) }),
  );
};

/**
 * A button whose work shows its result (or the refusal) in a live region beside it; the
 * button is disabled and the region says it is loading while the work runs.
 */
export const action = (labelText, className, work) => {
  const result = h('div', { class: 'action-result', role: 'status', 'aria-live': 'polite' });
  const button = h('button', { type: 'button', class: className }, labelText);
  button.addEventListener('click', async () => {
    button.disabled = true;
    result.replaceChildren(t('loading'));
    try {
      result.replaceChildren(...[await work()].flat().filter(Boolean));
    } catch (error) {
      result.replaceChildren(errorBox(labelText, error));
    } finally {
      button.disabled = false;
    }
  });
  return { button, result };
};

export const badge = (prefix, value, extraClass) =>
  value === null || value === undefined
    ? '–'
    : h('span', { class: ['badge', `${prefix}-${value}`, extraClass] }, label(prefix, value));

export const figure = (caption, value, key) =>
  h(
    'div',
    { class: 'figure-card', dataset: { figure: key } },
    h('p', { class: 'figure-label' }, caption),
    h('p', { class: 'figure-value' }, money(value)),
  );

/**
 * After a write the page is drawn again from the ledger; the focus goes back to the form the
 * person used (drawn anew, found by its class), or to the page's heading when that form is gone.
 */
export const savedIn = (ctx) => (formClass) => async () => {
  announce(t('form.saved'));
  await ctx.rerender();
  (document.querySelector(`form.${formClass} h3`) ?? document.querySelector('main h1'))?.focus();
};

export const pageTitle = (text) => h('h1', { tabindex: '-1' }, text);

export const empty = () => h('p', { class: 'notice' }, t('empty'));

const NOT_ID_TEXT = /[^a-z0-9]+/g;
const MAX_ID_FROM_NAME = 48;

/** A readable id from a name ("E-arkiv för ärenden" → "e-arkiv-for-arenden"), or a random one. */
export const idFromName = (name) =>
  name
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(NOT_ID_TEXT, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, MAX_ID_FROM_NAME)
    .replace(/-+$/, '') || newId();
