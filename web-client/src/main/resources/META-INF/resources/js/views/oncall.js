// views/oncall.js — who covers a patient: the room's 主治医・副主治医 strip ("いま対応"), the editor of roles and
// cover periods (host or 主治医), the organisation's 当番表 (#/rota), and the wording of urgent notes' escalation.

import { h, replace, uid } from '../dom.js';
import { t } from '../i18n.js';
import * as api from '../api.js';
import { formatDayTime, formatTime } from '../format.js';
import { errorMessage } from '../errors.js';
import { toast } from '../ui.js';

const ROLE_WORD = { deputy: 'oncall.role.deputy', on_call: 'oncall.role.onCall', attending: 'oncall.role.attending',
  addressee: 'oncall.role.addressee', host: 'oncall.role.host', facility_admin: 'oncall.role.admin' };

function plainNames(to) {
  return (to || []).map((x) => (x.person && x.person.name) || t('person.unknown')).join(t('list.separator'));
}

function names(to) {
  return (to || []).map((x) => `${(x.person && x.person.name) || t('person.unknown')}（${t(ROLE_WORD[x.role] || 'oncall.role.addressee')}）`)
    .join(t('list.separator'));
}

/** A timeline line for urgent.escalated / care.* events, or null. */
export function oncallSystemText(ev) {
  const c = ev.content || {};
  const by = (ev.sender && ev.sender.name) || t('person.unknown');
  switch (ev.kind) {
    case 'urgent.escalated':
      if (c.step === 'acknowledged') return t('oncall.sys.acknowledged', { who: plainNames(c.to) });
      if (!c.to || !c.to.length) return t('oncall.sys.nobody');
      return t(`oncall.sys.${c.step}`, { who: names(c.to), n: c.minutes });
    case 'care.roles.changed':
      return t('oncall.sys.roles', {
        by,
        attending: (c.attending && c.attending.name) || t('oncall.unset'),
        deputy: (c.deputy && c.deputy.name) || t('oncall.unset'),
      });
    case 'care.cover.added':
      return t('oncall.sys.coverAdded', { by, from: formatDayTime(c.from), to: formatDayTime(c.to) });
    case 'care.cover.removed':
      return t('oncall.sys.coverRemoved', { by });
    default:
      return null;
  }
}

/** Where the sender's urgent note stands: "未確認: 副主治医に通知しました 19:42" or "確認済み". */
export function escalationStatus(esc) {
  if (!esc) return null;
  if (esc.step === 'acknowledged') return t('oncall.status.acknowledged', { who: plainNames(esc.to) });
  const role = esc.to && esc.to.length ? t(ROLE_WORD[esc.to[0].role] || 'oncall.role.addressee') : t('oncall.nobody');
  return t('oncall.status.pending', { role, time: formatTime(esc.ts) });
}

function nowLine(team) {
  const n = team.now || {};
  if (!n.person) return t('oncall.nowNone');
  const role = { cover: 'oncall.role.deputy', on_call: 'oncall.role.onCall', attending: 'oncall.role.attending' }[n.basis];
  return t('oncall.now', { name: n.person.name, role: t(role || 'oncall.role.attending') })
    + (n.until ? t('oncall.until', { time: formatDayTime(n.until) }) : '');
}

/** datetime-local value (Japan time) → RFC 3339 with +09:00. */
export function jstValue(v) {
  return v ? `${v}:00+09:00` : null;
}

/** The 「いま対応」 strip under a patient room's header, with the care-team editor behind a button. */
export function createCareStrip({ roomId, members }) {
  let team = null;
  const line = h('p', { class: 'oncall-now', 'data-testid': 'oncall-now', role: 'status' }, '');
  const roles = h('p', { class: 'oncall-roles', 'data-testid': 'oncall-roles' }, '');
  const button = h('button', {
    type: 'button', class: 'btn btn-quiet btn-small', 'data-testid': 'care-team-button', onclick: () => openEditor(),
  }, t('oncall.open'));
  const el = h('div', { class: 'oncall-strip', 'data-testid': 'oncall-strip', hidden: true }, line, roles, button);

  let timer = null;

  /** Looks again when the answer may change: at the cover period's or duty's end, else in 10 minutes. */
  function schedule() {
    clearTimeout(timer);
    const until = team && team.now && team.now.until ? Date.parse(team.now.until) - Date.now() : Infinity;
    timer = setTimeout(refresh, Math.max(5000, Math.min(until + 1000, 10 * 60 * 1000)));
  }

  function paint() {
    if (!team) return;
    schedule();
    el.hidden = false;
    line.textContent = nowLine(team);
    roles.textContent = t('oncall.rolesLine', {
      attending: (team.attending && team.attending.name) || t('oncall.unset'),
      deputy: (team.deputy && team.deputy.name) || t('oncall.unset'),
    });
  }

  async function refresh() {
    try {
      team = await api.getCareTeam(roomId);
      paint();
    } catch {
      // not shown when it cannot be read (e.g. a network room, or offline)
    }
  }

  function openEditor() {
    if (!team) return;
    const dialog = h('dialog', { class: 'sheet', 'data-testid': 'care-team-sheet', 'aria-labelledby': 'care-team-title' });
    const error = h('p', { class: 'form-error', role: 'alert' });
    const physicians = members().filter((m) => m.person && m.person.profession === 'physician');
    const select = (label, testid, current) => {
      const id = uid('ct');
      const s = h('select', { id, 'data-testid': testid, disabled: !team.canEdit },
        h('option', { value: '' }, t('oncall.unset')),
        physicians.map((m) => h('option', { value: m.person.userId, selected: current && current.userId === m.person.userId }, m.person.name)));
      return { s, row: h('div', { class: 'field' }, h('label', { for: id }, label), s) };
    };
    const a = select(t('oncall.role.attending'), 'attending-select', team.attending);
    const d = select(t('oncall.role.deputy'), 'deputy-select', team.deputy);
    const fromId = uid('cf');
    const toId = uid('ct');
    const from = h('input', { id: fromId, type: 'datetime-local', 'data-testid': 'cover-from' });
    const to = h('input', { id: toId, type: 'datetime-local', 'data-testid': 'cover-to' });
    const coverList = h('ul', { class: 'cover-list', 'data-testid': 'cover-list' },
      team.covers.map((c) => h('li', { 'data-testid': 'cover' },
        h('span', null, t('oncall.coverRange', { from: formatDayTime(c.from), to: formatDayTime(c.to) })
          + (c.active ? ` ${t('oncall.active')}` : '')),
        team.canEdit ? h('button', {
          type: 'button', class: 'btn btn-quiet btn-small', 'data-testid': 'cover-remove',
          onclick: () => run(() => api.removeCover(roomId, c.coverId)),
        }, t('oncall.remove')) : null)));
    async function run(fn) {
      error.textContent = '';
      try {
        await fn();
        dialog.close();
        await refresh();
        toast(t('oncall.saved'));
      } catch (err) {
        error.textContent = errorMessage(err);
      }
    }
    replace(dialog,
      h('div', { class: 'sheet-head' },
        h('h2', { class: 'sheet-title', id: 'care-team-title' }, t('oncall.title')),
        h('button', {
          type: 'button', class: 'btn btn-quiet', 'data-testid': 'care-team-close', onclick: () => dialog.close(),
        }, t('action.close'))),
      h('div', { class: 'sheet-body' },
        h('p', { class: 'hint' }, nowLine(team)),
        a.row, d.row,
        team.canEdit ? h('button', {
          type: 'button', class: 'btn btn-primary', 'data-testid': 'roles-save',
          onclick: () => run(() => api.setCareRoles(roomId, { attendingUserId: a.s.value || null, deputyUserId: d.s.value || null })),
        }, t('oncall.saveRoles')) : h('p', { class: 'hint' }, t('oncall.onlyHost')),
        h('h3', null, t('oncall.covers')),
        h('p', { class: 'hint' }, t('oncall.coversHint')),
        coverList,
        team.canEdit ? h('div', { class: 'cover-form' },
          h('div', { class: 'field' }, h('label', { for: fromId }, t('oncall.from')), from),
          h('div', { class: 'field' }, h('label', { for: toId }, t('oncall.to')), to),
          h('button', {
            type: 'button', class: 'btn', 'data-testid': 'cover-add',
            onclick: () => run(() => api.addCover(roomId, { from: jstValue(from.value), to: jstValue(to.value) })),
          }, t('oncall.addCover'))) : null,
        error));
    dialog.addEventListener('close', () => dialog.remove());
    document.body.append(dialog);
    dialog.showModal();
  }

  return { el, refresh, destroy: () => clearTimeout(timer) };
}
