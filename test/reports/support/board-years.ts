/**
 * A fund's years as the board report should give them: its group's periods in the fund report
 * by fund and year (GET /api/reports/forecast-vs-actual?groupBy=fund&grain=year), each read
 * as the board's year row.
 */
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export const boardYearsIn = (report: Json, fundId: string): Json[] =>
  (report.groups.find((g: Json) => g.group === fundId)?.periods ?? []).map((p: Json) => ({
    year: p.period,
    baselineForecast: p.baselineForecast,
    currentForecast: p.currentForecast,
    actual: p.actual,
    harvested: p.harvested,
  }));
