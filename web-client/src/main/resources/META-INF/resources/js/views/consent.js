// views/consent.js — the patient's consent in a room (SP-CON-01, 02): the banner shown until it is
// recorded, the host's 同意の記録 sheet (who consented, how, when, and the family accounts it names),
// and 同意の撤回, which freezes the room.

import { h, replace, uid } from '../dom.js';
import { t } from '../i18n.js';
import * as api from '../api.js';
import { errorMessage, violationLines } from '../errors.js';
import { openSheet } from '../dialog.js';
import { toast } from '../ui.js';

const MAX_FAMILY = 10; // ConsentRecord.familyUserIds, docs/protocol.md §6.8
const MIN_FAMILY_QUERY = 2; // the directory's family search needs a name fragment of 2 characters

/** Today in Japan time as YYYY-MM-DD (the server refuses consent dates in the future, Japan time). */
export function tokyoToday() {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Tokyo' }).format(new Date());
}

function field(label, input, { required, hint } = {}) {
  input.id = input.id || uid('consent');
  return h('div', { class: 'field' },
    h('label', { for: input.id, class: 'field-label' }, label, required ? h('span', { class: 'req' }, t('form.required')) : null),
    input,
    hint ? h('p', { class: 'field-hint' }, hint) : null);
}

/** The banner of a patient room without consent; the host gets the button that records it. */
export function consentBanner({ host, onRecord }) {
  return h('div', { class: 'room-banner banner-warn', role: 'status', 'data-testid': 'consent-banner' },
    h('p', null, t('consent.missing')),
    host
      ? h('button', { type: 'button', class: 'btn btn-primary', 'data-testid': 'consent-record-open', onclick: onRecord }, t('consent.recordOpen'))
      : h('p', { class: 'field-hint' }, t('consent.askHost')));
}

/** One line summing up a consent record: 「ご本人・書面・2026-11-14」. */
export function consentSummary(c) {
  if (!c) return '';
  const by = c.consentedBy === 'representative'
    ? t('consent.byRepresentativeShort', { relationship: c.relationship || '' })
    : t('consent.byPatientShort');
  return [by, c.method === 'oral' ? t('consent.oralShort') : t('consent.written'), c.date].filter(Boolean).join('・');
}

/**
 * The host's 同意の記録 sheet. current: the consent recorded so far (its event content) or null;
 * names: userId → name for family already named. Recording again replaces the record, so the sheet
 * starts from the current one. onRecorded(content) runs after the server stored it.
 */
export function openConsentSheet({ roomId, current, names = new Map(), onRecorded }) {
  const select = (testid, options, value) => {
    const s = h('select', { 'data-testid': testid }, options.map(([v, label]) => h('option', { value: v }, label)));
    s.value = value;
    return s;
  };
  const consentBy = select('consent-by', [['patient', t('consent.byPatient')], ['representative', t('consent.byRepresentative')]],
    (current && current.consentedBy) || 'patient');
  const relationship = h('input', {
    type: 'text', maxlength: 20, autocomplete: 'off', placeholder: t('consent.relationshipExample'), 'data-testid': 'consent-relationship',
    value: (current && current.relationship) || '',
  });
  const method = select('consent-method', [['written', t('consent.written')], ['oral', t('consent.oral')]],
    (current && current.method) || 'written');
  const date = h('input', { type: 'date', min: '2000-01-01', max: tokyoToday(), 'data-testid': 'consent-date', value: (current && current.date) || tokyoToday() });
  const relationshipField = field(t('consent.relationship'), relationship, { required: true });
  relationshipField.hidden = consentBy.value !== 'representative';
  consentBy.addEventListener('change', () => { relationshipField.hidden = consentBy.value !== 'representative'; });

  // The family accounts the consent names: only they can be invited (SP-CON-02).
  const family = new Map(); // userId → name
  for (const id of (current && current.familyUserIds) || []) family.set(id, names.get(id) || id);
  const chosen = h('ul', { class: 'consent-family', 'data-testid': 'consent-family-list' });
  const results = h('div', { class: 'directory-holder', 'data-testid': 'consent-family-results' });
  let searchSeq = 0;
  let timer = null;

  function paintChosen() {
    replace(chosen, family.size
      ? [...family].map(([id, name]) => h('li', { class: 'directory-user', 'data-testid': 'consent-family-named', 'data-user-id': id },
        h('span', { class: 'member-name' }, name),
        h('button', {
          type: 'button', class: 'btn btn-small btn-danger-quiet', 'data-testid': 'consent-family-remove',
          onclick: () => { family.delete(id); paintChosen(); },
        }, t('consent.familyRemove'))))
      : h('li', { class: 'empty' }, t('consent.familyNone')));
  }

  async function search(q) {
    const mySeq = ++searchSeq;
    if (q.length < MIN_FAMILY_QUERY) {
      replace(results, q ? h('p', { class: 'field-hint' }, t('consent.familyMin')) : null);
      return;
    }
    replace(results, h('p', { class: 'empty' }, t('common.loading')));
    try {
      const users = await api.searchFamily(q);
      if (mySeq !== searchSeq) return;
      replace(results, users && users.length
        ? h('ul', { class: 'directory' }, users.map((u) => h('li', { class: 'directory-user' },
          h('span', { class: 'member-name' }, u.name),
          h('button', {
            type: 'button', class: 'btn btn-small btn-primary', 'data-testid': 'consent-family-add', 'data-user-id': u.userId,
            disabled: family.has(u.userId),
            onclick: (e) => {
              if (family.size >= MAX_FAMILY) {
                showError([t('consent.familyTooMany', { n: MAX_FAMILY })]);
                return;
              }
              family.set(u.userId, u.name);
              names.set(u.userId, u.name); // so the timeline's consent line can name them
              e.currentTarget.disabled = true;
              paintChosen();
            },
          }, t('consent.familyAdd')))))
        : h('p', { class: 'empty' }, t('members.noResults')));
    } catch (err) {
      if (mySeq === searchSeq) replace(results, h('p', { class: 'form-error' }, errorMessage(err)));
    }
  }

  const familySearch = h('input', {
    type: 'search', autocomplete: 'off', 'data-testid': 'consent-family-search', placeholder: t('consent.familySearch'),
    'aria-label': t('consent.familySearch'),
    oninput: () => {
      clearTimeout(timer);
      timer = setTimeout(() => search(familySearch.value.trim()), 300);
    },
  });

  const error = h('div', { class: 'form-error', role: 'alert', 'data-testid': 'consent-error', hidden: true });
  function showError(lines) {
    replace(error, lines.map((l) => h('p', null, l)));
    error.hidden = lines.length === 0;
  }
  const submit = h('button', { type: 'submit', class: 'btn btn-primary btn-block', 'data-testid': 'consent-submit' }, t('consent.submit'));

  const form = h('form', { class: 'consent-form', novalidate: true },
    h('p', { class: 'field-hint' }, current ? t('consent.replaceHint') : t('consent.sheetHint')),
    field(t('consent.by'), consentBy, { required: true }),
    relationshipField,
    field(t('consent.method'), method, { required: true }),
    field(t('consent.date'), date, { required: true }),
    h('fieldset', { class: 'fields' },
      h('legend', null, t('consent.family')),
      h('p', { class: 'field-hint' }, t('consent.familyHint')),
      chosen, familySearch, results),
    error, submit);
  paintChosen();

  const sheet = openSheet({ title: t('consent.title'), content: form, testid: 'consent-sheet', onClose: () => clearTimeout(timer) });

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const missing = [];
    if (consentBy.value === 'representative' && !relationship.value.trim()) missing.push(t('consent.relationship'));
    if (!date.value) missing.push(t('consent.date'));
    if (missing.length) {
      showError(missing.map((m) => `${m}: ${t('problem.required')}`));
      return;
    }
    const body = {
      consentedBy: consentBy.value,
      relationship: consentBy.value === 'representative' ? relationship.value.trim() : null,
      method: method.value,
      date: date.value,
      scope: (current && current.scope) || [],
      familyUserIds: [...family.keys()],
    };
    showError([]);
    submit.disabled = true;
    submit.textContent = t('common.sending');
    try {
      await api.recordConsent(roomId, body);
      sheet.close();
      toast(t('consent.recorded'));
      if (onRecorded) onRecorded(body, new Map(family));
    } catch (err) {
      showError([errorMessage(err), ...violationLines(err.violations)]);
    } finally {
      submit.disabled = false;
      submit.textContent = t('consent.submit');
    }
  });
  consentBy.focus();
}

/** 同意の撤回: asks for the date and a clear confirmation; the room is frozen afterwards. */
export function openWithdrawConsent({ roomId, onWithdrawn }) {
  const date = h('input', { type: 'date', min: '2000-01-01', max: tokyoToday(), value: tokyoToday(), 'data-testid': 'withdraw-date' });
  const error = h('p', { class: 'form-error', role: 'alert', hidden: true, 'data-testid': 'withdraw-error' });
  const ok = h('button', { type: 'submit', class: 'btn btn-danger', 'data-testid': 'withdraw-submit' }, t('consent.withdrawSubmit'));
  const form = h('form', { class: 'consent-form', novalidate: true },
    h('p', { class: 'room-banner banner-danger' }, t('consent.withdrawWarning')),
    field(t('consent.withdrawDate'), date, { required: true }),
    error,
    h('div', { class: 'confirm-actions' },
      h('button', { type: 'button', class: 'btn', 'data-testid': 'withdraw-cancel', onclick: () => sheet.close() }, t('action.cancel')),
      ok));
  const sheet = openSheet({ title: t('consent.withdrawTitle'), content: form, testid: 'withdraw-sheet' });
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (!date.value) {
      error.textContent = `${t('consent.withdrawDate')}: ${t('problem.required')}`;
      error.hidden = false;
      return;
    }
    ok.disabled = true;
    try {
      await api.withdrawConsent(roomId, date.value);
      sheet.close();
      toast(t('consent.withdrawn'), { kind: 'warn' });
      if (onWithdrawn) onWithdrawn();
    } catch (err) {
      error.textContent = [errorMessage(err), ...violationLines(err.violations)].join(' ');
      error.hidden = false;
    } finally {
      ok.disabled = false;
    }
  });
}

/**
 * The host's 同意 panel in a room with consent: what was recorded, and the two things to do with it.
 * current: the latest consent content (or null if not found); names: userId → name.
 */
export function openConsentPanel({ roomId, current, names, onRecorded, onWithdrawn }) {
  let sheet = null;
  const content = h('div', { class: 'consent-panel' },
    h('p', { 'data-testid': 'consent-current' }, current
      ? t('consent.current', { summary: consentSummary(current) })
      : t('consent.currentUnknown')),
    current && current.familyUserIds && current.familyUserIds.length
      ? h('p', { class: 'field-hint' }, t('consent.familyNamed', {
        names: current.familyUserIds.map((id) => names.get(id) || id).join(t('list.separator')),
      }))
      : null,
    h('button', {
      type: 'button', class: 'btn btn-primary btn-block', 'data-testid': 'consent-record-again',
      onclick: () => { sheet.close(); openConsentSheet({ roomId, current, names, onRecorded }); },
    }, t('consent.recordAgain')),
    h('button', {
      type: 'button', class: 'btn btn-danger btn-block', 'data-testid': 'consent-withdraw-open',
      onclick: () => { sheet.close(); openWithdrawConsent({ roomId, onWithdrawn }); },
    }, t('consent.withdrawTitle')));
  sheet = openSheet({ title: t('consent.title'), content, testid: 'consent-panel' });
}
