// @on-demand — fetched on first use (js/lazy.js), not part of the app shell.
// views/audit.js — 監査ログ: a facility administrator reviews their own staff's accesses (SP-AUD-04).
// Filters (a staff member by name, dates, technical records on or off), the canned reviews as tabs,
// a table on wide screens and one card per entry on a phone. Actions in words, never raw codes; rooms
// by id only, never patient names.

import { h, replace } from '../dom.js';
import { t, has } from '../i18n.js';
import { formatTime, todayIso, addDaysIso } from '../format.js';
import { topBar } from '../ui.js';
import * as api from '../api.js';

const VIEWS = ['entries', 'off-hours', 'bulk', 'emergency'];
const PAGE = 50;

function tokyoDate(offsetDays) {
  return addDaysIso(todayIso(), offsetDays);
}

/** An action in words: its own label, else its group's (e.g. any http.* request), else その他の操作. */
function actionLabel(code) {
  const c = String(code || '');
  if (has(`audit.action.${c}`)) return t(`audit.action.${c}`);
  const group = c.replace(/\..*$/, '');
  if (has(`audit.actionGroup.${group}`)) return t(`audit.actionGroup.${group}`);
  return t('audit.actionGroup.other');
}

function reasonLabel(reason) {
  return reason && has(`reason.${reason}`) ? t(`reason.${reason}`) : (reason || '');
}

/** The audit log screen. onBack() returns to the room list. */
export function auditView({ onBack }) {
  const state = { view: 'entries', actor: '', from: tokyoDate(-6), to: tokyoDate(0), page: 0, technical: false };
  const tableEl = h('div', { class: 'audit-table-wrap', 'data-testid': 'audit-table', 'aria-busy': 'true' });
  const error = h('p', { class: 'form-error', role: 'alert', hidden: true });
  const pager = h('div', { class: 'audit-pager' });
  const tabs = h('div', { class: 'audit-tabs', role: 'tablist' });

  function renderTabs() {
    replace(tabs, VIEWS.map((v) => h('button', {
      type: 'button', role: 'tab', class: `audit-tab${state.view === v ? ' active' : ''}`,
      'aria-selected': state.view === v ? 'true' : 'false', 'data-testid': `audit-tab-${v}`,
      onclick: () => { state.view = v; state.page = 0; load(); },
    }, t(`audit.view.${v}`))));
  }

  function entriesTable(rows) {
    if (!rows.length) return h('p', { class: 'empty', 'data-testid': 'audit-empty' }, t('audit.empty'));
    const col = (k) => t(k);
    return h('table', { class: 'audit-table audit-cards' },
      h('thead', null, h('tr', null,
        ['audit.col.at', 'audit.col.actor', 'audit.col.action', 'audit.col.target', 'audit.col.result', 'audit.col.from']
          .map((k) => h('th', { scope: 'col' }, t(k))))),
      h('tbody', null, rows.map((r) => h('tr', { 'data-testid': 'audit-row', class: r.allowed ? '' : 'denied' },
        h('td', { 'data-label': col('audit.col.at') }, h('time', { datetime: r.at }, formatTime(r.at))),
        h('td', { 'data-label': col('audit.col.actor') }, r.actorName || t('audit.unknownActor')),
        h('td', { 'data-label': col('audit.col.action'), 'data-testid': 'audit-action', 'data-action': r.action }, actionLabel(r.action)),
        h('td', { 'data-label': col('audit.col.target') }, r.resourceId && r.resourceId === r.actorId ? t('audit.self') : (r.resourceId || '—'),
          r.roomId && r.roomId !== r.resourceId ? h('span', { class: 'audit-sub' }, r.roomId) : null),
        h('td', { 'data-label': col('audit.col.result') }, r.allowed ? t('audit.allowed') : h('span', { class: 'tag tag-denied' }, t('audit.denied')),
          r.allowed ? null : h('span', { class: 'audit-sub' }, reasonLabel(r.reason))),
        h('td', { 'data-label': col('audit.col.from') }, r.origin || '—')))));
  }

  function bulkTable(findings) {
    if (!findings.length) return h('p', { class: 'empty', 'data-testid': 'audit-empty' }, t('audit.emptyBulk'));
    return h('table', { class: 'audit-table audit-cards' },
      h('thead', null, h('tr', null,
        ['audit.col.hour', 'audit.col.actor', 'audit.col.distinct'].map((k) => h('th', { scope: 'col' }, t(k))))),
      h('tbody', null, findings.map((f) => h('tr', { 'data-testid': 'audit-row' },
        h('td', { 'data-label': t('audit.col.hour') }, formatTime(f.hour)),
        h('td', { 'data-label': t('audit.col.actor') }, f.actorName || t('audit.unknownActor')),
        h('td', { 'data-label': t('audit.col.distinct') }, t('audit.distinctOf', { n: f.distinct, max: f.threshold }))))));
  }

  async function load() {
    renderTabs();
    error.hidden = true;
    tableEl.setAttribute('aria-busy', 'true');
    try {
      const page = await api.getAudit({ ...state, size: PAGE });
      replace(tableEl, state.view === 'bulk' ? bulkTable(page.findings || []) : entriesTable(page.entries || []),
        page.truncated ? h('p', { class: 'hint' }, t('audit.truncated')) : null);
      replace(pager,
        h('button', { type: 'button', class: 'btn', disabled: state.page === 0, onclick: () => { state.page -= 1; load(); } }, t('audit.prev')),
        h('span', null, t('audit.page', { n: state.page + 1 })),
        h('button', { type: 'button', class: 'btn', 'data-testid': 'audit-next', disabled: !page.hasMore, onclick: () => { state.page += 1; load(); } }, t('audit.next')));
    } catch (e) {
      replace(tableEl);
      error.textContent = e.code === 'FORBIDDEN' ? t('audit.forbidden')
        : (e.violations && e.violations.some((v) => v.problem === 'range_too_long')) ? t('audit.rangeTooLong')
          : t('audit.loadFailed');
      error.hidden = false;
    } finally {
      tableEl.setAttribute('aria-busy', 'false');
    }
  }

  // The staff member by name (the organisation's staff list), never an internal id to type.
  const actorInput = h('select', { id: 'audit-actor', 'data-testid': 'audit-actor' },
    h('option', { value: '' }, t('audit.filter.allStaff')));
  api.staff().then((people) => {
    const sorted = [...people].sort((a, b) => String(a.name).localeCompare(String(b.name), 'ja'));
    actorInput.append(...sorted.map((p) => h('option', { value: p.userId }, p.name)));
  }).catch(() => {});
  const technicalInput = h('input', { type: 'checkbox', id: 'audit-technical', 'data-testid': 'audit-technical' });
  const fromInput = h('input', { type: 'date', id: 'audit-from', value: state.from, 'data-testid': 'audit-from' });
  const toInput = h('input', { type: 'date', id: 'audit-to', value: state.to, 'data-testid': 'audit-to' });
  const form = h('form', {
    class: 'audit-filters',
    onsubmit: (e) => {
      e.preventDefault();
      state.actor = actorInput.value;
      state.technical = technicalInput.checked;
      state.from = fromInput.value;
      state.to = toInput.value;
      state.page = 0;
      load();
    },
  },
  h('label', { for: 'audit-actor' }, t('audit.filter.actor'), actorInput),
  h('label', { for: 'audit-from' }, t('audit.filter.from'), fromInput),
  h('label', { for: 'audit-to' }, t('audit.filter.to'), toInput),
  h('label', { for: 'audit-technical', class: 'check' }, technicalInput, h('span', null, t('audit.filter.technical'))),
  h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'audit-apply' }, t('audit.filter.apply')));

  const el = h('div', { class: 'screen audit', 'data-testid': 'audit-screen' },
    topBar({ onBack, title: t('audit.title'), subtitle: t('audit.subtitle') }),
    h('main', { class: 'audit-main' }, form, tabs, h('p', { class: 'hint' }, t('audit.hint')), error, tableEl, pager));
  load();
  return { el };
}
