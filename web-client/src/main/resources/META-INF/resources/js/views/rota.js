// @on-demand — fetched on first use (js/lazy.js), not part of the app shell.
// views/rota.js — 当番表 (#/rota): an organisation's night and holiday on-call rota for its facility
// administrator (add and remove entries, the minutes between escalation steps) and, read-only, for its
// clinicians; with the content-free alerts of urgent notes nobody acknowledged. The room's いま対応 strip and
// the urgent note's status stay in views/oncall.js (part of every room).

import { h, replace, uid } from '../dom.js';
import { t } from '../i18n.js';
import * as api from '../api.js';
import { formatDayTime } from '../format.js';
import { errorMessage } from '../errors.js';
import { topBar, toast } from '../ui.js';
import { jstValue } from './oncall.js';

/** #/rota: the organisation's 当番表 (list + add/remove), for its administrator; its clinicians see it. */
export function rotaView({ onBack }) {
  const body = h('div', { class: 'rota-body' }, h('p', { class: 'loading' }, t('common.loading')));
  const el = h('div', { class: 'screen rota', 'data-testid': 'rota-view' },
    topBar({ onBack, title: t('oncall.rota') }), body);
  let orgId = null;

  async function load() {
    try {
      const me = await api.oncallMe();
      orgId = me.organizationId;
      const [rota, alerts] = await Promise.all([me.canViewRota ? api.getRota(orgId) : null, api.oncallAlerts()]);
      render(rota, alerts.alerts || []);
    } catch (err) {
      replace(body, h('p', { class: 'form-error', role: 'alert' }, errorMessage(err)));
    }
  }

  function render(rota, alerts) {
    const error = h('p', { class: 'form-error', role: 'alert' });
    const alertList = alerts.length ? h('section', { class: 'oncall-alerts', 'data-testid': 'oncall-alerts' },
      h('h2', null, t('oncall.alerts')),
      h('p', { class: 'hint' }, t('oncall.alertsHint')),
      h('ul', null, alerts.map((a) => h('li', { 'data-testid': 'oncall-alert' },
        t('oncall.alertLine', { time: formatDayTime(a.at), sender: (a.sender && a.sender.name) || t('person.unknown') })
        + (a.acknowledged ? ` ${t('oncall.status.done')}` : ''),
        a.roomId ? h('a', { href: `#/room/${a.roomId}`, class: 'btn btn-quiet btn-small' }, t('oncall.openRoom')) : null)))) : null;
    if (!rota) {
      replace(body, alertList || h('p', { class: 'hint' }, t('oncall.noRota')));
      return;
    }
    const fromId = uid('rf');
    const toId = uid('rt');
    const docId = uid('rd');
    const minId = uid('rm');
    const from = h('input', { id: fromId, type: 'datetime-local', 'data-testid': 'rota-from' });
    const to = h('input', { id: toId, type: 'datetime-local', 'data-testid': 'rota-to' });
    const doctor = h('select', { id: docId, 'data-testid': 'rota-physician' },
      rota.physicians.map((p) => h('option', { value: p.userId }, p.name)));
    const minutes = h('input', {
      id: minId, type: 'number', min: 1, max: 120, inputmode: 'numeric', value: rota.escalationMinutes, 'data-testid': 'rota-minutes',
    });
    async function run(fn) {
      error.textContent = '';
      try {
        await fn();
        toast(t('oncall.saved'));
        load();
      } catch (err) {
        error.textContent = errorMessage(err);
      }
    }
    replace(body,
      alertList,
      h('p', { class: 'oncall-now', 'data-testid': 'rota-now' }, rota.onCallNow
        ? t('oncall.rotaNow', { name: rota.onCallNow.name }) : t('oncall.rotaNowNone')),
      h('h2', null, rota.organizationName),
      h('ul', { class: 'rota-list', 'data-testid': 'rota-list' }, rota.entries.length
        ? rota.entries.map((e) => h('li', { 'data-testid': 'rota-entry', class: e.active ? 'active' : null },
          h('span', null, `${t('oncall.coverRange', { from: formatDayTime(e.from), to: formatDayTime(e.to) })} ${(e.physician && e.physician.name) || ''}`),
          rota.canEdit ? h('button', {
            type: 'button', class: 'btn btn-quiet btn-small', 'data-testid': 'rota-remove',
            onclick: () => run(() => api.removeRotaEntry(orgId, e.entryId)),
          }, t('oncall.remove')) : null))
        : h('li', null, t('oncall.rotaEmpty'))),
      rota.canEdit ? h('section', { class: 'rota-form' },
        h('h2', null, t('oncall.rotaAdd')),
        h('div', { class: 'field' }, h('label', { for: fromId }, t('oncall.from')), from),
        h('div', { class: 'field' }, h('label', { for: toId }, t('oncall.to')), to),
        h('div', { class: 'field' }, h('label', { for: docId }, t('oncall.physician')), doctor),
        h('button', {
          type: 'button', class: 'btn btn-primary', 'data-testid': 'rota-add',
          onclick: () => run(() => api.addRotaEntry(orgId, { from: jstValue(from.value), to: jstValue(to.value), physicianUserId: doctor.value })),
        }, t('oncall.rotaAddButton')),
        h('div', { class: 'field' }, h('label', { for: minId }, t('oncall.minutes')), minutes),
        h('button', {
          type: 'button', class: 'btn', 'data-testid': 'rota-minutes-save',
          onclick: () => run(() => api.setRotaSettings(orgId, { escalationMinutes: Number(minutes.value) })),
        }, t('oncall.saveMinutes'))) : null,
      h('p', { class: 'hint' }, t('oncall.notEmergency')),
      error);
  }

  load();
  return { el, destroy() {} };
}
