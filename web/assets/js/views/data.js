// What the views need from the API's answers, in one place, so a renamed field is fixed here.

export const STAGES = ['proposed', 'analysed', 'approved', 'implementing', 'realising', 'closed'];

/** The fund report grouped by fund: the periods of one fund's group. */
export const fundPeriods = (report, fundId) =>
  report.groups.find((g) => g.group === fundId)?.periods ?? [];

/** The follow-up answer, one row per overdue report with its owner. */
export const followUpRows = (answer) =>
  answer.owners.flatMap((o) => o.overdue.map((row) => ({ ...row, owner: o.owner })));
