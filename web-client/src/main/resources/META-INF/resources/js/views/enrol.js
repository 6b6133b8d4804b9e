// @on-demand — fetched on first use (js/lazy.js), not part of the app shell.
// views/enrol.js — the page behind a one-time link (SP-AUTH-05): the person sees whose account it is,
// adds the authenticator app (QR code or secret) and sets their own password with the first code.

import { h, replace, uid } from '../dom.js';
import { t } from '../i18n.js';
import * as api from '../api.js';
import { errorMessage, violationLines } from '../errors.js';
import { langSwitch } from '../ui.js';
import { formatTime } from '../format.js';

/** The enrolment screen for {token}; onDone() goes to the login. */
export function enrolView({ token, onDone }) {
  const body = h('div', { class: 'enrol-body', 'data-testid': 'enrol', 'aria-busy': 'true' }, t('common.loading'));

  function labelled(label, input) {
    const id = uid('enrol');
    input.id = id;
    return [h('label', { for: id, class: 'field-label' }, label), input];
  }

  function render(e) {
    const password = h('input', { type: 'password', autocomplete: 'new-password', 'data-testid': 'enrol-password' });
    const again = h('input', { type: 'password', autocomplete: 'new-password', 'data-testid': 'enrol-password-again' });
    const code = h('input', {
      type: 'text', inputmode: 'numeric', autocomplete: 'one-time-code', maxlength: '6', 'data-testid': 'enrol-code',
    });
    const error = h('div', { class: 'form-error', role: 'alert', 'data-testid': 'enrol-error', hidden: true });
    const submit = h('button', { type: 'submit', class: 'btn btn-primary btn-block', 'data-testid': 'enrol-submit' }, t('enrol.submit'));
    const form = h('form', { class: 'login-form', novalidate: true },
      h('h2', { class: 'section-title' }, t('enrol.step2')),
      labelled(t('enrol.password'), password),
      h('p', { class: 'hint' }, t('settings.pwRules')),
      labelled(t('enrol.passwordAgain'), again),
      labelled(t('enrol.code'), code),
      error, submit);
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      error.hidden = true;
      const say = (...lines) => {
        replace(error, lines.map((l) => h('p', null, l)));
        error.hidden = false;
      };
      if (!password.value || password.value !== again.value) return say(t(password.value ? 'settings.pwMismatch' : 'settings.pwMissing'));
      const c = code.value.replace(/\s/g, '');
      if (!/^[0-9]{6}$/.test(c)) return say(t('login.totpMissing'));
      submit.disabled = true;
      try {
        await api.enrolmentComplete(token, password.value, c);
        replace(body, h('p', { class: 'notice', 'data-testid': 'enrol-done' }, t('enrol.done')),
          h('button', { type: 'button', class: 'btn btn-primary btn-block', 'data-testid': 'enrol-to-login', onclick: onDone }, t('enrol.toLogin')));
      } catch (err) {
        say(err.code === 'AUTH_FAILED' ? t('enrol.linkInvalid') : errorMessage(err), ...violationLines(err.violations));
      } finally {
        submit.disabled = false;
      }
      return undefined;
    });
    body.setAttribute('aria-busy', 'false');
    replace(body,
      h('p', { 'data-testid': 'enrol-who' }, t(e.purpose === 'reset' ? 'enrol.forReset' : 'enrol.forNew', { name: e.name, login: e.loginId })),
      h('p', { class: 'hint' }, t('enrol.expires', { time: formatTime(e.expiresAt) })),
      h('h2', { class: 'section-title' }, t('enrol.step1')),
      h('p', null, t('enrol.scan')),
      h('img', { src: e.qrImage, alt: t('enrol.qrAlt'), class: 'enrol-qr', width: '200', height: '200', 'data-testid': 'enrol-qr' }),
      h('p', { class: 'hint' }, t('enrol.orType')),
      h('code', { class: 'enrol-secret', 'data-testid': 'enrol-secret' }, e.secret.replace(/(.{4})/g, '$1 ').trim()),
      h('p', null, h('a', { href: e.otpauthUri, 'data-testid': 'enrol-otpauth' }, t('enrol.openApp'))),
      form);
  }

  api.enrolmentStart(token).then(render).catch((err) => {
    body.setAttribute('aria-busy', 'false');
    replace(body, h('p', { class: 'form-error', role: 'alert', 'data-testid': 'enrol-error' },
      err.code === 'AUTH_FAILED' ? t('enrol.linkInvalid') : errorMessage(err)),
    h('button', { type: 'button', class: 'btn btn-block', onclick: onDone }, t('enrol.toLogin')));
  });

  const el = h('main', { class: 'screen login' },
    h('div', { class: 'login-top' }, langSwitch()),
    h('div', { class: 'login-card' },
      h('h1', { class: 'brand' }, h('span', { class: 'brand-mark', 'aria-hidden': 'true' }, '連'), t('enrol.title')),
      body));
  return { el, destroy() {} };
}
