// @on-demand — fetched on first use (js/lazy.js), not part of the app shell.
// views/create-room.js — the dialog that creates a patient room (患者グループ) or a network room (自由グループ).

import { h, uid } from '../dom.js';
import { t } from '../i18n.js';
import * as api from '../api.js';
import * as store from '../store.js';
import { errorMessage, violationLines } from '../errors.js';
import { openSheet } from '../dialog.js';

const CARE_LEVELS = ['要支援1', '要支援2', '要介護1', '要介護2', '要介護3', '要介護4', '要介護5', '事業対象者', '申請中', '非該当'];
const TITLE_MAX = 100;

function field(label, input, { hint, required } = {}) {
  const id = input.id || uid('cr');
  input.id = id;
  return h('div', { class: 'field' },
    h('label', { for: id, class: 'field-label' }, label, required ? h('span', { class: 'req' }, t('form.required')) : null),
    input,
    hint ? h('p', { class: 'field-hint' }, hint) : null);
}

function select(name, options, testid) {
  return h('select', { name, 'data-testid': testid },
    h('option', { value: '' }, t('form.unselected')),
    options.map(([value, label]) => h('option', { value }, label)));
}

/** Opens the create-room sheet; onCreated(roomDetail) runs after the server created it. */
export function openCreateRoom({ onCreated }) {
  let kind = 'patient';
  const kindPatient = h('button', { type: 'button', class: 'seg', 'data-testid': 'create-kind-patient', 'aria-pressed': 'true' }, t('rooms.kindPatient'));
  const kindNetwork = h('button', { type: 'button', class: 'seg', 'data-testid': 'create-kind-network', 'aria-pressed': 'false' }, t('rooms.kindNetwork'));

  const name = h('input', { type: 'text', maxlength: TITLE_MAX, autocomplete: 'off', 'data-testid': 'create-patient-name' });
  const kana = h('input', { type: 'text', maxlength: TITLE_MAX, autocomplete: 'off', 'data-testid': 'create-patient-kana' });
  const birth = h('input', { type: 'date', min: '1900-01-01', 'data-testid': 'create-patient-birth' });
  const sex = select('sex', [['female', t('sex.female')], ['male', t('sex.male')], ['other', t('sex.other')]], 'create-patient-sex');
  const careLevel = select('careLevel', CARE_LEVELS.map((c) => [c, t(`careLevel.${c}`)]), 'create-patient-care-level');
  const area = h('input', { type: 'text', maxlength: TITLE_MAX, autocomplete: 'off', 'data-testid': 'create-patient-area' });
  const title = h('input', { type: 'text', maxlength: TITLE_MAX, autocomplete: 'off', 'data-testid': 'create-title' });

  // The patient's consent (SP-CON-01): a patient room takes no notes until it is recorded, so it is
  // recorded with the room. Today in Japan time is the default date.
  const consentBy = select('consentBy', [['patient', t('consent.byPatient')], ['representative', t('consent.byRepresentative')]], 'create-consent-by');
  consentBy.value = 'patient';
  const relationship = h('input', { type: 'text', maxlength: 20, autocomplete: 'off', placeholder: t('consent.relationshipExample'), 'data-testid': 'create-consent-relationship' });
  const method = select('method', [['written', t('consent.written')], ['oral', t('consent.oral')]], 'create-consent-method');
  method.value = 'written';
  const consentDate = h('input', { type: 'date', min: '2000-01-01', 'data-testid': 'create-consent-date' });
  consentDate.value = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Tokyo' }).format(new Date());
  const relationshipField = field(t('consent.relationship'), relationship, { required: true });
  relationshipField.hidden = true;
  consentBy.addEventListener('change', () => { relationshipField.hidden = consentBy.value !== 'representative'; });
  // Consent obtained but not yet at hand (e.g. the signed form is at the office): the room is created
  // without it and takes no notes until the host records it in the room (SP-CON-01).
  const consentLater = h('input', { type: 'checkbox', 'data-testid': 'create-consent-later' });
  const consentDetails = h('div', null,
    field(t('consent.by'), consentBy, { required: true }),
    relationshipField,
    field(t('consent.method'), method, { required: true }),
    field(t('consent.date'), consentDate, { required: true }));
  consentLater.addEventListener('change', () => { consentDetails.hidden = consentLater.checked; });
  const consentFields = h('fieldset', { class: 'fields consent', 'data-testid': 'create-consent' },
    h('legend', null, t('consent.title')),
    h('label', { class: 'check' }, consentLater, ' ', t('consent.later')),
    consentDetails);

  const patientFields = h('div', { class: 'fields' },
    h('p', { class: 'field-hint' }, t('rooms.consentNote')),
    field(t('patient.name'), name, { required: true }),
    field(t('patient.nameKana'), kana),
    field(t('patient.birthDate'), birth),
    field(t('patient.sex'), sex),
    field(t('patient.careLevel'), careLevel),
    field(t('patient.area'), area, { hint: t('patient.areaHint') }),
    consentFields);
  const networkFields = h('div', { class: 'fields', hidden: true },
    h('p', { class: 'field-hint' }, t('rooms.networkNote')),
    field(t('rooms.networkTitle'), title, { required: true }));

  const error = h('div', { class: 'form-error', role: 'alert', 'data-testid': 'create-error', hidden: true });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary btn-block', 'data-testid': 'create-submit' }, t('rooms.createSubmit'));

  function setKind(next) {
    kind = next;
    kindPatient.setAttribute('aria-pressed', String(kind === 'patient'));
    kindNetwork.setAttribute('aria-pressed', String(kind === 'network'));
    patientFields.hidden = kind !== 'patient';
    networkFields.hidden = kind !== 'network';
    showError([]);
  }
  kindPatient.addEventListener('click', () => setKind('patient'));
  kindNetwork.addEventListener('click', () => setKind('network'));

  function showError(lines) {
    error.replaceChildren(...lines.map((l) => h('p', null, l)));
    error.hidden = lines.length === 0;
  }

  const form = h('form', { class: 'create-room', novalidate: true },
    h('div', { class: 'segmented', role: 'group', 'aria-label': t('rooms.kind') }, kindPatient, kindNetwork),
    patientFields, networkFields, error, submit);

  form.addEventListener('input', () => showError([]));

  const sheet = openSheet({ title: t('rooms.create'), content: form, testid: 'create-room-dialog' });

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const opt = (v) => (v.trim() ? v.trim() : null);
    let body;
    if (kind === 'patient') {
      if (!name.value.trim()) {
        showError([`${t('patient.name')}: ${t('problem.required')}`]);
        name.focus();
        return;
      }
      const missing = [];
      const later = consentLater.checked;
      if (!later && !consentBy.value) missing.push(t('consent.by'));
      if (!later && consentBy.value === 'representative' && !relationship.value.trim()) missing.push(t('consent.relationship'));
      if (!later && !method.value) missing.push(t('consent.method'));
      if (!later && !consentDate.value) missing.push(t('consent.date'));
      if (missing.length) {
        showError(missing.map((m) => `${m}: ${t('problem.required')}`));
        return;
      }
      body = {
        kind: 'patient',
        title: name.value.trim(),
        patient: {
          name: name.value.trim(),
          nameKana: opt(kana.value),
          birthDate: opt(birth.value),
          sex: opt(sex.value),
          careLevel: opt(careLevel.value),
          area: opt(area.value),
        },
        consent: later ? null : {
          consentedBy: consentBy.value,
          relationship: consentBy.value === 'representative' ? relationship.value.trim() : null,
          method: method.value,
          date: consentDate.value,
          scope: [],
          familyUserIds: [],
        },
      };
    } else {
      if (!title.value.trim()) {
        showError([`${t('rooms.networkTitle')}: ${t('problem.required')}`]);
        title.focus();
        return;
      }
      body = { kind: 'network', title: title.value.trim(), patient: null };
    }
    showError([]);
    submit.disabled = true;
    submit.textContent = t('common.sending');
    try {
      const room = await api.createRoom(body);
      store.upsertRoom({
        roomId: room.roomId, kind: room.kind, title: room.title, role: 'host',
        headSeq: room.headSeq, unread: 0, lastActivity: new Date().toISOString(), archived: room.archived,
      });
      sheet.close();
      onCreated(room);
    } catch (err) {
      showError([errorMessage(err), ...violationLines(err.violations)]);
    } finally {
      submit.disabled = false;
      submit.textContent = t('rooms.createSubmit');
    }
  });

  name.focus();
}
