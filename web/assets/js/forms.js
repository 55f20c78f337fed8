// Write forms: labelled fields with hints, and the server's refusals (problem+json) shown in
// the page's language next to the field they concern: a 400's `errors[].path` on the field
// the path names, a rule's refusal (409) on the field its code is about.

import { ApiError, newId, outcomeUnknown } from './api.js';
import { h, uid } from './dom.js';
import { date, money } from './format.js';
import { currentLang, has, t } from './i18n.js';
import { isMoney } from './money.js';
import { fieldMessage, missingText, pathText } from './problem-text.js';

/** Values of a refusal worth showing in its sentence, formatted (money as money). */
const refusalVars = (problem) =>
  Object.fromEntries(
    Object.entries(problem).map(([key, value]) => {
      if (key === 'missing' && Array.isArray(value))
        return [key, value.map(missingText).join('; ')];
      if (Array.isArray(value)) return [key, value.join('; ')];
      return [key, isMoney(value) ? money(value) : value];
    }),
  );

/** The ledger's answer to another command sent under a key it has recorded. */
const KEY_REUSED = 'IDEMPOTENCY_KEY_REUSED';

/**
 * Refusals that say the ledger has changed since the page was read (a revision moved on, the
 * money a tranche has left, what remains of an allocation, an entry taken back meanwhile): the
 * figures the person decided on are stale. Such a refusal offers to read the page again,
 * keeping what was typed in its forms (main.js, REFRESH_EVENT).
 */
const STALE_CODES = new Set([
  'REVISION_MISMATCH',
  'WRONG_EXPECTED_REVISION',
  'CONCURRENT_UPDATE',
  'TRANCHE_INSUFFICIENT_FUNDS',
  'TRANCHE_CLOSED',
  'TRANCHE_NOT_RELEASED',
  'TRANCHE_ALREADY_RELEASED',
  'CASE_VERSION_MISMATCH',
  'ALLOCATION_REDUCTION_EXCEEDS_REMAINING',
  'REDUCTION_BELOW_SPENT',
  'COST_REVERSED',
  'HARVEST_REVERSED',
  'HARVEST_EXCEEDS_REALISED',
  'AMOUNT_UNCHANGED',
  'BASELINE_VERSION_NOT_CURRENT',
  'BASELINE_UNCHANGED',
  'INVESTMENT_CLOSED',
  'EFFECT_ALREADY_REPORTED',
  'OBLIGATION_ALREADY_MET',
  'OBLIGATION_ALREADY_WAIVED',
]);

/** Asks the page (main.js) to read the ledger again, keeping the forms' input. */
export const REFRESH_EVENT = 'ledger-refresh';

/** The forms whose input survives a refresh: writeForm's, whose fields hold all their state. */
const KEPT_FORMS = 'form.write-form[data-keep-input]';
/**
 * Forms whose rows live in script (the case editor): each gives its draft (`keptDraft`) and
 * takes it back (`restoreDraft`), since its fields alone do not say how many rows it had.
 */
const DRAFT_FORMS = 'form.write-form[data-keep-draft]';

/** What was typed in the write forms under `root`: by form class, each field's value or draft. */
export const keepFormInput = (root) => [
  ...[...root.querySelectorAll(KEPT_FORMS)].map((form) => ({
    className: form.className,
    values: new Map(
      [...form.elements]
        .filter((c) => c.name)
        .map((c) => [c.name, c.type === 'checkbox' ? c.checked : c.value]),
    ),
  })),
  ...[...root.querySelectorAll(DRAFT_FORMS)].map((form) => ({
    className: form.className,
    draft: form.keptDraft(),
  })),
];

/**
 * Puts kept input back into the forms drawn anew (found by their class). Twice, with the
 * form's refresh between: a choice that depends on another field (the tranches open on the
 * decision day) is offered once that field is back. A draft form decides itself whether its
 * draft still applies.
 */
export const restoreFormInput = (root, kept) => {
  const forms = [...root.querySelectorAll(`${KEPT_FORMS}, ${DRAFT_FORMS}`)];
  for (const { className, values, draft } of kept) {
    const form = forms.find((f) => f.className === className);
    if (!form) continue;
    if (draft !== undefined) {
      form.restoreDraft?.(draft);
      continue;
    }
    for (let pass = 0; pass < 2; pass++) {
      for (const control of form.elements) {
        if (!control.name || !values.has(control.name)) continue;
        if (control.type === 'checkbox') control.checked = values.get(control.name);
        else control.value = values.get(control.name);
      }
      form.dispatchEvent(new window.Event('input', { bubbles: true }));
    }
  }
};

/** "benefits[0].forecast" → "benefits": the form field a server path belongs to. */
const fieldOfPath = (path) => String(path ?? '').split(/[.[]/)[0];

export const plainRefusal = (error) => {
  if (!(error instanceof ApiError)) return String(error?.message ?? error);
  if (error.status === 0) return t('error.network');
  const key = `refusal.${error.code}`;
  if (has(key)) return t(key, refusalVars(error.problem));
  // The API's own words are English: shown as they are only in the English page.
  if (currentLang() === 'en') return error.problem.detail || error.message;
  return t('refusal.other', { status: error.status });
};

/** The 400's field problems, each in the page's language. */
export const fieldProblems = (error) =>
  error instanceof ApiError && Array.isArray(error.problem.errors)
    ? error.problem.errors.map((p) => ({ path: p.path, text: fieldMessage(p) }))
    : [];

const makeControl = (spec, id, describedBy) => {
  const common = {
    id,
    name: spec.name,
    required: spec.required ? true : undefined,
    'aria-describedby': describedBy,
    autocomplete: spec.autocomplete ?? 'off',
  };
  if (spec.type === 'select') {
    // Choices that depend on other fields are filled in when the form first refreshes.
    const options = typeof spec.options === 'function' ? [] : spec.options;
    return h('select', common, optionElements(options, spec.value));
  }
  if (spec.type === 'textarea')
    return h('textarea', { ...common, rows: '3', maxlength: spec.maxlength }, spec.value ?? '');
  if (spec.type === 'checkbox')
    return h('input', { ...common, type: 'checkbox', checked: Boolean(spec.value) });
  return h('input', {
    ...common,
    type: spec.type ?? 'text',
    value: spec.value ?? '',
    // A date field speaks the page's language (and says so to the browser and screen readers).
    lang: spec.type === 'date' ? currentLang() : undefined,
    inputmode: spec.inputmode,
    pattern: spec.pattern,
    placeholder: spec.placeholder,
    list: spec.list,
    maxlength: spec.maxlength,
    min: spec.min,
    max: spec.max,
    step: spec.step,
  });
};

const optionElements = (options, selected) =>
  options.map((o) =>
    h('option', { value: o.value, selected: o.value === selected, disabled: o.disabled }, o.label),
  );

/** The value of a control as the form reads it: text trimmed, a checkbox as true or false. */
const controlValue = (control) =>
  control.type === 'checkbox' ? control.checked : control.value.trim();

/**
 * One labelled field: { spec, wrapper, control, error, note }. `spec.note(values)` is a live
 * line under the control (the unit of the chosen line, what is left of an allocation); a date
 * field shows the chosen day written in the page's language.
 */
export const makeField = (spec) => {
  const id = uid(`f-${spec.name}`);
  const hintId = spec.hint ? `${id}-hint` : undefined;
  const noteId = spec.note || spec.type === 'date' ? `${id}-note` : undefined;
  const errorId = `${id}-error`;
  const control = makeControl(spec, id, [hintId, noteId, errorId].filter(Boolean).join(' '));
  const error = h('p', {
    id: errorId,
    class: 'field-error',
    hidden: true,
    dataset: { field: spec.name },
  });
  const note = noteId
    ? h('p', { id: noteId, class: 'field-note', dataset: { note: spec.name } })
    : null;
  const labelText = h(
    'label',
    { for: id },
    spec.label,
    spec.required ? h('span', { class: 'required', 'aria-hidden': 'true' }, ' *') : null,
  );
  const wrapper = h(
    'div',
    {
      class: ['field', spec.type === 'checkbox' ? 'field-check' : null],
      dataset: { name: spec.name },
    },
    spec.type === 'checkbox' ? [control, labelText] : [labelText],
    spec.hint ? h('p', { id: hintId, class: 'hint' }, spec.hint) : null,
    spec.type === 'checkbox' ? null : control,
    note,
    error,
    spec.datalist
      ? h(
          'datalist',
          { id: spec.list },
          spec.datalist.map((v) => h('option', { value: v })),
        )
      : null,
  );
  return { spec, wrapper, control, error, note };
};

/** Redraws the live notes and the choices that depend on other fields. */
const refreshField = (field, values) => {
  const { spec, control, note } = field;
  if (typeof spec.options === 'function') {
    const options = spec.options(values);
    const keep = options.some((o) => o.value === control.value) ? control.value : options[0]?.value;
    control.replaceChildren(...optionElements(options, keep));
    if (keep !== undefined) control.value = keep;
  }
  if (!note) return;
  if (spec.type === 'date') {
    note.textContent = control.value ? t('form.dateIs', { date: date(control.value) }) : '';
  } else {
    note.textContent = spec.note(values) ?? '';
  }
  note.hidden = note.textContent === '';
};

export const showFieldError = (field, message) => {
  field.error.textContent = message;
  field.error.hidden = false;
  field.control.setAttribute('aria-invalid', 'true');
};

export const clearFieldErrors = (fields) => {
  fields.forEach((f) => {
    f.error.hidden = true;
    f.error.textContent = '';
    f.control.removeAttribute('aria-invalid');
  });
};

/**
 * Places a refusal: each 400 field problem on the field its path names, a rule's refusal on
 * the field its code is about; what no field takes is listed in the form's alert, path named.
 * `fieldFor(path)` answers a field (or undefined); the default takes the path's first name;
 * `textForCode` names a dictionary key for a code the form says in words of its own;
 * `refreshable` offers, for a refusal that says the page is stale, to read it again.
 */
const placeRefusal = (
  error,
  fields,
  alert,
  { fieldForCode = {}, fieldFor, textForCode = {}, refreshable = false } = {},
) => {
  const byName = new Map(fields.map((f) => [f.spec.name, f]));
  const find = fieldFor ?? ((path) => byName.get(fieldOfPath(path)));
  const unplaced = [];
  let placed = 0;
  for (const problem of fieldProblems(error)) {
    const field = find(problem.path);
    if (!field) {
      unplaced.push(`${pathText(problem.path)}: ${problem.text}`);
      continue;
    }
    // Two problems of one field (e.g. two forecast periods) are both shown.
    const before = field.error.hidden ? '' : `${field.error.textContent} `;
    showFieldError(field, `${before}${problem.text}`);
    placed++;
  }
  // A rule's refusal that names its field itself (`field: "closedOn"`) goes there too.
  const codeField =
    error instanceof ApiError
      ? (byName.get(fieldForCode[error.code]) ?? byName.get(error.problem.field))
      : undefined;
  // A form may say a refusal in its own words (the case editor's 412: the case changed; a
  // correction cannot do what the refusal advises a new entry to do).
  const own = error instanceof ApiError ? textForCode[error.code] : undefined;
  const said = own ? t(own) : plainRefusal(error);
  if (codeField && placed === 0) {
    showFieldError(codeField, said);
    placed++;
  }
  alert.replaceChildren(t('form.problem', { detail: said }));
  if (refreshable && error instanceof ApiError && STALE_CODES.has(error.code))
    alert.append(
      ' ',
      h(
        'button',
        {
          type: 'button',
          class: 'link-button refresh-page',
          onclick: (event) =>
            event.target.dispatchEvent(new window.CustomEvent(REFRESH_EVENT, { bubbles: true })),
        },
        t('form.refresh'),
      ),
    );
  if (unplaced.length > 0)
    alert.append(
      h(
        'ul',
        {},
        unplaced.map((text) => h('li', {}, text)),
      ),
    );
  alert.hidden = false;
  const firstInvalid = fields.find((f) => !f.error.hidden);
  (firstInvalid?.control ?? alert).focus();
};

const formValues = (fields) =>
  Object.fromEntries(fields.map((f) => [f.spec.name, controlValue(f.control)]));

/** What every write form ends with: its alert, its submit button and a status line. */
export const formActions = (submitLabel) => {
  const alert = h('div', { class: 'form-alert', role: 'alert', tabindex: '-1', hidden: true });
  const status = h('p', { class: 'form-status', role: 'status' });
  const button = h('button', { type: 'submit', class: 'primary' }, submitLabel);
  return {
    alert,
    status,
    button,
    footer: [alert, h('div', { class: 'form-actions' }, button, status)],
  };
};

/**
 * A draft of a command: its Idempotency-Key and the client ids its body names (costId,
 * allocationId, …), made when the draft is first sent and kept while it is sent again
 * unchanged. A resend after a lost answer is then the same command: the ledger answers its
 * first result and records nothing more. A success ends the draft; a changed input starts a
 * new one, except after an unknown outcome (below).
 */
const makeDraft = (input) => {
  const ids = new Map();
  return {
    input,
    /** The last send's outcome was not known (no answer, or a 5xx that may have recorded it). */
    unknown: false,
    handle: {
      key: newId(),
      /** The client id named `name` of this draft: the same one on every send of it. */
      id: (name) => {
        if (!ids.has(name)) ids.set(name, newId());
        return ids.get(name);
      },
    },
  };
};

/** Says in the form's alert that the answer was lost: not a refusal, and safe to send again. */
const showUnknown = (alert, key) => {
  alert.replaceChildren(t(key));
  alert.hidden = false;
  alert.focus();
};

/**
 * A write form's submission: the last refusal cleared, empty required fields refused here,
 * then `send(draft)` with the draft's key and ids (`input()` tells whether the input changed
 * since the last send); its refusal placed on `fields()` (the fields as the form has them now,
 * with `placing`, see placeRefusal), its answer handed to `saved(answer)`.
 *
 * After an unknown outcome the draft keeps its key and ids even when the input is then
 * changed: had the first send been recorded, the ledger refuses the changed copy under the
 * same key (409 IDEMPOTENCY_KEY_REUSED) instead of recording the thing twice, and the form
 * says that the first one was recorded.
 */
export const onSubmit = (form, actions, { fields, input, send, saved, placing }) => {
  const { alert, status, button } = actions;
  let draft = null;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const current = fields();
    clearFieldErrors(current);
    alert.hidden = true;
    alert.replaceChildren();
    status.textContent = '';
    const missing = current.filter(
      (f) => f.spec.required && f.spec.type !== 'checkbox' && f.control.value.trim() === '',
    );
    if (missing.length > 0) {
      missing.forEach((f) => showFieldError(f, t('form.required')));
      missing[0].control.focus();
      return;
    }
    const now = input();
    const changed = draft !== null && draft.input !== now;
    if (draft === null || (changed && !draft.unknown)) draft = makeDraft(now);
    const changedAfterUnknown = changed && draft.unknown;
    draft.input = now;
    button.disabled = true;
    let answer;
    try {
      answer = await send(draft.handle);
    } catch (error) {
      if (outcomeUnknown(error)) {
        draft.unknown = true;
        showUnknown(alert, 'form.unknown');
        return;
      }
      if (changedAfterUnknown && error instanceof ApiError && error.code === KEY_REUSED) {
        // The send whose answer was lost was recorded, with the input as it was then.
        draft = null;
        showUnknown(alert, 'form.unknownWasRecorded');
        return;
      }
      draft.unknown = false;
      placeRefusal(error, current, alert, placing);
      return;
    } finally {
      button.disabled = false;
    }
    draft = null;
    await saved(answer);
  });
};

/**
 * A form that writes to the ledger. `submit(values, draft)` returns the API's promise, its
 * client ids and Idempotency-Key taken from `draft` (`draft.id('costId')`, `draft.key`; see
 * onSubmit); `done(answer, message)` runs after success (typically: redraw the page with the
 * new state and show `message` again). `savedText(values, answer)` says what was recorded, in
 * the form's status line ("Registrerat." without it). `intro` is a line under the heading (what
 * the form acts on); `fieldForPath(path)` names the field of a body path when the two differ;
 * `textForCode` says a refusal in the form's own words (an i18n key by problem code).
 */
export const writeForm = ({
  title,
  intro,
  fields: specs,
  submitLabel,
  submit,
  done,
  savedText,
  fieldForCode = {},
  textForCode = {},
  fieldForPath,
  className,
}) => {
  const fields = specs.map(makeField);
  const byName = new Map(fields.map((f) => [f.spec.name, f]));
  // A form whose fields are named otherwise than the body's paths says which field a path is.
  const fieldFor = fieldForPath
    ? (path) => byName.get(fieldForPath(String(path ?? '')) ?? fieldOfPath(path))
    : undefined;
  const actions = formActions(submitLabel);
  const headingId = uid('form');
  const refresh = () => {
    const values = formValues(fields);
    fields.forEach((f) => refreshField(f, values));
  };
  const form = h(
    'form',
    {
      class: ['write-form', className],
      'aria-labelledby': headingId,
      dataset: { keepInput: 'true' },
      novalidate: true,
      onchange: refresh,
      oninput: refresh,
    },
    h('h3', { id: headingId, tabindex: '-1' }, title),
    intro ? h('p', { class: 'form-intro' }, intro) : null,
    fields.map((f) => f.wrapper),
    actions.footer,
  );
  refresh();
  // What was sent, for the sentence that says what was recorded (the form is redrawn after).
  let sent = {};
  onSubmit(form, actions, {
    fields: () => fields,
    input: () => JSON.stringify(formValues(fields)),
    send: (draft) => {
      sent = formValues(fields);
      return submit(sent, draft);
    },
    saved: async (answer) => {
      const message = savedText?.(sent, answer) ?? t('form.saved');
      actions.status.textContent = message;
      await done?.(answer, message);
    },
    placing: { fieldForCode, fieldFor, textForCode, refreshable: true },
  });
  return form;
};
