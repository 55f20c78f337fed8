/**
 * The board report as PDF (pdfkit): the fund as of the closing date, its tranches with a bar
 * chart, forecast against actual per year as a bar chart, the investments, their running-cost
 * effect (forecast beside actual), deviations with the lead's explanation, overdue reports,
 * the follow-up obligations finance waived, the changes since the previous report, and the ledger digest to check it by. Charts are
 * vector bars drawn on the page, not pictures.
 */
import { existsSync } from 'node:fs';
import { PassThrough, Readable } from 'node:stream';
import {
  BoardDeviation,
  BoardInvestment,
  BoardReport,
  BoardTotals,
  BoardTranche,
} from './board-report';
import {
  BoardLabels,
  deviationDescription,
  earlierBecauseText,
  boardLabels,
  formatDate,
  formatDecimal,
  formatMoment,
  formatMoney,
  rulesLines,
} from './board-labels';
import { Lang, term } from './swedish';
import { Dec, Money } from '../money/money';

export const PDF_CONTENT_TYPE = 'application/pdf';

const MARGIN = 48;
/** The names the report's two fonts are registered under (pdfFonts). */
const FONT = 'Body';
const BOLD = 'Body-Bold';
/**
 * A font with the letters the ledger's names are written in. pdfkit's built-in Helvetica knows
 * only Windows-1252, and drew any other letter as some other Latin-1 letter: a Sámi, Polish or
 * Cyrillic name, a fund's or an investment's, came out misspelled in the board's evidence with
 * nothing to show it. DejaVu Sans (Debian's fonts-dejavu-core) is embedded where the system has
 * it; a letter it has no glyph for shows as its empty box.
 */
const UNICODE_FONT = {
  regular: '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf',
  bold: '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf',
};
/** What Windows-1252 holds beyond Latin-1: all Helvetica can draw besides it. */
const CP1252_EXTRAS = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');

/** A character Helvetica draws as itself: printable Latin-1 or one of CP1252's extras. */
const inCp1252 = (char: string): boolean => {
  const code = char.codePointAt(0) ?? 0;
  return (
    code === 0x0a ||
    (code >= 0x20 && code <= 0x7e) ||
    (code >= 0xa0 && code <= 0xff) ||
    CP1252_EXTRAS.has(char)
  );
};

/** Line ends as pdfkit breaks lines: a carriage return, alone or before a line feed, is one. */
const lineEnds = (text: string): string => text.replace(/\r\n?/g, '\n');

/**
 * Without a Unicode font, a letter Helvetica cannot draw is written as "?", never as another
 * letter; a carriage return ends the line as a line feed does.
 */
export const cp1252Text = (text: string): string =>
  Array.from(lineEnds(text), (char) => (inCp1252(char) ? char : '?')).join('');

interface PdfFonts {
  readonly regular: string;
  readonly bold: string;
  /** How text is written in them: as it is, or as Helvetica can show it. */
  readonly show: (text: string) => string;
}

/** A run without a break opportunity longer than this gets one every BREAK_EVERY characters. */
export const MAX_UNBROKEN_RUN = 96;
const BREAK_EVERY = 48;
const SOFT_HYPHEN = '\u00AD';
const LONG_RUN = new RegExp(`\\S{${MAX_UNBROKEN_RUN + 1},}`, 'gu');
const RUN_PART = new RegExp(`.{1,${BREAK_EVERY}}`, 'gsu');

/**
 * Long words get soft hyphens (drawn as a hyphen only where a line breaks, in both fonts).
 * pdfkit breaks a word wider than its cell letter by letter, measuring the rest again each
 * time: a 4,000-letter reason without spaces held the service's thread for seconds, and a
 * report lists up to 200 changes. Runs up to 96 characters are as they were: every id, every
 * amount, and the ledger's digest (`v1:global:<position>:<64 hex>`), which an auditor copies
 * from the PDF to check it, whole.
 */
export const breakableWords = (text: string): string =>
  text.replace(LONG_RUN, (run) => (run.match(RUN_PART) ?? [run]).join(SOFT_HYPHEN));

/** DejaVu Sans where the system has it, else the built-in Helvetica with cp1252Text. */
export const pdfFonts = (unicode = UNICODE_FONT): PdfFonts =>
  existsSync(unicode.regular) && existsSync(unicode.bold)
    ? { ...unicode, show: (text) => breakableWords(lineEnds(text)) }
    : {
        regular: 'Helvetica',
        bold: 'Helvetica-Bold',
        show: (text) => breakableWords(cp1252Text(text)),
      };
const CHART_HEIGHT = 140;
/** Bar colours of the series, the same order everywhere: baseline, current, actual, harvested. */
const SERIES_COLOURS = ['#9aa5b1', '#3e6fb0', '#2f8f5b', '#c98a1b'];
const TRANCHE_COLOURS = ['#9aa5b1', '#3e6fb0', '#d0573c', '#c98a1b'];

type Doc = PDFKit.PDFDocument;

interface Context {
  readonly doc: Doc;
  readonly lang: Lang;
  readonly l: BoardLabels;
  /** Every text drawn goes through this (pdfFonts). */
  readonly show: (text: string) => string;
}

const width = (doc: Doc): number => doc.page.width - 2 * MARGIN;

const heading = ({ doc, show }: Context, text: string): void => {
  if (doc.y > doc.page.height - MARGIN - 80) doc.addPage();
  doc.moveDown(0.8).font(BOLD).fontSize(13).text(show(text), MARGIN).font(FONT).fontSize(9);
};

const line = ({ doc, show }: Context, text: string): void => {
  doc
    .font(FONT)
    .fontSize(9)
    .text(show(text), MARGIN, undefined, { width: width(doc) });
};

/** A simple table: columns share the width by weight; the text wraps within its cell. */
const table = (
  { doc, show }: Context,
  headers: readonly string[],
  rows: readonly (readonly string[])[],
  weights: readonly number[],
): void => {
  const total = weights.reduce((a, b) => a + b, 0);
  const widths = weights.map((w) => (w / total) * width(doc));
  const drawRow = (texts: readonly string[], font: string): void => {
    const cells = texts.map(show);
    const heights = cells.map((c, i) =>
      doc
        .font(font)
        .fontSize(8)
        .heightOfString(c, { width: widths[i] - 4 }),
    );
    const rowHeight = Math.max(...heights, 10) + 3;
    if (doc.y + rowHeight > doc.page.height - MARGIN) doc.addPage();
    const top = doc.y;
    let x = MARGIN;
    cells.forEach((c, i) => {
      doc
        .font(font)
        .fontSize(8)
        .text(c, x + 2, top, { width: widths[i] - 4 });
      x += widths[i];
    });
    doc.y = top + rowHeight;
  };
  drawRow(headers, BOLD);
  for (const row of rows) drawRow(row, FONT);
  doc.x = MARGIN;
};

interface BarGroup {
  readonly label: string;
  readonly values: readonly (string | null)[];
}

/** Grouped vertical bars on a zero line (negative values go below it), with a legend. */
const barChart = (
  ctx: Context,
  groups: readonly BarGroup[],
  series: readonly string[],
  colours: readonly string[],
): void => {
  const { doc } = ctx;
  if (groups.length === 0) return line(ctx, ctx.l.none);
  if (doc.y + CHART_HEIGHT + 40 > doc.page.height - MARGIN) doc.addPage();
  // Scaled in decimals; only the drawing's points become numbers.
  const amounts = groups.flatMap((g) => g.values.map((v) => new Dec(v ?? 0)));
  const max = Dec.max(0, ...amounts);
  const min = Dec.min(0, ...amounts);
  const span = max.minus(min);
  const points = (amount: Dec): number =>
    span.isZero() ? 0 : amount.div(span).times(CHART_HEIGHT).toNumber();
  const top = doc.y + 4;
  const zeroY = top + points(max);
  const groupWidth = width(doc) / groups.length;
  const barWidth = Math.max(2, (groupWidth * 0.8) / series.length);
  groups.forEach((g, gi) => {
    const x0 = MARGIN + gi * groupWidth + groupWidth * 0.1;
    g.values.forEach((v, si) => {
      if (v === null) return;
      const amount = new Dec(v);
      const height = points(amount.abs());
      const y = amount.isNegative() ? zeroY : zeroY - height;
      doc.rect(x0 + si * barWidth, y, barWidth - 1, height).fill(colours[si % colours.length]);
    });
    doc
      .fillColor('black')
      .font(FONT)
      .fontSize(7)
      .text(ctx.show(g.label), x0, top + CHART_HEIGHT + 4, {
        width: groupWidth * 0.8,
        align: 'center',
      });
  });
  doc
    .moveTo(MARGIN, zeroY)
    .lineTo(MARGIN + width(doc), zeroY)
    .strokeColor('#333')
    .stroke();
  let x = MARGIN;
  const legendY = top + CHART_HEIGHT + 16;
  series.forEach((name, si) => {
    const s = ctx.show(name);
    doc.rect(x, legendY, 8, 8).fill(colours[si % colours.length]);
    doc
      .fillColor('black')
      .fontSize(7)
      .text(s, x + 11, legendY, { lineBreak: false });
    x += 11 + doc.widthOfString(s) + 14;
  });
  doc.fillColor('black');
  doc.y = legendY + 16;
  doc.x = MARGIN;
};

const front = (ctx: Context, report: BoardReport): void => {
  const { doc, l, lang } = ctx;
  doc
    .font(BOLD)
    .fontSize(16)
    .text(ctx.show(l.title), MARGIN, MARGIN, { width: width(doc) });
  doc.moveDown(0.5).font(FONT).fontSize(10);
  line(ctx, `${l.fund}: ${report.name} (${report.fundId})`);
  line(ctx, `${l.asOf}: ${formatMoment(report.asOf)}`);
  line(ctx, `${l.since}: ${formatMoment(report.since)}`);
  line(ctx, `${l.position}: ${report.ledger.position}`);
  line(ctx, `${l.digest}: ${report.ledger.digest ?? l.noDigest}`);
  line(ctx, l.digestHelp);
  line(ctx, `${l.rules}: ${rulesLines(l, report.rules).join('. ')}`);
  heading(ctx, l.tranches);
  // The unallocated money's four parts, then the allocated: together the amount.
  const row = (name: string, status: string, t: BoardTranche | BoardTotals) => [
    name,
    status,
    ...[
      t.amount,
      t.availableNow,
      t.expected,
      t.lapsed,
      t.closed,
      t.allocated,
      t.spent,
      t.harvested,
    ].map((v) => formatMoney(v, lang)),
  ];
  table(
    ctx,
    [
      l.tranche,
      l.status,
      l.amount,
      l.availableNow,
      l.expected,
      l.lapsed,
      l.closed,
      l.allocated,
      l.spent,
      l.harvested,
    ],
    [
      ...report.tranches.map((t) => row(t.name, term('trancheStatus', t.status, lang), t)),
      row(l.total, '', report.totals),
    ],
    [2.6, 1.6, 3, 3, 3, 3, 3, 3, 3, 3],
  );
  // In no tranche, so below the table, with the total spent: the investments' spend.
  const { spent, spentBeyondAllocations: beyond } = report.totals;
  const investmentsSpent = Money.of(spent).plus(Money.of(beyond)).toString();
  line(
    ctx,
    `${l.spentBeyondAllocations}: ${formatMoney(beyond, lang)} (${l.inNoTranche}; ` +
      `${l.investmentsSpent}: ${formatMoney(investmentsSpent, lang)}).`,
  );
  heading(ctx, `${l.tranches}: ${l.perTranche}`);
  barChart(
    ctx,
    report.tranches.map((t) => ({
      label: t.name,
      values: [t.amount, t.allocated, t.spent, t.harvested],
    })),
    [l.amount, l.allocated, l.spent, l.harvested],
    TRANCHE_COLOURS,
  );
  heading(ctx, l.years);
  barChart(
    ctx,
    report.years.map((y) => ({
      label: y.year,
      values: [y.baselineForecast, y.currentForecast, y.actual, y.harvested],
    })),
    [l.baselineForecast, l.currentForecast, l.actual, l.harvested],
    SERIES_COLOURS,
  );
};

const investments = (ctx: Context, report: BoardReport): void => {
  const { l, lang } = ctx;
  heading(ctx, l.investments);
  if (report.investments.length === 0) return line(ctx, l.none);
  const m = (v: string | null) => formatMoney(v, lang);
  table(
    ctx,
    [
      l.investment,
      l.stage,
      l.allocated,
      l.spent,
      l.overspent,
      l.baselineForecast,
      l.currentForecast,
      l.actual,
      l.harvested,
      l.npv,
      l.bcr,
      l.status,
      l.overdueReports,
    ],
    report.investments.map((i) => [
      `${i.title} (${i.investmentId})`,
      term('stage', i.stage, lang),
      m(i.allocated),
      m(i.spent),
      i.overspent === null ? '–' : m(i.overspent),
      m(i.baselineForecast),
      m(i.currentForecast),
      m(i.actual),
      m(i.harvested),
      m(i.npv),
      formatDecimal(i.bcr, lang),
      i.status === null ? '–' : term('lineStatus', i.status, lang),
      [
        String(i.overdueReports),
        ...(i.staleLines.length > 0 ? [`${l.staleLines}: ${i.staleLines.join(', ')}`] : []),
      ].join('; '),
    ]),
    // In points of the 746 a landscape A4 has between its margins: the running-cost effect has
    // a table of its own below, and the room it left keeps every header's words whole
    // (Överskridet, Ursprunglig, Nettonuvärde in bold 8 pt) and the stage and status too.
    [80, 42, 59, 59, 59, 59, 59, 59, 59, 70, 45, 42, 53],
  );
  line(ctx, l.kpiHelp);
  for (const i of report.investments) investmentNotes(ctx, i);
  runningCostEffects(ctx, report);
};

/**
 * The running-cost effect per investment, the current forecast beside the actual: the fund is
 * for investments that lower running costs, and the investments table has no room for three
 * more amounts.
 */
const runningCostEffects = (ctx: Context, report: BoardReport): void => {
  const { l, lang } = ctx;
  heading(ctx, l.runningCost);
  line(ctx, l.runningCostHelp);
  const m = (v: string | null) => formatMoney(v, lang);
  table(
    ctx,
    [l.investment, l.baselineForecast, l.currentForecast, l.actual],
    report.investments.map((i) => [
      `${i.title} (${i.investmentId})`,
      m(i.runningCostEffect.baseline),
      m(i.runningCostEffect.current),
      m(i.runningCostEffect.actual),
    ]),
    [6, 3, 3, 3],
  );
};

/**
 * Below the table: the baseline's version, its re-baselines, overrides, early harvests and
 * waived follow-up (its count; the section after the overdue reports lists them).
 */
const investmentNotes = (ctx: Context, i: BoardInvestment): void => {
  const { l, lang } = ctx;
  const m = (v: string | null) => formatMoney(v, lang);
  const notes = [
    `${l.baselineCaseVersion}: ${i.baselineCaseVersion ?? '–'}`,
    // Shown for an investment other funds pay for (or paid for) too: the benefit figures are
    // its whole. Allocations all reduced to nothing still split a harvest by their amounts.
    ...(i.allocatedAllFunds === i.allocated && i.harvestedThisFund === (i.harvested ?? '0.00')
      ? []
      : [
          `${l.allocatedAllFunds}: ${m(i.allocatedAllFunds)}`,
          `${l.harvestedThisFund}: ${m(i.harvestedThisFund)}`,
        ]),
    ...(i.spentAllFunds === i.spent ? [] : [`${l.spentAllFunds}: ${m(i.spentAllFunds)}`]),
    ...(i.harvestedAhead === null || !Money.of(i.harvestedAhead).gt(Money.zero)
      ? []
      : [`${l.harvestedAhead}: ${m(i.harvestedAhead)}`]),
    ...(i.waivedReports > 0 ? [`${l.waivedReports}: ${i.waivedReports}`] : []),
    ...i.rebaselines.map(
      (r) =>
        `${l.rebaseline} v${r.from} ${l.toWord} v${r.to}: ${r.decisionRef}, ${l.approvedBy.toLowerCase()} ${r.approvedBy}` +
        (r.overrideRef === null ? '' : `, ${l.overrideRef.toLowerCase()} ${r.overrideRef}`),
    ),
    ...i.overriddenAllocations.map(
      (a) =>
        `${l.overriddenAllocation}: ${a.allocationId} (${a.trancheId}) ${m(a.amount)}, ${a.decisionRef}, ` +
        `${l.overrideRef.toLowerCase()} ${a.overrideRef}`,
    ),
  ];
  line(ctx, `${i.title} (${i.investmentId}): ${notes.join('; ')}`);
};

/** The explanation that counts, with who and when; or unexplained, with the earlier one shown as such. */
const explanationCell = (l: BoardLabels, d: BoardDeviation): string => {
  if (d.explained !== null) {
    return `${d.explained.explanation} (${d.explained.explainedBy}, ${formatDate(d.explained.recordedAt)})`;
  }
  if (d.earlier === null) return l.unexplained;
  return (
    `${l.unexplained}. ${l.earlier}: ${d.earlier.explanation} ` +
    `(${d.earlier.explainedBy}, ${formatDate(d.earlier.recordedAt)}): ${earlierBecauseText(l, d)}`
  );
};

const deviationsAndOverdue = (ctx: Context, report: BoardReport): void => {
  const { l, lang } = ctx;
  heading(ctx, l.deviations);
  if (report.deviations.length === 0) line(ctx, l.none);
  else
    table(
      ctx,
      [l.investment, l.line, l.owner, l.status, l.explanation],
      report.deviations.map((d) => [
        d.investmentId,
        `${deviationDescription(l, d)} (${d.benefitLineId})`,
        d.owner,
        term('lineStatus', d.status, lang),
        explanationCell(l, d),
      ]),
      [2, 4, 2, 1.5, 6],
    );
  heading(ctx, l.overdue);
  if (report.overdue.length === 0) line(ctx, l.none);
  else
    table(
      ctx,
      [l.owner, l.investment, l.line, l.period, l.dueOn, l.daysOverdue],
      report.overdue.map((o) => [
        o.owner,
        o.investmentId,
        o.benefitLineId,
        // Reported, but only before the period ended: the mark says why it is still owed.
        o.reportedBeforeEnd ? `${o.period} (${l.reportedBeforeEnd.toLowerCase()})` : o.period,
        o.dueOn,
        String(o.daysOverdue),
      ]),
      [2, 2, 3, 1.5, 2, 1.5],
    );
  waivers(ctx, report);
};

/**
 * Every follow-up obligation finance released up to asOf, with its reason, who and when: the
 * overdue list no longer shows them, and the change list only in the period of the waiver.
 */
const waivers = (ctx: Context, report: BoardReport): void => {
  const { l } = ctx;
  heading(ctx, l.waived);
  line(ctx, l.waivedHelp);
  if (report.waived.length === 0) return line(ctx, l.none);
  table(
    ctx,
    [l.investment, l.line, l.owner, l.period, l.reason, l.waivedBy, l.waivedAt],
    report.waived.map((w) => [
      `${w.title} (${w.investmentId})`,
      w.description === null ? w.benefitLineId : `${w.description} (${w.benefitLineId})`,
      w.owner,
      w.period,
      w.reason,
      w.waivedBy,
      formatDate(w.waivedAt),
    ]),
    [3, 4, 2, 1.5, 6, 2, 2],
  );
};

const changes = (ctx: Context, report: BoardReport): void => {
  const { l, lang } = ctx;
  heading(ctx, `${l.changes} (${formatDate(report.since)} – ${formatDate(report.asOf)})`);
  line(ctx, `${l.changesCount}: ${report.changes.total}`);
  const omitted = report.changes.total - report.changes.listed.length;
  table(
    ctx,
    [l.position, l.recordedAt, l.type, l.actor, l.summary, l.why],
    report.changes.listed.map((c) => [
      c.position,
      formatDate(c.recordedAt),
      term('eventType', c.type, lang),
      c.actor,
      c.summary,
      c.why ?? '',
    ]),
    [1.6, 2, 3, 2, 6, 3],
  );
  if (omitted > 0) line(ctx, `+ ${omitted} ${l.changesOmitted}`);
};

/**
 * The report drawn into a stream. pdfkit is loaded on the first PDF, not at start (its fonts
 * and tables are a noticeable part of the service's module load, and few instances draw one);
 * the drawing itself is synchronous, so a failure in it rejects before anything is sent.
 */
export const boardPdfStream = async (report: BoardReport, lang: Lang): Promise<Readable> => {
  const { default: Pdf } = await import('pdfkit');
  const doc: Doc = new Pdf({
    size: 'A4',
    layout: 'landscape',
    margin: MARGIN,
    info: { Title: boardLabels(lang).title, CreationDate: new Date(report.asOf) },
  });
  const fonts = pdfFonts();
  doc.registerFont(FONT, fonts.regular);
  doc.registerFont(BOLD, fonts.bold);
  const out = new PassThrough();
  doc.pipe(out);
  const ctx: Context = { doc, lang, l: boardLabels(lang), show: fonts.show };
  front(ctx, report);
  investments(ctx, report);
  deviationsAndOverdue(ctx, report);
  changes(ctx, report);
  doc.end();
  return out;
};

export const boardPdfBuffer = async (report: BoardReport, lang: Lang): Promise<Buffer> => {
  const chunks: Buffer[] = [];
  for await (const chunk of await boardPdfStream(report, lang)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
};
