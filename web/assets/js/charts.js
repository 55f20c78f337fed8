// Charts drawn by Chart.js (loaded as its UMD build, window.Chart). Every chart sits in a
// figure with a caption, carries a text alternative, and offers its numbers as a table.

import { h, uid } from './dom.js';
import { compactMoney, money, number } from './format.js';
import { t } from './i18n.js';
import { chartValue } from './money.js';

/** Okabe–Ito colours: told apart with the common colour-vision deficiencies. */
export const COLOURS = {
  baselineForecast: '#595959',
  currentForecast: '#0072B2',
  actual: '#009E73',
  harvested: '#D55E00',
  allocated: '#0072B2',
  available: '#56B4E9',
  spent: '#E69F00',
  target: '#595959',
  amount: '#CC79A7',
  count: '#0072B2',
};

const TEXT_COLOUR = '#1f2933';
const GRID_COLOUR = '#d9dee3';
const CHART_FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';

const live = new Set();
let configured = false;

const configureDefaults = () => {
  const Chart = window.Chart;
  Chart.defaults.color = TEXT_COLOUR;
  Chart.defaults.borderColor = GRID_COLOUR;
  Chart.defaults.font.family = CHART_FONT;
  // Figures about public money should not move: no animation, and screenshots are stable.
  Chart.defaults.animation = false;
  Chart.defaults.maintainAspectRatio = false;
};

export const chartsAvailable = () => typeof window.Chart === 'function';

/** Frees every chart of the page that is being left. */
export const destroyCharts = () => {
  live.forEach((chart) => chart.destroy());
  live.clear();
};

const datasetStyle = (series) => {
  const colour = COLOURS[series.key] ?? COLOURS.amount;
  const line = series.type === 'line';
  return {
    type: series.type,
    label: series.label,
    data: series.values.map(chartValue),
    backgroundColor: line ? colour : `${colour}cc`,
    borderColor: colour,
    borderWidth: line ? 2 : 1,
    borderDash: series.dashed ? [6, 4] : undefined,
    pointRadius: line ? 3 : undefined,
    spanGaps: true,
    // Lines in front of bars, and the baseline's dashes over the current forecast it may equal.
    order: line ? (series.dashed ? 0 : 1) : 2,
  };
};

const valueText = (unit, value) => (unit === 'SEK' ? money(String(value)) : number(value));

/** The chart's numbers as a table, for screen readers and for anyone who wants the figures. */
const dataTable = (caption, labels, series, unit, labelHeading) =>
  h(
    'details',
    { class: 'chart-table' },
    h('summary', {}, t('chart.table')),
    h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        {},
        h('caption', { class: 'visually-hidden' }, caption),
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            h('th', { scope: 'col' }, labelHeading ?? t('chart.period')),
            series.map((s) => h('th', { scope: 'col', class: 'num' }, s.label)),
          ),
        ),
        h(
          'tbody',
          {},
          labels.map((label, i) =>
            h(
              'tr',
              {},
              h('th', { scope: 'row' }, label),
              series.map((s) =>
                h(
                  'td',
                  { class: 'num' },
                  s.values[i] === null || s.values[i] === undefined
                    ? '–'
                    : unit === 'SEK'
                      ? money(s.values[i])
                      : number(s.values[i]),
                ),
              ),
            ),
          ),
        ),
      ),
    ),
  );

/**
 * A figure with a bar/line chart. `series`: [{ key, label, values (strings), type: 'bar'|'line', dashed? }].
 * `unit` 'SEK' formats axes and tooltips as money; anything else as plain numbers with that unit.
 * `integer` keeps the ticks on whole numbers (counts). `hideCaption` when a heading already says it.
 * `labelHeading` heads the labels' column of the chart's table (periods unless it says otherwise).
 */
export const chartFigure = ({
  title,
  labels,
  series,
  unit = 'SEK',
  stacked = false,
  horizontal = false,
  integer = false,
  hideCaption = false,
  className,
  labelHeading,
}) => {
  const canvasId = uid('chart');
  const canvas = h('canvas', {
    id: canvasId,
    role: 'img',
    'aria-label': title,
    dataset: { series: String(series.length), points: String(labels.length) },
  });
  const figure = h(
    'figure',
    { class: ['chart', className] },
    h('figcaption', { class: hideCaption ? 'visually-hidden' : undefined }, title),
    h('div', { class: 'chart-box' }, canvas),
    dataTable(title, labels, series, unit, labelHeading),
  );
  if (!chartsAvailable()) return figure;
  const Chart = window.Chart;
  if (!configured) {
    configureDefaults();
    configured = true;
  }
  const valueAxis = {
    // Money from zero, so bars compare honestly; an indicator on its own scale.
    beginAtZero: unit === 'SEK' || integer,
    stacked,
    ticks: {
      callback: (value) => (unit === 'SEK' ? compactMoney(value) : number(value)),
      precision: integer ? 0 : undefined,
    },
    title: unit === 'SEK' ? undefined : { display: true, text: unit },
  };
  const chart = new Chart(canvas, {
    type: 'bar',
    data: { labels, datasets: series.map(datasetStyle) },
    options: {
      indexAxis: horizontal ? 'y' : 'x',
      responsive: true,
      scales: horizontal ? { x: valueAxis, y: { stacked } } : { y: valueAxis, x: { stacked } },
      plugins: {
        legend: { position: 'bottom', display: series.length > 1 },
        tooltip: {
          callbacks: {
            label: (item) =>
              `${item.dataset.label}: ${valueText(unit, series[item.datasetIndex].values[item.dataIndex] ?? item.raw)}`,
          },
        },
      },
    },
  });
  live.add(chart);
  return figure;
};

/** Frees the charts inside one element before it is redrawn. */
export const destroyChartsIn = (element) => {
  live.forEach((chart) => {
    if (element.contains(chart.canvas)) {
      chart.destroy();
      live.delete(chart);
    }
  });
};
