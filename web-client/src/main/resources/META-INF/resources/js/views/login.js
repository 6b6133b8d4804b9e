// views/login.js — the login screen. On a phone with a registered passkey: one button, the passkey with
// user verification (fingerprint, face or device PIN; SP-AUTH-02). Otherwise ID and password, then a
// code or a passkey; right after a first password + code sign-in on a device without a passkey, the offer
// 「この端末で次から指紋・顔認証でログイン」 registers one (declining is remembered on this device).

import { h, uid } from '../dom.js';
import { t } from '../i18n.js';
import * as api from '../api.js';
import { errorMessage } from '../errors.js';
import { langSwitch, toast } from '../ui.js';
import * as webauthn from '../webauthn.js';

const OFFER_DECLINED = 'renkei.passkeyOffer';

/** Renders the login screen; calls onLoggedIn(session) after a successful login. */
export function loginView({ onLoggedIn, notice }) {
  // One step on a registered device: the browser offers this site's passkey on this device.
  const passkeyFirstError = h('p', { class: 'form-error', role: 'alert', 'data-testid': 'login-passkey-first-error', hidden: true });
  const passkeyFirst = h('button', {
    type: 'button', class: 'btn btn-primary btn-block', 'data-testid': 'login-passkey-first',
    onclick: async () => {
      passkeyFirstError.hidden = true;
      passkeyFirst.disabled = true;
      try {
        const options = await api.passkeyFirstOptions();
        const credential = await webauthn.get(options);
        onLoggedIn(await api.passkeyFirst(credential));
      } catch (err) {
        passkeyFirstError.textContent = err instanceof DOMException || err.code === 'AUTH_FAILED'
          ? t('login.passkeyFirstCancelled') : errorMessage(err);
        passkeyFirstError.hidden = false;
      } finally {
        passkeyFirst.disabled = false;
      }
    },
  }, t('login.passkeyFirst'));
  const passkeyFirstPart = webauthn.supported()
    ? h('div', { class: 'login-passkey-first' },
      passkeyFirst,
      h('p', { class: 'hint' }, t('login.passkeyFirstHint')),
      passkeyFirstError,
      h('p', { class: 'login-or' }, t('login.or')))
    : null;
  const userId = uid('login-user');
  const passId = uid('login-pass');
  const username = h('input', {
    id: userId, name: 'username', type: 'text', autocomplete: 'username', autocapitalize: 'off',
    spellcheck: 'false', required: true, 'data-testid': 'login-username',
  });
  const password = h('input', {
    id: passId, name: 'password', type: 'password', autocomplete: 'current-password', required: true,
    'data-testid': 'login-password',
  });
  const showPass = h('input', {
    type: 'checkbox',
    onchange: () => { password.type = showPass.checked ? 'text' : 'password'; },
  });
  const error = h('p', { class: 'form-error', role: 'alert', 'data-testid': 'login-error', hidden: true });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary btn-block', 'data-testid': 'login-submit' }, t('login.submit'));

  const form = h('form', { class: 'login-form', novalidate: true },
    h('label', { for: userId, class: 'field-label' }, t('login.username')),
    username,
    h('label', { for: passId, class: 'field-label' }, t('login.password')),
    password,
    h('label', { class: 'check' }, showPass, h('span', null, t('login.showPassword'))),
    error,
    submit);

  function showError(text) {
    error.textContent = text;
    error.hidden = !text;
  }

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const u = username.value.trim();
    if (!u || !password.value) {
      showError(t('login.missing'));
      (u ? password : username).focus();
      return;
    }
    showError('');
    submit.disabled = true;
    submit.textContent = t('login.submitting');
    try {
      const step = await api.login(u, password.value);
      password.value = '';
      showSecondFactor(step);
    } catch (err) {
      password.value = '';
      showError(err.code === 'AUTH_FAILED' ? t('login.failed') : errorMessage(err));
      password.focus();
    } finally {
      submit.disabled = false;
      submit.textContent = t('login.submit');
    }
  });

  // The second factor (SP-AUTH-02): a 6-digit code from the authenticator app.
  const codeId = uid('login-code');
  const code = h('input', {
    id: codeId, name: 'code', type: 'text', inputmode: 'numeric', autocomplete: 'one-time-code',
    pattern: '[0-9]*', maxlength: '6', required: true, 'data-testid': 'login-totp',
  });
  const codeError = h('p', { class: 'form-error', role: 'alert', 'data-testid': 'login-totp-error', hidden: true });
  const codeSubmit = h('button', { type: 'submit', class: 'btn btn-primary btn-block', 'data-testid': 'login-totp-submit' },
    t('login.totpSubmit'));
  // Or a passkey (WebAuthn) registered on the settings page.
  const passkeyButton = h('button', {
    type: 'button', class: 'btn btn-primary btn-block', 'data-testid': 'login-passkey', hidden: true,
    onclick: () => usePasskey(),
  }, t('login.passkey'));
  const totpPart = h('div', null,
    h('p', { class: 'hint' }, t('login.totpHint')),
    h('label', { for: codeId, class: 'field-label' }, t('login.totp')),
    code,
    codeSubmit);
  const codeForm = h('form', { class: 'login-form', novalidate: true, hidden: true },
    passkeyButton,
    totpPart,
    codeError);

  async function usePasskey() {
    codeError.hidden = true;
    passkeyButton.disabled = true;
    try {
      const options = await api.loginPasskeyOptions();
      const credential = await webauthn.get(options);
      onLoggedIn(await api.loginPasskey(credential));
    } catch (err) {
      // A DOMException: the person cancelled or the device has no matching passkey.
      codeError.textContent = err instanceof DOMException ? t('login.passkeyCancelled')
        : (err.code === 'AUTH_FAILED' ? t('login.passkeyFailed') : errorMessage(err));
      codeError.hidden = false;
    } finally {
      passkeyButton.disabled = false;
    }
  }

  function showSecondFactor(step) {
    form.hidden = true;
    if (passkeyFirstPart) passkeyFirstPart.hidden = true;
    codeForm.hidden = false;
    const methods = step.methods || [];
    passkeyButton.hidden = !(methods.includes('passkey') && webauthn.supported());
    totpPart.hidden = !methods.includes('totp');
    if (!passkeyButton.hidden && totpPart.hidden) {
      passkeyButton.focus();
      return;
    }
    if (methods.length === 0 || (passkeyButton.hidden && totpPart.hidden)) {
      codeError.textContent = t('login.noSecondFactor');
      codeError.hidden = false;
      code.disabled = true;
      codeSubmit.disabled = true;
      return;
    }
    code.focus();
  }

  codeForm.addEventListener('submit', async (e) => {
    e.preventDefault();
    const value = code.value.replace(/\s/g, '');
    if (!/^[0-9]{6}$/.test(value)) {
      codeError.textContent = t('login.totpMissing');
      codeError.hidden = false;
      code.focus();
      return;
    }
    codeError.hidden = true;
    codeSubmit.disabled = true;
    try {
      const session = await api.loginTotp(value);
      offerPasskey(session);
    } catch (err) {
      code.value = '';
      if (err.code === 'AUTH_FAILED') {
        // The pending login may have ended (lockout, time limit): start again from the password.
        codeError.textContent = t('login.totpFailed');
      } else {
        codeError.textContent = errorMessage(err);
      }
      codeError.hidden = false;
      code.focus();
    } finally {
      codeSubmit.disabled = false;
    }
  });

  // The offer after a password + code sign-in (this device has no passkey in use).
  const offer = h('section', { class: 'login-form offer', 'data-testid': 'passkey-offer', hidden: true });

  function declined() {
    try { return localStorage.getItem(OFFER_DECLINED) === 'declined'; } catch { return false; }
  }

  async function offerPasskey(session) {
    // Only on a device with a fingerprint, face or PIN authenticator, and not where it was declined.
    if (declined() || !(await webauthn.platformAvailable())) {
      onLoggedIn(session);
      return;
    }
    codeForm.hidden = true;
    if (passkeyFirstPart) passkeyFirstPart.hidden = true;
    const offerError = h('p', { class: 'form-error', role: 'alert', 'data-testid': 'passkey-offer-error', hidden: true });
    const register = h('button', {
      type: 'button', class: 'btn btn-primary btn-block', 'data-testid': 'passkey-offer-register',
      onclick: async () => {
        register.disabled = true;
        try {
          const options = await api.passkeyOptions();
          const credential = await webauthn.create(options);
          await api.registerPasskey(t('settings.passkeyDefaultLabel'), credential);
          toast(t('offer.done'));
          // The session now belongs to a registered device: it locks instead of ending when idle.
          onLoggedIn(await api.getSession());
        } catch (err) {
          offerError.textContent = err instanceof DOMException ? t('offer.failed') : errorMessage(err);
          offerError.hidden = false;
          register.disabled = false;
        }
      },
    }, t('offer.register'));
    const later = h('button', {
      type: 'button', class: 'btn btn-block', 'data-testid': 'passkey-offer-later',
      onclick: () => {
        try { localStorage.setItem(OFFER_DECLINED, 'declined'); } catch { /* private mode: asked again */ }
        onLoggedIn(session);
      },
    }, t('offer.later'));
    offer.replaceChildren(
      h('h2', { class: 'section-title' }, t('offer.title')),
      h('p', null, t('offer.text')),
      offerError, register, later);
    offer.hidden = false;
    register.focus();
  }

  const el = h('main', { class: 'screen login' },
    h('div', { class: 'login-top' }, langSwitch()),
    h('div', { class: 'login-card' },
      h('h1', { class: 'brand' }, h('span', { class: 'brand-mark', 'aria-hidden': 'true' }, '連'), t('app.name')),
      h('p', { class: 'brand-sub' }, t('app.tagline')),
      notice ? h('p', { class: 'notice', role: 'status' }, notice) : null,
      passkeyFirstPart,
      form,
      codeForm,
      offer,
      h('p', { class: 'hint' }, t('login.hint'))));

  return { el, focus: () => username.focus(), destroy() {} };
}
