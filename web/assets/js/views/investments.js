// Investments: a sortable, filterable table with the to-date figures, and a CSV download of
// exactly the rows shown, written by the server (the service's one CSV writer).

import { get, getAsOf, getText } from '../api.js';
import { csvDialect, downloadCsv } from '../csv.js';
import { clear, h, uid } from '../dom.js';
import { money, number, ratioPercent } from '../format.js';
import { label, t } from '../i18n.js';
import { toOre } from '../money.js';
import { badge, errorBox, pageTitle, settle } from './common.js';
import { STAGES } from './data.js';
import { proposeForm } from './propose-form.js';

const compareText = (a, b) => String(a ?? '').localeCompare(String(b ?? ''), 'sv');
/** Below any amount the ledger holds (at most 10^12 kronor either way): sorts "no figure" first. */
const NO_AMOUNT = -(10n ** 15n);
const compareMoney = (a, b) => {
  const x = toOre(a) ?? NO_AMOUNT;
  const y = toOre(b) ?? NO_AMOUNT;
  return x < y ? -1 : x > y ? 1 : 0;
};
/** Numbers (ratios, counts); a figure that is not there sorts below every figure that is. */
const compareNumber = (a, b) => {
  const x = a === null || a === undefined ? -Infinity : Number(a);
  const y = b === null || b === undefined ? -Infinity : Number(b);
  return x === y ? 0 : x < y ? -1 : 1;
};
const INDICATOR_ORDER = ['on-track', 'watch', 'stale', 'deviation'];

const COLUMNS = [
  {
    key: 'title',
    label: 'list.investment',
    compare: compareText,
    cell: (r, hrefFor) => h('a', { href: hrefFor(`/investments/${r.investmentId}`) }, r.title),
  },
  { key: 'department', label: 'list.department', compare: compareText, cell: (r) => r.department },
  {
    key: 'stage',
    label: 'list.stage',
    compare: (a, b) => STAGES.indexOf(a) - STAGES.indexOf(b),
    cell: (r) => badge('stage', r.stage),
  },
  {
    key: 'allocated',
    label: 'list.allocated',
    compare: compareMoney,
    cell: (r) => money(r.allocated),
    numeric: true,
  },
  {
    key: 'spent',
    label: 'list.spent',
    compare: compareMoney,
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
    compare: compareMoney,
    cell: (r) => money(r.forecastToDate),
    numeric: true,
  },
  {
    key: 'actualToDate',
    label: 'list.actualToDate',
    compare: compareMoney,
    cell: (r) => money(r.actualToDate),
    numeric: true,
  },
  {
    key: 'realisationRatio',
    label: 'list.ratio',
    compare: compareNumber,
    cell: (r) => ratioPercent(r.realisationRatio),
    numeric: true,
  },
  {
    key: 'indicatorStatus',
    label: 'list.indicator',
    compare: (a, b) => INDICATOR_ORDER.indexOf(a) - INDICATOR_ORDER.indexOf(b),
    cell: (r) => badge('indicator', r.indicatorStatus),
  },
  {
    key: 'overdue',
    label: 'list.overdue',
    compare: compareNumber,
    cell: (r) =>
      r.overdue > 0 ? h('span', { class: 'badge overdue' }, number(r.overdue)) : number(0),
    numeric: true,
  },
];

// Kept between visits, so going to an investment and back keeps the table as it was.
const view = { sortKey: 'title', ascending: true, department: '', stage: '', search: '' };

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

const visibleRows = (rows) => {
  const search = view.search.toLocaleLowerCase('sv');
  const column = COLUMNS.find((c) => c.key === view.sortKey) ?? COLUMNS[0];
  return rows
    .filter((r) => !view.department || r.department === view.department)
    .filter((r) => !view.stage || r.stage === view.stage)
    .filter(
      (r) => !search || `${r.title} ${r.investmentId}`.toLocaleLowerCase('sv').includes(search),
    )
    .sort((a, b) => (view.ascending ? 1 : -1) * column.compare(a[column.key], b[column.key]));
};

/** The most ids one request names (MAX_LISTED_IDS of src/reports/investments-export.ts). */
const IDS_PER_REQUEST = 200;

/**
 * The rows shown as the server's CSV: their ids in the order shown (the free-text search and
 * the sorting happen here, so the ids carry them), read at the ledger position the table was
 * read at, in the page's dialect. More rows than one request names come in parts, joined
 * under one header.
 */
const serverCsv = async (shown, position) => {
  const parts = [];
  for (let i = 0; i < shown.length; i += IDS_PER_REQUEST) {
    const ids = shown.slice(i, i + IDS_PER_REQUEST).map((r) => r.investmentId);
    parts.push(
      await getText('/api/investments', {
        format: 'csv',
        dialect: csvDialect(),
        ids: ids.join(','),
        asOfPosition: position,
      }),
    );
  }
  const withoutHeader = (text) => text.slice(text.indexOf('\r\n') + 2);
  return parts.map((text, i) => (i === 0 ? text : withoutHeader(text))).join('');
};

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

const headerCell = (column, redraw) => {
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
        onclick: () => {
          view.ascending = active ? !view.ascending : true;
          view.sortKey = column.key;
          redraw(column.key);
        },
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

const investmentTable = (rows, hrefFor, redraw) =>
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
          COLUMNS.map((c) => headerCell(c, redraw)),
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
  const [list] = await settle([get('/api/investments')]);
  const page = h('div', { class: 'page investments' }, pageTitle(t('list.title')));
  if (!list.ok) {
    page.append(errorBox(t('list.title'), list.error));
    return page;
  }
  const rows = toRows(list.value.investments);
  const departments = [...new Set(rows.map((r) => r.department))].sort(compareText);
  const count = h('p', { class: 'count', role: 'status' });
  const holder = h('div', {});
  const csvProblem = h('div', {});
  const csvButton = h(
    'button',
    {
      type: 'button',
      class: 'csv-button',
      onclick: async () => {
        clear(csvProblem);
        try {
          const text = await serverCsv(visibleRows(rows), list.value.position);
          downloadCsv(
            `investeringar-${(getAsOf() ?? new Date().toISOString()).slice(0, 10)}.csv`,
            text,
          );
        } catch (error) {
          csvProblem.append(errorBox(t('list.csv'), error));
        }
      },
    },
    t('list.csv'),
  );
  // `sortedBy`: the column whose button was pressed keeps the focus across the redraw.
  const redraw = (sortedBy) => {
    const shown = visibleRows(rows);
    count.textContent = t('list.count', { shown: shown.length, total: rows.length });
    // No rows shown, no ids to ask for (and no file worth offering).
    csvButton.disabled = shown.length === 0;
    clear(holder).append(investmentTable(shown, hrefFor, redraw));
    if (typeof sortedBy === 'string')
      holder.querySelector(`th[data-key="${sortedBy}"] button`)?.focus();
  };
  const searchId = uid('search');
  const filters = h(
    'form',
    {
      class: 'filters',
      role: 'search',
      onsubmit: (e) => e.preventDefault(),
      onchange: () => redraw(),
      oninput: () => redraw(),
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
        },
      }),
    ),
    selectFilter('department', t('list.department'), departments, (d) => d),
    selectFilter('stage', t('list.stage'), STAGES, (s) => label('stage', s)),
    csvButton,
  );
  redraw();
  const overspent = rows.filter((r) => r.overspent).length;
  page.append(
    filters,
    csvProblem,
    count,
    overspent > 0
      ? h(
          'p',
          { class: 'notice warning', role: 'note' },
          t('list.overspentNotice', { n: overspent }),
        )
      : null,
    holder,
    proposeForm(ctx, departments),
  );
  return page;
};
