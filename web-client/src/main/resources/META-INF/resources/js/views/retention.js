// @on-demand — fetched on first use (js/lazy.js), not part of the app shell.
// views/retention.js — 保存期間を過ぎた部屋 (#/admin/retention) for facility administrators and the operator:
// the closed rooms whose retention period has ended (ids and dates only, never patient names), a choice,
// a confirmation, then the purge (crypto-shredding). The room's closure sheet and banner are in closure.js.

import { h, replace, uid } from '../dom.js';
import { t } from '../i18n.js';
import * as api from '../api.js';
import { errorMessage, violationLines } from '../errors.js';
import { confirmDialog } from '../dialog.js';
import { topBar, toast } from '../ui.js';

/** 保存期間を過ぎた部屋 (#/admin/retention): the due list, a choice, a confirmation, the purge. */
export function retentionView({ onBack }) {
  const listEl = h('div', { class: 'grant-list', 'data-testid': 'retention-list', 'aria-busy': 'true' });
  const error = h('p', { class: 'form-error', role: 'alert', hidden: true, 'data-testid': 'retention-error' });
  const chosen = new Set();
  const purgeButton = h('button', {
    type: 'button', class: 'btn btn-danger btn-block', 'data-testid': 'retention-purge', disabled: true,
    onclick: purge,
  }, t('retention.purge', { n: 0 }));

  function refreshButton() {
    purgeButton.disabled = chosen.size === 0;
    purgeButton.textContent = t('retention.purge', { n: chosen.size });
  }

  function item(d) {
    const box = h('input', {
      type: 'checkbox', id: uid('due'), 'data-testid': 'retention-check', 'data-room-id': d.roomId,
      onchange: (e) => {
        if (e.target.checked) chosen.add(d.roomId);
        else chosen.delete(d.roomId);
        refreshButton();
      },
    });
    return h('li', { class: 'grant', 'data-testid': 'retention-row', 'data-room-id': d.roomId },
      h('div', { class: 'check-row' }, box,
        h('label', { for: box.id }, t('retention.row', { room: d.roomId, reason: t(`closure.reason.${d.reason}`) }))),
      h('dl', { class: 'grant-facts' },
        h('dt', null, t('retention.host')), h('dd', null, d.hostName || d.hostUserId || '—'),
        h('dt', null, t('retention.closedOn')), h('dd', null, d.closedOn),
        h('dt', null, t('retention.until')), h('dd', null, d.retentionUntil)));
  }

  async function load() {
    error.hidden = true;
    chosen.clear();
    refreshButton();
    listEl.setAttribute('aria-busy', 'true');
    try {
      const due = (await api.retentionDue()) || [];
      replace(listEl, due.length
        ? h('ul', { class: 'grant-ul' }, due.map(item))
        : h('p', { class: 'empty', 'data-testid': 'retention-empty' }, t('retention.empty')));
    } catch (err) {
      replace(listEl);
      error.textContent = errorMessage(err);
      error.hidden = false;
    } finally {
      listEl.setAttribute('aria-busy', 'false');
    }
  }

  async function purge() {
    const ids = [...chosen];
    if (!ids.length) return;
    const sure = await confirmDialog({
      title: t('retention.confirmTitle'), message: t('retention.confirmMessage', { n: ids.length }),
      ok: t('retention.confirmOk'), danger: true,
    });
    if (!sure) return;
    purgeButton.disabled = true;
    try {
      const result = await api.purgeRooms(ids);
      toast(t('retention.done', { n: result.purged.length }));
      load();
    } catch (err) {
      error.textContent = [errorMessage(err), ...violationLines(err.violations)].join(' ');
      error.hidden = false;
      refreshButton();
    }
  }

  const el = h('div', { class: 'screen audit grants', 'data-testid': 'retention-screen' },
    topBar({ onBack, title: t('retention.title'), subtitle: t('retention.subtitle') }),
    h('main', { class: 'audit-main' }, h('p', { class: 'hint' }, t('retention.hint')), error, listEl, purgeButton));
  load();
  return { el };
}
