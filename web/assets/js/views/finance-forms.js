// Finance's forms on an investment: allocate from a tranche whose window is open on the
// decision day, give money back (showing what remains and what is spent), record costs and
// harvests, close the investment.

import { post } from '../api.js';
import { stockholmDay } from '../days.js';
import { date, money } from '../format.js';
import { label, t } from '../i18n.js';
import { fromOre, normaliseAmountInput, toOre } from '../money.js';
import { writeForm } from '../forms.js';
import { horizonYears } from './lines.js';

/** The ledger's today: the Stockholm day, as the service reads "today" (not the UTC day). */
const today = () => stockholmDay();

/** A day the form records, today unless the person picks another. */
export const dayField = (name, text) => ({
  name,
  label: text,
  type: 'date',
  required: true,
  value: today(),
});

/** A version the API reads as a number; what is not one is left for it to refuse by name. */
export const caseVersionBody = (text) => (/^[0-9]{1,7}$/.test(text) ? Number(text) : text);

/** Why a write is made, in words of its own: a required text the ledger records with it. */
export const reasonField = (label) => ({
  name: 'reason',
  label,
  type: 'textarea',
  required: true,
  maxlength: '4000',
});

/** The decision (its diary number) that a finance write records. */
export const decisionRefField = () => ({
  name: 'decisionRef',
  label: t('form.allocate.decisionRef'),
  required: true,
  maxlength: '200',
});

/**
 * A tranche takes allocations decided on `day` when it is released (on or before that day)
 * and the day is in its window.
 */
const windowOpen = (tranche, day) =>
  tranche.status === 'released' &&
  (!tranche.releasedOn || tranche.releasedOn <= day) &&
  (!tranche.allocatableFrom || tranche.allocatableFrom <= day) &&
  (!tranche.allocatableUntil || day <= tranche.allocatableUntil);

export const windowText = (tranche) =>
  t('tranche.window', {
    from: tranche.allocatableFrom ? date(tranche.allocatableFrom) : t('tranche.noStart'),
    until: tranche.allocatableUntil ? date(tranche.allocatableUntil) : t('tranche.noEnd'),
  });

/** The tranches open on the decision day, across funds; the value names both, "fund:tranche". */
const openTrancheOptions = (funds) => (values) => {
  const day = values.decidedOn || today();
  const options = funds.flatMap((fund) =>
    fund.tranches
      .filter((tr) => windowOpen(tr, day))
      .map((tr) => ({
        value: `${fund.fundId}:${tr.trancheId}`,
        label: `${funds.length > 1 ? `${fund.name} · ` : ''}${tr.name} (${t('tranche.left', { amount: money(tr.available) })}; ${windowText(tr)})`,
      })),
  );
  return options.length > 0 ? options : [{ value: '', label: t('form.allocate.noneOpen') }];
};

/** Which versions there are, and which one is the decision basis so far. */
const caseVersionHint = (inv) =>
  inv.currentCaseVersion === null
    ? t('form.allocate.noCase')
    : inv.baselineCaseVersion === null
      ? t('form.allocate.caseVersionHint', { current: inv.currentCaseVersion })
      : t('form.allocate.caseVersionHintBaseline', {
          current: inv.currentCaseVersion,
          baseline: inv.baselineCaseVersion,
        });

/** What the form says it recorded: the amount as typed, written as money. */
const amountText = (text) => money(normaliseAmountInput(text));

/**
 * The fund's stream revision as the page read it, for If-Match: a command decided on figures
 * the page showed (what a tranche has left, what remains of an allocation) is refused with 412
 * when the fund has moved on since, rather than recorded against figures nobody saw.
 */
const fundRevision = (funds, fundId) => funds.find((f) => f.fundId === fundId)?.revision;

/** After a write the page is drawn again; `saved` is the caller's redraw-and-refocus. */
export const allocateForm = (inv, funds, saved) =>
  writeForm({
    title: t('form.allocate.title'),
    className: 'allocate-form',
    submitLabel: t('form.allocate.submit'),
    fields: [
      dayField('decidedOn', t('form.allocate.decidedOn')),
      {
        name: 'trancheId',
        label: t('form.allocate.tranche'),
        hint: t('form.allocate.trancheHint'),
        type: 'select',
        required: true,
        options: openTrancheOptions(funds),
      },
      { name: 'amount', label: t('form.allocate.amount'), required: true, inputmode: 'decimal' },
      decisionRefField(),
      {
        // The decision names the case version it was taken on: that version becomes the baseline.
        name: 'caseVersion',
        label: t('form.allocate.caseVersion'),
        hint: caseVersionHint(inv),
        required: true,
        inputmode: 'numeric',
        value: inv.currentCaseVersion === null ? '' : String(inv.currentCaseVersion),
      },
      {
        name: 'overrideRef',
        label: t('form.allocate.overrideRef'),
        hint: t('form.allocate.overrideRefHint'),
        maxlength: '200',
      },
      { name: 'note', label: t('form.allocate.note'), type: 'textarea', maxlength: '4000' },
    ],
    fieldForCode: {
      CASE_VERSION_MISMATCH: 'caseVersion',
      NEGATIVE_RUNNING_COST_EFFECT: 'overrideRef',
      DECISION_DATE_IN_FUTURE: 'decidedOn',
      DECIDED_BEFORE_RELEASE: 'decidedOn',
      TRANCHE_INSUFFICIENT_FUNDS: 'amount',
      TRANCHE_NOT_RELEASED: 'trancheId',
      TRANCHE_CLOSED: 'trancheId',
      TRANCHE_NOT_FOUND: 'trancheId',
      OUTSIDE_ALLOCATION_WINDOW: 'decidedOn',
      BENEFIT_CASE_MISSING: 'trancheId',
      INVESTMENT_CLOSED: 'trancheId',
    },
    submit: (v, draft) => {
      const [fundId, trancheId] = v.trancheId.split(':');
      return post(
        `/api/funds/${fundId}/allocations`,
        {
          allocationId: draft.id('allocationId'),
          investmentId: inv.investmentId,
          trancheId,
          amount: normaliseAmountInput(v.amount),
          decidedOn: v.decidedOn,
          decisionRef: v.decisionRef,
          caseVersion: caseVersionBody(v.caseVersion),
          ...(v.overrideRef ? { overrideRef: v.overrideRef } : {}),
          ...(v.note ? { note: v.note } : {}),
        },
        { key: draft.key, ifMatch: fundRevision(funds, fundId) },
      );
    },
    savedText: (v) =>
      t('saved.allocate', { amount: amountText(v.amount), decisionRef: v.decisionRef }),
    done: saved('allocate-form'),
  });

/** What is left of an allocation to give back: its amount less what was already reduced. */
const remainingOf = (a) => fromOre((toOre(a.amount) ?? 0n) - (toOre(a.reduced) ?? 0n));

/** Allocations with something left to give back. */
export const reducible = (inv) => inv.allocations.filter((a) => toOre(remainingOf(a)) > 0n);

const allocationKey = (a) => `${a.fundId}:${a.allocationId}`;

export const reduceForm = (inv, allocations, funds, saved) => {
  const byKey = new Map(allocations.map((a) => [allocationKey(a), a]));
  return writeForm({
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
          value: allocationKey(a),
          label: `${a.decisionRef} · ${money(a.amount)}`,
        })),
        note: (v) => {
          const a = byKey.get(v.allocationId);
          return a
            ? t('form.reduce.remaining', {
                remaining: money(remainingOf(a)),
                spent: money(inv.spent),
                allocated: money(inv.allocated),
              })
            : null;
        },
      },
      { name: 'amount', label: t('form.reduce.amount'), required: true, inputmode: 'decimal' },
      dayField('decidedOn', t('form.allocate.decidedOn')),
      decisionRefField(),
      reasonField(t('form.reduce.reason')),
    ],
    fieldForCode: {
      ALLOCATION_REDUCTION_EXCEEDS_REMAINING: 'amount',
      REDUCTION_BELOW_SPENT: 'amount',
      REDUCTION_BEFORE_ALLOCATION: 'decidedOn',
      DECISION_DATE_IN_FUTURE: 'decidedOn',
      ALLOCATION_NOT_FOUND: 'allocationId',
    },
    submit: (v, draft) => {
      const [fundId, allocationId] = v.allocationId.split(':');
      return post(
        `/api/funds/${fundId}/allocations/${allocationId}/reductions`,
        {
          reductionId: draft.id('reductionId'),
          amount: normaliseAmountInput(v.amount),
          decidedOn: v.decidedOn,
          decisionRef: v.decisionRef,
          reason: v.reason,
        },
        { key: draft.key, ifMatch: fundRevision(funds, fundId) },
      );
    },
    savedText: (v) =>
      t('saved.reduce', { amount: amountText(v.amount), decisionRef: v.decisionRef }),
    done: saved('reduce-form'),
  });
};

/** Finance and the investment's project lead record what was actually spent. */
export const costForm = (inv, saved) =>
  writeForm({
    title: t('form.cost.title'),
    className: 'cost-form',
    submitLabel: t('form.cost.submit'),
    fields: [
      {
        name: 'costLineId',
        label: t('form.cost.line'),
        type: 'select',
        options: [
          { value: '', label: t('form.cost.noLine') },
          ...(inv.benefitCase?.costs ?? []).map((c) => ({
            value: c.costLineId,
            label: `${c.description} (${label('kind', c.kind)})`,
          })),
        ],
      },
      { name: 'amount', label: t('form.cost.amount'), required: true, inputmode: 'decimal' },
      dayField('incurredOn', t('form.cost.incurredOn')),
      {
        name: 'reference',
        label: t('form.cost.reference'),
        hint: t('form.cost.referenceHint'),
        required: true,
        maxlength: '200',
      },
      {
        name: 'description',
        label: t('form.cost.description'),
        type: 'textarea',
        maxlength: '4000',
      },
    ],
    fieldForCode: {
      COST_LINE_NOT_FOUND: 'costLineId',
      INVESTMENT_CLOSED: 'amount',
      COST_ALREADY_EXISTS: 'reference',
      DATE_OUTSIDE_INVESTMENT_LIFE: 'incurredOn',
    },
    submit: (v, draft) =>
      post(
        `/api/investments/${inv.investmentId}/costs`,
        {
          costId: draft.id('costId'),
          ...(v.costLineId ? { costLineId: v.costLineId } : {}),
          amount: normaliseAmountInput(v.amount),
          incurredOn: v.incurredOn,
          reference: v.reference,
          ...(v.description ? { description: v.description } : {}),
        },
        { key: draft.key },
      ),
    savedText: (v) => t('saved.cost', { amount: amountText(v.amount), reference: v.reference }),
    done: saved('cost-form'),
  });

/** The financial lines: only their savings can be withdrawn from a budget. */
export const harvestableLines = (inv) =>
  (inv.benefitCase?.benefits ?? []).filter((l) => l.class === 'financial');

export const harvestForm = (inv, saved) =>
  writeForm({
    title: t('form.harvest.title'),
    intro: t('form.harvest.intro'),
    className: 'harvest-form',
    submitLabel: t('form.harvest.submit'),
    fields: [
      {
        name: 'benefitLineId',
        label: t('form.report.line'),
        type: 'select',
        required: true,
        options: harvestableLines(inv).map((l) => ({
          value: l.benefitLineId,
          label: l.description,
        })),
      },
      {
        name: 'fiscalYear',
        label: t('form.harvest.fiscalYear'),
        required: true,
        inputmode: 'numeric',
        list: `harvest-years-${inv.investmentId}`,
        datalist: horizonYears(inv.benefitCase),
      },
      { name: 'amount', label: t('form.harvest.amount'), required: true, inputmode: 'decimal' },
      {
        name: 'decisionRef',
        label: t('form.harvest.decisionRef'),
        required: true,
        maxlength: '200',
      },
      { name: 'aheadOfRealisation', label: t('form.harvest.ahead'), type: 'checkbox' },
      { name: 'reason', label: t('form.harvest.reason'), type: 'textarea', maxlength: '4000' },
    ],
    fieldForCode: {
      HARVEST_EXCEEDS_REALISED: 'amount',
      FISCAL_YEAR_OUTSIDE_HORIZON: 'fiscalYear',
      BENEFIT_LINE_NOT_FOUND: 'benefitLineId',
      HARVEST_NOT_FINANCIAL: 'benefitLineId',
      HARVEST_ALREADY_EXISTS: 'decisionRef',
    },
    submit: (v, draft) =>
      post(
        `/api/investments/${inv.investmentId}/harvests`,
        {
          harvestId: draft.id('harvestId'),
          benefitLineId: v.benefitLineId,
          // A year the API reads as a number; what is not one is left for it to refuse by name.
          fiscalYear: /^[0-9]{1,4}$/.test(v.fiscalYear) ? Number(v.fiscalYear) : v.fiscalYear,
          amount: normaliseAmountInput(v.amount),
          decisionRef: v.decisionRef,
          ...(v.aheadOfRealisation ? { aheadOfRealisation: true } : {}),
          ...(v.reason ? { reason: v.reason } : {}),
        },
        { key: draft.key },
      ),
    savedText: (v) =>
      t('saved.harvest', {
        amount: amountText(v.amount),
        fiscalYear: v.fiscalYear,
        decisionRef: v.decisionRef,
      }),
    done: saved('harvest-form'),
  });

export const closeForm = (inv, saved) =>
  writeForm({
    title: t('form.close.title'),
    intro: t('form.close.intro'),
    className: 'close-form',
    submitLabel: t('form.close.submit'),
    fields: [dayField('closedOn', t('form.close.closedOn')), reasonField(t('form.close.reason'))],
    fieldForCode: { INVESTMENT_CLOSED: 'closedOn', DATE_OUTSIDE_INVESTMENT_LIFE: 'closedOn' },
    // Closing is decided on the investment as the page shows it: If-Match its revision.
    submit: (v, draft) =>
      post(
        `/api/investments/${inv.investmentId}/close`,
        { closedOn: v.closedOn, reason: v.reason },
        { key: draft.key, ifMatch: inv.revision },
      ),
    savedText: (v) => t('saved.close', { date: date(v.closedOn) }),
    done: saved('close-form'),
  });
