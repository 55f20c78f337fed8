// Forecast-vs-actual periods ({ period, baselineForecast, currentForecast, actual, harvested })
// as chart series: forecasts as lines, actual and harvested as bars, optionally cumulative.

import { t } from './i18n.js';
import { cumulative } from './money.js';

export const FIGURES = ['baselineForecast', 'currentForecast', 'actual', 'harvested'];

const present = (value) => value !== null && value !== undefined;

/** Only the figures the periods have at all: no baseline before approval, no harvest off financial lines. */
export const periodSeries = (periods, { accumulate = false } = {}) =>
  FIGURES.filter((key) => periods.some((p) => present(p[key]))).map((key) => {
    const values = periods.map((p) => p[key] ?? null);
    return {
      key,
      label: t(`series.${key}`),
      values: accumulate ? cumulative(values) : values,
      type: key.endsWith('Forecast') ? 'line' : 'bar',
      dashed: key === 'baselineForecast',
    };
  });
