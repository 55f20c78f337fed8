// The write forms of the investment page, by role: a project lead reports effects and corrects
// reports on the investments they lead or the lines they own; finance allocates and reduces.
// Nothing is offered when the page shows a past moment, and auditors and admins get none.

import { newId, post } from '../api.js';
import { announce, h, section } from '../dom.js';
import { money } from '../format.js';
import { label, t } from '../i18n.js';
import { normaliseAmountInput, toOre } from '../money.js';
import { writeForm } from '../forms.js';
import { lineName, reportedValueText } from './lines.js';

const FORM_SECTION = 'forms';

/** The lines this project lead may report on: all when they lead it, else the ones they own. */
export const reportableLines = (me, inv) => {
  if (me.role !== 'project-lead' || !inv.benefitCase) return [];
  const lines = inv.benefitCase.benefits;
  return inv.projectLead === me.id ? lines : lines.filter((l) => l.owner === me.id);
};

/** Every year of the horizon: what a report's period is most often. */
const horizonYears = (benefitCase) =>
  Array.from({ length: benefitCase.horizonYears }, (_, i) => String(benefitCase.startYear + i));

/**
 * After a write the page is drawn again from the ledger; the focus goes back to the form the
 * person used (drawn anew), or to the page's heading when that form is gone.
 */
const saved = (ctx, formClass) => async () => {
  announce(t('form.saved'));
  await ctx.rerender();
  (document.querySelector(`form.${formClass} h3`) ?? document.querySelector('main h1'))?.focus();
};

const reportForm = (ctx, inv, lines) => {
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
        hint: t('form.report.valueHint'),
        required: true,
        inputmode: 'decimal',
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
      BENEFIT_LINE_NOT_FOUND: 'benefitLineId',
      EFFECT_VALUE_INVALID: 'value',
      INVESTMENT_CLOSED: 'benefitLineId',
    },
    submit: (v) =>
      post(`/api/investments/${inv.investmentId}/effect-reports`, {
        reportId: newId(),
        benefitLineId: v.benefitLineId,
        period: v.period,
        value: normaliseAmountInput(v.value),
        evidence: v.evidence,
      }),
    done: saved(ctx, 'report-form'),
  });
};

const correctionForm = (ctx, inv, reports) =>
  writeForm({
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
          label: `${lineName(inv.benefitCase, r.benefitLineId)} · ${r.period} · ${reportedValueText(inv.benefitCase, r.benefitLineId, r.effectiveValue)}`,
        })),
      },
      { name: 'value', label: t('form.correct.value'), required: true, inputmode: 'decimal' },
      {
        name: 'reason',
        label: t('form.correct.reason'),
        type: 'textarea',
        required: true,
        maxlength: '4000',
      },
      { name: 'evidence', label: t('form.correct.evidence'), type: 'textarea', maxlength: '4000' },
    ],
    fieldForCode: { REPORT_NOT_FOUND: 'reportId', EFFECT_VALUE_INVALID: 'value' },
    submit: (v) =>
      post(`/api/investments/${inv.investmentId}/effect-reports/${v.reportId}/corrections`, {
        value: normaliseAmountInput(v.value),
        reason: v.reason,
        ...(v.evidence ? { evidence: v.evidence } : {}),
      }),
    done: saved(ctx, 'correction-form'),
  });

/** Tranche choices across funds; the value names both, as "fund:tranche" (ids hold no colon). */
const trancheOptions = (funds) =>
  funds.flatMap((fund) =>
    fund.tranches.map((tr) => ({
      value: `${fund.fundId}:${tr.trancheId}`,
      label: `${funds.length > 1 ? `${fund.name} · ` : ''}${tr.name} (${label('status', tr.status)}, ${money(tr.available)})`,
    })),
  );

/** The first tranche money can be allocated from, as the form's starting choice. */
const firstReleased = (funds) => {
  for (const fund of funds) {
    const tranche = fund.tranches.find((tr) => tr.status === 'released');
    if (tranche) return `${fund.fundId}:${tranche.trancheId}`;
  }
  return undefined;
};

const today = () => new Date().toISOString().slice(0, 10);

const allocateForm = (ctx, inv, funds) =>
  writeForm({
    title: t('form.allocate.title'),
    className: 'allocate-form',
    submitLabel: t('form.allocate.submit'),
    fields: [
      {
        name: 'trancheId',
        label: t('form.allocate.tranche'),
        type: 'select',
        required: true,
        options: trancheOptions(funds),
        value: firstReleased(funds),
      },
      { name: 'amount', label: t('form.allocate.amount'), required: true, inputmode: 'decimal' },
      {
        name: 'decidedOn',
        label: t('form.allocate.decidedOn'),
        type: 'date',
        required: true,
        value: today(),
      },
      {
        name: 'decisionRef',
        label: t('form.allocate.decisionRef'),
        required: true,
        maxlength: '200',
      },
      { name: 'note', label: t('form.allocate.note'), type: 'textarea', maxlength: '4000' },
    ],
    fieldForCode: {
      TRANCHE_INSUFFICIENT_FUNDS: 'amount',
      TRANCHE_NOT_RELEASED: 'trancheId',
      TRANCHE_CLOSED: 'trancheId',
      TRANCHE_NOT_FOUND: 'trancheId',
      OUTSIDE_ALLOCATION_WINDOW: 'decidedOn',
      BENEFIT_CASE_MISSING: 'trancheId',
      INVESTMENT_CLOSED: 'trancheId',
    },
    submit: (v) => {
      const [fundId, trancheId] = v.trancheId.split(':');
      return post(`/api/funds/${fundId}/allocations`, {
        allocationId: newId(),
        investmentId: inv.investmentId,
        trancheId,
        amount: normaliseAmountInput(v.amount),
        decidedOn: v.decidedOn,
        decisionRef: v.decisionRef,
        ...(v.note ? { note: v.note } : {}),
      });
    },
    done: saved(ctx, 'allocate-form'),
  });

/** Allocations with something left to give back: amount above what was already reduced. */
const reducible = (inv) =>
  inv.allocations.filter((a) => (toOre(a.amount) ?? 0n) > (toOre(a.reduced) ?? 0n));

const reduceForm = (ctx, inv, allocations) =>
  writeForm({
    title: t('form.reduce.title'),
    className: 'reduce-form',
    submitLabel: t('form.reduce.submit'),
    fields: [
      {
        name: 'allocationId',
        label: t('form.reduce.allocation'),
        type: 'select',
        required: true,
        options: allocations.map((a) => ({
          value: `${a.fundId}:${a.allocationId}`,
          label: `${a.decisionRef} · ${money(a.amount)}`,
        })),
      },
      { name: 'amount', label: t('form.reduce.amount'), required: true, inputmode: 'decimal' },
      {
        name: 'decidedOn',
        label: t('form.allocate.decidedOn'),
        type: 'date',
        required: true,
        value: today(),
      },
      {
        name: 'decisionRef',
        label: t('form.allocate.decisionRef'),
        required: true,
        maxlength: '200',
      },
      {
        name: 'reason',
        label: t('form.reduce.reason'),
        type: 'textarea',
        required: true,
        maxlength: '4000',
      },
    ],
    fieldForCode: {
      ALLOCATION_REDUCTION_EXCEEDS_REMAINING: 'amount',
      REDUCTION_BEFORE_ALLOCATION: 'decidedOn',
      ALLOCATION_NOT_FOUND: 'allocationId',
    },
    submit: (v) => {
      const [fundId, allocationId] = v.allocationId.split(':');
      return post(`/api/funds/${fundId}/allocations/${allocationId}/reductions`, {
        amount: normaliseAmountInput(v.amount),
        decidedOn: v.decidedOn,
        decisionRef: v.decisionRef,
        reason: v.reason,
      });
    },
    done: saved(ctx, 'reduce-form'),
  });

const projectLeadForms = (ctx, inv) => {
  const lines = reportableLines(ctx.me, inv);
  if (lines.length === 0) return [];
  const ids = new Set(lines.map((l) => l.benefitLineId));
  const reports = inv.effectReports.filter((r) => ids.has(r.benefitLineId));
  return [
    reportForm(ctx, inv, lines),
    reports.length > 0 ? correctionForm(ctx, inv, reports) : null,
  ];
};

const financeForms = (ctx, inv, funds) => {
  if (ctx.me.role !== 'finance') return [];
  const allocations = reducible(inv);
  // A closed investment takes no new money (DOMAIN.md rule 5); giving money back stays possible.
  const canAllocate = !inv.closed && funds.ok && funds.value.funds.length > 0;
  return [
    canAllocate ? allocateForm(ctx, inv, funds.value.funds) : null,
    allocations.length > 0 ? reduceForm(ctx, inv, allocations) : null,
  ];
};

/** The forms the signed-in role may use here, or nothing at all. */
export const writeForms = (ctx, inv, funds) => {
  if (ctx.asOf) return null;
  const forms = [...projectLeadForms(ctx, inv), ...financeForms(ctx, inv, funds)].filter(Boolean);
  if (forms.length === 0) return null;
  return h(
    'div',
    { class: 'write-forms', dataset: { section: FORM_SECTION } },
    section(t('inv.history.record'), h('div', { class: 'grid-2' }, forms)),
  );
};
