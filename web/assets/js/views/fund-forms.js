// Finance sets up the fund on the overview: establish a fund with its first tranche, add a
// tranche, release an expected tranche (only then is its money allocatable), amend a tranche's
// amount or window by a recorded decision.

import { post } from '../api.js';
import { h, section } from '../dom.js';
import { date, money } from '../format.js';
import { t } from '../i18n.js';
import { isMoney, normaliseAmountInput } from '../money.js';
import { writeForm } from '../forms.js';
import { freeIdFor, savedIn } from './common.js';
import { dayField, decisionRefField, windowText, reasonField } from './finance-forms.js';

const trancheFields = () => [
  { name: 'trancheName', label: t('form.tranche.name'), required: true, maxlength: '200' },
  { name: 'amount', label: t('form.tranche.amount'), required: true, inputmode: 'decimal' },
  { name: 'allocatableFrom', label: t('form.tranche.from'), type: 'date' },
  {
    name: 'allocatableUntil',
    label: t('form.tranche.until'),
    hint: t('form.tranche.untilHint'),
    type: 'date',
  },
];

/**
 * A tranche's body; its id is made from its name, and is the next free one when another
 * tranche's name made the same id (`taken`: the fund's tranches, id → name).
 */
const trancheBody = (v, draft, taken = new Map()) => ({
  trancheId: freeIdFor(v.trancheName, taken, draft.id('trancheId')),
  name: v.trancheName,
  amount: normaliseAmountInput(v.amount),
  ...(v.allocatableFrom ? { allocatableFrom: v.allocatableFrom } : {}),
  ...(v.allocatableUntil ? { allocatableUntil: v.allocatableUntil } : {}),
});

/** Body paths → fields: the establish form holds one tranche, its id is made from a name. */
const ESTABLISH_PATHS = {
  fundId: 'name',
  'tranches[0].trancheId': 'trancheName',
  'tranches[0].name': 'trancheName',
};
const establishField = (path) => ESTABLISH_PATHS[path] ?? path.replace(/^tranches\[0\]\./, '');
const TRANCHE_PATHS = { trancheId: 'trancheName', name: 'trancheName' };

/** Ids → names of funds or tranches, for freeIdFor. */
const namesById = (items, idKey) => new Map(items.map((item) => [item[idKey], item.name]));

const establishForm = (ctx, funds) =>
  writeForm({
    title: t('form.fund.title'),
    intro: t('form.fund.intro'),
    className: 'fund-form',
    submitLabel: t('form.fund.submit'),
    fields: [
      { name: 'name', label: t('form.fund.name'), required: true, maxlength: '200' },
      decisionRefField(),
      ...trancheFields(),
    ],
    fieldForCode: { FUND_ALREADY_EXISTS: 'name', TRANCHE_WINDOW_INVALID: 'allocatableUntil' },
    fieldForPath: establishField,
    submit: (v, draft) =>
      post(
        '/api/funds',
        {
          fundId: freeIdFor(v.name, namesById(funds, 'fundId'), draft.id('fundId')),
          name: v.name,
          currency: 'SEK',
          tranches: [trancheBody(v, draft)],
          decisionRef: v.decisionRef,
        },
        { key: draft.key },
      ),
    savedText: (v) => t('saved.fund', { name: v.name }),
    done: savedIn(ctx)('fund-form'),
  });

/** A form of one fund among several: its class names the fund, so its status is found again. */
const ofFund = (formClass, fund) => `${formClass}-${fund.fundId}`;

const addTrancheForm = (ctx, fund) =>
  writeForm({
    title: t('form.tranche.title'),
    intro: t('form.tranche.intro', { fund: fund.name }),
    className: `tranche-form ${ofFund('tranche-form', fund)}`,
    submitLabel: t('form.tranche.submit'),
    fields: [...trancheFields(), decisionRefField()],
    fieldForCode: {
      TRANCHE_ALREADY_EXISTS: 'trancheName',
      DUPLICATE_TRANCHE_ID: 'trancheName',
      TOO_MANY_TRANCHES: 'trancheName',
      TRANCHE_WINDOW_INVALID: 'allocatableUntil',
    },
    fieldForPath: (path) => TRANCHE_PATHS[path],
    submit: (v, draft) =>
      post(
        `/api/funds/${fund.fundId}/tranches`,
        {
          ...trancheBody(v, draft, namesById(fund.tranches, 'trancheId')),
          decisionRef: v.decisionRef,
        },
        { key: draft.key },
      ),
    savedText: (v) => t('saved.tranche', { name: v.trancheName }),
    done: savedIn(ctx)(ofFund('tranche-form', fund)),
  });

const releaseForm = (ctx, fund, expected) =>
  writeForm({
    title: t('form.release.title'),
    intro: t('form.release.intro'),
    className: `release-form ${ofFund('release-form', fund)}`,
    submitLabel: t('form.release.submit'),
    fields: [
      {
        name: 'trancheId',
        label: t('form.allocate.tranche'),
        type: 'select',
        required: true,
        options: expected.map((tr) => ({
          value: tr.trancheId,
          label: `${tr.name} (${money(tr.amount)}; ${windowText(tr)})`,
        })),
      },
      dayField('releasedOn', t('form.release.releasedOn')),
      decisionRefField(),
    ],
    fieldForCode: {
      TRANCHE_ALREADY_RELEASED: 'trancheId',
      TRANCHE_NOT_FOUND: 'trancheId',
      TRANCHE_CLOSED: 'trancheId',
    },
    submit: (v, draft) =>
      post(
        `/api/funds/${fund.fundId}/tranches/${v.trancheId}/release`,
        { releasedOn: v.releasedOn, decisionRef: v.decisionRef },
        { key: draft.key },
      ),
    savedText: (v) => t('saved.release', { date: date(v.releasedOn) }),
    done: savedIn(ctx)(ofFund('release-form', fund)),
  });

/**
 * The terms an amendment names, as the API reads them: a field left empty is left out (the
 * term stays), a ticked "no first/last day" is null (that side of the window opens). An empty
 * field cannot mean "open": the form would then change every term nobody touched.
 */
const amendedTerms = (v) => ({
  ...(v.amount ? { amount: normaliseAmountInput(v.amount) } : {}),
  ...(v.openFrom
    ? { allocatableFrom: null }
    : v.allocatableFrom
      ? { allocatableFrom: v.allocatableFrom }
      : {}),
  ...(v.openUntil
    ? { allocatableUntil: null }
    : v.allocatableUntil
      ? { allocatableUntil: v.allocatableUntil }
      : {}),
});

/** Each window side's "no such day" box and the day field it stands for. */
const OPENED_BY = [
  ['openFrom', 'allocatableFrom'],
  ['openUntil', 'allocatableUntil'],
];

/**
 * What the chosen tranche has now (its amount, what is allocated from it, its window) and, once
 * a term is entered, what it will have after the decision: the terms left empty read as they
 * are, so what stays is seen, not guessed.
 */
const amendNote = (tranche, values) => {
  const now = t('form.amend.now', {
    amount: money(tranche.amount),
    allocated: money(tranche.allocated),
    window: windowText(tranche),
  });
  const terms = amendedTerms(values);
  if (Object.keys(terms).length === 0) return `${now} ${t('form.amend.nothing')}`;
  // Not shown as the new amount: "abc" or "1.500" read as if it were one.
  if (terms.amount !== undefined && !isMoney(terms.amount))
    return `${now} ${t('form.amend.unreadable')}`;
  const after = { ...tranche, ...terms };
  return `${now} ${t('form.amend.after', { amount: money(after.amount), window: windowText(after) })}`;
};

/**
 * A decision that cuts or raises an open tranche's amount or moves its window (released,
 * expected, or with its window passed: not a closed one, which the ledger refuses). Decided
 * on the figures the page shows, so sent with If-Match of the fund's revision as drawn: a
 * tranche amended or allocated from meanwhile is refused (412), never silently overruled.
 */
const amendForm = (ctx, fund, open) => {
  const byId = new Map(open.map((tr) => [tr.trancheId, tr]));
  const form = writeForm({
    title: t('form.amend.title'),
    intro: t('form.amend.intro', { fund: fund.name }),
    className: `amend-form ${ofFund('amend-form', fund)}`,
    submitLabel: t('form.amend.submit'),
    fields: [
      {
        name: 'trancheId',
        label: t('form.allocate.tranche'),
        type: 'select',
        required: true,
        options: open.map((tr) => ({
          value: tr.trancheId,
          label: `${tr.name} (${money(tr.amount)}; ${windowText(tr)})`,
        })),
        note: (v) => (byId.has(v.trancheId) ? amendNote(byId.get(v.trancheId), v) : null),
      },
      {
        name: 'amount',
        label: t('form.amend.amount'),
        hint: t('form.amend.amountHint'),
        inputmode: 'decimal',
      },
      {
        name: 'allocatableFrom',
        label: t('form.amend.from'),
        hint: t('form.amend.dayHint'),
        type: 'date',
      },
      { name: 'openFrom', label: t('form.amend.openFrom'), type: 'checkbox' },
      {
        name: 'allocatableUntil',
        label: t('form.amend.until'),
        hint: t('form.amend.dayHint'),
        type: 'date',
      },
      { name: 'openUntil', label: t('form.amend.openUntil'), type: 'checkbox' },
      dayField('decidedOn', t('form.allocate.decidedOn')),
      decisionRefField(),
      reasonField(t('form.reduce.reason')),
    ],
    fieldForCode: {
      TRANCHE_AMOUNT_BELOW_ALLOCATED: 'amount',
      AMOUNT_NOT_POSITIVE: 'amount',
      TRANCHE_AMENDMENT_CHANGES_NOTHING: 'amount',
      TRANCHE_WINDOW_INVALID: 'allocatableUntil',
      TRANCHE_WINDOW_EXCLUDES_ALLOCATIONS: 'allocatableUntil',
      TRANCHE_AMENDED_BEFORE_LAST_AMENDMENT: 'decidedOn',
      DECISION_DATE_IN_FUTURE: 'decidedOn',
      TRANCHE_CLOSED: 'trancheId',
      TRANCHE_NOT_FOUND: 'trancheId',
    },
    submit: (v, draft) =>
      post(
        `/api/funds/${fund.fundId}/tranches/${v.trancheId}/amendments`,
        {
          ...amendedTerms(v),
          decidedOn: v.decidedOn,
          decisionRef: v.decisionRef,
          reason: v.reason,
        },
        { key: draft.key, ifMatch: fund.revision },
      ),
    savedText: (v) =>
      t('saved.amend', {
        name: byId.get(v.trancheId)?.name ?? v.trancheId,
        decisionRef: v.decisionRef,
      }),
    done: savedIn(ctx)(ofFund('amend-form', fund)),
  });
  // A ticked "no first/last day" leaves no day to give: its day field is off (and not sent).
  // On input too: a refresh puts the kept boxes back with an input event.
  const follow = () => {
    for (const [box, day] of OPENED_BY) form.elements[day].disabled = form.elements[box].checked;
  };
  form.addEventListener('input', follow);
  form.addEventListener('change', follow);
  return form;
};

/** Finance's fund forms, now only (a past moment takes no writes). */
export const fundForms = (ctx, funds) => {
  if (ctx.me.role !== 'finance' || ctx.asOf) return null;
  const forms = [establishForm(ctx, funds)];
  for (const fund of funds) {
    forms.unshift(addTrancheForm(ctx, fund));
    const open = fund.tranches.filter((tr) => tr.status !== 'closed');
    if (open.length > 0) forms.unshift(amendForm(ctx, fund, open));
    const expected = fund.tranches.filter((tr) => tr.status === 'expected');
    if (expected.length > 0) forms.unshift(releaseForm(ctx, fund, expected));
  }
  return h(
    'div',
    { class: 'write-forms', dataset: { section: 'fund-forms' } },
    section(t('form.fund.section'), h('div', { class: 'grid-2' }, forms)),
  );
};
