// views/closure.js — when care ends (SP-RET-01/02/03): the host's ケアを終了する sheet (reason, その他 with its
// text, the day care ended, then a confirmation), the closed-room banner with 再開する for the host, the label
// 「終了: 在宅看取り 2026-12-01」 for the header and the room list, and the administrator's 保存期間を過ぎた部屋
// (#/admin/retention): the due list, chosen rooms, a confirmation, then the purge. The server decides everything;
// this only explains. Ids and dates only in the administrator's list, never patient names.

import { h, uid } from '../dom.js';
import { t } from '../i18n.js';
import * as api from '../api.js';
import { errorMessage, violationLines } from '../errors.js';
import { openSheet, confirmDialog } from '../dialog.js';
import { toast } from '../ui.js';
import { tokyoToday } from './consent.js';

export const CLOSURE_REASONS = ['home_death', 'facility_admission', 'long_term_hospitalization', 'moved', 'other'];
const NOTE_MAX = 200; // Limits.MAX_CLOSURE_NOTE

/** An instant as its day in Japan (YYYY-MM-DD). */
function tokyoDate(iso) {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Tokyo' }).format(new Date(iso));
}

/** 「終了: 在宅看取り 2026-12-01」, or null for an open room. */
export function closureLabel(closure) {
  if (!closure) return null;
  const reason = closure.reason === 'other' && closure.note ? closure.note : t(`closure.reason.${closure.reason}`);
  return t('closure.label', { reason, date: closure.date });
}

/** The banner of a closed room: what it means, and 再開する for the host. */
export function closureBanner({ closure, host, onReopen }) {
  return h('div', { class: 'room-banner banner-warn', role: 'status', 'data-testid': 'closure-banner' },
    h('p', { class: 'closure-title' }, h('strong', null, closureLabel(closure))),
    h('p', null, t('closure.bannerText')),
    h('p', { class: 'field-hint' }, [
      Date.parse(closure.familyAccessUntil) > Date.now()
        ? t('closure.familyUntil', { date: tokyoDate(closure.familyAccessUntil) }) : t('closure.familyEnded'),
      t('closure.keptUntil', { until: closure.retentionUntil }),
    ].join(' ')),
    host ? h('button', {
      type: 'button', class: 'btn', 'data-testid': 'closure-reopen', onclick: onReopen,
    }, t('closure.reopen')) : null);
}

function field(label, input, { required, hint } = {}) {
  input.id = input.id || uid('closure');
  return h('div', { class: 'field' },
    h('label', { for: input.id, class: 'field-label' }, label, required ? h('span', { class: 'req' }, t('form.required')) : null),
    input,
    hint ? h('p', { class: 'field-hint' }, hint) : null);
}

/** The host's ケアを終了する sheet; onClosed(detail) after the server closed the room. */
export function openCloseRoom({ roomId, onClosed }) {
  const reason = h('select', { 'data-testid': 'closure-reason' },
    h('option', { value: '' }, t('closure.choose')),
    CLOSURE_REASONS.map((r) => h('option', { value: r }, t(`closure.reason.${r}`))));
  const note = h('textarea', { rows: 2, maxlength: NOTE_MAX, 'data-testid': 'closure-note' });
  const noteField = field(t('closure.note'), note, { required: true, hint: t('closure.noteHint', { max: NOTE_MAX }) });
  noteField.hidden = true;
  const date = h('input', {
    type: 'date', min: '2000-01-01', max: tokyoToday(), value: tokyoToday(), 'data-testid': 'closure-date',
  });
  const error = h('p', { class: 'form-error', role: 'alert', hidden: true, 'data-testid': 'closure-error' });
  const ok = h('button', { type: 'submit', class: 'btn btn-danger', 'data-testid': 'closure-submit' }, t('closure.submit'));
  reason.addEventListener('change', () => { noteField.hidden = reason.value !== 'other'; });
  const form = h('form', { class: 'consent-form', novalidate: true },
    h('p', { class: 'field-hint' }, t('closure.explain')),
    field(t('closure.reasonLabel'), reason, { required: true }),
    noteField,
    field(t('closure.date'), date, { required: true }),
    error,
    h('div', { class: 'confirm-actions' },
      h('button', { type: 'button', class: 'btn', 'data-testid': 'closure-cancel', onclick: () => sheet.close() }, t('action.cancel')),
      ok));
  const sheet = openSheet({ title: t('closure.title'), content: form, testid: 'closure-sheet' });
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const problems = [];
    if (!reason.value) problems.push(`${t('closure.reasonLabel')}: ${t('problem.required')}`);
    if (reason.value === 'other' && !note.value.trim()) problems.push(`${t('closure.note')}: ${t('problem.required')}`);
    if (!date.value) problems.push(`${t('closure.date')}: ${t('problem.required')}`);
    if (problems.length) {
      error.textContent = problems.join(' ');
      error.hidden = false;
      return;
    }
    const body = { reason: reason.value, note: reason.value === 'other' ? note.value.trim() : null, date: date.value };
    const sure = await confirmDialog({
      title: t('closure.confirmTitle'),
      message: t('closure.confirmMessage', { label: closureLabel(body) }),
      ok: t('closure.submit'),
      danger: true,
    });
    if (!sure) return;
    ok.disabled = true;
    try {
      const detail = await api.closeRoom(roomId, body);
      sheet.close();
      toast(t('closure.closed'), { kind: 'warn' });
      if (onClosed) onClosed(detail);
    } catch (err) {
      // The text typed stays in the sheet.
      error.textContent = [errorMessage(err), ...violationLines(err.violations)].join(' ');
      error.hidden = false;
    } finally {
      ok.disabled = false;
    }
  });
  reason.focus();
}

/** 再開する: asks, then reopens; onReopened(detail) afterwards. */
export async function reopenRoom({ roomId, onReopened }) {
  const sure = await confirmDialog({
    title: t('closure.reopenTitle'), message: t('closure.reopenMessage'), ok: t('closure.reopen'),
  });
  if (!sure) return;
  try {
    const detail = await api.reopenRoom(roomId);
    toast(t('closure.reopened'));
    if (onReopened) onReopened(detail);
  } catch (err) {
    toast(errorMessage(err), { kind: 'error' });
  }
}

/** The host's section in the room's panel (👥): ケアを終了する, for an open patient room. */
export function closureSection({ roomId, onClosed }) {
  return h('section', { class: 'closure-section', 'aria-labelledby': 'closure-section-title' },
    h('h3', { id: 'closure-section-title', class: 'section-title' }, t('closure.sectionTitle')),
    h('p', { class: 'field-hint' }, t('closure.sectionHint')),
    h('button', {
      type: 'button', class: 'btn btn-danger btn-block', 'data-testid': 'closure-open',
      onclick: () => openCloseRoom({ roomId, onClosed }),
    }, t('closure.title')));
}
