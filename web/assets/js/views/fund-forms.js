// Finance sets up the fund on the overview: establish a fund with its first tranche, add a
// tranche, release an expected tranche (only then is its money allocatable).

import { post } from '../api.js';
import { h, section } from '../dom.js';
import { date, money } from '../format.js';
import { t } from '../i18n.js';
import { normaliseAmountInput } from '../money.js';
import { writeForm } from '../forms.js';
import { freeIdFor, savedIn } from './common.js';
import { dayField, decisionRefField, windowText } from './finance-forms.js';

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

/** Finance's fund forms, now only (a past moment takes no writes). */
export const fundForms = (ctx, funds) => {
  if (ctx.me.role !== 'finance' || ctx.asOf) return null;
  const forms = [establishForm(ctx, funds)];
  for (const fund of funds) {
    forms.unshift(addTrancheForm(ctx, fund));
    const expected = fund.tranches.filter((tr) => tr.status === 'expected');
    if (expected.length > 0) forms.unshift(releaseForm(ctx, fund, expected));
  }
  return h(
    'div',
    { class: 'write-forms', dataset: { section: 'fund-forms' } },
    section(t('form.fund.section'), h('div', { class: 'grid-2' }, forms)),
  );
};
