// @on-demand — fetched on first use (js/lazy.js), not part of the app shell.
// views/notify-settings.js — 通知の設定 (Web Push, docs/protocol.md §18): this device on or off, which
// kinds notify, quiet hours in Japan time. A section of 設定 (views/settings.js).

import { h, replace, uid } from '../dom.js';
import { t } from '../i18n.js';
import * as api from '../api.js';
import * as push from '../push.js';
import { errorMessage, violationLines } from '../errors.js';
import { toast } from '../ui.js';

const KINDS = ['urgent', 'emergency', 'mention', 'reply', 'ack', 'beds', 'handoff'];

function showError(box, err) {
  replace(box, h('p', null, errorMessage(err)), violationLines(err.violations || []).map((l) => h('p', null, l)));
  box.hidden = false;
}

function checkbox(label, testid) {
  const id = uid('ntf');
  const input = h('input', { type: 'checkbox', id, 'data-testid': testid });
  return { input, row: h('div', { class: 'check-row' }, input, h('label', { for: id }, label)) };
}

function deviceBlock(error) {
  const status = h('p', { class: 'notify-status', 'data-testid': 'notify-device-status', 'aria-live': 'polite' });
  const button = h('button', { type: 'button', class: 'btn btn-primary', 'data-testid': 'notify-device-toggle' });
  let on = false;

  async function refresh() {
    if (!push.supported()) {
      replace(status, t('notify.unsupported'));
      button.hidden = true;
      return;
    }
    const sub = await push.current().catch(() => null);
    on = Boolean(sub) && push.permission() === 'granted';
    if (push.permission() === 'denied') replace(status, t('notify.blocked'));
    else replace(status, on ? t('notify.deviceOn') : t('notify.deviceOff'));
    replace(button, on ? t('notify.turnOff') : t('notify.turnOn'));
    button.hidden = push.permission() === 'denied' && !on;
  }

  button.addEventListener('click', async () => {
    error.hidden = true;
    button.disabled = true;
    try {
      if (on) {
        await push.disable();
        toast(t('notify.turnedOff'));
      } else {
        const result = await push.enable();
        toast(result === 'on' ? t('notify.turnedOn') : t('notify.blocked'), { kind: result === 'on' ? undefined : 'warn' });
      }
    } catch (err) {
      if (err instanceof DOMException || !err.code) {
        replace(error, t('notify.failed'));
        error.hidden = false;
      } else {
        showError(error, err);
      }
    } finally {
      button.disabled = false;
      refresh();
    }
  });
  refresh();
  return h('div', { class: 'notify-device' }, status, button);
}

/** The 通知の設定 section. */
export function notifySection() {
  const error = h('div', { class: 'form-error', role: 'alert', 'data-testid': 'notify-error', hidden: true });
  const kinds = Object.fromEntries(KINDS.map((k) => [k, checkbox(t(`notify.kind.${k}`), `notify-kind-${k}`)]));
  const quiet = checkbox(t('notify.quiet'), 'notify-quiet');
  const startId = uid('ntf');
  const endId = uid('ntf');
  const start = h('input', { type: 'time', id: startId, 'data-testid': 'notify-quiet-start', value: '22:00' });
  const end = h('input', { type: 'time', id: endId, 'data-testid': 'notify-quiet-end', value: '07:00' });
  const zone = h('p', { class: 'hint' });
  const save = h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'notify-save' }, t('notify.save'));

  function apply(s) {
    for (const k of KINDS) kinds[k].input.checked = Boolean(s.kinds && s.kinds[k]);
    quiet.input.checked = Boolean(s.quietHours && s.quietHours.enabled);
    if (s.quietHours) {
      start.value = s.quietHours.start;
      end.value = s.quietHours.end;
    }
    replace(zone, t('notify.zone', { zone: s.zone === 'Asia/Tokyo' ? t('notify.japanTime') : s.zone }));
  }

  const form = h('form', { class: 'settings-form notify-form', novalidate: true },
    h('fieldset', null, h('legend', null, t('notify.kinds')), KINDS.map((k) => kinds[k].row)),
    h('fieldset', null, h('legend', null, t('notify.quietHours')), quiet.row,
      h('label', { for: startId, class: 'field-label' }, t('notify.quietStart')), start,
      h('label', { for: endId, class: 'field-label' }, t('notify.quietEnd')), end, zone),
    error, save);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    error.hidden = true;
    save.disabled = true;
    try {
      const body = {
        kinds: Object.fromEntries(KINDS.map((k) => [k, kinds[k].input.checked])),
        quietHours: { enabled: quiet.input.checked, start: start.value, end: end.value },
      };
      apply(await api.saveNotifySettings(body));
      toast(t('notify.saved'));
    } catch (err) {
      showError(error, err);
    } finally {
      save.disabled = false;
    }
  });
  api.getNotifySettings().then(apply, (err) => showError(error, err));

  return h('section', { class: 'settings-section', 'data-testid': 'settings-notify' },
    h('h2', { class: 'section-title' }, t('notify.title')),
    h('p', { class: 'hint' }, t('notify.about')),
    deviceBlock(error),
    form);
}
