// views/lock.js — the lock screen (SP-AUTH-06): no patient data, only who is signed in, one button
// that unlocks with this device's passkey (one tap and the fingerprint or face), and sign-out.

import { h } from '../dom.js';
import { t } from '../i18n.js';
import { errorMessage } from '../errors.js';
import { langSwitch } from '../ui.js';

/** onUnlock() resolves when unlocked (the app then shows its screens again) or rejects. */
export function lockView({ name, onUnlock, onSignOut }) {
  const error = h('p', { class: 'form-error', role: 'alert', 'data-testid': 'lock-error', hidden: true });
  const unlock = h('button', {
    type: 'button', class: 'btn btn-primary btn-block', 'data-testid': 'lock-unlock',
    onclick: async () => {
      error.hidden = true;
      unlock.disabled = true;
      unlock.textContent = t('lock.unlocking');
      try {
        await onUnlock();
      } catch (err) {
        error.textContent = err instanceof DOMException || err.code === 'AUTH_FAILED' ? t('lock.failed') : errorMessage(err);
        error.hidden = false;
        unlock.disabled = false;
        unlock.textContent = t('lock.unlock');
      }
    },
  }, t('lock.unlock'));
  const signOut = h('button', {
    type: 'button', class: 'btn btn-block', 'data-testid': 'lock-sign-out', onclick: () => onSignOut(),
  }, t('lock.signOut'));
  const el = h('main', { class: 'screen login lock', 'data-testid': 'lock-screen' },
    h('div', { class: 'login-top' }, langSwitch()),
    h('div', { class: 'login-card' },
      h('h1', { class: 'brand' }, h('span', { class: 'brand-mark', 'aria-hidden': 'true' }, '連'), t('app.name')),
      h('h2', { class: 'section-title' }, t('lock.title')),
      name ? h('p', { class: 'lock-user', 'data-testid': 'lock-user' }, t('lock.user', { name })) : null,
      h('p', { class: 'hint' }, t('lock.text')),
      error,
      unlock,
      signOut));
  return { el, focus: () => unlock.focus(), destroy() {}, lock: true };
}
