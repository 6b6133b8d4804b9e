// views/rooms.js — the room list: patient rooms and network rooms with unread badges, live from the inbox.

import { h, replace } from '../dom.js';
import { t, professionLabel, loadMore } from '../i18n.js';
import { formatTime, roomTitle, byActivityDesc, count, setZone } from '../format.js';
import * as api from '../api.js';
import { connectionBadge, langSwitch, topBar, toast } from '../ui.js';
import * as store from '../store.js';
import { EMERGENCY_PROFESSIONS } from './emergency.js';
import { closureLabel } from './closure.js';

function roomItem(r, onOpen) {
  const unread = Number(r.unread) || 0;
  return h('li', null,
    h('a', {
      href: `#/room/${encodeURIComponent(r.roomId)}`,
      class: `room-item${unread > 0 ? ' has-unread' : ''}${r.archived ? ' archived' : ''}`,
      'data-testid': 'room-item',
      'data-room-id': r.roomId,
      onclick: (e) => {
        e.preventDefault();
        onOpen(r.roomId);
      },
    },
    h('span', { class: 'room-kind-icon', 'aria-hidden': 'true' }, r.kind === 'patient' ? '👤' : '👥'),
    h('span', { class: 'room-main' },
      h('span', { class: 'room-title', 'data-testid': 'room-title' }, roomTitle(r.kind, r.title)),
      h('span', { class: 'room-meta' },
        r.role === 'host' ? h('span', { class: 'tag tag-host' }, t('role.host')) : null,
        r.closure ? h('span', { class: 'tag tag-closed', 'data-testid': 'room-closed-tag' }, closureLabel(r.closure))
          : r.archived ? h('span', { class: 'tag' }, t('room.archived')) : null,
        r.lastActivity ? h('time', { datetime: r.lastActivity, 'data-testid': 'room-time' }, formatTime(r.lastActivity)) : null)),
    unread > 0 ? h('span', {
      class: 'badge', 'data-testid': 'room-unread', 'aria-label': t('rooms.unreadLabel', { n: unread }),
    }, count(unread)) : null));
}

function section(title, list, onOpen, testid, emptyText) {
  return h('section', { class: 'room-section', 'data-testid': testid },
    h('h2', { class: 'section-title' }, title),
    list.length
      ? h('ul', { class: 'room-ul' }, list.map((r) => roomItem(r, onOpen)))
      : h('p', { class: 'empty' }, emptyText));
}

/** The room list screen. onOpen(roomId) opens a room; onLogout() signs out. */
export function roomsView({ onOpen, onLogout }) {
  const me = store.currentUser();
  const rotaLink = me && (me.profession === 'facility_admin' || me.profession === 'physician') ? h('a', {
    href: '#/rota', class: 'btn btn-block', 'data-testid': 'rota-link',
  }, t('oncall.rota')) : null;
  if (rotaLink) {
    // How many content-free alerts (unacknowledged urgent notes) wait there.
    api.oncallMe().then((m) => {
      if (m && m.alerts > 0) rotaLink.textContent = t('oncall.rotaWithAlerts', { n: m.alerts });
    }).catch(() => {});
  }
  // 空床情報 only for those the policy lets see the board (discharge offices, clinics with beds): others
  // get no button rather than an error after tapping it.
  const bedsLink = h('a', { href: '#/beds', class: 'btn btn-block', 'data-testid': 'beds-link', hidden: true }, t('beds.title'));
  api.bedCapabilities().then((c) => {
    bedsLink.hidden = !(c && c.canView);
    if (c) setZone(c.zone);
  }).catch(() => {});
  // 入退院連携: for care staff of an office (the server decides; others get no button).
  const handoffLink = h('a', { href: '#/handoffs', class: 'btn btn-block', 'data-testid': 'handoffs-link', hidden: true }, t('handoff.title'));
  api.handoffCapabilities().then((c) => { handoffLink.hidden = !(c && c.canUse); }).catch(() => {});
  // 相談窓口 only for the workers of a consultation desk (the server decides who; others get no button).
  const deskLink = h('a', { href: '#/desk', class: 'btn btn-block', 'data-testid': 'desk-link', hidden: true }, t('desk.open'));
  api.deskMe().then((d) => { deskLink.hidden = !(d && (d.isWorker || d.canViewCity)); }).catch(() => {});
  const listEl = h('div', { class: 'room-list', 'data-testid': 'room-list', 'aria-busy': 'true' });
  // 事業所情報 not confirmed for too long: its facility administrator is reminded here.
  const dirBanner = h('div');
  // Only a facility administrator may see the banner; the directory's module is fetched for them alone.
  const meNow = store.currentUser();
  if (meNow && meNow.profession === 'facility_admin') {
    Promise.all([import('./directory.js'), loadMore()]).then(([m]) => m.staleBanner()).then((b) => { if (b) dirBanner.replaceChildren(b); }, () => {});
  }
  let loaded = false;

  function render() {
    const all = store.roomList().sort(byActivityDesc);
    const patient = all.filter((r) => r.kind === 'patient');
    const network = all.filter((r) => r.kind !== 'patient');
    listEl.setAttribute('aria-busy', loaded ? 'false' : 'true');
    replace(listEl,
      section(t('rooms.patientRooms'), patient, onOpen, 'patient-rooms', loaded ? t('rooms.emptyPatient') : t('common.loading')),
      section(t('rooms.networkRooms'), network, onOpen, 'network-rooms', loaded ? t('rooms.emptyNetwork') : t('common.loading')));
  }

  const unsubscribe = store.onRoomsChange(() => {
    loaded = true;
    render();
  });
  const error = h('p', { class: 'form-error', role: 'alert', hidden: true });
  store.loadRooms().then(() => {
    loaded = true;
    render();
  }).catch(() => {
    error.textContent = t('rooms.loadFailed');
    error.hidden = false;
  });
  render();

  const el = h('div', { class: 'screen rooms' },
    topBar({
      title: t('app.name'),
      subtitle: me ? `${me.name}（${professionLabel(me.profession)}）` : null,
      actions: [connectionBadge()],
    }),
    h('main', { class: 'rooms-main' },
      h('button', {
        type: 'button', class: 'btn btn-primary btn-block', 'data-testid': 'create-room-button',
        // The form is fetched on first use (not every user opens rooms).
        onclick: () => import('./create-room.js').then((m) => m.openCreateRoom({ onCreated: (room) => onOpen(room.roomId) }),
          () => toast(t('lazy.failed'), { kind: 'warn' })),
      }, `＋ ${t('rooms.create')}`),
      // 監査ログ for facility administrators (SP-AUD-04).
      me && me.profession === 'facility_admin' ? h('a', {
        href: '#/audit', class: 'btn btn-block', 'data-testid': 'audit-link',
      }, t('audit.open')) : null,
      // 緊急閲覧の確認 next to it: the break-the-glass grants of the facility's staff (SP-AUTHZ-04).
      me && me.profession === 'facility_admin' ? h('a', {
        href: '#/admin/emergency', class: 'btn btn-block', 'data-testid': 'grants-link',
      }, t('grants.open')) : null,
      // 保存期間を過ぎた部屋: closed rooms due for purge (SP-RET-01, SP-RET-03).
      me && (me.profession === 'facility_admin' || me.profession === 'operator') ? h('a', {
        href: '#/admin/retention', class: 'btn btn-block', 'data-testid': 'retention-link',
      }, t('retention.title')) : null,
      // 職員管理: reset links and 退職処理.
      me && me.profession === 'facility_admin' ? h('a', {
        href: '#/staff', class: 'btn btn-block', 'data-testid': 'staff-link',
      }, t('staff.title')) : null,
      // 当番表 (night and holiday on-call rota) and unacknowledged urgent notes of one's staff.
      rotaLink,
      dirBanner,
      bedsLink,
      handoffLink,
      h('a', { href: '#/directory', class: 'btn btn-block', 'data-testid': 'directory-link' }, t('dir.title')),
      deskLink,
      error,
      listEl),
    h('footer', { class: 'rooms-footer' },
      langSwitch(),
      h('button', { type: 'button', class: 'btn btn-quiet', 'data-testid': 'agenda-button',
        onclick: () => { location.hash = '#/agenda'; } }, t('cal.agenda')),
      // 緊急閲覧 for licensed clinicians (rarely needed, so in the footer rather than above the list).
      me && EMERGENCY_PROFESSIONS.has(me.profession) ? h('a', {
        href: '#/emergency', class: 'btn btn-quiet btn-emergency', 'data-testid': 'emergency-link',
      }, `⚠ ${t('emergency.open')}`) : null,
      h('a', { href: '#/settings', class: 'btn btn-quiet', 'data-testid': 'settings-link' }, t('settings.title')),
      h('button', { type: 'button', class: 'btn btn-quiet', 'data-testid': 'logout-button', onclick: onLogout }, t('nav.logout'))));

  return { el, destroy: unsubscribe };
}
