// Finance sets up the fund on the overview: establish a fund with its first tranche, add a
// tranche, release an expected tranche (only then is its money allocatable).

import { post } from '../api.js';
import { h, section } from '../dom.js';
import { money } from '../format.js';
import { t } from '../i18n.js';
import { normaliseAmountInput } from '../money.js';
import { writeForm } from '../forms.js';
import { idFromName, savedIn } from './common.js';
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

const trancheBody = (v) => ({
  trancheId: idFromName(v.trancheName),
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

const establishForm = (ctx) =>
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
    submit: (v) =>
      post('/api/funds', {
        fundId: idFromName(v.name),
        name: v.name,
        currency: 'SEK',
        tranches: [trancheBody(v)],
        decisionRef: v.decisionRef,
      }),
    done: savedIn(ctx)('fund-form'),
  });

const addTrancheForm = (ctx, fund) =>
  writeForm({
    title: t('form.tranche.title'),
    intro: t('form.tranche.intro', { fund: fund.name }),
    className: 'tranche-form',
    submitLabel: t('form.tranche.submit'),
    fields: [...trancheFields(), decisionRefField()],
    fieldForCode: {
      TRANCHE_ALREADY_EXISTS: 'trancheName',
      DUPLICATE_TRANCHE_ID: 'trancheName',
      TOO_MANY_TRANCHES: 'trancheName',
      TRANCHE_WINDOW_INVALID: 'allocatableUntil',
    },
    fieldForPath: (path) => TRANCHE_PATHS[path],
    submit: (v) =>
      post(`/api/funds/${fund.fundId}/tranches`, { ...trancheBody(v), decisionRef: v.decisionRef }),
    done: savedIn(ctx)('tranche-form'),
  });

const releaseForm = (ctx, fund, expected) =>
  writeForm({
    title: t('form.release.title'),
    intro: t('form.release.intro'),
    className: 'release-form',
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
    submit: (v) =>
      post(`/api/funds/${fund.fundId}/tranches/${v.trancheId}/release`, {
        releasedOn: v.releasedOn,
        decisionRef: v.decisionRef,
      }),
    done: savedIn(ctx)('release-form'),
  });

/** Finance's fund forms, now only (a past moment takes no writes). */
export const fundForms = (ctx, funds) => {
  if (ctx.me.role !== 'finance' || ctx.asOf) return null;
  const forms = [establishForm(ctx)];
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
