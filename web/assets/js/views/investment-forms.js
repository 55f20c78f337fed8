// The write forms of the investment page, by role: a project lead documents the benefit case,
// reports effects and indicator readings, corrects reports and records costs on the investments
// they lead (or reports on the lines they own); finance allocates, reduces, records costs and
// harvests and closes. Nothing is offered when the page shows a past moment, and auditors and
// admins get none.

import { post } from '../api.js';
import { h, section } from '../dom.js';
import { label, t } from '../i18n.js';
import { normaliseAmountInput } from '../money.js';
import { writeForm } from '../forms.js';
import { caseEditor } from './case-editor.js';
import {
  allocateForm,
  closeForm,
  costForm,
  harvestableLines,
  harvestForm,
  reduceForm,
  reducible,
  reasonField,
} from './finance-forms.js';
import {
  baselineForm,
  changeableEntries,
  entryChangeForm,
  recordedByMe,
  waiverForm,
} from './governance-forms.js';
import { savedIn } from './common.js';
import {
  horizonYears,
  isValued,
  lineName,
  lineOf,
  reportedValueText,
  unconfirmedReportIds,
  VALUED_LINES_TOGETHER,
} from './lines.js';

const FORM_SECTION = 'forms';

/** The lines this project lead may report on: all when they lead it, else the ones they own. */
const reportableLines = (me, inv) => {
  if (me.role !== 'project-lead' || !inv.benefitCase) return [];
  const lines = inv.benefitCase.benefits;
  return inv.projectLead === me.id ? lines : lines.filter((l) => l.owner === me.id);
};

/** What a value of the line is written in: kronor, or the indicator's unit. */
const unitText = (line) =>
  line
    ? isValued(line.class)
      ? t('form.report.unitSek', { class: label('class', line.class) })
      : t('form.report.unitIndicator', { unit: line.indicator.unit })
    : null;

/** Kronor may be typed the Swedish way; an indicator reading is a plain decimal. */
const reportValue = (line, text) =>
  line && !isValued(line.class) ? text.replace(',', '.') : normaliseAmountInput(text);

const reportForm = (inv, lines, saved) => {
  const listId = `periods-${inv.investmentId}`;
  return writeForm({
    title: t('form.report.title'),
    className: 'report-form',
    submitLabel: t('form.report.submit'),
    fields: [
      {
        name: 'benefitLineId',
        label: t('form.report.line'),
        type: 'select',
        required: true,
        options: lines.map((l) => ({
          value: l.benefitLineId,
          label: `${l.description} (${label('class', l.class)})`,
        })),
      },
      {
        name: 'period',
        label: t('form.report.period'),
        hint: t('form.report.periodHint'),
        required: true,
        list: listId,
        datalist: horizonYears(inv.benefitCase),
      },
      {
        name: 'value',
        label: t('form.report.value'),
        required: true,
        inputmode: 'decimal',
        note: (v) => unitText(lineOf(inv.benefitCase, v.benefitLineId)),
      },
      {
        name: 'evidence',
        label: t('form.report.evidence'),
        hint: t('form.report.evidenceHint'),
        type: 'textarea',
        required: true,
        maxlength: '4000',
      },
    ],
    fieldForCode: {
      EFFECT_ALREADY_REPORTED: 'period',
      PERIOD_OUTSIDE_HORIZON: 'period',
      PERIOD_NOT_STARTED: 'period',
      EFFECT_PERIOD_BEFORE_LIFE: 'period',
      READING_COARSER_THAN_FREQUENCY: 'period',
      BENEFIT_LINE_NOT_FOUND: 'benefitLineId',
      EFFECT_VALUE_INVALID: 'value',
      INVESTMENT_CLOSED: 'benefitLineId',
    },
    submit: (v, draft) => {
      const line = lineOf(inv.benefitCase, v.benefitLineId);
      return post(
        `/api/investments/${inv.investmentId}/effect-reports`,
        {
          reportId: draft.id('reportId'),
          benefitLineId: v.benefitLineId,
          period: v.period,
          value: reportValue(line, v.value),
          evidence: v.evidence,
        },
        { key: draft.key },
      );
    },
    savedText: (v) => t('saved.report', { period: v.period }),
    done: saved('report-form'),
  });
};

/**
 * `unconfirmed`: the reports the figures leave out until a correction made after their period
 * ended confirms them (unconfirmedReportIds): named so in the choice, and the value's note says
 * how to confirm one.
 */
const correctionForm = (inv, reports, saved, unconfirmed) => {
  const byId = new Map(reports.map((r) => [r.reportId, r]));
  return writeForm({
    title: t('form.correct.title'),
    className: 'correction-form',
    submitLabel: t('form.correct.submit'),
    fields: [
      {
        name: 'reportId',
        label: t('form.correct.report'),
        type: 'select',
        required: true,
        options: reports.map((r) => ({
          value: r.reportId,
          label:
            `${lineName(inv.benefitCase, r.benefitLineId)} · ${r.period} · ${reportedValueText(inv.benefitCase, r.benefitLineId, r.effectiveValue)}` +
            (unconfirmed.has(r.reportId) ? ` · ${t('form.correct.unconfirmed')}` : ''),
        })),
      },
      {
        name: 'value',
        label: t('form.correct.value'),
        required: true,
        inputmode: 'decimal',
        note: (v) =>
          [
            unitText(lineOf(inv.benefitCase, byId.get(v.reportId)?.benefitLineId)),
            unconfirmed.has(v.reportId) ? t('form.correct.confirms') : '',
          ]
            .filter(Boolean)
            .join(' '),
      },
      reasonField(t('form.correct.reason')),
      { name: 'evidence', label: t('form.correct.evidence'), type: 'textarea', maxlength: '4000' },
    ],
    fieldForCode: {
      REPORT_NOT_FOUND: 'reportId',
      EFFECT_VALUE_INVALID: 'value',
      EFFECT_PERIOD_BEFORE_LIFE: 'reportId',
    },
    submit: (v, draft) => {
      const line = lineOf(inv.benefitCase, byId.get(v.reportId)?.benefitLineId);
      return post(
        `/api/investments/${inv.investmentId}/effect-reports/${v.reportId}/corrections`,
        {
          value: reportValue(line, v.value),
          reason: v.reason,
          ...(v.evidence ? { evidence: v.evidence } : {}),
        },
        { key: draft.key },
      );
    },
    savedText: () => t('saved.correct'),
    done: saved('correction-form'),
  });
};

/** Statuses from mildest to worst, as the figures rank them. */
const SEVERITY = ['on-track', 'watch', 'stale', 'deviation'];

/** Whether the investment's status (forecast-vs-actual) is worse than every line's. */
const worseThanEveryLine = (figures) =>
  SEVERITY.indexOf(figures.status) >
  Math.max(-1, ...figures.lines.map((l) => SEVERITY.indexOf(l.status)));

/** The lines' status now (forecast-vs-actual), to name and offer first those that deviate. */
const statusByLine = (fva) =>
  new Map(fva?.ok ? fva.value.lines.map((l) => [l.benefitLineId, l.status]) : []);

const DEVIATING = new Set(['watch', 'deviation', 'stale']);

/** Why a line is in watch or deviation, in the lead's words (the board report shows it). */
const explanationForm = (inv, lines, fva, saved, leads) => {
  const status = statusByLine(fva);
  // The project lead also explains the valued lines together (their summed realisation, which
  // the board lists when it is worse than every line's), under the id reserved for it.
  const together =
    leads && (inv.benefitCase?.benefits ?? []).some((l) => isValued(l.class))
      ? [
          {
            benefitLineId: VALUED_LINES_TOGETHER,
            description: t('form.explain.together'),
          },
        ]
      : [];
  // Their own status shows only where it is worse than every line's (the investment's status
  // is the worst of the lines' and theirs), as the board lists them only then.
  if (together.length > 0 && fva?.ok && worseThanEveryLine(fva.value)) {
    status.set(VALUED_LINES_TOGETHER, fva.value.status);
  }
  const all = [...lines, ...together];
  const ordered = [
    ...all.filter((l) => DEVIATING.has(status.get(l.benefitLineId))),
    ...all.filter((l) => !DEVIATING.has(status.get(l.benefitLineId))),
  ];
  return writeForm({
    title: t('form.explain.title'),
    intro: t('form.explain.intro'),
    className: 'explanation-form',
    submitLabel: t('form.explain.submit'),
    fields: [
      {
        name: 'benefitLineId',
        label: t('form.report.line'),
        type: 'select',
        required: true,
        options: ordered.map((l) => ({
          value: l.benefitLineId,
          label: status.get(l.benefitLineId)
            ? `${l.description} (${label('indicator', status.get(l.benefitLineId))})`
            : l.description,
        })),
      },
      {
        name: 'period',
        label: t('form.explain.period'),
        hint: t('form.explain.periodHint'),
        list: `explain-periods-${inv.investmentId}`,
        datalist: horizonYears(inv.benefitCase),
        maxlength: '7',
      },
      {
        name: 'explanation',
        label: t('form.explain.explanation'),
        type: 'textarea',
        required: true,
        maxlength: '4000',
      },
    ],
    fieldForCode: {
      BENEFIT_LINE_NOT_FOUND: 'benefitLineId',
      EXPLANATION_ALREADY_EXISTS: 'explanation',
      PERIOD_OUTSIDE_HORIZON: 'period',
    },
    submit: (v, draft) =>
      post(
        `/api/investments/${inv.investmentId}/deviation-explanations`,
        {
          explanationId: draft.id('explanationId'),
          benefitLineId: v.benefitLineId,
          ...(v.period ? { period: v.period } : {}),
          explanation: v.explanation,
        },
        { key: draft.key },
      ),
    savedText: () => t('saved.explain'),
    done: saved('explanation-form'),
  });
};

const projectLeadForms = (ctx, inv, fva, history, saved) => {
  if (ctx.me.role !== 'project-lead') return [];
  const leads = inv.projectLead === ctx.me.id;
  const lines = reportableLines(ctx.me, inv);
  const ids = new Set(lines.map((l) => l.benefitLineId));
  const reports = inv.effectReports.filter((r) => ids.has(r.benefitLineId));
  // The lead puts right the costs they recorded (the ledger allows it, and the page said so
  // after a lost answer, with no form to do it in).
  const own = recordedByMe(history.ok ? history.value : null, ctx.me);
  return [
    lines.length > 0 ? reportForm(inv, lines, saved) : null,
    reports.length > 0 ? correctionForm(inv, reports, saved, unconfirmedReportIds(fva)) : null,
    lines.length > 0 ? explanationForm(inv, lines, fva, saved, leads) : null,
    leads && !inv.closed ? costForm(inv, saved) : null,
    leads && changeableEntries(inv, 'cost', own).length > 0
      ? entryChangeForm(inv, 'cost', saved, own)
      : null,
  ];
};

const financeForms = (ctx, inv, funds, saved) => {
  if (ctx.me.role !== 'finance') return [];
  const allocations = reducible(inv);
  const fundList = funds.ok ? funds.value.funds : [];
  // A closed investment takes no new money or costs (DOMAIN.md rule 5); giving money back and
  // harvesting stay possible.
  const canAllocate = !inv.closed && funds.ok && funds.value.funds.length > 0;
  return [
    canAllocate ? allocateForm(inv, fundList, saved) : null,
    allocations.length > 0 ? reduceForm(inv, allocations, fundList, saved) : null,
    inv.closed ? null : costForm(inv, saved),
    harvestableLines(inv).length > 0 ? harvestForm(inv, saved) : null,
    changeableEntries(inv, 'cost').length > 0 ? entryChangeForm(inv, 'cost', saved) : null,
    changeableEntries(inv, 'harvest').length > 0 ? entryChangeForm(inv, 'harvest', saved) : null,
    // A later version than the decision basis can become the basis by a decision of its own.
    inv.baselineCaseVersion !== null && inv.currentCaseVersion > inv.baselineCaseVersion
      ? baselineForm(inv, saved)
      : null,
    inv.benefitCase && inv.baselineCaseVersion !== null ? waiverForm(inv, saved) : null,
    inv.closed ? null : closeForm(inv, saved),
  ];
};

/** The benefit case editor: the project lead who leads it, and finance. */
const mayDocumentCase = (ctx, inv) =>
  !inv.closed &&
  (ctx.me.role === 'finance' || (ctx.me.role === 'project-lead' && inv.projectLead === ctx.me.id));

/** The forms the signed-in role may use here, or nothing at all. */
export const writeForms = (ctx, inv, funds, fva, history) => {
  if (ctx.asOf) return null;
  const saved = savedIn(ctx);
  const forms = [
    ...projectLeadForms(ctx, inv, fva, history, saved),
    ...financeForms(ctx, inv, funds, saved),
  ].filter(Boolean);
  const editor = mayDocumentCase(ctx, inv) ? caseEditor(ctx, inv) : null;
  if (forms.length === 0 && !editor) return null;
  return h(
    'div',
    { class: 'write-forms', dataset: { section: FORM_SECTION } },
    forms.length > 0
      ? section(t('inv.history.record'), h('div', { class: 'grid-2' }, forms))
      : null,
    editor,
  );
};
