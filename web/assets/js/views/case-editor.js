// The benefit case in a form: discount rate, horizon, assumptions, cost lines and benefit lines
// with their forecasts per period and their indicators. It starts from the current version (or
// an empty line of each) and saves a new version with PUT .../benefit-case. The ledger checks the
// case; each problem it names by path ("benefits[1].forecast[0].amount") is shown next to that
// very field, in the page's language. The save names the revision the form was drawn from
// (If-Match): a version saved by someone else meanwhile is refused (412) rather than silently
// overwritten with this draft, which stays in the form.

import { getNow, put } from '../api.js';
import { stockholmYear } from '../days.js';
import { announce, h, uid } from '../dom.js';
import { label, t } from '../i18n.js';
import { normaliseAmountInput } from '../money.js';
import { formActions, makeField, onSubmit } from '../forms.js';
import { pageNotice } from './common.js';
import { isValued } from './lines.js';

const COST_KINDS = ['one-off', 'recurring'];
const CLASSES = ['financial', 'redistributable', 'qualitative'];
const DIRECTIONS = ['increase', 'decrease'];
const DEFAULT_DISCOUNT_RATE = '0.035';
const DEFAULT_HORIZON_YEARS = '5';
/**
 * The ledger's own limits (src/investment/benefit-case.ts: MAX_COST_LINES and
 * MAX_BENEFIT_LINES, MAX_FORECAST_ENTRIES = 50 years × 12 months): a monthly forecast over a
 * few years is a legitimate case, and a lower limit here kept it off the page without a word.
 */
const MAX_LINES = 100;
const MAX_PERIODS = 600;

/** Said beside an add button that the limit has disabled. */
const limitNote = (reached, key, n) =>
  reached ? h('p', { class: 'hint case-limit' }, t(key, { n })) : null;

const forecastRows = (forecast = []) =>
  forecast.length > 0
    ? forecast.map((e) => ({ period: e.period, amount: e.amount }))
    : [{ period: '', amount: '' }];

/** The draft the form edits: plain strings, as typed. */
const draftOf = (benefitCase) => {
  if (!benefitCase) {
    return {
      discountRate: DEFAULT_DISCOUNT_RATE,
      horizonYears: DEFAULT_HORIZON_YEARS,
      startYear: String(stockholmYear()),
      assumptions: '',
      qualitativeOnlyReason: '',
      costs: [emptyCost()],
      benefits: [emptyBenefit()],
    };
  }
  return {
    discountRate: String(benefitCase.discountRate ?? DEFAULT_DISCOUNT_RATE),
    horizonYears: String(benefitCase.horizonYears ?? ''),
    startYear: String(benefitCase.startYear ?? ''),
    assumptions: benefitCase.assumptions ?? '',
    qualitativeOnlyReason: benefitCase.qualitativeOnlyReason ?? '',
    costs: benefitCase.costs.map((c) => ({
      costLineId: c.costLineId,
      kind: c.kind,
      description: c.description,
      forecast: forecastRows(c.forecast),
    })),
    benefits: benefitCase.benefits.map((b) => ({
      benefitLineId: b.benefitLineId,
      description: b.description,
      class: b.class,
      owner: b.owner,
      unit: b.indicator.unit,
      baseline: b.indicator.baseline,
      target: b.indicator.target,
      direction: b.indicator.direction,
      method: b.indicator.method,
      frequency: b.indicator.frequency,
      forecast: forecastRows(b.forecast),
    })),
  };
};

function emptyCost() {
  return { costLineId: '', kind: 'one-off', description: '', forecast: forecastRows() };
}

function emptyBenefit() {
  return {
    benefitLineId: '',
    description: '',
    class: 'financial',
    owner: '',
    unit: '',
    baseline: '',
    target: '',
    direction: 'decrease',
    method: '',
    frequency: '',
    forecast: forecastRows(),
  };
}

/** A whole number as JSON reads it; anything else is sent as typed for the ledger to name. */
const wholeNumber = (text) => (/^-?[0-9]{1,6}$/.test(text) ? Number(text) : text);

/** A decimal as typed, Swedish "0,035" or "0.035", as the API reads it (no thousands here). */
const decimalText = (text) => text.trim().replace(',', '.');

const forecastBody = (rows) =>
  rows.map((r) => ({ period: r.period.trim(), amount: normaliseAmountInput(r.amount.trim()) }));

/** The request body: what the ledger's PUT reads. */
const caseBody = (draft) => ({
  discountRate: decimalText(draft.discountRate),
  horizonYears: wholeNumber(draft.horizonYears.trim()),
  ...(draft.startYear.trim() ? { startYear: wholeNumber(draft.startYear.trim()) } : {}),
  ...(draft.assumptions.trim() ? { assumptions: draft.assumptions.trim() } : {}),
  ...(draft.qualitativeOnlyReason.trim()
    ? { qualitativeOnlyReason: draft.qualitativeOnlyReason.trim() }
    : {}),
  costs: draft.costs.map((c) => ({
    costLineId: c.costLineId.trim(),
    kind: c.kind,
    description: c.description.trim(),
    forecast: forecastBody(c.forecast),
  })),
  benefits: draft.benefits.map((b) => ({
    benefitLineId: b.benefitLineId.trim(),
    description: b.description.trim(),
    class: b.class,
    owner: b.owner.trim(),
    indicator: {
      unit: b.unit.trim(),
      baseline: decimalText(b.baseline),
      target: decimalText(b.target),
      direction: b.direction,
      method: b.method.trim(),
      frequency: b.frequency.trim(),
    },
    ...(isValued(b.class) ? { forecast: forecastBody(b.forecast) } : {}),
  })),
});

const choice = (prefix, values) => values.map((v) => ({ value: v, label: label(prefix, v) }));

/**
 * A documented line keeps its class (the server refuses BENEFIT_LINE_CLASS_CHANGED): the other
 * classes are shown but cannot be chosen, and the hint says how to change what a benefit is.
 */
const classSpec = (documentedClass) => ({
  label: t('inv.class'),
  type: 'select',
  options: choice('class', CLASSES).map((o) => ({
    ...o,
    disabled: documentedClass !== undefined && o.value !== documentedClass,
  })),
  ...(documentedClass === undefined ? {} : { hint: t('case.classKept') }),
  redraw: true,
});

/**
 * Draws the editor into `form` from `draft`; every field is registered under its API path so
 * a refusal lands on it. Structural changes (a line or period added or removed, a class that
 * drops the forecast) redraw it from the draft.
 */
const drawEditor = (editor) => {
  const { draft, fields } = editor;
  fields.clear();
  const field = (path, spec, get, set) => {
    const made = makeField({ ...spec, name: path, value: get() });
    made.control.addEventListener(spec.type === 'select' ? 'change' : 'input', () => {
      set(made.control.value);
      if (spec.redraw) editor.redraw(path);
    });
    fields.set(path, made);
    return made.wrapper;
  };
  // The list itself can be refused ("must have at least one period"): its add button takes it.
  const group = (path, button) => {
    const error = h('p', { class: 'field-error', hidden: true, dataset: { field: path } });
    fields.set(path, { spec: { name: path }, control: button, error });
    return error;
  };
  const text = (obj, key, path, spec) =>
    field(
      path,
      spec,
      () => obj[key],
      (v) => {
        obj[key] = v;
      },
    );

  const forecastTable = (owner, path, caption) => {
    const add = h(
      'button',
      {
        type: 'button',
        class: 'small',
        disabled: owner.forecast.length >= MAX_PERIODS,
        onclick: () => {
          owner.forecast.push({ period: '', amount: '' });
          editor.redraw(`${path}[${owner.forecast.length - 1}].period`);
        },
      },
      t('case.addPeriod'),
    );
    return h(
      'fieldset',
      { class: 'forecast-rows', dataset: { path } },
      h('legend', {}, caption),
      owner.forecast.map((row, j) =>
        h(
          'div',
          { class: 'forecast-row', dataset: { path: `${path}[${j}]` } },
          text(row, 'period', `${path}[${j}].period`, {
            label: t('case.period'),
            placeholder: '2018',
            maxlength: '7',
          }),
          text(row, 'amount', `${path}[${j}].amount`, {
            label: t('case.amount'),
            inputmode: 'decimal',
          }),
          h(
            'button',
            {
              type: 'button',
              class: 'small link-button',
              'aria-label': t('case.removePeriodOf', { n: j + 1, what: caption }),
              onclick: () => {
                owner.forecast.splice(j, 1);
                editor.redraw(`${path}`);
              },
            },
            t('case.remove'),
          ),
        ),
      ),
      group(path, add),
      add,
      limitNote(owner.forecast.length >= MAX_PERIODS, 'case.maxPeriods', MAX_PERIODS),
    );
  };

  const costBlock = (cost, i) => {
    const path = `costs[${i}]`;
    const name = t('case.costN', { n: i + 1 });
    return h(
      'fieldset',
      { class: 'case-line cost-line', dataset: { path } },
      h('legend', {}, name),
      h(
        'div',
        { class: 'case-line-fields' },
        text(cost, 'costLineId', `${path}.costLineId`, {
          label: t('case.lineId'),
          hint: t('case.lineIdHint'),
          maxlength: '64',
        }),
        field(
          `${path}.kind`,
          { label: t('inv.kind'), type: 'select', options: choice('kind', COST_KINDS) },
          () => cost.kind,
          (v) => {
            cost.kind = v;
          },
        ),
        text(cost, 'description', `${path}.description`, {
          label: t('case.description'),
          maxlength: '200',
        }),
      ),
      forecastTable(cost, `${path}.forecast`, t('case.forecastOf', { what: name })),
      h(
        'button',
        {
          type: 'button',
          class: 'small',
          onclick: () => {
            editor.draft.costs.splice(i, 1);
            editor.redraw('costs');
          },
        },
        t('case.removeLine', { what: name }),
      ),
    );
  };

  const benefitBlock = (line, i) => {
    const path = `benefits[${i}]`;
    const name = t('case.benefitN', { n: i + 1 });
    return h(
      'fieldset',
      { class: 'case-line benefit-line', dataset: { path } },
      h('legend', {}, name),
      h(
        'div',
        { class: 'case-line-fields' },
        text(line, 'benefitLineId', `${path}.benefitLineId`, {
          label: t('case.lineId'),
          hint: t('case.lineIdHint'),
          maxlength: '64',
        }),
        text(line, 'description', `${path}.description`, {
          label: t('case.description'),
          maxlength: '200',
        }),
        field(
          `${path}.class`,
          classSpec(editor.documented.get(line.benefitLineId)),
          () => line.class,
          (v) => {
            line.class = v;
          },
        ),
        text(line, 'owner', `${path}.owner`, {
          label: t('inv.owner'),
          hint: t('case.ownerHint'),
          maxlength: '128',
        }),
      ),
      h(
        'fieldset',
        { class: 'indicator', dataset: { path: `${path}.indicator` } },
        h('legend', {}, t('case.indicatorOf', { what: name })),
        h(
          'div',
          { class: 'case-line-fields' },
          text(line, 'unit', `${path}.indicator.unit`, { label: t('case.unit'), maxlength: '200' }),
          text(line, 'baseline', `${path}.indicator.baseline`, {
            label: t('case.baseline'),
            inputmode: 'decimal',
          }),
          text(line, 'target', `${path}.indicator.target`, {
            label: t('case.target'),
            inputmode: 'decimal',
          }),
          field(
            `${path}.indicator.direction`,
            {
              label: t('case.direction'),
              type: 'select',
              options: choice('direction', DIRECTIONS),
            },
            () => line.direction,
            (v) => {
              line.direction = v;
            },
          ),
          text(line, 'method', `${path}.indicator.method`, {
            label: t('inv.method'),
            maxlength: '4000',
          }),
          text(line, 'frequency', `${path}.indicator.frequency`, {
            label: t('case.frequency'),
            hint: t('case.frequencyHint'),
            maxlength: '200',
          }),
        ),
      ),
      isValued(line.class)
        ? forecastTable(line, `${path}.forecast`, t('case.forecastOf', { what: name }))
        : h('p', { class: 'hint' }, t('case.qualitativeNoForecast')),
      h(
        'button',
        {
          type: 'button',
          class: 'small',
          onclick: () => {
            editor.draft.benefits.splice(i, 1);
            editor.redraw('benefits');
          },
        },
        t('case.removeLine', { what: name }),
      ),
    );
  };

  const addLine = (list, make, path) => {
    const button = h(
      'button',
      {
        type: 'button',
        disabled: draft[list].length >= MAX_LINES,
        onclick: () => {
          draft[list].push(make());
          editor.redraw(
            `${path}[${draft[list].length - 1}].${list === 'costs' ? 'costLineId' : 'benefitLineId'}`,
          );
        },
      },
      t(list === 'costs' ? 'case.addCost' : 'case.addBenefit'),
    );
    return [
      group(list, button),
      button,
      limitNote(draft[list].length >= MAX_LINES, 'case.maxLines', MAX_LINES),
    ];
  };

  return [
    h(
      'div',
      { class: 'case-line-fields' },
      text(draft, 'discountRate', 'discountRate', {
        label: t('inv.discountRate'),
        hint: t('case.discountRateHint'),
        inputmode: 'decimal',
      }),
      text(draft, 'horizonYears', 'horizonYears', {
        label: t('case.horizonYears'),
        inputmode: 'numeric',
      }),
      text(draft, 'startYear', 'startYear', { label: t('case.startYear'), inputmode: 'numeric' }),
    ),
    text(draft, 'assumptions', 'assumptions', {
      label: t('inv.assumptions'),
      type: 'textarea',
      maxlength: '8000',
    }),
    h('h3', {}, t('inv.costs')),
    draft.costs.map(costBlock),
    addLine('costs', emptyCost, 'costs'),
    h('h3', {}, t('inv.lines')),
    draft.benefits.map(benefitBlock),
    addLine('benefits', emptyBenefit, 'benefits'),
    text(draft, 'qualitativeOnlyReason', 'qualitativeOnlyReason', {
      label: t('case.qualitativeOnlyReason'),
      hint: t('case.qualitativeOnlyReasonHint'),
      type: 'textarea',
      maxlength: '4000',
    }),
  ];
};

/** The field a problem's path names, or the nearest list or line that holds it. */
const fieldForPath = (fields) => (path) => {
  let at = String(path ?? '');
  while (at) {
    const found = fields.get(at);
    if (found) return found;
    const cut = Math.max(at.lastIndexOf('.'), at.lastIndexOf('['));
    at = cut > 0 ? at.slice(0, cut) : '';
  }
  return undefined;
};

/**
 * What the save recorded, from the ledger right after the answer's event (`asOfPosition`): the
 * version it documented, or that the case was already the current version (a save of an
 * unchanged case records nothing and answers the version's own event).
 */
const savedText = async (inv, answer) => {
  let version;
  try {
    const after = await getNow(`/api/investments/${inv.investmentId}`, {
      query: { asOfPosition: answer.position },
    });
    version = after.currentCaseVersion;
  } catch {
    return t('case.savedNoVersion');
  }
  if (version === null || version === undefined) return t('case.savedNoVersion');
  return version === inv.currentCaseVersion
    ? t('case.unchanged', { version })
    : t('case.saved', { version });
};

export const caseEditor = (ctx, inv) => {
  const next = (inv.currentCaseVersion ?? 0) + 1;
  const headingId = uid('case-editor');
  const body = h('div', { class: 'case-editor-body' });
  const actions = formActions(t('case.save', { version: next }));
  const editor = {
    draft: draftOf(inv.benefitCase),
    /** The class each line of the current version was documented with, by line id. */
    documented: new Map((inv.benefitCase?.benefits ?? []).map((b) => [b.benefitLineId, b.class])),
    fields: new Map(),
    redraw: (focusPath) => {
      body.replaceChildren(...drawEditor(editor).flat());
      const target = editor.fields.get(focusPath);
      target?.control?.focus();
    },
  };
  body.replaceChildren(...drawEditor(editor).flat());
  const form = h(
    'form',
    {
      class: 'write-form case-form',
      'aria-labelledby': headingId,
      novalidate: true,
      dataset: { keepDraft: 'true' },
    },
    h(
      'p',
      { class: 'form-intro' },
      inv.benefitCase
        ? t('case.intro', { current: inv.currentCaseVersion, next })
        : t('case.introFirst'),
    ),
    body,
    actions.footer,
  );
  onSubmit(form, actions, {
    fields: () => [...editor.fields.values()],
    input: () => JSON.stringify(caseBody(editor.draft)),
    send: (draft) =>
      put(`/api/investments/${inv.investmentId}/benefit-case`, caseBody(editor.draft), {
        key: draft.key,
        ifMatch: inv.revision,
      }),
    saved: async (answer) => {
      const message = await savedText(inv, answer);
      announce(message);
      await ctx.rerender();
      // The editor is folded away once the case exists: the page's heading says it.
      pageNotice(message);
      document.querySelector('main h1')?.focus();
    },
    placing: {
      fieldFor: fieldForPath(editor.fields),
      textForCode: { REVISION_MISMATCH: 'case.changed' },
    },
  });
  const details = h(
    'details',
    { class: 'card case-editor', open: inv.benefitCase ? undefined : true },
    h('summary', {}, h('h2', { id: headingId }, t('case.title', { version: next }))),
    form,
  );
  // Kept over a redraw of the page (a language switch, reading the ledger again), the typed
  // rows with it. Put back only over the revision it was drawn from: over a version saved by
  // someone else meanwhile, the save would replace what they documented with a draft of the
  // version before theirs.
  form.keptDraft = () => ({
    revision: inv.revision,
    draft: window.structuredClone(editor.draft),
    open: details.open,
  });
  form.restoreDraft = (kept) => {
    if (kept.revision !== inv.revision) return;
    editor.draft = kept.draft;
    editor.redraw();
    details.open = kept.open;
  };
  return details;
};
