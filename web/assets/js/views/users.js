// The administrator's page (#/users): who may use the fund and in which role. Adding a user,
// granting and removing a role each record an event in the ledger (the users stream), with
// the administrator as the one who did it. Tokens for scripts stay with the CLI.

import { ApiError, getNow, outcomeUnknown, post } from '../api.js';
import { announce, h, section, table } from '../dom.js';
import { plainRefusal, writeForm } from '../forms.js';
import { label, t } from '../i18n.js';
import { pageNotice, pageTitle, showSaved } from './common.js';

const ROLES = ['finance', 'project-lead', 'auditor', 'admin'];

const roleOptions = () => ROLES.map((role) => ({ value: role, label: label('role', role) }));

const displayName = (user) => user.name ?? user.userId;

const withReason = (body, reason) => (reason ? { ...body, reason } : body);

/**
 * A role a user holds, with the button that removes it (after a confirmation). The admin's own
 * admin role has none: the ledger refuses it (OWN_ADMIN_ROLE), so the page says who can instead
 * of asking for a confirmation of something that will be refused.
 */
const heldRole = (user, role, askToRevoke, me) =>
  h(
    'li',
    { class: 'held-role' },
    h('span', { class: ['role-badge', `role-${role}`] }, label('role', role)),
    ' ',
    role === 'admin' && user.userId === me.id
      ? h('span', { class: 'muted own-admin' }, t('users.ownAdmin'))
      : revokeButton(user, role, askToRevoke),
  );

const revokeButton = (user, role, askToRevoke) => {
  const text = t('users.revoke', { role: label('role', role), name: displayName(user) });
  const button = h(
    'button',
    {
      type: 'button',
      class: 'link-button',
      dataset: { revoke: role, user: user.userId },
      'aria-label': text,
      title: text,
      onclick: () => askToRevoke(user, role, button),
    },
    '×',
  );
  return button;
};

const usersTable = (users, askToRevoke, me) =>
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
            : h(
                'ul',
                { class: 'role-list' },
                u.roles.map((role) => heldRole(u, role, askToRevoke, me)),
              ),
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
      {
        name: 'role',
        label: t('users.role'),
        type: 'select',
        required: true,
        options: roleOptions(),
      },
      { name: 'reason', label: t('users.reason'), maxlength: '200' },
    ],
    fieldForCode: { USER_ALREADY_EXISTS: 'userId' },
    submit: (v, draft) =>
      post('/api/users', withReason({ userId: v.userId, name: v.name, role: v.role }, v.reason), {
        key: draft.key,
      }),
    savedText: (v) => t('users.added', { name: v.name, role: label('role', v.role) }),
    done: (_answer, message) => done('add-user-form', message),
  });

/**
 * Granting a role the person holds already records nothing (the API answers 201 all the same):
 * the page tells it from the roles it showed, so the admin is not told of a change there was not.
 */
const grantForm = (users, done) => {
  const byId = new Map(users.map((u) => [u.userId, u]));
  return writeForm({
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
      {
        name: 'role',
        label: t('users.role'),
        type: 'select',
        required: true,
        options: roleOptions(),
      },
      { name: 'reason', label: t('users.reason'), maxlength: '200' },
    ],
    fieldForCode: { USER_NOT_FOUND: 'userId' },
    submit: (v, draft) =>
      post(
        `/api/users/${encodeURIComponent(v.userId)}/grants`,
        withReason({ role: v.role }, v.reason),
        { key: draft.key },
      ),
    savedText: (v) => {
      const user = byId.get(v.userId);
      const words = { name: user ? displayName(user) : v.userId, role: label('role', v.role) };
      return user?.roles.includes(v.role)
        ? t('users.alreadyHolds', words)
        : t('users.granted', words);
    },
    done: (_answer, message) => done('grant-form', message),
  });
};

/**
 * Removing a role also revokes every token the person holds in it, at once and for good (a
 * grant later does not bring them back; only `ledger tokens create` makes new ones): the page
 * asks first, naming that consequence, in a modal dialog that Escape or "Avbryt" closes.
 */
const confirmDialog = () => {
  const dialog = h('dialog', {
    class: 'confirm-revoke',
    'aria-labelledby': 'confirm-revoke-title',
  });
  return {
    dialog,
    ask: (user, role) =>
      new Promise((resolve) => {
        const name = displayName(user);
        const roleText = label('role', role);
        const tokens = user.activeTokens.filter((token) => token.role === role).length;
        const consequence =
          tokens === 0
            ? t('users.confirmNoTokens', { name, role: roleText })
            : t(tokens === 1 ? 'users.confirmToken' : 'users.confirmTokens', { name, n: tokens });
        const cancel = h(
          'button',
          { type: 'button', class: 'confirm-no', onclick: () => dialog.close('no') },
          t('users.confirmNo'),
        );
        dialog.replaceChildren(
          h(
            'h2',
            { id: 'confirm-revoke-title' },
            t('users.confirmTitle', { role: roleText, name }),
          ),
          h('p', { class: 'confirm-consequence' }, consequence),
          h(
            'div',
            { class: 'form-actions' },
            h(
              'button',
              {
                type: 'button',
                class: 'primary danger confirm-yes',
                onclick: () => dialog.close('yes'),
              },
              t('users.confirmYes'),
            ),
            cancel,
          ),
        );
        // Escape closes the dialog with no answer: that is a no.
        dialog.returnValue = '';
        const closed = () => {
          dialog.removeEventListener('close', closed);
          resolve(dialog.returnValue === 'yes');
        };
        dialog.addEventListener('close', closed);
        dialog.showModal();
        // The safe choice has the focus: Enter on a misplaced click does not remove the role.
        cancel.focus();
      }),
  };
};

export const usersView = async (ctx) => {
  const users = await getNow('/api/users');
  const alert = h('p', { class: 'notice error', role: 'alert', hidden: true });
  const confirm = confirmDialog();
  /** Draws the page again and says what was recorded, where the admin sees it. */
  const redraw = async (formClass, message) => {
    announce(message);
    await ctx.rerender();
    showSaved(formClass, message);
  };
  const askToRevoke = async (user, role, button) => {
    alert.hidden = true;
    const yes = await confirm.ask(user, role);
    if (!yes) {
      button.focus();
      return;
    }
    try {
      await post(`/api/users/${encodeURIComponent(user.userId)}/revocations`, { role });
    } catch (error) {
      alert.textContent = outcomeUnknown(error)
        ? t('users.revokeUnknown')
        : error instanceof ApiError
          ? plainRefusal(error)
          : String(error);
      alert.hidden = false;
      return;
    }
    const message = t('users.revoked', { name: displayName(user), role: label('role', role) });
    announce(message);
    await ctx.rerender();
    pageNotice(message);
  };
  return h(
    'div',
    { class: 'page users' },
    pageTitle(t('users.title')),
    h('p', {}, t('users.intro')),
    section(t('users.table'), alert, usersTable(users, askToRevoke, ctx.me)),
    h('div', { class: 'users-forms' }, grantForm(users, redraw), addForm(redraw)),
    confirm.dialog,
  );
};
