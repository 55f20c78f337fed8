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
 * button is disabled and the region says it is loading while the work runs. A refusal names
 * `what` failed (a noun, "the change report"); the button's label by default.
 */
export const action = (labelText, className, work, { what = labelText } = {}) => {
  const result = h('div', { class: 'action-result', role: 'status', 'aria-live': 'polite' });
  const button = h('button', { type: 'button', class: className }, labelText);
  button.addEventListener('click', async () => {
    button.disabled = true;
    result.replaceChildren(t('loading'));
    try {
      result.replaceChildren(...[await work()].flat().filter(Boolean));
    } catch (error) {
      result.replaceChildren(errorBox(what, error));
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
 * A confirmation under the page's heading, for a write whose form is gone after the redraw
 * (an investment closed, a role removed): it stays until the page is drawn again.
 */
export const pageNotice = (message) => {
  const heading = document.querySelector('main h1');
  if (!heading) return;
  document.querySelector('main .saved-notice')?.remove();
  heading.after(h('p', { class: 'notice saved-notice', role: 'status' }, message));
};

/**
 * What a write recorded, said where the person sees it after the redraw: in the status line of
 * the form they used (drawn anew, found by its class), or under the page's heading when that
 * form is gone or folded away. A blank form alone looked as if nothing had happened.
 */
export const showSaved = (formClass, message) => {
  const status = formClass ? document.querySelector(`form.${formClass} .form-status`) : null;
  // A form inside a folded section is not rendered: it has no boxes.
  if (status && status.getClientRects().length > 0) status.textContent = message;
  else pageNotice(message);
};

/** A confirmation for the page the write moves to (a proposal opens the new investment). */
let pendingNotice = null;
export const noticeOnNextPage = (message) => {
  pendingNotice = message;
};
/** Shows the confirmation a write left for this page, once. */
export const showPendingNotice = () => {
  if (pendingNotice === null) return;
  pageNotice(pendingNotice);
  pendingNotice = null;
};

/**
 * After a write the page is drawn again from the ledger; what was recorded is said (to screen
 * readers, and visibly, see showSaved), and the focus goes back to the form the person used,
 * or to the page's heading when that form is gone.
 */
export const savedIn =
  (ctx) =>
  (formClass) =>
  async (_answer, message = t('form.saved')) => {
    announce(message);
    await ctx.rerender();
    showSaved(formClass, message);
    (document.querySelector(`form.${formClass} h3`) ?? document.querySelector('main h1'))?.focus();
  };

export const pageTitle = (text) => h('h1', { tabindex: '-1' }, text);

export const empty = () => h('p', { class: 'notice' }, t('empty'));

const NOT_ID_TEXT = /[^a-z0-9]+/g;
const MAX_ID_FROM_NAME = 48;

/** The `n`th id of a name: the id itself, then "id-2", "id-3" (within the 64 of an id). */
export const withSuffix = (id, n) => (n <= 1 ? id : `${id}-${n}`);

/**
 * The id for `name` among ids already taken (`taken`: id → the name it was given): the one
 * made from the name, or, when another name made the same id, the first free "-2", "-3".
 * A name taken by itself keeps its id, for the ledger to refuse as the duplicate it is.
 */
export const freeIdFor = (name, taken, fallback = undefined) => {
  const base = idFromName(name, fallback);
  for (let n = 1; ; n++) {
    const id = withSuffix(base, n);
    const holder = taken.get(id);
    if (
      holder === undefined ||
      holder.trim().toLocaleLowerCase('sv') === name.trim().toLocaleLowerCase('sv')
    )
      return id;
  }
};

/**
 * A readable id from a name ("E-arkiv för ärenden" → "e-arkiv-for-arenden"), or `fallback`
 * (a random one) for a name with no letter or digit: a form passes its draft's id, so a resend
 * names the same id.
 */
export const idFromName = (name, fallback = undefined) =>
  name
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(NOT_ID_TEXT, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, MAX_ID_FROM_NAME)
    .replace(/-+$/, '') ||
  fallback ||
  newId();
