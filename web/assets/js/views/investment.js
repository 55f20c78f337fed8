// One investment: its figures and KPIs, a chart per valued line and for the total, the
// qualitative lines against their target path, the benefit case, reports and allocations,
// the write forms the signed-in role may use, and the audit timeline that moves the page
// to any recorded moment.

import { get } from '../api.js';
import { chartFigure, destroyChartsIn } from '../charts.js';
import { clear, h, section, table, uid } from '../dom.js';
import { dash, date, money, number, percent, ratioPercent } from '../format.js';
import { label, t, tn } from '../i18n.js';
import { periodSeries } from '../series.js';
import { personName } from '../people.js';
import { badge, empty, errorBox, figure, pageTitle, settle } from './common.js';
import { currentAmount } from './governance-forms.js';
import { writeForms } from './investment-forms.js';
import { isValued, lineName, reportedValueText, unconfirmedReportIds } from './lines.js';
import { historyToMoment, timelineSection } from './timeline.js';

const MODES = ['perPeriod', 'cumulative'];
// Kept between pages, like a preference.
let chartMode = 'perPeriod';

// ---------------------------------------------------------------------------------------------
// Header

const headerSection = (inv) =>
  h(
    'div',
    { class: 'investment-head' },
    h(
      'dl',
      { class: 'facts' },
      [
        [t('inv.department'), inv.department],
        [t('inv.projectLead'), personName(inv.projectLead)],
        [t('inv.stage'), badge('stage', inv.stage)],
        [t('inv.need'), inv.need],
      ].map(([term, value]) => h('div', {}, h('dt', {}, term), h('dd', {}, value))),
    ),
    h(
      'div',
      { class: 'figures' },
      figure(t('inv.allocated'), inv.allocated, 'allocated'),
      figure(t('inv.spent'), inv.spent, 'spent'),
      figure(t('inv.harvested'), inv.harvested, 'harvested'),
    ),
  );

// ---------------------------------------------------------------------------------------------
// KPIs

const KPI_ROWS = [
  ['inv.kpi.npv', (k) => money(k.npv)],
  // Two decimals always: 0,51 beside 0,6 read as figures of another precision.
  ['inv.kpi.bcr', (k) => number(k.bcr, 2, 2)],
  ['inv.kpi.roi', (k) => ratioPercent(k.roi)],
  [
    'inv.kpi.payback',
    (k) =>
      k.paybackMonths === null ? t('inv.kpi.never') : t('inv.kpi.months', { n: k.paybackMonths }),
  ],
];

/** The baseline (once approved), the current forecast and the actual to date; sets the answer lacks are left out. */
const kpiColumns = (kpis) =>
  [
    ['series.baselineForecast', kpis.baseline],
    [kpis.baseline ? 'series.currentForecast' : 'inv.kpi.forecast', kpis.forecast],
    ['inv.kpi.actual', kpis.actualToDate],
  ].filter(([, set]) => set);

const kpiTable = (caption, kpis, pick) =>
  table(
    caption,
    [
      { label: t('inv.kpi.measure'), cell: (row) => t(row[0]), header: true },
      ...kpiColumns(kpis).map(([key, set]) => ({
        label: t(key),
        cell: (row) => row[1](pick(set)),
        numeric: true,
      })),
    ],
    KPI_ROWS,
    { class: 'kpi-table' },
  );

const kpiSection = (fva) => {
  if (!fva.ok) return section(t('inv.kpis'), errorBox(t('inv.kpis'), fva.error));
  const { kpis } = fva.value;
  if (!kpis.forecast && !kpis.actualToDate) return section(t('inv.kpis'), empty());
  return section(
    t('inv.kpis'),
    kpiTable(t('inv.total'), kpis, (set) => set.monetised),
    kpiTable(t('inv.kpi.financial'), kpis, (set) => set.financial),
  );
};

// ---------------------------------------------------------------------------------------------
// Running-cost effect

/** Driftkostnadseffekt per year (financial benefits − recurring costs): baseline, current and actual. */
const effectSection = (fva) => {
  const effect = fva.ok ? fva.value.runningCostEffect : null;
  if (!effect || effect.years.length === 0) return section(t('inv.effect'), empty());
  const rows = [...effect.years, { year: t('inv.effect.total'), ...effect.total }];
  const column = (key, pick) => ({
    label: t(key),
    cell: (row) => money(pick(row)?.effect ?? null),
    numeric: true,
  });
  return section(
    t('inv.effect'),
    table(
      t('inv.effect.caption'),
      [
        { label: t('inv.effect.year'), cell: (row) => String(row.year), header: true },
        column('series.baselineForecast', (row) => row.baseline),
        column('series.currentForecast', (row) => row.current),
        column('inv.effect.actual', (row) => row.actual),
      ],
      rows,
      { class: 'effect-table' },
    ),
  );
};

// ---------------------------------------------------------------------------------------------
// Charts

const moneyChart = (title, periods, className) =>
  chartFigure({
    title,
    labels: periods.map((p) => p.period),
    series: periodSeries(periods, { accumulate: chartMode === 'cumulative' }),
    className,
  });

/** Status against the plan: achieved so far, and what the plan expected by now. */
const lineStatus = (line) =>
  line.status
    ? h(
        'p',
        { class: 'line-status' },
        badge('indicator', line.status),
        ' ',
        t('inv.achievement', {
          achieved: percent(line.achievementPct),
          expected: percent(line.expectedPct),
        }),
        replacedPathNote(line.latestReading?.path),
      )
    : null;

/**
 * A reading of a period that had ended when a re-baseline was recorded stays judged on the path
 * then in force: say so, as the target shown above is the new one.
 */
const replacedPathNote = (path) =>
  path?.replacedOn
    ? `; ${t('inv.pathReplaced', {
        target: number(path.target),
        endYear: path.endYear,
        day: date(path.replacedOn),
      })}`
    : null;

/**
 * The linear path from baseline to target over the horizon, at the end of each period: the
 * server's `targetPath`, the path in force (the reference case's baseline, target and horizon,
 * not those of a later version without a re-baseline). A reading of a period over before a
 * re-baseline is judged on the path that one replaced, which the line's status names.
 */
const targetPath = (path, periods) => {
  const baseline = Number(path.baseline);
  const change = Number(path.target) - baseline;
  const months = (path.endYear - path.startYear + 1) * 12;
  return periods.map((period) => {
    const [year, part] = period.split('-');
    const monthOfYear = !part
      ? 12
      : part.startsWith('Q')
        ? Number(part.slice(1)) * 3
        : Number(part);
    const elapsed = Math.min(
      Math.max(((Number(year) - path.startYear) * 12 + monthOfYear) / months, 0),
      1,
    );
    return String(baseline + change * elapsed);
  });
};

const qualitativeChart = (line, path) => {
  const periods = line.periods.map((p) => p.period);
  const series = [
    {
      key: 'actual',
      label: t('series.actual'),
      values: line.periods.map((p) => p.indicatorValue),
      type: 'line',
    },
  ];
  if (path)
    series.unshift({
      key: 'target',
      label: t('series.target'),
      values: targetPath(path, periods),
      type: 'line',
      dashed: true,
    });
  return h(
    'div',
    { class: 'line-chart', dataset: { line: line.benefitLineId } },
    chartFigure({
      title: `${line.description} (${line.indicator.unit})`,
      labels: periods,
      series,
      unit: line.indicator.unit,
    }),
    lineStatus(line),
  );
};

const modeSwitch = (redraw) => {
  const name = uid('mode');
  return h(
    'fieldset',
    { class: 'mode-switch' },
    h('legend', {}, t('chart.view')),
    MODES.map((mode) => {
      const id = uid('mode');
      return h(
        'span',
        { class: 'radio' },
        h('input', {
          type: 'radio',
          id,
          name,
          value: mode,
          checked: chartMode === mode,
          onchange: () => {
            chartMode = mode;
            redraw();
          },
        }),
        h('label', { for: id }, t(`chart.${mode}`)),
      );
    }),
  );
};

const chartsSection = (fva) => {
  if (!fva.ok) return section(t('inv.lines'), errorBox(t('inv.lines'), fva.error));
  const { lines, totals } = fva.value;
  const holder = h('div', { class: 'charts' });
  const draw = () => {
    destroyChartsIn(holder);
    const valued = lines.filter((l) => isValued(l.class));
    clear(holder).append(
      totals.periods.length > 0
        ? moneyChart(t('inv.total'), totals.periods, 'chart-total')
        : empty(),
      h(
        'div',
        { class: 'grid-2' },
        valued.map((line) =>
          h(
            'div',
            { class: 'line-chart', dataset: { line: line.benefitLineId } },
            moneyChart(`${line.description} · ${label('class', line.class)}`, line.periods),
            lineStatus(line),
          ),
        ),
      ),
    );
  };
  draw();
  const qualitative = lines.filter((l) => !isValued(l.class));
  return h(
    'div',
    {},
    section(t('inv.lines'), modeSwitch(draw), holder),
    qualitative.length > 0
      ? section(
          t('inv.qualitative'),
          h(
            'div',
            { class: 'grid-2' },
            qualitative.map((line) => qualitativeChart(line, line.targetPath)),
          ),
        )
      : null,
  );
};

// ---------------------------------------------------------------------------------------------
// The benefit case

const forecastText = (forecast = []) =>
  forecast.map((e) => `${e.period}: ${money(e.amount)}`).join('; ') || dash;

const caseSection = (inv) => {
  const benefitCase = inv.benefitCase;
  if (!benefitCase) return section(t('inv.case'), h('p', { class: 'notice' }, t('inv.noCase')));
  const version =
    inv.baselineCaseVersion === null
      ? t('inv.caseVersionNoBaseline', { current: inv.currentCaseVersion })
      : t('inv.caseVersion', {
          current: inv.currentCaseVersion,
          baseline: inv.baselineCaseVersion,
        });
  const endYear = benefitCase.startYear + benefitCase.horizonYears - 1;
  return section(
    t('inv.case'),
    h('p', { class: 'case-version' }, version),
    h(
      'dl',
      { class: 'facts' },
      h(
        'div',
        {},
        h('dt', {}, t('inv.discountRate')),
        h('dd', {}, ratioPercent(benefitCase.discountRate)),
      ),
      h(
        'div',
        {},
        h('dt', {}, t('inv.horizon')),
        h(
          'dd',
          {},
          t('inv.horizonYears', {
            start: benefitCase.startYear,
            end: endYear,
            years: benefitCase.horizonYears,
          }),
        ),
      ),
      benefitCase.assumptions
        ? h('div', {}, h('dt', {}, t('inv.assumptions')), h('dd', {}, benefitCase.assumptions))
        : null,
    ),
    table(
      t('inv.lines'),
      [
        { label: t('inv.benefitLine'), cell: (l) => l.description, header: true },
        { label: t('inv.class'), cell: (l) => badge('class', l.class) },
        { label: t('inv.owner'), cell: (l) => personName(l.owner) },
        {
          label: t('inv.indicator'),
          cell: (l) =>
            t('inv.baselineTarget', {
              baseline: number(l.indicator.baseline),
              target: number(l.indicator.target),
              unit: l.indicator.unit,
            }),
        },
        { label: t('inv.method'), cell: (l) => `${l.indicator.method} (${l.indicator.frequency})` },
        {
          label: t('inv.forecast'),
          cell: (l) => (isValued(l.class) ? forecastText(l.forecast) : dash),
        },
      ],
      benefitCase.benefits,
      { class: 'case-lines' },
    ),
    table(
      t('inv.costs'),
      [
        { label: t('inv.costLine'), cell: (c) => c.description, header: true },
        { label: t('inv.kind'), cell: (c) => label('kind', c.kind) },
        { label: t('inv.forecast'), cell: (c) => forecastText(c.forecast) },
      ],
      benefitCase.costs,
      { class: 'case-costs' },
    ),
  );
};

// ---------------------------------------------------------------------------------------------
// Reports and allocations

/** "2018" < "2018-Q1" < "2018-01": by year, then by the first month, coarser first. */
const periodKey = (period) => {
  const [year, part = ''] = String(period).split('-');
  const month = part.startsWith('Q') ? (Number(part.slice(1)) - 1) * 3 + 1 : Number(part || 1);
  return Number(year) * 10000 + month * 10 + (part ? (part.startsWith('Q') ? 1 : 2) : 0);
};

/** Reports in the order of the case's lines, each line's periods in time order. */
export const sortedReports = (inv) => {
  const lineOrder = new Map((inv.benefitCase?.benefits ?? []).map((l, i) => [l.benefitLineId, i]));
  const orderOf = (r) => lineOrder.get(r.benefitLineId) ?? Number.MAX_SAFE_INTEGER;
  return [...inv.effectReports].sort(
    (a, b) =>
      orderOf(a) - orderOf(b) ||
      a.benefitLineId.localeCompare(b.benefitLineId) ||
      periodKey(a.period) - periodKey(b.period),
  );
};

/** Each correction as old → new, with its reason. */
const correctionChain = (inv, r) => {
  if (r.corrections.length === 0) return dash;
  const text = (value) => reportedValueText(inv.benefitCase, r.benefitLineId, value);
  let before = r.value;
  return h(
    'ul',
    { class: 'corrections', dataset: { report: r.reportId } },
    r.corrections.map((c) => {
      const item = h(
        'li',
        { class: 'correction' },
        h('span', { class: 'old-value' }, text(before)),
        h('span', { 'aria-hidden': 'true' }, ' → '),
        h('span', { class: 'visually-hidden' }, ` ${t('inv.report.became')} `),
        h('span', { class: 'new-value' }, text(c.value)),
        c.reason ? h('span', { class: 'correction-reason' }, ` (${c.reason})`) : null,
      );
      before = c.value;
      return item;
    }),
  );
};

const reportsSection = (inv, fva) => {
  const unconfirmed = unconfirmedReportIds(fva);
  return section(
    t('inv.reports'),
    inv.effectReports.length === 0
      ? empty()
      : table(
          t('inv.reports'),
          [
            {
              label: t('inv.benefitLine'),
              cell: (r) => lineName(inv.benefitCase, r.benefitLineId),
              header: true,
            },
            {
              label: t('followUp.period'),
              cell: (r) =>
                unconfirmed.has(r.reportId) && r.reportedOn !== undefined
                  ? [
                      r.period,
                      ' ',
                      h(
                        'span',
                        { class: 'badge reported-before-end' },
                        t('inv.report.beforeEnd', { day: date(r.reportedOn) }),
                      ),
                    ]
                  : r.period,
            },
            {
              label: t('inv.report.value'),
              cell: (r) => reportedValueText(inv.benefitCase, r.benefitLineId, r.value),
              numeric: true,
            },
            {
              label: t('inv.report.effective'),
              cell: (r) =>
                h(
                  'span',
                  { class: 'effective-value', dataset: { report: r.reportId } },
                  reportedValueText(inv.benefitCase, r.benefitLineId, r.effectiveValue),
                  r.corrections.length > 0
                    ? h('small', {}, ` (${tn('inv.report.corrected', r.corrections.length)})`)
                    : null,
                ),
              numeric: true,
            },
            { label: t('inv.report.corrections'), cell: (r) => correctionChain(inv, r) },
            {
              label: t('inv.report.evidence'),
              cell: (r) => r.corrections.at(-1)?.evidence ?? r.evidence,
            },
          ],
          sortedReports(inv),
          { class: 'reports-table', hideCaption: true },
        ),
  );
};

/** A cost's or harvest's corrections and reversal as old → new, with their reasons. */
const entryChanges = (changes, entryId) => {
  const own = changes.filter((c) => c.entryId === entryId);
  if (own.length === 0) return dash;
  return h(
    'ul',
    { class: 'corrections', dataset: { entry: entryId } },
    own.map((c) =>
      h(
        'li',
        { class: 'correction' },
        h('span', { class: 'old-value' }, money(c.previousAmount)),
        h('span', { 'aria-hidden': 'true' }, ' → '),
        h('span', { class: 'visually-hidden' }, ` ${t('inv.report.became')} `),
        h(
          'span',
          { class: 'new-value' },
          c.kind === 'reversal'
            ? `${money(c.amount)} (${t('inv.entry.reversed')})`
            : money(c.amount),
        ),
        c.reason ? h('span', { class: 'correction-reason' }, ` (${c.reason})`) : null,
      ),
    ),
  );
};

const costsSection = (inv) =>
  section(
    t('inv.costsRecorded'),
    inv.costs.length === 0
      ? empty()
      : table(
          t('inv.costsRecorded'),
          [
            { label: t('form.cost.reference'), cell: (c) => c.reference, header: true },
            { label: t('form.cost.incurredOn'), cell: (c) => date(c.incurredOn) },
            {
              label: t('form.cost.line'),
              cell: (c) =>
                inv.benefitCase?.costs.find((l) => l.costLineId === c.costLineId)?.description ??
                c.costLineId ??
                dash,
            },
            { label: t('form.cost.description'), cell: (c) => c.description ?? dash },
            {
              label: t('form.cost.amount'),
              cell: (c) => money(currentAmount(c, inv.costChanges ?? [], 'costId')),
              numeric: true,
            },
            {
              label: t('inv.entry.changes'),
              cell: (c) => entryChanges(inv.costChanges ?? [], c.costId),
            },
          ],
          inv.costs,
          { class: 'costs-table', hideCaption: true },
        ),
  );

/**
 * Why a harvest was taken: a förhandsreduktion says so before its reason, since it cut the
 * budget before the line realised the amount; an ordinary harvest shows its reason if it has one.
 */
const harvestWhy = (x) =>
  x.aheadOfRealisation === true
    ? t('inv.harvest.ahead', { reason: x.reason ?? '' })
    : (x.reason ?? '');

const harvestsSection = (inv) =>
  inv.harvests.length === 0
    ? null
    : section(
        t('inv.harvests'),
        table(
          t('inv.harvests'),
          [
            { label: t('form.harvest.decisionRef'), cell: (x) => x.decisionRef, header: true },
            {
              label: t('inv.benefitLine'),
              cell: (x) => lineName(inv.benefitCase, x.benefitLineId),
            },
            { label: t('form.harvest.fiscalYear'), cell: (x) => String(x.fiscalYear) },
            {
              label: t('form.harvest.amount'),
              cell: (x) => money(currentAmount(x, inv.harvestChanges ?? [], 'harvestId')),
              numeric: true,
            },
            {
              label: t('inv.entry.changes'),
              cell: (x) => entryChanges(inv.harvestChanges ?? [], x.harvestId),
            },
            { label: t('inv.harvest.why'), cell: harvestWhy },
          ],
          inv.harvests,
          { class: 'harvests-table', hideCaption: true },
        ),
      );

const allocationsSection = (inv) =>
  section(
    t('inv.allocations'),
    inv.allocations.length === 0
      ? empty()
      : table(
          t('inv.allocations'),
          [
            { label: t('inv.allocation.ref'), cell: (a) => a.decisionRef, header: true },
            { label: t('inv.allocation.tranche'), cell: (a) => a.trancheId },
            { label: t('inv.allocation.decided'), cell: (a) => date(a.decidedOn) },
            { label: t('inv.allocation.amount'), cell: (a) => money(a.amount), numeric: true },
            { label: t('inv.allocation.reduced'), cell: (a) => money(a.reduced), numeric: true },
          ],
          inv.allocations,
          { class: 'allocations-table', hideCaption: true },
        ),
  );

// ---------------------------------------------------------------------------------------------

/**
 * Above this many rows of reports, costs and timeline a page lays its long sections out only
 * when they are scrolled near (app.css `.page.investment.long`). Below it everything is laid
 * out at once, as a full-page picture or a print expects.
 */
const LONG_PAGE_ROWS = 1000;

export const investmentView = async (ctx, id) => {
  const [inv, fva, history, funds] = await settle([
    get(`/api/investments/${id}`),
    get(`/api/investments/${id}/forecast-vs-actual`, { grain: 'year' }),
    historyToMoment(ctx, id),
    // The tranches matter only to finance's allocation form, which a past moment does not show.
    ctx.me.role === 'finance' && !ctx.asOf ? get('/api/funds') : null,
  ]);
  const back = h(
    'p',
    { class: 'back' },
    h('a', { href: ctx.hrefFor('/investments') }, `← ${t('inv.back')}`),
  );
  if (!inv.ok)
    return h('div', { class: 'page investment' }, back, pageTitle(id), errorBox(id, inv.error));
  const investment = inv.value;
  const rows =
    investment.effectReports.length +
    investment.costs.length +
    (history.ok ? (history.value.events?.length ?? 0) : 0);
  return h(
    'div',
    {
      class: ['page', 'investment', rows > LONG_PAGE_ROWS ? 'long' : undefined],
      dataset: { investment: id },
    },
    back,
    pageTitle(investment.title),
    headerSection(investment),
    kpiSection(fva),
    effectSection(fva),
    chartsSection(fva),
    writeForms(ctx, investment, funds, fva, history),
    reportsSection(investment, fva),
    allocationsSection(investment),
    costsSection(investment),
    harvestsSection(investment),
    caseSection(investment),
    timelineSection(ctx, investment, history),
  );
};
