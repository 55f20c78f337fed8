// The administrator's page (#/users): who may use the fund and in which role. Adding a user,
// granting and removing a role each record an event in the ledger (the users stream), with
// the administrator as the one who did it. Tokens for scripts stay with the CLI.

import { ApiError, getNow, post } from '../api.js';
import { announce, h, section, table } from '../dom.js';
import { plainRefusal, writeForm } from '../forms.js';
import { label, t } from '../i18n.js';
import { pageTitle } from './common.js';

const ROLES = ['finance', 'project-lead', 'auditor', 'admin'];

const roleOptions = () => ROLES.map((role) => ({ value: role, label: label('role', role) }));

const displayName = (user) => user.name ?? user.userId;

const withReason = (body, reason) => (reason ? { ...body, reason } : body);

/** A role a user holds, with the button that removes it. */
const heldRole = (user, role, revoke) =>
  h(
    'li',
    { class: 'held-role' },
    h('span', { class: ['role-badge', `role-${role}`] }, label('role', role)),
    ' ',
    h(
      'button',
      {
        type: 'button',
        class: 'link-button',
        dataset: { revoke: role, user: user.userId },
        'aria-label': t('users.revoke', { role: label('role', role), name: displayName(user) }),
        onclick: () => revoke(user, role),
      },
      '×',
    ),
  );

const usersTable = (users, revoke) =>
  table(
    t('users.table'),
    [
      { label: t('users.name'), header: true, cell: (u) => displayName(u) },
      { label: t('users.id'), cell: (u) => h('code', {}, u.userId) },
      {
        label: t('users.roles'),
        cell: (u) =>
          u.roles.length === 0
            ? h('span', { class: 'muted' }, t('users.none'))
            : h('ul', { class: 'role-list' }, u.roles.map((role) => heldRole(u, role, revoke))),
      },
      { label: t('users.tokens'), numeric: true, cell: (u) => String(u.activeTokens.length) },
    ],
    users,
    { class: 'users-table', hideCaption: true },
  );

const addForm = (done) =>
  writeForm({
    title: t('users.add'),
    className: 'add-user-form',
    submitLabel: t('users.addSubmit'),
    fields: [
      { name: 'userId', label: t('users.id'), hint: t('users.idHelp'), required: true },
      { name: 'name', label: t('users.name'), required: true, autocomplete: 'off' },
      { name: 'role', label: t('users.role'), type: 'select', required: true, options: roleOptions() },
      { name: 'reason', label: t('users.reason'), maxlength: '200' },
    ],
    fieldForCode: { USER_ALREADY_EXISTS: 'userId' },
    submit: (v) => post('/api/users', withReason({ userId: v.userId, name: v.name, role: v.role }, v.reason)),
    done: () => done(null),
  });

const grantForm = (users, done) =>
  writeForm({
    title: t('users.grant'),
    className: 'grant-form',
    submitLabel: t('users.grantSubmit'),
    fields: [
      {
        name: 'userId',
        label: t('users.table'),
        type: 'select',
        required: true,
        options: users.map((u) => ({ value: u.userId, label: `${displayName(u)} (${u.userId})` })),
      },
      { name: 'role', label: t('users.role'), type: 'select', required: true, options: roleOptions() },
      { name: 'reason', label: t('users.reason'), maxlength: '200' },
    ],
    fieldForCode: { USER_NOT_FOUND: 'userId' },
    submit: (v) =>
      post(`/api/users/${encodeURIComponent(v.userId)}/grants`, withReason({ role: v.role }, v.reason)),
    done: () => done(null),
  });

export const usersView = async (ctx) => {
  const users = await getNow('/api/users');
  const alert = h('p', { class: 'notice error', role: 'alert', hidden: true });
  const redraw = async (message) => {
    await ctx.rerender();
    if (message) announce(message);
  };
  const revoke = async (user, role) => {
    alert.hidden = true;
    try {
      await post(`/api/users/${encodeURIComponent(user.userId)}/revocations`, { role });
    } catch (error) {
      alert.textContent = error instanceof ApiError ? plainRefusal(error) : String(error);
      alert.hidden = false;
      return;
    }
    await redraw(t('users.revoked', { name: displayName(user), role: label('role', role) }));
  };
  return h(
    'div',
    { class: 'page users' },
    pageTitle(t('users.title')),
    h('p', {}, t('users.intro')),
    section(t('users.table'), alert, usersTable(users, revoke)),
    h(
      'div',
      { class: 'users-forms' },
      grantForm(users, () => redraw(null)),
      addForm(() => redraw(null)),
    ),
  );
};
