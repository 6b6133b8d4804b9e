// views/emergency.js — 緊急閲覧 (break the glass, SP-AUTHZ-04): a licensed clinician who is not a member
// opens a patient room read-only for at most 4 hours, with a mandatory reason that the room's team sees
// and the clinician's facility administrator reviews. This file holds the request page (#/emergency)
// and the grants opened in this tab (room id → end time, kept in memory only).

import { h } from '../dom.js';
import { t } from '../i18n.js';
import * as api from '../api.js';
import { errorMessage, violationLines } from '../errors.js';
import { topBar, toast } from '../ui.js';

/** The professions the server lets break the glass (docs/protocol.md §6.9). */
export const EMERGENCY_PROFESSIONS = new Set(['physician', 'dentist', 'nurse', 'pharmacist']);
const REASON_MIN = 4;
const REASON_MAX = 200; // Limits.MAX_EMERGENCY_REASON
const ROOM_ID = /^r-[A-Za-z0-9-]{6,40}$/;

const grants = new Map(); // roomId → until (ISO), opened in this tab

/** Remembers a grant this tab opened (or saw in the room's timeline). */
export function rememberGrant(roomId, until) {
  if (roomId && until) grants.set(roomId, until);
}

/** The end of this user's grant on roomId, if one is known, else null. */
export function grantUntil(roomId) {
  return grants.get(roomId) || null;
}

/** "14:05" in Japan time. */
export function tokyoHm(iso) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return new Intl.DateTimeFormat('ja-JP', { timeZone: 'Asia/Tokyo', hour: '2-digit', minute: '2-digit', hour12: false }).format(d);
}

/** The 緊急閲覧 request page. onOpened(roomId) opens the room once access is granted. */
export function emergencyView({ onBack, onOpened }) {
  const roomId = h('input', {
    type: 'text', autocomplete: 'off', autocapitalize: 'off', spellcheck: 'false', maxlength: 43,
    placeholder: 'r-…', 'data-testid': 'emergency-room-id', id: 'emergency-room-id',
  });
  const reason = h('textarea', {
    rows: 3, maxlength: REASON_MAX, 'data-testid': 'emergency-reason', id: 'emergency-reason',
    placeholder: t('emergency.reasonExample'),
  });
  const error = h('div', { class: 'form-error', role: 'alert', hidden: true, 'data-testid': 'emergency-error' });
  const submit = h('button', { type: 'submit', class: 'btn btn-danger btn-block', 'data-testid': 'emergency-submit' }, t('emergency.submit'));

  function showError(lines) {
    error.replaceChildren(...lines.map((l) => h('p', null, l)));
    error.hidden = lines.length === 0;
  }

  const form = h('form', { class: 'emergency-form', novalidate: true },
    h('div', { class: 'room-banner banner-danger', 'data-testid': 'emergency-warning' },
      h('p', null, t('emergency.warning'))),
    h('p', { class: 'field-hint' }, t('emergency.roomIdHint')),
    h('div', { class: 'field' },
      h('label', { for: 'emergency-room-id', class: 'field-label' }, t('emergency.roomId'), h('span', { class: 'req' }, t('form.required'))),
      roomId),
    h('div', { class: 'field' },
      h('label', { for: 'emergency-reason', class: 'field-label' }, t('emergency.reason'), h('span', { class: 'req' }, t('form.required'))),
      reason,
      h('p', { class: 'field-hint' }, t('emergency.reasonHint'))),
    error, submit);

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const id = roomId.value.trim();
    const why = reason.value.trim();
    const problems = [];
    if (!ROOM_ID.test(id)) problems.push(t('emergency.roomIdBad'));
    if ([...why].length < REASON_MIN) problems.push(t('emergency.reasonShort', { n: REASON_MIN }));
    if (problems.length) {
      showError(problems);
      return;
    }
    showError([]);
    submit.disabled = true;
    submit.textContent = t('common.sending');
    try {
      const grant = await api.openEmergency(id, why);
      rememberGrant(grant.roomId, grant.until);
      toast(t('emergency.opened', { until: tokyoHm(grant.until) }), { kind: 'warn' });
      onOpened(grant.roomId);
    } catch (err) {
      if (err.code === 'FORBIDDEN' && err.reason === 'already_member') {
        // A member needs no grant: open the room as usual.
        toast(t('emergency.alreadyMember'));
        onOpened(id);
        return;
      }
      // A room that does not exist and one the user cannot open answer alike (ROOM_NOT_FOUND).
      showError([errorMessage(err), ...violationLines(err.violations)]);
    } finally {
      submit.disabled = false;
      submit.textContent = t('emergency.submit');
    }
  });

  const el = h('div', { class: 'screen emergency', 'data-testid': 'emergency-view' },
    topBar({ onBack, title: t('emergency.title') }),
    h('main', { class: 'page-main' }, form));
  return { el, focus: () => roomId.focus() };
}
