// views/outbox-panel.js — the room's notes that have not reached the server yet (outbox.js), shown
// between the timeline and the composer with their state: 送信待ち, 送信済み, or 送れませんでした with
// 再送 and 削除.

import { h, replace } from '../dom.js';
import { t, onLangChange } from '../i18n.js';
import * as outbox from '../outbox.js';
import { confirmDialog } from '../dialog.js';
import { errorMessage } from '../errors.js';

const PREVIEW = 80;

function preview(note) {
  const text = (note && note.text ? String(note.text) : '').trim();
  const short = text.length > PREVIEW ? `${text.slice(0, PREVIEW)}…` : text;
  if (note && note.kind === 'visit') return short ? `${t('note.visitLabel')}: ${short}` : t('note.visitLabel');
  return short;
}

/** The panel for roomId: {el, destroy}. */
export function createOutboxPanel({ roomId }) {
  const list = h('ul', { class: 'outbox-list' });
  const title = h('h2', { class: 'outbox-title' });
  const el = h('section', { class: 'outbox', 'data-testid': 'outbox', hidden: true }, title, list);

  function row(item) {
    const state = h('span', { class: `outbox-state outbox-${item.state}`, 'data-testid': 'outbox-state' },
      t(`outbox.state.${item.state}`));
    const actions = item.state === 'failed' ? h('span', { class: 'outbox-actions' },
      h('button', {
        type: 'button', class: 'btn btn-small', 'data-testid': 'outbox-retry',
        onclick: () => outbox.retry(item.id),
      }, t('outbox.retry')),
      h('button', {
        type: 'button', class: 'btn btn-quiet btn-small', 'data-testid': 'outbox-delete',
        onclick: async () => {
          const ok = await confirmDialog({ message: t('outbox.deleteConfirm'), ok: t('outbox.delete'), danger: true });
          if (ok) outbox.remove(item.id);
        },
      }, t('outbox.delete'))) : null;
    const why = item.state === 'failed' && item.code
      ? h('p', { class: 'outbox-why' }, errorMessage({ code: item.code, reason: item.reason })) : null;
    return h('li', {
      class: `outbox-item outbox-item-${item.state}`, 'data-testid': 'outbox-item', 'data-state': item.state,
      'data-txn-id': item.txnId,
    },
    h('div', { class: 'outbox-head' }, state, actions),
    h('p', { class: 'outbox-text', 'data-testid': 'outbox-text' }, preview(item.note)),
    item.photoCount ? h('p', { class: 'photo-count', 'data-testid': 'outbox-photos' }, `📷 ${t('photo.count', { n: item.photoCount })}`) : null,
    why);
  }

  function render() {
    const items = outbox.itemsOf(roomId);
    el.hidden = items.length === 0;
    title.textContent = t('outbox.title');
    el.setAttribute('aria-label', t('outbox.title'));
    replace(list, items.map(row));
  }

  const off = outbox.onChange(render);
  const offLang = onLangChange(render);
  render();
  return {
    el,
    destroy() {
      off();
      offLang();
    },
  };
}
