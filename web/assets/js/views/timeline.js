// The audit timeline: who recorded what, when and why. Every event can move the whole page to
// the moment right after it; events after the moment shown are marked as not yet recorded.

import { h, section } from '../dom.js';
import { dateTime, money } from '../format.js';
import { has, label, t } from '../i18n.js';
import { isMoney } from '../money.js';
import { errorBox } from './common.js';
import { lineName, reportedValueText } from './lines.js';

/** Money fields of event data; `value` is money only on a valued line. */
const MONEY_FIELDS = ['amount'];

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

const whyText = (event) => [event.reason, event.decisionRef].filter(Boolean).join(' · ');

/** Enough of the chain hash to compare with an export; the whole of it on hover. */
const SHORT_HASH_LENGTH = 12;

/** Later than the moment shown: a date means the end of that day, as the API reads it. */
const isAfter = (recordedAt, asOf) => {
  if (!asOf) return false;
  const limit = asOf.length === 10 ? `${asOf}T23:59:59.999Z` : new Date(asOf).toISOString();
  return new Date(recordedAt).toISOString() > limit;
};

const entry = (ctx, inv, event, shown) => {
  const later = isAfter(event.recordedAt, ctx.asOf);
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
        { class: 'timeline-who' },
        `${event.actor.id} (${label('role', event.actor.role)})`,
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
        onclick: () => ctx.goToMoment(event.recordedAt),
      },
      t('inv.history.showAsOf'),
    ),
  );
};

export const timelineSection = (ctx, inv, history) => {
  if (!history.ok) return section(t('inv.history'), errorBox(t('inv.history'), history.error));
  const events = history.value.events ?? [];
  // The page shows the ledger as it stood after this event: the last one not later than the moment.
  const shownIndex = ctx.asOf ? events.findLastIndex((e) => !isAfter(e.recordedAt, ctx.asOf)) : -1;
  // The answer is paged; say so rather than let a long history look complete.
  const more = history.value.next ? h('p', { class: 'later-note' }, t('inv.history.more')) : null;
  return section(
    t('inv.history'),
    events.length === 0
      ? h('p', {}, t('inv.history.none'))
      : h(
          'ol',
          { class: 'timeline' },
          events.map((e, i) => entry(ctx, inv, e, i === shownIndex)),
        ),
    more,
  );
};
