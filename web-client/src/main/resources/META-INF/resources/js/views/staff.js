// @on-demand — fetched on first use (js/lazy.js), not part of the app shell.
// views/staff.js — 職員管理 for facility administrators: the facility's staff, 再設定リンク発行 (the link
// is shown once: only its hash is kept), 端末 (a staff member's passkeys, revocable: SP-MOB-02) and
// 退職処理 (SP-AUTHZ-05) with what happened to each room.

import { h, replace } from '../dom.js';
import { t, professionLabel } from '../i18n.js';
import * as api from '../api.js';
import { errorMessage } from '../errors.js';
import { confirmDialog, openSheet } from '../dialog.js';
import { topBar, toast } from '../ui.js';
import { formatTime, roomTitle } from '../format.js';
import * as store from '../store.js';

function linkSheet(person, result) {
  const url = new URL(result.link, location.href).href;
  const input = h('input', { type: 'text', readonly: true, value: url, class: 'link-once', 'data-testid': 'reset-link-value' });
  openSheet({
    title: t('staff.linkTitle', { name: person.name }),
    testid: 'reset-link-sheet',
    content: h('div', null,
      h('p', null, t('staff.linkOnce')),
      input,
      h('p', { class: 'hint' }, t('staff.linkExpires', { time: formatTime(result.expiresAt) })),
      h('button', {
        type: 'button', class: 'btn btn-primary', 'data-testid': 'reset-link-copy',
        onclick: async () => {
          try {
            await navigator.clipboard.writeText(url);
            toast(t('staff.linkCopied'));
          } catch {
            input.select();
          }
        },
      }, t('staff.linkCopy'))),
  });
}

/** One room's result, named by its patient (山田 花子 様) or title, never by its id. */
function outcomeText(room) {
  const summary = store.roomSummary(room.roomId);
  const title = room.roomName
    ? roomTitle(room.roomKind, room.roomName, room.roomKind === 'patient' ? { name: room.roomName } : null)
    : (summary && summary.title) || t('staff.unnamedRoom');
  return t(`staff.outcome.${room.outcome}`, { room: title, host: room.newHostName || t('staff.anotherStaff') });
}

function offboardSheet(person, result) {
  openSheet({
    title: t('staff.offboardedTitle', { name: person.name }),
    testid: 'offboard-result',
    content: h('div', null,
      h('p', null, t('staff.offboardedSummary', { n: result.sessionsEnded })),
      result.rooms.length
        ? h('ul', { class: 'offboard-rooms' }, result.rooms.map((r) => h('li', {
          'data-testid': 'offboard-room', 'data-room-id': r.roomId, 'data-outcome': r.outcome,
        }, outcomeText(r))))
        : h('p', { class: 'empty' }, t('staff.noRooms'))),
  });
}

/** A staff member's registered devices (passkeys), each revocable (SP-MOB-02: a lost phone). */
async function devicesSheet(person, fail) {
  const list = h('ul', { class: 'passkey-list', 'data-testid': 'staff-device-list' });
  async function load() {
    const devices = await api.staffDevices(person.userId);
    replace(list, devices.length ? devices.map((d) => h('li', {
      class: 'passkey-item', 'data-testid': 'staff-device', 'data-passkey-id': d.id,
    },
    h('span', { class: 'passkey-main' },
      h('span', { class: 'passkey-label' }, d.label),
      h('span', { class: 'hint' }, t('settings.passkeyDates', {
        created: formatTime(d.createdAt), used: d.lastUsedAt ? formatTime(d.lastUsedAt) : '-',
      }))),
    h('button', {
      type: 'button', class: 'btn btn-small btn-danger-quiet', 'data-testid': 'staff-device-revoke',
      onclick: async () => {
        const ok = await confirmDialog({
          message: t('staff.deviceRevokeConfirm', { name: person.name, label: d.label }),
          ok: t('staff.deviceRevoke'), danger: true,
        });
        if (!ok) return;
        try {
          await api.revokeStaffDevice(person.userId, d.id);
          toast(t('staff.deviceRevoked'));
          await load();
        } catch (err) {
          fail(err);
        }
      },
    }, t('staff.deviceRevoke'))))
      : h('li', { class: 'empty', 'data-testid': 'staff-devices-none' }, t('staff.devicesNone')));
  }
  try {
    await load();
    openSheet({ title: t('staff.devicesTitle', { name: person.name }), testid: 'staff-devices', content: list });
  } catch (err) {
    fail(err);
  }
}

/** The 職員管理 screen. */
export function staffView({ onBack }) {
  const me = store.currentUser();
  const list = h('ul', { class: 'staff-list', 'data-testid': 'staff-list', 'aria-busy': 'true' });
  const error = h('p', { class: 'form-error', role: 'alert', 'data-testid': 'staff-error', hidden: true });

  function fail(err) {
    error.textContent = errorMessage(err);
    error.hidden = false;
  }

  function row(p) {
    const self = me && me.userId === p.userId;
    return h('li', { class: `staff-item${p.active ? '' : ' inactive'}`, 'data-testid': 'staff-item', 'data-user-id': p.userId },
      h('span', { class: 'staff-main' },
        h('span', { class: 'staff-name' }, p.name),
        h('span', { class: 'hint' }, `${p.loginId} · ${professionLabel(p.profession)}`),
        h('span', { class: 'staff-tags' },
          p.active ? null : h('span', { class: 'tag', 'data-testid': 'staff-inactive' }, t('staff.inactive')),
          p.active && !p.secondFactor ? h('span', { class: 'tag tag-warn' }, t('staff.noSecondFactor')) : null)),
      p.active ? h('span', { class: 'staff-actions' },
        h('button', {
          type: 'button', class: 'btn btn-small', 'data-testid': 'staff-devices-open',
          onclick: () => devicesSheet(p, fail),
        }, t('staff.devices')),
        h('button', {
          type: 'button', class: 'btn btn-small', 'data-testid': 'staff-reset-link',
          onclick: async () => {
            const ok = await confirmDialog({ message: t('staff.linkConfirm', { name: p.name }), ok: t('staff.linkIssue') });
            if (!ok) return;
            try {
              linkSheet(p, await api.resetLink(p.userId));
            } catch (err) {
              fail(err);
            }
          },
        }, t('staff.linkIssue')),
        self ? null : h('button', {
          type: 'button', class: 'btn btn-small btn-danger-quiet', 'data-testid': 'staff-offboard',
          onclick: async () => {
            const ok = await confirmDialog({
              title: t('staff.offboardTitle', { name: p.name }), message: t('staff.offboardConfirm'),
              ok: t('staff.offboard'), danger: true,
            });
            if (!ok) return;
            try {
              offboardSheet(p, await api.offboard(p.userId));
              load();
            } catch (err) {
              fail(err);
            }
          },
        }, t('staff.offboard'))) : null);
  }

  async function load() {
    try {
      const people = await api.staff();
      list.setAttribute('aria-busy', 'false');
      people.sort((a, b) => Number(b.active) - Number(a.active) || a.loginId.localeCompare(b.loginId));
      replace(list, people.map(row));
    } catch (err) {
      fail(err);
    }
  }
  load();

  const el = h('div', { class: 'screen staff', 'data-testid': 'staff' },
    topBar({ onBack, title: t('staff.title') }),
    h('main', { class: 'settings-main' }, h('p', { class: 'hint' }, t('staff.about')), error, list));
  return { el, destroy() {}, staff: true };
}
