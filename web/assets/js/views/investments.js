// Investments: a table with the to-date figures, a page at a time, sorted, searched and
// filtered by the server (a fund's list runs to thousands of investments: the page asks for
// fifty, not for every investment's figures), and a CSV download of every row the filters
// leave, in the order shown, written by the server (the service's one CSV writer).

import { get, getAsOf, getText } from '../api.js';
import { csvDialect, downloadCsv } from '../csv.js';
import { dayOfMoment, stockholmDay } from '../days.js';
import { clear, h, uid } from '../dom.js';
import { money, number, ratioPercent } from '../format.js';
import { label, t, tn } from '../i18n.js';
import { toOre } from '../money.js';
import { SEARCH_PAUSE_MS, badge, errorBox, pageTitle, settle } from './common.js';
import { STAGES } from './data.js';
import { proposeForm } from './propose-form.js';

const COLUMNS = [
  {
    key: 'title',
    label: 'list.investment',
    cell: (r, hrefFor) => h('a', { href: hrefFor(`/investments/${r.investmentId}`) }, r.title),
  },
  { key: 'department', label: 'list.department', cell: (r) => r.department },
  {
    key: 'stage',
    label: 'list.stage',
    cell: (r) => badge('stage', r.stage),
  },
  {
    key: 'allocated',
    label: 'list.allocated',
    cell: (r) => money(r.allocated),
    numeric: true,
  },
  {
    key: 'spent',
    label: 'list.spent',
    cell: (r) =>
      r.overspent
        ? h(
            'span',
            { class: 'overspent' },
            money(r.spent),
            ' ',
            h('span', { class: 'badge overspend' }, t('list.overspent')),
          )
        : money(r.spent),
    numeric: true,
  },
  {
    key: 'forecastToDate',
    label: 'list.forecastToDate',
    cell: (r) => money(r.forecastToDate),
    numeric: true,
  },
  {
    key: 'actualToDate',
    label: 'list.actualToDate',
    cell: (r) => money(r.actualToDate),
    numeric: true,
  },
  {
    key: 'realisationRatio',
    label: 'list.ratio',
    cell: (r) => ratioPercent(r.realisationRatio),
    numeric: true,
  },
  {
    key: 'indicatorStatus',
    label: 'list.indicator',
    cell: (r) => badge('indicator', r.indicatorStatus),
  },
  {
    key: 'overdue',
    label: 'list.overdue',
    cell: (r) =>
      r.overdue > 0 ? h('span', { class: 'badge overdue' }, number(r.overdue)) : number(0),
    numeric: true,
  },
];

/** Rows per page: a screenful or two, and the figures of fifty investments per request. */
const PAGE_SIZE = 50;

// Kept between visits, so going to an investment and back keeps the table as it was.
const view = {
  sortKey: 'title',
  ascending: true,
  department: '',
  stage: '',
  search: '',
  overspentOnly: false,
  offset: 0,
};

/**
 * The table's question is in the address too (`#/investments?sort=spent&order=desc&q=arkiv
 * &offset=50`, beside `asOf`), so a reload or a shared link shows the same table. The address
 * is rewritten in place (history.replaceState: no new history entry, no hashchange); one
 * without these parameters (the menu's link) shows the table as it was left.
 */
const TABLE_PARAMS = ['sort', 'order', 'q', 'department', 'stage', 'overspent', 'offset'];
const LIST_PATH = '/investments';

const addressParts = () => {
  const [path, query = ''] = window.location.hash.replace(/^#/, '').split('?');
  return { path, query: new URLSearchParams(query) };
};

const readAddress = () => {
  const { query } = addressParts();
  if (!TABLE_PARAMS.some((name) => query.has(name))) return;
  const sort = query.get('sort');
  view.sortKey = COLUMNS.some((c) => c.key === sort) ? sort : 'title';
  view.ascending = query.get('order') !== 'desc';
  view.search = query.get('q') ?? '';
  view.department = query.get('department') ?? '';
  view.stage = STAGES.includes(query.get('stage')) ? query.get('stage') : '';
  view.overspentOnly = query.get('overspent') === 'true';
  const offset = Number(query.get('offset') ?? '0');
  // A page boundary: a hand-made offset of 7 shows the first page, not rows 8–57.
  view.offset = Number.isSafeInteger(offset) && offset > 0 ? offset - (offset % PAGE_SIZE) : 0;
};

const writeAddress = () => {
  const { path, query } = addressParts();
  // An answer that arrives after the person left the list does not rewrite the other page.
  if (path !== LIST_PATH) return;
  TABLE_PARAMS.forEach((name) => query.delete(name));
  const set = {
    sort: view.sortKey === 'title' ? '' : view.sortKey,
    order: view.ascending ? '' : 'desc',
    q: view.search.trim(),
    department: view.department,
    stage: view.stage,
    overspent: view.overspentOnly ? 'true' : '',
    offset: view.offset > 0 ? String(view.offset) : '',
  };
  for (const [name, value] of Object.entries(set)) if (value) query.set(name, value);
  const text = query.toString();
  window.history.replaceState(window.history.state, '', `#${path}${text ? `?${text}` : ''}`);
};

/** The list answer carries the to-date figures and the overdue count of each investment. */
const toRows = (investments) =>
  investments.map((inv) => ({
    investmentId: inv.investmentId,
    title: inv.title,
    department: inv.department,
    stage: inv.stage,
    allocated: inv.allocated,
    spent: inv.spent,
    // More spent than the fund allocated: the money came from elsewhere, or a decision is missing.
    overspent: (toOre(inv.spent) ?? 0n) > (toOre(inv.allocated) ?? 0n),
    forecastToDate: inv.forecastToDate ?? null,
    actualToDate: inv.actualToDate ?? null,
    realisationRatio: inv.realisationRatio ?? null,
    indicatorStatus: inv.indicatorStatus ?? null,
    overdue: inv.overdueCount ?? 0,
  }));

/** The list's question as the table stands: its filters, search and order (no page). */
const listQuery = () => ({
  sort: view.sortKey,
  order: view.ascending ? 'asc' : 'desc',
  q: view.search.trim(),
  department: view.department,
  stage: view.stage,
  overspent: view.overspentOnly ? 'true' : undefined,
});

/** The rows the filters leave, in the order shown, as the server's CSV, read at `position`. */
const serverCsv = (position) =>
  getText('/api/investments', {
    ...listQuery(),
    format: 'csv',
    dialect: csvDialect(),
    asOfPosition: position,
  });

const selectFilter = (name, text, values, labelFor) => {
  const id = uid(name);
  return h(
    'div',
    { class: 'field' },
    h('label', { for: id }, text),
    h(
      'select',
      {
        id,
        name,
        onchange: (e) => {
          view[name] = e.target.value;
        },
      },
      h('option', { value: '' }, t('list.all')),
      values.map((v) => h('option', { value: v, selected: view[name] === v }, labelFor(v))),
    ),
  );
};

const headerCell = (column, sortBy) => {
  const active = view.sortKey === column.key;
  return h(
    'th',
    {
      scope: 'col',
      class: column.numeric ? 'num' : undefined,
      'aria-sort': active ? (view.ascending ? 'ascending' : 'descending') : 'none',
      dataset: { key: column.key },
    },
    h(
      'button',
      {
        type: 'button',
        class: 'sort-button',
        title: t('list.sortBy', { column: t(column.label) }),
        onclick: () => sortBy(column.key),
      },
      t(column.label),
      h(
        'span',
        { class: 'sort-mark', 'aria-hidden': 'true' },
        active ? (view.ascending ? ' ▲' : ' ▼') : '',
      ),
    ),
  );
};

const investmentTable = (rows, hrefFor, sortBy) =>
  h(
    'div',
    { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': t('list.title') },
    h(
      'table',
      { class: 'investments-table' },
      h('caption', { class: 'visually-hidden' }, t('list.title')),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          COLUMNS.map((c) => headerCell(c, sortBy)),
        ),
      ),
      h(
        'tbody',
        {},
        rows.map((r) =>
          h(
            'tr',
            {
              class: r.overspent ? 'overspent-row' : undefined,
              dataset: { investment: r.investmentId, overspent: r.overspent ? 'true' : undefined },
            },
            COLUMNS.map((c, i) =>
              h(
                i === 0 ? 'th' : 'td',
                {
                  scope: i === 0 ? 'row' : undefined,
                  class: c.numeric ? 'num' : undefined,
                  dataset: { column: c.key },
                },
                c.cell(r, hrefFor),
              ),
            ),
          ),
        ),
      ),
    ),
  );

export const investmentsView = async (ctx) => {
  const { hrefFor } = ctx;
  readAddress();
  const askPage = () =>
    get('/api/investments', { ...listQuery(), offset: view.offset, limit: PAGE_SIZE });
  // The overspent count is of every investment, whatever the filters: one page of one.
  let [first, overspentCount] = await settle([
    askPage(),
    get('/api/investments', { overspent: 'true', limit: 1 }),
  ]);
  // The table as it was left may no longer fit the list: a department no investment has any
  // more, a page past the end. Then the whole department choice, or the first page.
  const known = first.ok ? (first.value.departments ?? []) : [];
  const stale = view.department !== '' && !known.includes(view.department);
  const pastEnd =
    first.ok && first.value.investments.length === 0 && view.offset > 0 && first.value.total > 0;
  if (stale || pastEnd) {
    if (stale) view.department = '';
    view.offset = 0;
    [first] = await settle([askPage()]);
  }
  const page = h('div', { class: 'page investments' }, pageTitle(t('list.title')));
  if (!first.ok) {
    page.append(errorBox(t('list.title'), first.error));
    return page;
  }
  let answer = first.value;
  const departments = answer.departments ?? [];
  const count = h('p', { class: 'count', role: 'status' });
  const holder = h('div', {});
  const pager = h('nav', { class: 'pager', 'aria-label': t('list.pages') });
  const problem = h('div', {});
  const csvProblem = h('div', {});

  /** The latest question only: an answer to one asked before it is dropped. */
  let asked = 0;
  // `focusKey`: the column whose button was pressed keeps the focus across the redraw.
  const reload = async (focusKey) => {
    const mine = ++asked;
    holder.setAttribute('aria-busy', 'true');
    try {
      const next = await askPage();
      if (mine !== asked) return;
      clear(problem);
      answer = next;
      // A page past the end (the list shrank since): back to the first.
      if (answer.investments.length === 0 && view.offset > 0 && answer.total > 0) {
        view.offset = 0;
        await reload(focusKey);
        return;
      }
      render(focusKey);
    } catch (error) {
      if (mine !== asked) return;
      clear(problem).append(errorBox(t('list.title'), error));
    } finally {
      if (mine === asked) holder.removeAttribute('aria-busy');
    }
  };
  const sortBy = (key) => {
    view.ascending = view.sortKey === key ? !view.ascending : true;
    view.sortKey = key;
    view.offset = 0;
    return reload(key);
  };
  const goTo = (offset) => {
    view.offset = Math.max(0, offset);
    return reload();
  };

  const csvButton = h(
    'button',
    {
      type: 'button',
      class: 'csv-button',
      onclick: async () => {
        clear(csvProblem);
        try {
          const text = await serverCsv(answer.position);
          // Named after the ledger's day of the moment shown (Stockholm), not the UTC day.
          const day = getAsOf() ? dayOfMoment(getAsOf()) : stockholmDay();
          downloadCsv(t('file.investments', { day }), text);
        } catch (error) {
          csvProblem.append(errorBox(t('list.csv'), error));
        }
      },
    },
    t('list.csv'),
  );

  const render = (focusKey) => {
    const rows = toRows(answer.investments);
    const from = rows.length === 0 ? 0 : view.offset + 1;
    const to = view.offset + rows.length;
    count.textContent =
      answer.total === 0
        ? t('list.none')
        : t('list.range', { from: number(from), to: number(to), total: number(answer.total) });
    // No rows, no file worth offering.
    csvButton.disabled = answer.total === 0;
    clear(holder).append(investmentTable(rows, hrefFor, sortBy));
    clear(pager).append(
      h(
        'button',
        {
          type: 'button',
          class: 'pager-previous',
          disabled: view.offset === 0,
          onclick: () => goTo(view.offset - PAGE_SIZE),
        },
        t('list.previous'),
      ),
      h(
        'button',
        {
          type: 'button',
          class: 'pager-next',
          disabled: answer.next === null,
          onclick: () => goTo(view.offset + PAGE_SIZE),
        },
        t('list.next'),
      ),
    );
    writeAddress();
    if (typeof focusKey === 'string')
      holder.querySelector(`th[data-key="${focusKey}"] button`)?.focus();
  };

  let pause;
  const searchId = uid('search');
  const overspentId = uid('overspent');
  const filters = h(
    'form',
    {
      class: 'filters',
      role: 'search',
      onsubmit: (e) => e.preventDefault(),
      onchange: () => {
        view.offset = 0;
        reload();
      },
    },
    h(
      'div',
      { class: 'field' },
      h('label', { for: searchId }, t('list.search')),
      h('input', {
        id: searchId,
        type: 'search',
        value: view.search,
        oninput: (e) => {
          view.search = e.target.value;
          view.offset = 0;
          window.clearTimeout(pause);
          pause = window.setTimeout(reload, SEARCH_PAUSE_MS);
        },
        // The change event of a search box only repeats what typing already asked.
        onchange: (e) => e.stopPropagation(),
      }),
    ),
    selectFilter('department', t('list.department'), departments, (d) => d),
    selectFilter('stage', t('list.stage'), STAGES, (s) => label('stage', s)),
    h(
      'div',
      { class: 'field field-check' },
      h(
        'label',
        { for: overspentId },
        h('input', {
          id: overspentId,
          type: 'checkbox',
          checked: view.overspentOnly,
          onchange: (e) => {
            view.overspentOnly = e.target.checked;
          },
        }),
        ' ',
        t('list.onlyOverspent'),
      ),
    ),
    csvButton,
  );
  render();
  const overspent = overspentCount.ok ? overspentCount.value.total : 0;
  page.append(
    filters,
    csvProblem,
    problem,
    count,
    overspent > 0
      ? h('p', { class: 'notice warning', role: 'note' }, tn('list.overspentNotice', overspent))
      : '', // Element.append would write null out as the text "null".
    holder,
    pager,
    proposeForm(ctx, departments) ?? '',
  );
  return page;
};
