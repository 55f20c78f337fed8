// Proposing an investment (finance, or a project lead for themselves). After the proposal the
// page moves to the new investment, where its benefit case is written.

import { ApiError, getNow, post } from '../api.js';
import { announce, h, section } from '../dom.js';
import { t } from '../i18n.js';
import { writeForm } from '../forms.js';
import { idFromName, noticeOnNextPage, withSuffix } from './common.js';

/** Ids tried after the one made from the title: "-2" up to this. */
const MAX_SUFFIX = 20;

const sameTitle = (a, b) => a.trim().toLocaleLowerCase('sv') === b.trim().toLocaleLowerCase('sv');

/**
 * Whether the id is taken by an investment of another title: the id made from a title is cut
 * at 48 characters and drops å, ä, ö and punctuation, so "E-arkiv" meets "E-arkiv och
 * e-diarium" (id e-arkiv). Then the next id is tried. An investment of the same title is a
 * real duplicate, and its refusal stands.
 */
const takenByAnother = async (id, title) => {
  try {
    const existing = await getNow(`/api/investments/${id}`);
    return !sameTitle(existing.title ?? '', title);
  } catch {
    return false;
  }
};

export const proposeForm = (ctx, departments) => {
  const { me } = ctx;
  if (ctx.asOf || (me.role !== 'finance' && me.role !== 'project-lead')) return null;
  const lead = me.role === 'project-lead';
  let proposedId;
  const form = writeForm({
    title: t('form.propose.title'),
    intro: lead ? t('form.propose.introLead', { id: me.id }) : t('form.propose.intro'),
    className: 'propose-form',
    submitLabel: t('form.propose.submit'),
    fields: [
      { name: 'title', label: t('form.propose.titleField'), required: true, maxlength: '200' },
      {
        name: 'department',
        label: t('list.department'),
        required: true,
        maxlength: '200',
        list: 'departments-known',
        datalist: departments,
      },
      // A project lead proposes their own investment; finance names the lead.
      lead
        ? null
        : {
            name: 'projectLead',
            label: t('inv.projectLead'),
            hint: t('form.propose.leadHint'),
            required: true,
            maxlength: '128',
          },
      {
        name: 'need',
        label: t('inv.need'),
        hint: t('form.propose.needHint'),
        type: 'textarea',
        required: true,
        maxlength: '4000',
      },
    ].filter(Boolean),
    fieldForCode: { INVESTMENT_ALREADY_EXISTS: 'title', FORBIDDEN: lead ? 'title' : 'projectLead' },
    fieldForPath: (path) => (path === 'investmentId' ? 'title' : undefined),
    submit: async (v, draft) => {
      const base = idFromName(v.title, draft.id('investmentId'));
      for (let n = 1; ; n++) {
        proposedId = withSuffix(base, n);
        try {
          return await post(
            '/api/investments',
            {
              investmentId: proposedId,
              title: v.title,
              department: v.department,
              projectLead: lead ? me.id : v.projectLead,
              need: v.need,
            },
            // A refused send keeps nothing under the key: the next id is sent under it too.
            { key: draft.key },
          );
        } catch (error) {
          const collided = error instanceof ApiError && error.code === 'INVESTMENT_ALREADY_EXISTS';
          if (!collided || n >= MAX_SUFFIX || !(await takenByAnother(proposedId, v.title)))
            throw error;
        }
      }
    },
    savedText: (v) => t('saved.propose', { title: v.title }),
    // The page moves to the new investment: the confirmation is shown there.
    done: (_answer, message) => {
      announce(message);
      noticeOnNextPage(message);
      window.location.hash = ctx.hrefFor(`/investments/${proposedId}`);
    },
  });
  return h(
    'div',
    { class: 'write-forms', dataset: { section: 'propose' } },
    section(t('form.propose.section'), form),
  );
};
