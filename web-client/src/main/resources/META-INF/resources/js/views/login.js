// views/login.js — the login screen: ID and password, with the language switch.

import { h, uid } from '../dom.js';
import { t } from '../i18n.js';
import * as api from '../api.js';
import { errorMessage } from '../errors.js';
import { langSwitch } from '../ui.js';
import * as webauthn from '../webauthn.js';

/** Renders the login screen; calls onLoggedIn(session) after a successful login. */
export function loginView({ onLoggedIn, notice }) {
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
      onLoggedIn(session);
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

  const el = h('main', { class: 'screen login' },
    h('div', { class: 'login-top' }, langSwitch()),
    h('div', { class: 'login-card' },
      h('h1', { class: 'brand' }, h('span', { class: 'brand-mark', 'aria-hidden': 'true' }, '連'), t('app.name')),
      h('p', { class: 'brand-sub' }, t('app.tagline')),
      notice ? h('p', { class: 'notice', role: 'status' }, notice) : null,
      form,
      codeForm,
      h('p', { class: 'hint' }, t('login.hint'))));

  return { el, focus: () => username.focus(), destroy() {} };
}
