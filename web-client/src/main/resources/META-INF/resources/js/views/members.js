// views/members.js — the members panel: who is in the room (profession, organisation, 連携ホスト),
// inviting from the directory and removing (host), leaving (退出) for everyone else.

import { h, replace } from '../dom.js';
import { t, orgKindLabel } from '../i18n.js';
import * as api from '../api.js';
import { personMeta } from '../format.js';
import { errorMessage } from '../errors.js';
import { openSheet, confirmDialog } from '../dialog.js';
import { toast } from '../ui.js';

/**
 * ctx = {roomId, me, detail() → RoomDetail, onInvited(MemberView), onRemoved(userId), onLeft(),
 *        readOnly (緊急閲覧: no leaving), onOpenConsent() (the shortcut to 同意の記録),
 *        extra (optional node shown above 退出, e.g. 写真の共有)}.
 * Returns {refresh(), close()}.
 */
export function openMembers(ctx) {
  const listEl = h('ul', { class: 'member-list', 'data-testid': 'member-list' });
  const error = h('p', { class: 'form-error', role: 'alert', 'data-testid': 'members-error', hidden: true });
  const inviteArea = h('div', { class: 'invite-area', 'data-testid': 'invite-area', hidden: true });
  const inviteHolder = h('div', { class: 'members-invite' });
  const leaveHolder = h('div', { class: 'members-footer' });
  let searchSeq = 0;

  function showError(text, consentShortcut = false) {
    replace(error, text || '',
      // Inviting family needs the consent to name them (SP-CON-02): offer the way to 同意の記録.
      consentShortcut && ctx.onOpenConsent ? h('button', {
        type: 'button', class: 'btn btn-small btn-primary consent-shortcut', 'data-testid': 'members-consent-shortcut',
        onclick: () => ctx.onOpenConsent(),
      }, t('consent.recordOpenShort')) : null);
    error.hidden = !text;
  }

  /** Family accounts matching q, for a patient room's host; [] where they cannot be searched. */
  async function familyMatches(q) {
    if (ctx.detail().kind !== 'patient' || [...q].length < 2) return [];
    try {
      return (await api.searchFamily(q)) || [];
    } catch {
      return []; // the staff results still show
    }
  }

  function isHost() {
    const d = ctx.detail();
    const mine = d.members.find((m) => m.person.userId === ctx.me.userId);
    return (mine && mine.role === 'host') || d.hostUserId === ctx.me.userId;
  }

  function memberIds() {
    return new Set(ctx.detail().members.map((m) => m.person.userId));
  }

  async function remove(m) {
    const ok = await confirmDialog({
      title: t('members.removeTitle'),
      message: t('members.removeConfirm', { name: m.person.name }),
      ok: t('members.remove'),
      danger: true,
    });
    if (!ok) return;
    showError('');
    try {
      await api.removeMember(ctx.roomId, m.person.userId);
      ctx.onRemoved(m.person.userId);
      toast(t('members.removed', { name: m.person.name }));
    } catch (err) {
      showError(errorMessage(err));
    }
  }

  async function leave() {
    const ok = await confirmDialog({
      title: t('members.leaveTitle'),
      message: t('members.leaveConfirm'),
      ok: t('members.leave'),
      danger: true,
    });
    if (!ok) return;
    showError('');
    try {
      await api.removeMember(ctx.roomId, ctx.me.userId);
      sheet.close();
      ctx.onLeft();
    } catch (err) {
      showError(errorMessage(err));
    }
  }

  function memberRow(m, host) {
    const me = m.person.userId === ctx.me.userId;
    return h('li', { class: 'member', 'data-testid': 'member', 'data-user-id': m.person.userId },
      h('div', { class: 'member-main' },
        h('span', { class: 'member-name' }, m.person.name, me ? h('span', { class: 'you' }, t('members.you')) : null),
        h('span', { class: 'member-meta' }, personMeta(m.person)),
        m.role === 'host' ? h('span', { class: 'tag tag-host', 'data-testid': 'member-host' }, t('role.host')) : null),
      host && !me && m.role !== 'host'
        ? h('button', {
          type: 'button', class: 'btn btn-small btn-danger-quiet', 'data-testid': 'remove-member', onclick: () => remove(m),
        }, t('members.remove'))
        : null);
  }

  async function search(q) {
    const mySeq = ++searchSeq;
    const results = h('ul', { class: 'directory', 'data-testid': 'directory-results' });
    const holder = inviteArea.querySelector('.directory-holder');
    if (!q.trim()) {
      replace(holder);
      return;
    }
    replace(holder, h('p', { class: 'empty' }, t('common.loading')));
    try {
      const [staff, family] = await Promise.all([api.searchUsers(q.trim()), familyMatches(q.trim())]);
      const users = [...(staff || []), ...family];
      if (mySeq !== searchSeq) return;
      const inRoom = memberIds();
      if (!users || !users.length) {
        replace(holder, h('p', { class: 'empty' }, t('members.noResults')));
        return;
      }
      for (const u of users) {
        const already = inRoom.has(u.userId);
        const button = h('button', {
          type: 'button', class: 'btn btn-small btn-primary', 'data-testid': 'invite-user', 'data-user-id': u.userId,
          disabled: already,
        }, already ? t('members.alreadyIn') : t('members.invite'));
        button.addEventListener('click', async () => {
          button.disabled = true;
          button.textContent = t('common.sending');
          showError('');
          try {
            const member = await api.inviteMember(ctx.roomId, u.userId);
            ctx.onInvited(member);
            button.textContent = t('members.alreadyIn');
            toast(t('members.invited', { name: u.name }));
          } catch (err) {
            button.disabled = false;
            button.textContent = t('members.invite');
            const needsConsent = err.reason === 'family_not_named_in_consent' || err.code === 'CONSENT_REQUIRED';
            showError(err.code === 'ALREADY_MEMBER' ? t('error.ALREADY_MEMBER')
              : err.code === 'CONSENT_REQUIRED' ? t('consent.inviteNeedsConsent') : errorMessage(err), needsConsent);
          }
        });
        results.append(h('li', { class: 'directory-user' },
          h('div', { class: 'member-main' },
            h('span', { class: 'member-name' }, u.name),
            h('span', { class: 'member-meta' }, personMeta(u)),
            u.organizationKind ? h('span', { class: 'member-meta' }, orgKindLabel(u.organizationKind)) : null),
          button));
      }
      replace(holder, results);
    } catch (err) {
      if (mySeq === searchSeq) replace(holder, h('p', { class: 'form-error' }, errorMessage(err)));
    }
  }

  let searchTimer = null;
  const searchInput = h('input', {
    type: 'search', 'data-testid': 'invite-search', autocomplete: 'off', enterkeyhint: 'search',
    placeholder: t('members.searchPlaceholder'), 'aria-label': t('members.searchLabel'),
    oninput: () => {
      clearTimeout(searchTimer);
      searchTimer = setTimeout(() => search(searchInput.value), 300);
    },
  });
  inviteArea.append(
    h('p', { class: 'field-hint' }, t('members.inviteHint')),
    searchInput,
    h('div', { class: 'directory-holder' }));

  function refresh() {
    const d = ctx.detail();
    const host = isHost();
    const members = [...d.members].sort((a, b) => (a.role === 'host' ? 0 : 1) - (b.role === 'host' ? 0 : 1)
      || String(a.person.name).localeCompare(String(b.person.name), 'ja'));
    replace(listEl, members.map((m) => memberRow(m, host && !d.archived)));
    title.textContent = t('members.count', { n: d.members.length });
    replace(inviteHolder,
      host && !d.archived ? h('button', {
        type: 'button', class: 'btn btn-primary btn-block', 'data-testid': 'invite-button', 'aria-expanded': String(!inviteArea.hidden),
        onclick: (e) => {
          inviteArea.hidden = !inviteArea.hidden;
          e.currentTarget.setAttribute('aria-expanded', String(!inviteArea.hidden));
          if (!inviteArea.hidden) searchInput.focus();
        },
      }, `＋ ${t('members.inviteOpen')}`) : null);
    replace(leaveHolder,
      ctx.readOnly ? h('p', { class: 'field-hint', 'data-testid': 'members-emergency-hint' }, t('emergency.membersHint'))
        : host ? h('p', { class: 'field-hint' }, t('members.hostCannotLeave'))
        : h('button', { type: 'button', class: 'btn btn-danger btn-block', 'data-testid': 'leave-button', onclick: leave }, t('members.leave')));
    if (!host || d.archived) inviteArea.hidden = true;
  }

  const title = h('p', { class: 'members-count' });
  const content = h('div', { class: 'members' }, title, error, inviteHolder, inviteArea, listEl, ctx.extra || null, leaveHolder);
  const sheet = openSheet({ title: t('members.title'), content, testid: 'members-panel', onClose: () => ctx.onClose && ctx.onClose() });
  refresh();
  return { refresh, close: sheet.close };
}
