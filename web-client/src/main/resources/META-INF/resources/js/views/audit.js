// views/audit.js — 監査ログ: a facility administrator reviews their own staff's accesses (SP-AUD-04).
// Filters (staff id, dates), the three canned reviews as tabs, a table that scrolls sideways on a tablet.
// Shows ids and codes only: room ids, never patient names.

import { h, replace } from '../dom.js';
import { t, has } from '../i18n.js';
import { formatTime } from '../format.js';
import { topBar } from '../ui.js';
import * as api from '../api.js';

const VIEWS = ['entries', 'off-hours', 'bulk', 'emergency'];
const PAGE = 50;

function tokyoDate(offsetDays) {
  const d = new Date(Date.now() + offsetDays * 86400000);
  // en-CA formats as YYYY-MM-DD.
  return d.toLocaleDateString('en-CA', { timeZone: 'Asia/Tokyo' });
}

function actionLabel(code) {
  return has(`audit.action.${code}`) ? t(`audit.action.${code}`) : code;
}

/** The audit log screen. onBack() returns to the room list. */
export function auditView({ onBack }) {
  const state = { view: 'entries', actor: '', from: tokyoDate(-6), to: tokyoDate(0), page: 0 };
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
    return h('table', { class: 'audit-table' },
      h('thead', null, h('tr', null,
        ['audit.col.at', 'audit.col.actor', 'audit.col.action', 'audit.col.target', 'audit.col.result', 'audit.col.from']
          .map((k) => h('th', { scope: 'col' }, t(k))))),
      h('tbody', null, rows.map((r) => h('tr', { 'data-testid': 'audit-row', class: r.allowed ? '' : 'denied' },
        h('td', null, h('time', { datetime: r.at }, formatTime(r.at))),
        h('td', null, r.actorName || r.actorId, h('span', { class: 'audit-sub' }, r.actorId)),
        h('td', { 'data-testid': 'audit-action' }, actionLabel(r.action)),
        h('td', null, r.resourceId || '—', r.roomId && r.roomId !== r.resourceId ? h('span', { class: 'audit-sub' }, r.roomId) : null),
        h('td', null, r.allowed ? t('audit.allowed') : h('span', { class: 'tag tag-denied' }, t('audit.denied')),
          r.allowed ? null : h('span', { class: 'audit-sub' }, r.reason)),
        h('td', null, r.origin || '—')))));
  }

  function bulkTable(findings) {
    if (!findings.length) return h('p', { class: 'empty', 'data-testid': 'audit-empty' }, t('audit.emptyBulk'));
    return h('table', { class: 'audit-table' },
      h('thead', null, h('tr', null,
        ['audit.col.hour', 'audit.col.actor', 'audit.col.distinct'].map((k) => h('th', { scope: 'col' }, t(k))))),
      h('tbody', null, findings.map((f) => h('tr', { 'data-testid': 'audit-row' },
        h('td', null, formatTime(f.hour)),
        h('td', null, f.actorName || f.actorId, h('span', { class: 'audit-sub' }, f.actorId)),
        h('td', null, t('audit.distinctOf', { n: f.distinct, max: f.threshold }))))));
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

  const actorInput = h('input', { type: 'text', id: 'audit-actor', maxlength: '64', 'data-testid': 'audit-actor', placeholder: 'u-…', autocomplete: 'off' });
  const fromInput = h('input', { type: 'date', id: 'audit-from', value: state.from, 'data-testid': 'audit-from' });
  const toInput = h('input', { type: 'date', id: 'audit-to', value: state.to, 'data-testid': 'audit-to' });
  const form = h('form', {
    class: 'audit-filters',
    onsubmit: (e) => {
      e.preventDefault();
      state.actor = actorInput.value.trim();
      state.from = fromInput.value;
      state.to = toInput.value;
      state.page = 0;
      load();
    },
  },
  h('label', { for: 'audit-actor' }, t('audit.filter.actor'), actorInput),
  h('label', { for: 'audit-from' }, t('audit.filter.from'), fromInput),
  h('label', { for: 'audit-to' }, t('audit.filter.to'), toInput),
  h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'audit-apply' }, t('audit.filter.apply')));

  const el = h('div', { class: 'screen audit', 'data-testid': 'audit-screen' },
    topBar({ onBack, title: t('audit.title'), subtitle: t('audit.subtitle') }),
    h('main', { class: 'audit-main' }, form, tabs, h('p', { class: 'hint' }, t('audit.hint')), error, tableEl, pager));
  load();
  return { el };
}
