// The audit timeline: who recorded what, when and why. Every event can move the whole page to
// the moment right after it; events after the moment shown are marked as not yet recorded.

import { getNow } from '../api.js';
import { endOfStockholmDay } from '../days.js';
import { clear, h, section } from '../dom.js';
import { dateTime, money } from '../format.js';
import { has, label, t } from '../i18n.js';
import { isMoney } from '../money.js';
import { historyDownload } from './audit.js';
import { action, errorBox } from './common.js';
import { lineName, reportedValueText } from './lines.js';
import { personName } from '../people.js';

/** Money fields of event data; `value` is money only on a valued line. */
const MONEY_FIELDS = ['amount', 'previousAmount'];

const whatText = (inv, event) => {
  const key = `event.${event.type}`;
  if (!has(key)) return event.summary ?? event.type;
  const data = event.data ?? {};
  const vars = { ...data };
  for (const field of MONEY_FIELDS) if (isMoney(data[field])) vars[field] = money(data[field]);
  if (data.benefitLineId) vars.benefitLineId = lineName(inv.benefitCase, data.benefitLineId);
  if ('value' in data)
    vars.value = reportedValueText(inv.benefitCase, data.benefitLineId, data.value);
  if (event.type === 'StageChanged') vars.to = label('stage', data.to);
  return t(key, vars);
};

/**
 * For every event, the value its correction replaced (a report's value before the correction,
 * a cost's amount before its correction), so the timeline shows a correction as old → new.
 */
const valuesBefore = (events) => {
  const current = new Map();
  return events.map((event) => {
    const data = event.data ?? {};
    switch (event.type) {
      case 'EffectReported':
        current.set(`report:${data.reportId}`, data.value);
        return undefined;
      case 'EffectReportCorrected': {
        const old = current.get(`report:${data.reportId}`);
        current.set(`report:${data.reportId}`, data.value);
        return old;
      }
      default:
        return data.previousAmount;
    }
  });
};

const changeText = (inv, event, before) => {
  if (before === undefined || before === null) return null;
  const data = event.data ?? {};
  const after = 'value' in data ? data.value : data.amount;
  if (after === undefined) return null;
  const show = (value) =>
    'value' in data ? reportedValueText(inv.benefitCase, data.benefitLineId, value) : money(value);
  return h(
    'span',
    { class: 'change' },
    ': ',
    h('span', { class: 'old-value' }, show(before)),
    h('span', { 'aria-hidden': 'true' }, ' → '),
    h('span', { class: 'visually-hidden' }, ` ${t('inv.report.became')} `),
    h('span', { class: 'new-value' }, show(after)),
  );
};

const whyText = (event) => [event.reason, event.decisionRef].filter(Boolean).join(' · ');

/** Enough of the chain hash to compare with an export; the whole of it on hover. */
const SHORT_HASH_LENGTH = 12;

/**
 * Later than the moment shown: after the event whose position the page was moved to, or after
 * the last position the page's figures include (`shownPosition`, the investment answer's
 * `position`: exactly the API's cut). Without either, recorded after the instant, a date being
 * the end of that Stockholm day as the API reads it (not of the UTC day, which ends an hour or
 * two later and took in what was recorded after midnight Swedish time).
 */
const isAfter = (event, ctx, shownPosition = null) => {
  if (!ctx.asOf) return false;
  const position = ctx.asOfPosition ?? shownPosition;
  if (position) return BigInt(event.position) > BigInt(position);
  const limit =
    ctx.asOf.length === 10 ? endOfStockholmDay(ctx.asOf) : new Date(ctx.asOf).toISOString();
  return new Date(event.recordedAt).toISOString() > limit;
};

const entry = (ctx, inv, event, shown, before) => {
  const later = isAfter(event, ctx, inv.position);
  return h(
    'li',
    {
      class: ['timeline-entry', later ? 'later' : null, shown ? 'shown' : null],
      dataset: { type: event.type, position: event.position },
      'aria-current': shown ? 'time' : undefined,
    },
    h(
      'p',
      { class: 'timeline-what' },
      whatText(inv, event),
      changeText(inv, event, before),
      later ? h('span', { class: 'later-note' }, ` (${t('inv.history.later')})`) : null,
      shown ? h('span', { class: 'shown-note' }, ` (${t('inv.history.shown')})`) : null,
    ),
    h(
      'p',
      { class: 'timeline-meta' },
      h('time', { datetime: event.recordedAt }, dateTime(event.recordedAt)),
      ' · ',
      h(
        'span',
        { class: 'timeline-who', title: event.actor.id },
        `${personName(event.actor.id)} (${label('role', event.actor.role)})`,
      ),
      ' · ',
      h(
        'code',
        { class: 'timeline-hash', title: event.hash },
        `#${event.position} ${String(event.hash ?? '').slice(0, SHORT_HASH_LENGTH)}`,
      ),
    ),
    whyText(event)
      ? h(
          'p',
          { class: 'timeline-why' },
          h('span', { class: 'visually-hidden' }, `${t('inv.history.why')}: `),
          whyText(event),
        )
      : null,
    h(
      'button',
      {
        type: 'button',
        class: 'link-button asof-here',
        'aria-label': `${t('inv.history.showAsOf')}: ${whatText(inv, event)}, ${dateTime(event.recordedAt)}`,
        onclick: () => ctx.goToMoment(event.recordedAt, String(event.position)),
      },
      t('inv.history.showAsOf'),
    ),
  );
};

/**
 * Events per page of the timeline: most investments' whole history; a decades-long one shows
 * its first hundred, and more on request.
 */
const TIMELINE_PAGE = 100;
/** Pages read at most to reach the moment shown (a longer way there is left to "show more"). */
const MAX_PAGES_TO_MOMENT = 50;

const historyPage = (investmentId, after) =>
  getNow(`/api/investments/${investmentId}/history`, {
    query: { limit: TIMELINE_PAGE, after },
  });

/**
 * The investment's history from its first event, a page at a time, up to the moment the page
 * shows (so the event it was moved to is in the timeline), or its first page when it shows now.
 * The whole timeline whatever the moment shown: it is how one moves between moments.
 */
export const historyToMoment = async (ctx, investmentId) => {
  let answer = await historyPage(investmentId);
  const events = [...answer.events];
  for (let page = 1; page < MAX_PAGES_TO_MOMENT; page++) {
    if (!ctx.asOf || !answer.next || events.some((e) => isAfter(e, ctx))) break;
    answer = await historyPage(investmentId, answer.next);
    events.push(...answer.events);
  }
  return { events, next: answer.next };
};

export const timelineSection = (ctx, inv, history) => {
  if (!history.ok) return section(t('inv.history'), errorBox(t('inv.history'), history.error));
  const events = [...(history.value.events ?? [])];
  let next = history.value.next;
  const list = h('ol', { class: 'timeline' });
  const note = h('p', { class: 'later-note', role: 'status' });
  const more = action(
    t('inv.history.loadMore', { n: TIMELINE_PAGE }),
    'history-more',
    async () => {
      const page = await historyPage(inv.investmentId, next);
      events.push(...page.events);
      next = page.next;
      draw();
    },
    { what: t('inv.history.moreWhat') },
  );
  const draw = () => {
    // The page shows the ledger as it stood after this event: the last one not later than the moment.
    const shownIndex = ctx.asOf ? events.findLastIndex((e) => !isAfter(e, ctx, inv.position)) : -1;
    // Corrections read their old values from the events before them, on any page read.
    const before = valuesBefore(events);
    clear(list).append(...events.map((e, i) => entry(ctx, inv, e, i === shownIndex, before[i])));
    // The answer is paged; say so rather than let a long history look complete.
    note.textContent = next ? t('inv.history.more', { n: events.length }) : '';
    more.button.hidden = !next;
  };
  const download = historyDownload(() => inv.investmentId);
  more.button.hidden = true;
  if (events.length > 0) draw();
  return section(
    t('inv.history'),
    events.length === 0 ? h('p', {}, t('inv.history.none')) : list,
    note,
    more.button,
    more.result,
    h('div', { class: 'history-download' }, download.button, download.result),
  );
};
