// Write forms: labelled fields with hints, and the server's refusals (problem+json) shown in
// plain words next to the field they concern.

import { ApiError } from './api.js';
import { h, uid } from './dom.js';
import { money } from './format.js';
import { has, t } from './i18n.js';
import { isMoney } from './money.js';

/** Values of a refusal worth showing in its sentence, formatted (money as money). */
const refusalVars = (problem) =>
  Object.fromEntries(
    Object.entries(problem).map(([key, value]) => [
      key,
      Array.isArray(value) ? value.join('; ') : isMoney(value) ? money(value) : value,
    ]),
  );

/** "benefits[0].forecast" → "benefits": the form field a server path belongs to. */
const fieldOfPath = (path) => String(path ?? '').split(/[.[]/)[0];

export const plainRefusal = (error) => {
  if (!(error instanceof ApiError)) return String(error?.message ?? error);
  if (error.status === 0) return t('error.network');
  const key = `refusal.${error.code}`;
  return has(key) ? t(key, refusalVars(error.problem)) : error.problem.detail || error.message;
};

const makeControl = (spec, id, describedBy) => {
  const common = {
    id,
    name: spec.name,
    required: spec.required ? true : undefined,
    'aria-describedby': describedBy,
    autocomplete: spec.autocomplete ?? 'off',
  };
  if (spec.type === 'select') {
    return h(
      'select',
      common,
      spec.options.map((o) =>
        h('option', { value: o.value, selected: o.value === spec.value }, o.label),
      ),
    );
  }
  if (spec.type === 'textarea')
    return h('textarea', { ...common, rows: '3', maxlength: spec.maxlength }, spec.value ?? '');
  return h('input', {
    ...common,
    type: spec.type ?? 'text',
    value: spec.value ?? '',
    inputmode: spec.inputmode,
    pattern: spec.pattern,
    placeholder: spec.placeholder,
    list: spec.list,
    maxlength: spec.maxlength,
  });
};

const makeField = (spec) => {
  const id = uid(`f-${spec.name}`);
  const hintId = spec.hint ? `${id}-hint` : undefined;
  const errorId = `${id}-error`;
  const control = makeControl(spec, id, [hintId, errorId].filter(Boolean).join(' '));
  const error = h('p', {
    id: errorId,
    class: 'field-error',
    hidden: true,
    dataset: { field: spec.name },
  });
  const wrapper = h(
    'div',
    { class: 'field' },
    h(
      'label',
      { for: id },
      spec.label,
      spec.required ? h('span', { class: 'required', 'aria-hidden': 'true' }, ' *') : null,
    ),
    spec.hint ? h('p', { id: hintId, class: 'hint' }, spec.hint) : null,
    control,
    error,
    spec.datalist
      ? h(
          'datalist',
          { id: spec.list },
          spec.datalist.map((v) => h('option', { value: v })),
        )
      : null,
  );
  return { spec, wrapper, control, error };
};

const showFieldError = (field, message) => {
  field.error.textContent = message;
  field.error.hidden = false;
  field.control.setAttribute('aria-invalid', 'true');
};

const clearErrors = (fields, alert) => {
  fields.forEach((f) => {
    f.error.hidden = true;
    f.error.textContent = '';
    f.control.removeAttribute('aria-invalid');
  });
  alert.hidden = true;
  alert.textContent = '';
};

/** Places a refusal: field problems on their fields, a rule's refusal on the field it names. */
const showRefusal = (error, fields, alert, fieldForCode) => {
  const byName = new Map(fields.map((f) => [f.spec.name, f]));
  const fieldProblems = error instanceof ApiError ? (error.problem.errors ?? []) : [];
  let placed = 0;
  for (const problem of fieldProblems) {
    const field = byName.get(fieldOfPath(problem.path));
    if (!field) continue;
    showFieldError(field, t('refusal.field', { message: problem.message }));
    placed++;
  }
  const codeField = error instanceof ApiError ? byName.get(fieldForCode[error.code]) : undefined;
  if (codeField && placed === 0) {
    showFieldError(codeField, plainRefusal(error));
    placed++;
  }
  alert.textContent = t('form.problem', { detail: plainRefusal(error) });
  alert.hidden = false;
  const firstInvalid = fields.find((f) => !f.error.hidden);
  (firstInvalid?.control ?? alert).focus();
};

/**
 * A form that writes to the ledger. `submit(values)` returns the API's promise; `done()` runs
 * after success (typically: redraw the page with the new state).
 */
export const writeForm = ({
  title,
  fields: specs,
  submitLabel,
  submit,
  done,
  fieldForCode = {},
  className,
}) => {
  const fields = specs.map(makeField);
  const alert = h('p', { class: 'form-alert', role: 'alert', tabindex: '-1', hidden: true });
  const status = h('p', { class: 'form-status', role: 'status' });
  const button = h('button', { type: 'submit', class: 'primary' }, submitLabel);
  const headingId = uid('form');
  const form = h(
    'form',
    { class: ['write-form', className], 'aria-labelledby': headingId, novalidate: true },
    h('h3', { id: headingId, tabindex: '-1' }, title),
    fields.map((f) => f.wrapper),
    alert,
    h('div', { class: 'form-actions' }, button, status),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(fields, alert);
    status.textContent = '';
    const missing = fields.filter((f) => f.spec.required && f.control.value.trim() === '');
    if (missing.length > 0) {
      missing.forEach((f) => showFieldError(f, t('form.required')));
      missing[0].control.focus();
      return;
    }
    const values = Object.fromEntries(fields.map((f) => [f.spec.name, f.control.value.trim()]));
    button.disabled = true;
    try {
      await submit(values);
    } catch (error) {
      showRefusal(error, fields, alert, fieldForCode);
      return;
    } finally {
      button.disabled = false;
    }
    status.textContent = t('form.saved');
    await done?.();
  });
  return form;
};
