// Finance's governance forms on an investment: put a recorded cost or harvest right (a new
// amount, or taken back, with a reason; the entry stays in the ledger; a project lead, the
// costs they recorded), re-baseline the case as a decision of its own, and waive an owed report
// or reading with a reason.

import { post } from '../api.js';
import { money } from '../format.js';
import { t } from '../i18n.js';
import { normaliseAmountInput } from '../money.js';
import { writeForm } from '../forms.js';
import { caseVersionBody, decisionRefField, reasonField } from './finance-forms.js';
import { lineName } from './lines.js';

/** An entry's amount now: its last change's, or as recorded. */
export const currentAmount = (entry, changes, idKey) =>
  changes.filter((c) => c.entryId === entry[idKey]).at(-1)?.amount ?? entry.amount;

const isReversed = (entry, changes, idKey) =>
  changes.some((c) => c.entryId === entry[idKey] && c.kind === 'reversal');

const KINDS = {
  cost: {
    idKey: 'costId',
    list: (inv) => inv.costs,
    changes: (inv) => inv.costChanges ?? [],
    path: 'costs',
    label: (inv, e) => `${e.reference} · ${e.incurredOn}`,
  },
  harvest: {
    idKey: 'harvestId',
    list: (inv) => inv.harvests,
    changes: (inv) => inv.harvestChanges ?? [],
    path: 'harvests',
    label: (inv, e) =>
      `${e.decisionRef} · ${lineName(inv.benefitCase, e.benefitLineId)} ${e.fiscalYear}`,
  },
};

/**
 * The entries of a kind that still count (a reversed one is done with), and of those only the
 * ones `mayChange` allows (all by default).
 */
export const changeableEntries = (inv, kind, mayChange = () => true) => {
  const k = KINDS[kind];
  const changes = k.changes(inv);
  return k.list(inv).filter((e) => !isReversed(e, changes, k.idKey) && mayChange(e));
};

/**
 * The costs a project lead may put right: those they recorded themself, as the history read
 * says (CostRecorded's actor). A cost whose recording lies beyond the pages read is offered
 * too, and the ledger decides (409 COST_BOOKED_BY_FINANCE for one finance booked).
 */
export const recordedByMe = (history, me) => {
  const events = history?.events ?? [];
  const recorders = new Map(
    events.filter((e) => e.type === 'CostRecorded').map((e) => [e.data.costId, e.actor?.id]),
  );
  const whole = !history?.next;
  return (cost) => (recorders.has(cost.costId) ? recorders.get(cost.costId) === me.id : !whole);
};

/** Correct the amount of a cost or harvest, or take it back, with a reason. */
export const entryChangeForm = (inv, kind, saved, mayChange = () => true) => {
  const k = KINDS[kind];
  const changes = k.changes(inv);
  const entries = changeableEntries(inv, kind, mayChange);
  return writeForm({
    title: t(`form.change.${kind}.title`),
    className: `${kind}-change-form`,
    submitLabel: t('form.change.submit'),
    fields: [
      {
        name: 'entryId',
        label: t(`form.change.${kind}.entry`),
        type: 'select',
        required: true,
        options: entries.map((e) => ({
          value: e[k.idKey],
          label: `${k.label(inv, e)} · ${money(currentAmount(e, changes, k.idKey))}`,
        })),
      },
      {
        name: 'action',
        label: t('form.change.action'),
        type: 'select',
        options: [
          { value: 'corrections', label: t('form.change.correct') },
          { value: 'reversals', label: t('form.change.reverse') },
        ],
      },
      {
        name: 'amount',
        label: t('form.change.amount'),
        hint: t('form.change.amountHint'),
        inputmode: 'decimal',
      },
      reasonField(t('form.change.reason')),
    ],
    fieldForCode: {
      COST_NOT_FOUND: 'entryId',
      HARVEST_NOT_FOUND: 'entryId',
      COST_REVERSED: 'entryId',
      HARVEST_REVERSED: 'entryId',
      COST_BOOKED_BY_FINANCE: 'entryId',
      HARVEST_EXCEEDS_REALISED: 'amount',
      AMOUNT_UNCHANGED: 'amount',
    },
    // The refusal's advice (mark it ahead of realisation) is for a new harvest: a correction
    // cannot be so marked.
    textForCode: { HARVEST_EXCEEDS_REALISED: 'refusal.HARVEST_EXCEEDS_REALISED.change' },
    submit: (v, draft) =>
      post(
        `/api/investments/${inv.investmentId}/${k.path}/${v.entryId}/${v.action}`,
        v.action === 'corrections'
          ? { amount: normaliseAmountInput(v.amount), reason: v.reason }
          : { reason: v.reason },
        { key: draft.key },
      ),
    savedText: () => t('saved.change'),
    done: saved(`${kind}-change-form`),
  });
};

/** Re-baselining: the current version becomes the decision basis, by a decision of its own. */
export const baselineForm = (inv, saved) =>
  writeForm({
    title: t('form.baseline.title'),
    intro: t('form.baseline.intro', {
      baseline: inv.baselineCaseVersion,
      current: inv.currentCaseVersion,
    }),
    className: 'baseline-form',
    submitLabel: t('form.baseline.submit'),
    fields: [
      {
        name: 'caseVersion',
        label: t('form.allocate.caseVersion'),
        required: true,
        inputmode: 'numeric',
        value: String(inv.currentCaseVersion),
      },
      decisionRefField(),
      {
        // A version that raises running costs is adopted only on the board's override.
        name: 'overrideRef',
        label: t('form.allocate.overrideRef'),
        hint: t('form.allocate.overrideRefHint'),
        maxlength: '200',
      },
      reasonField(t('form.baseline.reason')),
    ],
    fieldForCode: {
      BASELINE_VERSION_NOT_CURRENT: 'caseVersion',
      BASELINE_UNCHANGED: 'caseVersion',
      BASELINE_REWRITES_PAST: 'caseVersion',
      BENEFIT_CASE_VERSION_NOT_FOUND: 'caseVersion',
      BASELINE_APPROVER_IS_AUTHOR: 'decisionRef',
      BASELINE_BY_RESPONSIBLE: 'decisionRef',
      INVESTMENT_NOT_APPROVED: 'caseVersion',
      NEGATIVE_RUNNING_COST_EFFECT: 'overrideRef',
    },
    // The decision adopts the version the page showed as current: If-Match the investment's
    // revision, so a version documented meanwhile is not adopted unseen (nor a stale one).
    submit: (v, draft) =>
      post(
        `/api/investments/${inv.investmentId}/baseline-revisions`,
        {
          caseVersion: caseVersionBody(v.caseVersion),
          decisionRef: v.decisionRef,
          reason: v.reason,
          ...(v.overrideRef ? { overrideRef: v.overrideRef } : {}),
        },
        { key: draft.key, ifMatch: inv.revision },
      ),
    savedText: (v) => t('saved.baseline', { version: v.caseVersion, decisionRef: v.decisionRef }),
    done: saved('baseline-form'),
  });

/** Finance releases a line's owner from one owed report or reading. */
export const waiverForm = (inv, saved) =>
  writeForm({
    title: t('form.waiver.title'),
    intro: t('form.waiver.intro'),
    className: 'waiver-form',
    submitLabel: t('form.waiver.submit'),
    fields: [
      {
        name: 'benefitLineId',
        label: t('form.report.line'),
        type: 'select',
        required: true,
        options: inv.benefitCase.benefits.map((l) => ({
          value: l.benefitLineId,
          label: l.description,
        })),
      },
      {
        name: 'period',
        label: t('form.report.period'),
        hint: t('form.report.periodHint'),
        required: true,
        maxlength: '7',
      },
      reasonField(t('form.waiver.reason')),
    ],
    fieldForCode: {
      OBLIGATION_NOT_OWED: 'period',
      OBLIGATION_ALREADY_WAIVED: 'period',
      OBLIGATION_ALREADY_MET: 'period',
      BENEFIT_LINE_NOT_FOUND: 'benefitLineId',
      PERIOD_OUTSIDE_HORIZON: 'period',
    },
    submit: (v, draft) =>
      post(
        `/api/investments/${inv.investmentId}/obligation-waivers`,
        { benefitLineId: v.benefitLineId, period: v.period, reason: v.reason },
        { key: draft.key },
      ),
    savedText: (v) => t('saved.waiver', { period: v.period }),
    done: saved('waiver-form'),
  });
