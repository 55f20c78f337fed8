// The auditor's page: verify the ledger's hash chain (against a digest kept outside, too), take
// a digest, download the change report (CSV) and an investment's history. Open to every role,
// as the API is; it writes nothing.

import { get, getNow, getText } from '../api.js';
import { csvDialect, download, downloadCsv } from '../csv.js';
import { endOfStockholmDay, startOfStockholmDay, stockholmDay } from '../days.js';
import { h, section, uid } from '../dom.js';
import { number } from '../format.js';
import { currentLang, t } from '../i18n.js';
import { clearFieldErrors, fieldProblems, makeField, showFieldError } from '../forms.js';
import { SEARCH_PAUSE_MS, action, errorBox, errorText, pageTitle } from './common.js';

/** The history's own page limit: a longer history is read page by page. */
const HISTORY_PAGE = 10_000;
/** A history longer than this many pages is cut, and the file says so. */
const MAX_HISTORY_PAGES = 100;

/**
 * Why a kept digest does not match, as the API says it, in the page's language: the API's
 * `reason` is English, and its known shapes have Swedish sentences (the numbers kept).
 */
const DIGEST_REASONS = [
  [
    /^the event at position ([0-9]+) has hash ([0-9a-f]+), the digest recorded ([0-9a-f]+): the history was rewritten$/,
    'audit.reason.rewritten',
    ['position', 'hash', 'recorded'],
  ],
  [
    /^the ledger ends at position ([0-9]+), before the digest's position ([0-9]+): events were removed$/,
    'audit.reason.removed',
    ['end', 'position'],
  ],
  [
    /^the history up to position ([0-9]+) has changed: the first broken link is at ([0-9]+)$/,
    'audit.reason.changed',
    ['position', 'broken'],
  ],
  [
    /^the streams' chain heads at position ([0-9]+) differ from the digest/,
    'audit.reason.streams',
    ['position'],
  ],
];

const digestReason = (reason) => {
  if (!reason) return null;
  if (currentLang() === 'en') return reason;
  for (const [shape, key, names] of DIGEST_REASONS) {
    const match = shape.exec(reason);
    if (match) return t(key, Object.fromEntries(names.map((n, i) => [n, match[i + 1]])));
  }
  return t('audit.reason.other', { reason });
};

/**
 * The verdict of a verification. The chain is broken only when the API names the first broken
 * position; `ok: false` without one means the chain holds and the kept digest does not match.
 */
const verifyResult = (answer) => {
  const digest = answer.digest;
  const broken = answer.firstBrokenPosition !== undefined && answer.firstBrokenPosition !== null;
  const differs = !answer.ok && !broken && digest && !digest.matches;
  const n = number(answer.eventsChecked);
  let verdict;
  if (answer.ok || differs) verdict = t('audit.verify.ok', { n });
  else if (broken) verdict = t('audit.verify.broken', { n, position: answer.firstBrokenPosition });
  else verdict = t('audit.verify.failed', { n });
  const state = answer.ok ? 'ok' : differs ? 'digest-differs' : 'broken';
  const reason = digest && !digest.matches ? digestReason(digest.reason) : null;
  return h(
    'div',
    { class: ['verify-result', state], dataset: { ok: String(answer.ok) } },
    h('p', { class: ['verify-verdict', answer.ok || differs ? 'ok' : 'broken'] }, verdict),
    digest
      ? h(
          'p',
          { class: ['digest-verdict', digest.matches ? 'ok' : 'broken'] },
          digest.matches
            ? t('audit.verify.digestMatches', { position: digest.position })
            : t('audit.verify.digestDiffers', { position: digest.position }),
        )
      : null,
    reason ? h('p', { class: 'digest-reason' }, reason) : null,
  );
};

const verifySection = () => {
  const digestField = makeField({
    name: 'digest',
    label: t('audit.verify.digestField'),
    hint: t('audit.verify.digestHint'),
    maxlength: '200',
  });
  const { button, result } = action(t('audit.verify.run'), 'primary verify-button', async () => {
    clearFieldErrors([digestField]);
    const digest = digestField.control.value.trim();
    try {
      return verifyResult(await getNow('/api/audit/verify', { query: { digest } }));
    } catch (error) {
      // A digest the API cannot read: said at the field, as a form's refusal is.
      const problems = fieldProblems(error).filter((p) => p.path === 'digest');
      if (problems.length === 0)
        return h(
          'p',
          { class: 'notice error', role: 'alert' },
          t('audit.verify.failedToRun', { detail: errorText(error) }),
        );
      showFieldError(digestField, problems.map((p) => p.text).join(' '));
      digestField.control.focus();
      return h('p', { class: 'notice error' }, t('audit.verify.digestRefused'));
    }
  });
  return section(
    t('audit.verify.title'),
    h('p', {}, t('audit.verify.intro')),
    h('div', { class: 'audit-verify' }, digestField.wrapper, button, result),
  );
};

const digestSection = () => {
  const digestAction = action(
    t('audit.digest.run'),
    'digest-button',
    async () => {
      const answer = await getNow('/api/audit/digest');
      return h(
        'dl',
        { class: 'facts digest-answer' },
        h('div', {}, h('dt', {}, t('audit.digest.position')), h('dd', {}, String(answer.position))),
        h(
          'div',
          {},
          h('dt', {}, t('audit.digest.value')),
          h('dd', {}, h('code', { class: 'digest-value' }, answer.digest)),
        ),
      );
    },
    { what: t('audit.digest.what') },
  );
  return section(
    t('audit.digest.title'),
    h('p', {}, t('audit.digest.intro')),
    digestAction.button,
    digestAction.result,
  );
};

/** A day up to today, Stockholm's today (the UTC day is yesterday just after midnight). */
const dateInput = (name, text) =>
  makeField({ name, label: text, type: 'date', max: stockholmDay() });

/**
 * The change report's period as the person means it: from the start of the first Stockholm day
 * to the end of the last. The API reads a bare date there as a UTC day, which would move the
 * events recorded between midnight and 01:00 (02:00 in summer) Swedish time to the day before.
 */
const periodQuery = (fromDay, toDay) => ({
  from: fromDay ? startOfStockholmDay(fromDay) : '',
  to: toDay ? endOfStockholmDay(toDay) : '',
});

const changesSection = () => {
  const from = dateInput('from', t('audit.changes.from'));
  const to = dateInput('to', t('audit.changes.to'));
  const { button, result } = action(
    t('audit.changes.download'),
    'changes-button',
    async () => {
      const [fromDay, toDay] = [from.control.value, to.control.value];
      const query = {
        format: 'csv',
        // Semicolons, decimal comma and Swedish names on the Swedish page, as Excel there reads them.
        dialect: csvDialect(),
        ...periodQuery(fromDay, toDay),
      };
      const text = await getText('/api/audit/changes', query);
      const name = t('file.changes', {
        from: fromDay || t('file.start'),
        to: toDay || t('file.now'),
      });
      downloadCsv(name, text);
      return h('p', {}, t('audit.downloaded', { name }));
    },
    { what: t('audit.changes.what') },
  );
  return section(
    t('audit.changes.title'),
    h('p', {}, t('audit.changes.intro')),
    h('div', { class: 'grid-2 compact' }, from.wrapper, to.wrapper),
    button,
    result,
  );
};

/** Every page of an investment's history, as one JSON document. */
export const wholeHistory = async (investmentId) => {
  const events = [];
  let after;
  let last;
  for (let page = 0; page < MAX_HISTORY_PAGES; page++) {
    last = await getNow(`/api/investments/${investmentId}/history`, {
      query: { limit: HISTORY_PAGE, after },
    });
    events.push(...last.events);
    if (!last.next) break;
    after = last.next;
  }
  return { investmentId, events, stateAtEnd: last?.stateAtEnd ?? null, complete: !last?.next };
};

/** A button that downloads one investment's whole history (`idOf()` names the investment). */
export const historyDownload = (idOf) =>
  action(
    t('audit.history.download'),
    'history-button',
    async () => {
      const investmentId = idOf();
      // The button may be back on after a download while a search found nothing to choose.
      if (!investmentId) throw new Error(t('audit.history.none'));
      const history = await wholeHistory(investmentId);
      const name = t('file.history', { investmentId });
      download(name, `${JSON.stringify(history, null, 2)}\n`, 'application/json');
      return h('p', {}, t('audit.downloaded', { name }));
    },
    { what: t('audit.history.what') },
  );

/** Investments offered at once in the history's choice; typing narrows a longer list. */
const HISTORY_CHOICES = 50;

/**
 * The investment whose history to download, found by a part of its title or id. The choice
 * holds one page of the list (the service's own search), not every investment: a fund of
 * thousands of investments had the page wait for the whole list, with every investment's
 * figures, before it showed anything.
 */
const historySection = () => {
  const searchId = uid('history-search');
  const id = uid('history-investment');
  const select = h('select', { id, name: 'investment' });
  const note = h('div', { class: 'hint history-choices', role: 'status', 'aria-live': 'polite' });
  const { button, result } = historyDownload(() => select.value);
  // Nothing to download until the service has offered a choice.
  button.disabled = true;
  // Only the latest search's answer is shown, whatever order the answers arrive in.
  let asked = 0;
  const choose = async (text) => {
    const mine = ++asked;
    let answer;
    try {
      answer = await get('/api/investments', { q: text, limit: HISTORY_CHOICES });
    } catch (error) {
      if (mine !== asked) return;
      select.replaceChildren();
      button.disabled = true;
      note.replaceChildren(errorBox(t('audit.history.title'), error));
      return;
    }
    if (mine !== asked) return;
    const chosen = select.value;
    select.replaceChildren(
      ...answer.investments.map((inv) =>
        h(
          'option',
          { value: inv.investmentId, selected: inv.investmentId === chosen },
          // Titles may repeat; the id tells them apart.
          `${inv.title} (${inv.investmentId})`,
        ),
      ),
    );
    button.disabled = answer.investments.length === 0;
    const shown = answer.investments.length;
    note.replaceChildren(
      shown === 0
        ? t('audit.history.none')
        : answer.total > shown
          ? t('audit.history.more', { shown: number(shown), total: number(answer.total) })
          : '',
    );
  };
  let pause;
  const search = h('input', {
    id: searchId,
    type: 'search',
    name: 'investment-search',
    oninput: (e) => {
      window.clearTimeout(pause);
      pause = window.setTimeout(() => choose(e.target.value.trim()), SEARCH_PAUSE_MS);
    },
  });
  void choose('');
  return section(
    t('audit.history.title'),
    h('p', {}, t('audit.history.intro')),
    h(
      'div',
      { class: 'grid-2 compact' },
      h('div', { class: 'field' }, h('label', { for: searchId }, t('list.search')), search),
      h('div', { class: 'field' }, h('label', { for: id }, t('followUp.investment')), select),
    ),
    note,
    button,
    result,
  );
};

export const auditView = async () => {
  const page = h('div', { class: 'page audit' }, pageTitle(t('audit.title')));
  page.append(verifySection(), digestSection(), changesSection(), historySection());
  return page;
};
