// The dashboard shell: sign-in (session.js), who am I, language, the as-of moment, and a hash
// router (#/, #/investments, #/investments/{id}, each with an optional ?asOf=; #/users for admins).

import {
  ApiError,
  clearToken,
  get,
  getAsOf,
  getAsOfPosition,
  getNow,
  getToken,
  setAsOf,
  whenUnauthenticated,
} from './api.js';
import { destroyCharts } from './charts.js';
import { dayOfMoment, stockholmDay } from './days.js';
import { clear, h, uid } from './dom.js';
import { date, dateTime } from './format.js';
import { currentLang, LANGS, label, setLang, t } from './i18n.js';
import { overviewView } from './views/overview.js';
import { investmentsView } from './views/investments.js';
import { investmentView } from './views/investment.js';
import { auditView } from './views/audit.js';
import { errorBox, errorText, pageTitle, showPendingNotice } from './views/common.js';
import { FIRST_DAY, momentProblem } from './moment.js';
import { usersView } from './views/users.js';
import { keepFormInput, REFRESH_EVENT, restoreFormInput } from './forms.js';
import { forgetPeople, loadPeople } from './people.js';
import {
  completeSignIn,
  endSession,
  isRoleRefusal,
  roleRefusalView,
  signInView,
  takeSignedOut,
} from './session.js';

const header = document.getElementById('site-header');
const asOfBar = document.getElementById('asof-bar');
const main = document.getElementById('main');

let me = null;
/** Signed in at the identity provider, but the ledger gives this person no single role. */
let refusal = null;
let signInNotice = null;
let renderCount = 0;

/** An address that matches none of these shows the overview. */
const ROUTES = [
  { pattern: /^\/$/, nav: 'overview', view: overviewView },
  { pattern: /^\/investments$/, nav: 'investments', view: investmentsView },
  {
    pattern: /^\/investments\/([a-z0-9][a-z0-9-]{0,63})$/,
    nav: 'investments',
    view: investmentView,
  },
  { pattern: /^\/audit$/, nav: 'audit', view: auditView },
  { pattern: /^\/users$/, nav: 'users', view: usersView },
];

/**
 * An address no page answers (a mistyped path, an id in capitals, which no id has): said so,
 * with the way back, rather than the overview drawn as if it had been asked for.
 */
const NOT_FOUND = {
  pattern: /^/,
  nav: 'notFound',
  view: () =>
    h(
      'div',
      { class: 'page not-found' },
      pageTitle(t('page.notFound')),
      h('p', {}, t('page.notFoundText', { path: parseHash().path })),
      h('p', {}, h('a', { href: hrefFor('/') }, t('page.notFoundBack'))),
    ),
};

/** The hash as { path, params }: "#/investments/x?asOf=2018-01-01". */
const parseHash = () => {
  const raw = window.location.hash.replace(/^#/, '') || '/';
  const [path, query = ''] = raw.split('?');
  return { path: path || '/', params: new URLSearchParams(query) };
};

/**
 * The address of a page at a moment: `asOf` (a date or an instant), and when the moment is
 * "right after this event", the event's ledger `asOfPosition` too, since events can share an
 * instant.
 */
const hrefFor = (
  path,
  asOf = getAsOf(),
  position = asOf === getAsOf() ? getAsOfPosition() : null,
) => {
  const query = new URLSearchParams();
  if (asOf) query.set('asOf', asOf);
  if (asOf && position) query.set('asOfPosition', position);
  const text = query.toString();
  return `#${path}${text ? `?${text}` : ''}`;
};

/** Moves the whole page to another moment (null: now), or to right after the event at `position`. */
const goToMoment = (asOf, position = null) => {
  const { path } = parseHash();
  window.location.hash = hrefFor(path, asOf, position);
};

/** Forgets who is signed in; when asked by the person, also at the identity provider. */
const signOut = (notice = null, { atProvider = false } = {}) => {
  clearToken();
  forgetPeople();
  me = null;
  refusal = null;
  if (atProvider && endSession()) return;
  signInNotice = notice;
  render();
};

whenUnauthenticated(() => {
  if (me) signOut(t('signin.expired'));
});

/** Stable, so the switch keeps the focus when the page is redrawn in the other language. */
const LANG_SELECT_ID = 'lang-select';

const languageSwitch = () => {
  const id = LANG_SELECT_ID;
  const select = h(
    'select',
    {
      id,
      onchange: async (e) => {
        // The page is drawn anew in the other language: what was typed in its forms stays.
        const kept = keepFormInput(main);
        setLang(e.target.value);
        await render();
        restoreFormInput(main, kept);
        document.getElementById(LANG_SELECT_ID)?.focus();
      },
    },
    LANGS.map((l) =>
      h('option', { value: l, selected: l === currentLang() }, l === 'sv' ? 'Svenska' : 'English'),
    ),
  );
  return h('div', { class: 'lang-switch' }, h('label', { for: id }, t('lang.label')), select);
};

const renderHeader = (nav) => {
  document.title = t('app.title');
  document.getElementById('skip-link').textContent = t('skip');
  const links = [
    ['overview', '/', t('nav.overview')],
    ['investments', '/investments', t('nav.investments')],
    ['audit', '/audit', t('nav.audit')],
    ...(me?.role === 'admin' ? [['users', '/users', t('nav.users')]] : []),
  ];
  clear(header).append(
    h(
      'div',
      { class: 'brand' },
      h('span', { class: 'brand-title' }, t('app.title')),
      h('span', { class: 'brand-subtitle' }, t('app.subtitle')),
    ),
    me
      ? h(
          'nav',
          { 'aria-label': t('nav.label') },
          h(
            'ul',
            {},
            links.map(([key, path, text]) =>
              h(
                'li',
                {},
                h(
                  'a',
                  { href: hrefFor(path), 'aria-current': key === nav ? 'page' : undefined },
                  text,
                ),
              ),
            ),
          ),
        )
      : '', // Element.append would write null out as the text "null".
    h(
      'div',
      { class: 'header-tools' },
      me
        ? h(
            'p',
            { class: 'whoami', dataset: { role: me.role } },
            h('span', { class: 'whoami-id', title: me.id }, t('me.as', { id: me.name ?? me.id })),
            h('span', { class: ['role-badge', `role-${me.role}`] }, label('role', me.role)),
          )
        : null,
      languageSwitch(),
      me
        ? h(
            'button',
            {
              type: 'button',
              class: 'link-button',
              onclick: () => signOut(null, { atProvider: true }),
            },
            t('signout'),
          )
        : null,
    ),
  );
};

/**
 * The as-of bar: the moment chosen, or (`unreadable`) the moment of the address that cannot be
 * read, said plainly, with the way back to now.
 */
const renderAsOfBar = (unreadable = null) => {
  const asOf = getAsOf();
  asOfBar.hidden = !me;
  if (!me) return;
  const inputId = uid('asof');
  const input = h('input', {
    id: inputId,
    type: 'date',
    name: 'asOf',
    lang: currentLang(),
    // The moment's day as the ledger reads it: an instant's Stockholm day, not its UTC day.
    value: asOf ? dayOfMoment(asOf) : '',
    // The picker offers only days the ledger can be read at, up to today in Stockholm.
    min: FIRST_DAY,
    max: stockholmDay(),
  });
  const form = h(
    'form',
    {
      class: 'asof-form',
      onsubmit: (e) => {
        e.preventDefault();
        goToMoment(input.value || null);
      },
    },
    h('label', { for: inputId }, t('asof.label')),
    input,
    h('button', { type: 'submit' }, t('asof.apply')),
    h(
      'button',
      { type: 'button', onclick: () => goToMoment(null), disabled: !asOf && !unreadable },
      t('asof.now'),
    ),
  );
  const problem = unreadable
    ? h(
        'p',
        { class: 'asof-banner asof-unreadable', role: 'alert' },
        t('asof.unreadable', { value: unreadable.value, why: unreadable.why }),
        ' ',
        h(
          'button',
          { type: 'button', class: 'link-button', onclick: () => goToMoment(null) },
          t('asof.back'),
        ),
      )
    : null;
  const banner = asOf
    ? h(
        'p',
        { class: 'asof-banner', role: 'status' },
        t('asof.showing', { when: asOf.length === 10 ? date(asOf) : dateTime(asOf) }),
        ' ',
        h(
          'button',
          { type: 'button', class: 'link-button', onclick: () => goToMoment(null) },
          t('asof.back'),
        ),
      )
    : null;
  clear(asOfBar).append(...[form, problem ?? banner].filter(Boolean));
  asOfBar.classList.toggle('in-past', Boolean(asOf));
  asOfBar.classList.toggle('unreadable', Boolean(unreadable));
};

/**
 * A moment in the address the page cannot read (`hello`, `2019-02-30`): { value, why, error },
 * the API's refusal of it in `error`; null when there is none or the API reads it after all.
 * The page then shows now, so its links and forms work, and says what was wrong.
 */
const unreadableMoment = async () => {
  const value = getAsOf();
  const problem = momentProblem(value);
  if (!problem) return null;
  // The API reads a future moment (as now); the page does not show it as recorded state.
  if (problem.future) {
    setAsOf(null);
    return { value, why: t(problem.key, problem.vars), error: null, future: true };
  }
  let error = null;
  try {
    await get('/api/funds');
  } catch (refused) {
    error = refused;
  }
  if (error === null) return null;
  setAsOf(null);
  return { value, why: t(problem.key, problem.vars), error };
};

const unreadableView = ({ error, future }) => {
  if (future)
    return h(
      'div',
      { class: 'page unreadable-moment future-moment' },
      pageTitle(t('asof.futureTitle')),
      h('p', { class: 'notice' }, t('asof.futureBody')),
    );
  return h(
    'div',
    { class: 'page unreadable-moment' },
    pageTitle(t('asof.unreadableTitle')),
    error instanceof ApiError && error.status === 400
      ? h(
          'p',
          { class: 'notice error api-refusal' },
          t('asof.apiRefused', { detail: errorText(error) }),
        )
      : errorBox(t('asof.unreadableTitle'), error),
  );
};

const loadMe = async () => {
  if (me || !getToken()) return;
  try {
    me = await getNow('/api/me');
    await loadPeople();
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      clearToken();
      signInNotice = t('signin.expired');
    } else if (isRoleRefusal(error)) {
      refusal = error;
    } else {
      throw error;
    }
  }
};

const render = async () => {
  const count = ++renderCount;
  const { path, params } = parseHash();
  setAsOf(params.get('asOf'), params.get('asOfPosition'));
  destroyCharts();
  try {
    await loadMe();
  } catch (error) {
    clear(main).append(errorBox(t('nav.overview'), error));
    return;
  }
  if (count !== renderCount) return;
  const unreadable = me && !refusal ? await unreadableMoment() : null;
  if (count !== renderCount) return;
  const route = ROUTES.find((r) => r.pattern.test(path)) ?? NOT_FOUND;
  renderHeader(route.nav);
  renderAsOfBar(unreadable);
  if (refusal) {
    clear(main).append(roleRefusalView(refusal, () => signOut(null, { atProvider: true })));
    main.querySelector('h1')?.focus();
    return;
  }
  if (!me) {
    const view = await signInView(signInNotice, (who) => {
      me = who;
      signInNotice = null;
      loadPeople().finally(render);
    });
    if (count !== renderCount) return;
    clear(main).append(view);
    main.querySelector('input, button.primary')?.focus();
    return;
  }
  if (unreadable) {
    clear(main).append(unreadableView(unreadable));
    main.removeAttribute('aria-busy');
    main.dataset.view = 'unreadable-moment';
    return;
  }
  main.setAttribute('aria-busy', 'true');
  const args = (path.match(route.pattern) ?? []).slice(1);
  const context = {
    me,
    asOf: getAsOf(),
    asOfPosition: getAsOfPosition(),
    rerender: render,
    hrefFor,
    goToMoment,
  };
  let view;
  try {
    view = await route.view(context, ...args);
  } catch (error) {
    // An answer the page did not expect: say so where the page would have been.
    view = errorBox(t(`nav.${route.nav}`), error);
  }
  // A later navigation may have overtaken this one while it was loading.
  if (count !== renderCount) return;
  clear(main).append(view);
  showPendingNotice();
  main.removeAttribute('aria-busy');
  main.dataset.view = route.nav;
};

/**
 * A refusal that says the page is stale (forms.js, STALE_CODES) offers to read it again: the
 * page is drawn from the ledger as it is now, with what was typed in its forms put back, and
 * the focus on the form the person used.
 */
main.addEventListener(REFRESH_EVENT, async (event) => {
  const form = event.target.closest('form');
  const formClass = form?.className;
  const kept = keepFormInput(main);
  await render();
  restoreFormInput(main, kept);
  const again = [...main.querySelectorAll('form.write-form')].find(
    (f) => f.className === formClass,
  );
  const status = again?.querySelector('.form-status');
  if (status) status.textContent = t('form.refreshed');
  (again?.querySelector('h3') ?? main.querySelector('h1'))?.focus();
});

window.addEventListener('hashchange', () => {
  render().then(() => main.querySelector('h1')?.focus());
});

setLang(currentLang());
// Back from the identity provider (its sign-in or its sign-out), or a plain start.
completeSignIn()
  .then((notice) => {
    signInNotice = takeSignedOut() ? t('signin.signedOut') : notice;
  })
  .finally(render);
