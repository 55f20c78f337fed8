// Fund overview: the fund's figures (what its amount is made of, and its investments' spend),
// tranche bars, forecast vs actual valued benefits per year, investments by stage and the overdue
// follow-up list.

import { get, getAsOf, getAsOfPosition, getBlob } from '../api.js';
import { chartFigure } from '../charts.js';
import { dayOfMoment, stockholmDay } from '../days.js';
import { clear, h, section, table } from '../dom.js';
import { date, dateTime, money, number } from '../format.js';
import { download } from '../csv.js';
import { currentLang, label, locale, t } from '../i18n.js';
import { fromOre, toOre } from '../money.js';
import { periodSeries } from '../series.js';
import { personName } from '../people.js';
import { action, badge, empty, errorBox, figure, pageTitle, settle } from './common.js';
import { followUpRows, fundPeriods, STAGES } from './data.js';
import { fundForms } from './fund-forms.js';
import { windowText } from './finance-forms.js';

const TRANCHE_FIGURES = ['allocated', 'available', 'spent', 'harvested'];

/**
 * The parts of a fund's (or tranche's) amount that are not allocated, besides what can be
 * allocated now (docs/DOMAIN.md, "Available money"): each shown when there is any, so that
 * the figures add up to the amount and no money (lapsed on 2018-12-31, say) is left out.
 */
const UNALLOCATED_PARTS = ['expected', 'lapsed', 'closed'];

const ore = (value) => toOre(value) ?? 0n;
const nonZero = (value) => ore(value) !== 0n;

/** "a, b och c" in the page's language. */
const listText = (items) =>
  new Intl.ListFormat(locale(), { style: 'long', type: 'conjunction' }).format(items);

/**
 * What the fund's amount is made of, as the board report shows it: allocated, available now,
 * expected, lapsed and closed (the last three when there is any), adding up to the amount.
 */
const balanceText = (totals) => {
  const parts = ['allocated', 'availableNow', ...UNALLOCATED_PARTS]
    .filter((key) => key === 'allocated' || key === 'availableNow' || nonZero(totals[key]))
    .map((key) => t(`overview.part.${key}`, { amount: money(totals[key] ?? '0.00') }));
  return t('overview.balance', { amount: money(totals.amount), parts: listText(parts) });
};

/**
 * The fund's spend is its investments' spend: within their allocations (the tranches' spent)
 * and beyond them, which no tranche holds (`spentBeyondAllocations`): the figure is both,
 * with the part beyond the allocations said beside it when there is any.
 */
const spentFigure = (totals) => {
  const beyond = totals.spentBeyondAllocations ?? '0.00';
  const card = figure(t('overview.spent'), fromOre(ore(totals.spent) + ore(beyond)), 'spent');
  if (nonZero(beyond))
    card.append(
      h(
        'p',
        { class: 'figure-note', dataset: { note: 'spentBeyondAllocations' } },
        t('overview.spentBeyond', { beyond: money(beyond), within: money(totals.spent) }),
      ),
    );
  return card;
};

const fundFigures = (fund) => {
  const { totals } = fund;
  return [
    h(
      'div',
      { class: 'figures' },
      figure(t('overview.total'), totals.amount, 'total'),
      figure(t('overview.allocated'), totals.allocated, 'allocated'),
      figure(t('overview.available'), totals.available, 'available'),
      UNALLOCATED_PARTS.filter((key) => nonZero(totals[key])).map((key) =>
        figure(t(`overview.${key}`), totals[key], key),
      ),
      spentFigure(totals),
      figure(t('overview.harvested'), totals.harvested, 'harvested'),
    ),
    h('p', { class: 'fund-balance' }, balanceText(totals)),
  ];
};

/** The columns of the tranche table: the unallocated parts only where a tranche has some. */
const trancheColumns = (fund) => [
  'allocated',
  'available',
  ...UNALLOCATED_PARTS.filter((key) => fund.tranches.some((tr) => nonZero(tr[key]))),
  'spent',
  'harvested',
];

const trancheSection = (fund) =>
  section(
    t('overview.tranches'),
    chartFigure({
      title: t('overview.tranchesChart'),
      className: 'chart-tranches',
      labelHeading: t('tranche.name'),
      labels: fund.tranches.map((tr) => tr.name),
      series: TRANCHE_FIGURES.map((key) => ({
        key,
        label: t(`overview.${key}`),
        values: fund.tranches.map((tr) => tr[key]),
        type: 'bar',
      })),
    }),
    table(
      t('overview.tranches'),
      [
        { label: t('tranche.name'), cell: (tr) => tr.name, header: true },
        { label: t('tranche.status'), cell: (tr) => badge('status', tr.status) },
        { label: t('tranche.windowLabel'), cell: (tr) => windowText(tr) },
        { label: t('tranche.amount'), cell: (tr) => money(tr.amount), numeric: true },
        ...trancheColumns(fund).map((key) => ({
          label: t(`overview.${key}`),
          cell: (tr) => money(tr[key]),
          numeric: true,
        })),
      ],
      fund.tranches,
      { class: 'tranche-table', hideCaption: true },
    ),
  );

const savingsSection = (result, fund) => {
  if (!result.ok)
    return section(t('overview.savings'), errorBox(t('overview.savings'), result.error));
  const periods = fundPeriods(result.value, fund.fundId);
  if (periods.length === 0) return section(t('overview.savings'), empty());
  return section(
    t('overview.savings'),
    chartFigure({
      title: t('overview.savings'),
      hideCaption: true,
      labels: periods.map((p) => p.period),
      series: periodSeries(periods),
      className: 'chart-savings',
    }),
  );
};

/**
 * The investments per stage, from the list's `total` for each stage (a page of one): the
 * whole list would have every investment's figures to date worked out only to be counted.
 */
const stageCounts = async () => {
  const answers = await Promise.all(
    STAGES.map((stage) => get('/api/investments', { stage, limit: 1 })),
  );
  return answers.map((answer) => answer.total);
};

const stageSection = (result) => {
  if (!result.ok)
    return section(t('overview.stages'), errorBox(t('overview.stages'), result.error));
  const counts = result.value;
  return section(
    t('overview.stages'),
    chartFigure({
      title: t('overview.stages'),
      hideCaption: true,
      labelHeading: t('inv.stage'),
      labels: STAGES.map((s) => label('stage', s)),
      series: [
        { key: 'count', label: t('overview.count'), values: counts.map(String), type: 'bar' },
      ],
      unit: t('overview.count'),
      horizontal: true,
      integer: true,
      className: 'chart-small',
    }),
    h(
      'ul',
      { class: 'stage-counts' },
      STAGES.map((s, i) =>
        h(
          'li',
          { dataset: { stage: s } },
          badge('stage', s),
          ' ',
          h('strong', {}, number(counts[i])),
        ),
      ),
    ),
  );
};

/**
 * Overdue reports listed at first, the longest overdue first: a large fund's list runs to
 * thousands (12,257 at the 1M-event bench ledger's head), and drawing them all made the
 * overview, the first page anyone sees, take over a second longer each time.
 */
const FOLLOW_UP_SHOWN = 100;

const followUpTable = (rows, hrefFor) =>
  table(
    t('overview.followUp'),
    [
      { label: t('followUp.owner'), cell: (r) => personName(r.owner), header: true },
      {
        label: t('followUp.investment'),
        cell: (r) =>
          h('a', { href: hrefFor(`/investments/${r.investmentId}`) }, r.title ?? r.investmentId),
      },
      { label: t('followUp.line'), cell: (r) => r.description ?? r.benefitLineId },
      {
        label: t('followUp.period'),
        // Reported, but before the period ended: the lead confirms it by a correction.
        cell: (r) =>
          r.reportedBeforeEnd
            ? [
                r.period,
                ' ',
                h('span', { class: 'badge reported-before-end' }, t('followUp.reportedBeforeEnd')),
              ]
            : r.period,
      },
      { label: t('followUp.dueSince'), cell: (r) => date(r.dueOn) },
      { label: t('followUp.daysOverdue'), cell: (r) => number(r.daysOverdue), numeric: true },
    ],
    rows,
    { class: 'follow-up-table', hideCaption: true },
  );

const followUpSection = (result, hrefFor) => {
  if (!result.ok)
    return section(t('overview.followUp'), errorBox(t('overview.followUp'), result.error));
  // The longest overdue first; within a day, by owner as the report groups them.
  const rows = followUpRows(result.value)
    .map((row, order) => ({ row, order }))
    .sort((a, b) => b.row.daysOverdue - a.row.daysOverdue || a.order - b.order)
    .map(({ row }) => row);
  if (rows.length === 0)
    return section(t('overview.followUp'), h('p', { class: 'notice' }, t('overview.followUpNone')));
  const holder = h('div', {}, followUpTable(rows.slice(0, FOLLOW_UP_SHOWN), hrefFor));
  const more =
    rows.length > FOLLOW_UP_SHOWN
      ? h(
          'p',
          { class: 'follow-up-more' },
          t('overview.followUpShown', {
            shown: number(FOLLOW_UP_SHOWN),
            total: number(rows.length),
          }),
          ' ',
          h(
            'button',
            {
              type: 'button',
              class: 'follow-up-all',
              onclick: () => {
                clear(holder).append(followUpTable(rows, hrefFor));
                more.remove();
              },
            },
            t('overview.followUpAll', { total: number(rows.length) }),
          ),
        )
      : null;
  return section(t('overview.followUp'), more, holder);
};

/** The board report's formats the overview offers, as the API names them. */
const BOARD_FORMATS = [
  ['pdf', 'overview.boardPdf'],
  ['xlsx', 'overview.boardXlsx'],
];

/**
 * The board report of the fund as a file, as of the page's moment (now when none is chosen),
 * in the page's language: the same report as GET /api/reports/board and `ledger report board`.
 * On a large ledger the first one takes a while; the button is busy meanwhile.
 */
const boardSection = (fund) => {
  const asOf = getAsOf();
  // The report is read as of an instant only: it cannot stop right after one event.
  const position = getAsOfPosition();
  // The file is named after the ledger's day of the moment (Stockholm), not the UTC day.
  const day = asOf ? dayOfMoment(asOf) : stockholmDay();
  const actions = BOARD_FORMATS.map(([format, key]) =>
    action(
      t(key),
      `board-${format}`,
      async () => {
        const file = await getBlob('/api/reports/board', {
          fundId: fund.fundId,
          format,
          lang: currentLang(),
          asOf: asOf ?? undefined,
        });
        const name = t('file.board', { fundId: fund.fundId, day, format });
        download(name, file, file.type);
        return h('p', {}, t('audit.downloaded', { name }));
      },
      { what: t('overview.boardWhat') },
    ),
  );
  return section(
    t('overview.board'),
    h(
      'p',
      {},
      t('overview.boardHelp', {
        moment:
          asOf === null ? t('overview.boardNow') : asOf.length === 10 ? date(asOf) : dateTime(asOf),
      }),
    ),
    position
      ? h(
          'p',
          { class: 'notice warning board-moment', role: 'note' },
          t('overview.boardInstant', { when: dateTime(asOf), position }),
        )
      : null,
    h('div', { class: 'board-files' }, ...actions.map((a) => a.button)),
    ...actions.map((a) => a.result),
  );
};

export const overviewView = async (ctx) => {
  const { hrefFor } = ctx;
  const [funds, stages, report, followUp] = await settle([
    get('/api/funds'),
    stageCounts(),
    // The fund's periods only: every investment's rows would be megabytes on a large fund.
    get('/api/reports/forecast-vs-actual', { groupBy: 'fund', grain: 'year', rows: 'false' }),
    get('/api/reports/follow-up'),
  ]);
  const page = h('div', { class: 'page overview' }, pageTitle(t('overview.title')));
  if (!funds.ok) {
    page.append(errorBox(t('overview.fund'), funds.error));
    return page;
  }
  const all = funds.value.funds;
  if (all.length === 0) page.append(h('p', { class: 'notice' }, t('overview.noFund')));
  // Stage counts are over all investments: shown once, beside the first fund's savings.
  all.forEach((fund, index) => {
    const savings = savingsSection(report, fund);
    page.append(
      h('h2', { class: 'fund-name' }, fund.name),
      ...fundFigures(fund),
      trancheSection(fund),
      index === 0 ? h('div', { class: 'grid-2' }, savings, stageSection(stages)) : savings,
      boardSection(fund),
    );
  });
  if (all.length === 0) page.append(stageSection(stages));
  page.append(followUpSection(followUp, hrefFor));
  const forms = fundForms(ctx, all);
  if (forms) page.append(forms);
  return page;
};
