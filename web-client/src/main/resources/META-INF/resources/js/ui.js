// ui.js — small shared pieces of the screens: connection badge, language switch, toasts, top bar.

import { h } from './dom.js';
import { t, getLang, setLang, onLangChange } from './i18n.js';
import { onState } from './live.js';

// One connection badge, moved into whichever top bar is showing.
const badge = h('span', { class: 'conn', 'data-testid': 'connection-state', role: 'status' });
let badgeState = 'offline';
function paintBadge() {
  badge.dataset.state = badgeState;
  badge.textContent = t(`conn.${badgeState}`);
}
onState((s) => {
  badgeState = s;
  paintBadge();
});
onLangChange(paintBadge);

export function connectionBadge() {
  paintBadge();
  return badge;
}

/** A button switching between Japanese and English. */
export function langSwitch() {
  const other = getLang() === 'ja' ? 'en' : 'ja';
  return h('button', {
    type: 'button',
    class: 'btn btn-quiet lang-switch',
    'data-testid': 'lang-switch',
    lang: other,
    onclick: () => setLang(other).catch(() => toast(t('lazy.failed'), { kind: 'warn' })),
  }, t('lang.switchTo'));
}

/** The bar at the top of a screen: optional back button, title block, actions on the right. */
export function topBar({ onBack, title, subtitle, actions = [] }) {
  return h('header', { class: 'topbar' },
    onBack ? h('button', {
      type: 'button', class: 'btn btn-icon back', 'aria-label': t('nav.back'), 'data-testid': 'back-button', onclick: onBack,
    }, '‹') : null,
    h('div', { class: 'topbar-title' },
      h('h1', { class: 'title' }, title),
      subtitle ? h('p', { class: 'subtitle' }, subtitle) : null),
    h('div', { class: 'topbar-actions' }, actions));
}

const toasts = h('div', { class: 'toasts', role: 'status', 'aria-live': 'polite' });
document.body.append(toasts);

/** Shows a short message at the bottom of the screen for a few seconds. */
export function toast(text, { kind = 'info', ms = 5000 } = {}) {
  const el = h('div', { class: `toast toast-${kind}`, 'data-testid': 'toast' }, text);
  // A modal dialog sits in the top layer: put the toasts inside it so they stay visible.
  const dialogs = document.querySelectorAll('dialog[open]');
  const host = dialogs.length ? dialogs[dialogs.length - 1] : document.body;
  if (toasts.parentNode !== host) host.append(toasts);
  toasts.append(el);
  setTimeout(() => el.remove(), ms);
}
