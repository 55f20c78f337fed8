// Proposing an investment (finance, or a project lead for themselves). After the proposal the
// page moves to the new investment, where its benefit case is written.

import { post } from '../api.js';
import { announce, h, section } from '../dom.js';
import { t } from '../i18n.js';
import { writeForm } from '../forms.js';
import { idFromName } from './common.js';

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
    submit: (v) => {
      proposedId = idFromName(v.title);
      return post('/api/investments', {
        investmentId: proposedId,
        title: v.title,
        department: v.department,
        projectLead: lead ? me.id : v.projectLead,
        need: v.need,
      });
    },
    done: () => {
      announce(t('form.saved'));
      window.location.hash = ctx.hrefFor(`/investments/${proposedId}`);
    },
  });
  return h(
    'div',
    { class: 'write-forms', dataset: { section: 'propose' } },
    section(t('form.propose.section'), form),
  );
};
