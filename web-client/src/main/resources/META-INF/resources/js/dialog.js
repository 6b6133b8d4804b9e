// dialog.js — modal dialogs on the native <dialog> element: a generic sheet and a yes/no confirm.

import { h, append } from './dom.js';
import { t } from './i18n.js';

/**
 * Opens a modal sheet. content is a node; returns {dialog, close}. onClose runs once when it closes
 * (by close(), the Escape key or the close button).
 */
export function openSheet({ title, content, testid, onClose }) {
  const dialog = h('dialog', { class: 'sheet', 'data-testid': testid || null, 'aria-label': title });
  const close = () => {
    if (dialog.open) dialog.close();
  };
  dialog.append(
    h('div', { class: 'sheet-head' },
      h('h2', { class: 'sheet-title' }, title),
      h('button', { type: 'button', class: 'btn btn-quiet', 'data-testid': 'sheet-close', onclick: close }, t('action.close'))),
    h('div', { class: 'sheet-body' }, content),
  );
  dialog.addEventListener('close', () => {
    dialog.remove();
    if (onClose) onClose();
  });
  document.body.append(dialog);
  dialog.showModal();
  return { dialog, close };
}

/** Asks a yes/no question; resolves true when the user confirms. */
export function confirmDialog({ title, message, ok, danger = false }) {
  return new Promise((resolve) => {
    let answer = false;
    const dialog = h('dialog', { class: 'confirm', 'data-testid': 'confirm-dialog', 'aria-label': title || message });
    const finish = (value) => {
      answer = value;
      dialog.close();
    };
    append(dialog, [
      title ? h('h2', { class: 'confirm-title' }, title) : null,
      h('p', { class: 'confirm-message' }, message),
      h('div', { class: 'confirm-actions' },
        h('button', { type: 'button', class: 'btn', 'data-testid': 'confirm-cancel', onclick: () => finish(false) }, t('action.cancel')),
        h('button', {
          type: 'button', class: danger ? 'btn btn-danger' : 'btn btn-primary', 'data-testid': 'confirm-ok', onclick: () => finish(true),
        }, ok || t('action.ok'))),
    ]);
    dialog.addEventListener('close', () => {
      dialog.remove();
      resolve(answer);
    });
    document.body.append(dialog);
    dialog.showModal();
  });
}
