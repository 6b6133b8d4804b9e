// @on-demand — fetched on first use (js/lazy.js), not part of the app shell.
// views/settings.js — 設定: パスワード変更, 認証アプリ (how to replace it), パスキーの登録・一覧・削除.

import { h, replace, uid } from '../dom.js';
import { t } from '../i18n.js';
import * as api from '../api.js';
import * as webauthn from '../webauthn.js';
import { errorMessage, violationLines } from '../errors.js';
import { confirmDialog, openSheet } from '../dialog.js';
import { topBar, toast } from '../ui.js';
import { formatTime } from '../format.js';
import { notifySection } from './notify-settings.js';

function field(label, input) {
  const id = uid('set');
  input.id = id;
  return [h('label', { for: id, class: 'field-label' }, label), input];
}

function errorBox(testid) {
  return h('div', { class: 'form-error', role: 'alert', 'data-testid': testid, hidden: true });
}

function showError(box, err) {
  replace(box, h('p', null, errorMessage(err)), violationLines(err.violations).map((l) => h('p', null, l)));
  box.hidden = false;
}

function passwordSection() {
  const current = h('input', { type: 'password', autocomplete: 'current-password', 'data-testid': 'pw-current' });
  const next = h('input', { type: 'password', autocomplete: 'new-password', 'data-testid': 'pw-new' });
  const again = h('input', { type: 'password', autocomplete: 'new-password', 'data-testid': 'pw-again' });
  const error = errorBox('pw-error');
  const submit = h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'pw-submit' }, t('settings.pwSubmit'));
  const form = h('form', { class: 'settings-form', novalidate: true },
    field(t('settings.pwCurrent'), current),
    field(t('settings.pwNew'), next),
    h('p', { class: 'hint' }, t('settings.pwRules')),
    field(t('settings.pwAgain'), again),
    error, submit);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    error.hidden = true;
    if (!current.value || !next.value) {
      replace(error, t('settings.pwMissing'));
      error.hidden = false;
      return;
    }
    if (next.value !== again.value) {
      replace(error, t('settings.pwMismatch'));
      error.hidden = false;
      return;
    }
    submit.disabled = true;
    try {
      await api.changePassword(current.value, next.value);
      form.reset();
      toast(t('settings.pwChanged'));
    } catch (err) {
      if (err.code === 'AUTH_FAILED') {
        replace(error, t('settings.pwWrongCurrent'));
        error.hidden = false;
      } else {
        showError(error, err);
      }
    } finally {
      submit.disabled = false;
    }
  });
  return h('section', { class: 'settings-section', 'data-testid': 'settings-password' },
    h('h2', { class: 'section-title' }, t('settings.password')), form);
}

function authenticatorSection() {
  // No self-service endpoint: replacing the app needs a reset link (SP-AUTH-05: admin re-attestation).
  return h('section', { class: 'settings-section', 'data-testid': 'settings-totp' },
    h('h2', { class: 'section-title' }, t('settings.totp')),
    h('p', null, t('settings.totpHow')));
}

function passkeySection() {
  const list = h('ul', { class: 'passkey-list', 'data-testid': 'passkey-list', 'aria-busy': 'true' });
  const error = errorBox('passkey-error');
  const label = h('input', { type: 'text', maxlength: '40', 'data-testid': 'passkey-label', value: t('settings.passkeyDefaultLabel') });
  const add = h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'passkey-add' }, t('settings.passkeyAdd'));

  async function load() {
    try {
      const keys = await api.listPasskeys();
      list.setAttribute('aria-busy', 'false');
      replace(list, keys.length ? keys.map(item) : h('li', { class: 'empty', 'data-testid': 'passkey-empty' }, t('settings.passkeyNone')));
    } catch (err) {
      showError(error, err);
    }
  }

  function item(k) {
    return h('li', { class: 'passkey-item', 'data-testid': 'passkey-item', 'data-passkey-id': k.id, 'data-this-device': k.thisDevice ? 'true' : 'false' },
      h('span', { class: 'passkey-main' },
        h('span', { class: 'passkey-label', 'data-testid': 'passkey-item-label' }, k.label),
        k.thisDevice ? h('span', { class: 'tag', 'data-testid': 'passkey-this-device' }, t('settings.thisDevice')) : null,
        h('span', { class: 'hint' }, t('settings.passkeyDates', {
          created: formatTime(k.createdAt), used: k.lastUsedAt ? formatTime(k.lastUsedAt) : '-',
        }))),
      h('button', {
        type: 'button', class: 'btn btn-small', 'data-testid': 'passkey-rename',
        onclick: () => renameSheet(k),
      }, t('settings.passkeyRename')),
      h('button', {
        type: 'button', class: 'btn btn-small btn-danger-quiet', 'data-testid': 'passkey-delete',
        onclick: async () => {
          const message = t('settings.passkeyDeleteConfirm', { label: k.label })
            + (k.thisDevice ? ` ${t('settings.passkeyRevokeThis')}` : '');
          const ok = await confirmDialog({ message, ok: t('settings.passkeyDelete'), danger: true });
          if (!ok) return;
          try {
            await api.deletePasskey(k.id);
            toast(t('settings.passkeyDeleted'));
            load();
          } catch (err) {
            showError(error, err);
          }
        },
      }, t('settings.passkeyDelete')));
  }

  function renameSheet(k) {
    const input = h('input', { type: 'text', maxlength: '40', value: k.label, 'data-testid': 'passkey-rename-input' });
    const save = h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'passkey-rename-save' }, t('action.ok'));
    const renameForm = h('form', { class: 'settings-form', novalidate: true },
      field(t('settings.passkeyRenamePrompt'), input), save);
    const sheet = openSheet({ title: t('settings.passkeyRename'), testid: 'passkey-rename-sheet', content: renameForm });
    renameForm.addEventListener('submit', async (e) => {
      e.preventDefault();
      try {
        await api.renamePasskey(k.id, input.value.trim());
        sheet.close();
        toast(t('settings.passkeyRenamed'));
        load();
      } catch (err) {
        sheet.close();
        showError(error, err);
      }
    });
    input.focus();
  }

  const form = h('form', { class: 'settings-form', novalidate: true },
    field(t('settings.passkeyLabel'), label), error, add);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    error.hidden = true;
    const name = label.value.trim();
    if (!name) {
      replace(error, t('settings.passkeyLabelMissing'));
      error.hidden = false;
      return;
    }
    add.disabled = true;
    try {
      const options = await api.passkeyOptions();
      const credential = await webauthn.create(options);
      await api.registerPasskey(name, credential);
      toast(t('settings.passkeyAdded'));
      load();
    } catch (err) {
      if (err instanceof DOMException) {
        replace(error, t('settings.passkeyCancelled'));
        error.hidden = false;
      } else {
        showError(error, err);
      }
    } finally {
      add.disabled = false;
    }
  });
  load();
  return h('section', { class: 'settings-section', 'data-testid': 'settings-passkeys' },
    h('h2', { class: 'section-title' }, t('settings.devices')),
    h('p', { class: 'hint' }, t('settings.passkeyAbout')),
    list,
    webauthn.supported() ? form : h('p', { class: 'notice' }, t('settings.passkeyUnsupported')));
}

/** The 設定 screen. */
export function settingsView({ onBack }) {
  const el = h('div', { class: 'screen settings', 'data-testid': 'settings' },
    topBar({ onBack, title: t('settings.title') }),
    h('main', { class: 'settings-main' }, passkeySection(), notifySection(), authenticatorSection(), passwordSection()));
  return { el, destroy() {}, settings: true };
}
