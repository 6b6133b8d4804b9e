// views/composer.js — writes a note: free text with 緊急 and 宛先, or a 訪問記録 form; posts or edits it
// with a txnId chosen once per note and reused on every retry, and shows the pending state until the reply.

import { h, uid, toHalfWidth } from '../dom.js';
import { t } from '../i18n.js';
import { newId, isConnected } from '../live.js';
import { errorMessage, fieldLabel, problemText } from '../errors.js';
import { createMentions } from './mentions.js';
// 連絡しやすい時間 (ケアマネタイム) of the people written to.
import { createContactHint } from './contact-hint.js';
import { toast } from '../ui.js';
import { createPhotoPicker } from './photo-picker.js';
import { excerpt } from './note.js';

const TEXT_MAX = 4000;
const FIELD_MAX = 1000;
const VISIT_FIELDS = ['medication', 'meals', 'excretion', 'sleep', 'skin', 'adl', 'mood', 'changes', 'nextCheck'];
// [wire name, inputmode, pattern, min, max, unit key]
// No example values as placeholders: in a clinical form a grey "36.5" is easily read as a measured
// value that was already entered.
const VITALS = [
  ['temperature', 'decimal', /^\d{2}(\.\d)?$/, 30, 45, 'unit.celsius'],
  ['systolic', 'numeric', /^\d{2,3}$/, 40, 300, 'unit.mmHg'],
  ['diastolic', 'numeric', /^\d{2,3}$/, 20, 200, 'unit.mmHg'],
  ['pulse', 'numeric', /^\d{2,3}$/, 20, 250, 'unit.perMinute'],
  ['spo2', 'numeric', /^\d{2,3}$/, 50, 100, 'unit.percent'],
  ['respiratoryRate', 'numeric', /^\d{1,2}$/, 4, 80, 'unit.perMinute'],
];
const RETRY_SAFE = new Set(['TIMEOUT', 'OFFLINE', 'UNAVAILABLE', 'INTERNAL', 'NETWORK']);

/**
 * ctx = {roomId, me, members() → MemberView[], send(destination, body) → Promise<result>,
 *        latestVersion(noteId) → number, noteById(noteId) → note model or null, onSent(result, {editing}),
 *        gallery (views/photos.js)}.
 */
export function createComposer(ctx) {
  let editing = null; // {noteId, baseVersion}
  let replyTo = null; // the id of the note this one answers (返信), or null
  let txnId = null; // chosen at the first send of this note, kept until it is stored
  let busy = false;
  let visitOpen = false;
  const errorSlots = new Map(); // violation path → error element

  function errSlot(path) {
    const el = h('p', { class: 'field-error', role: 'alert', hidden: true });
    errorSlots.set(path, el);
    return el;
  }

  // --- visit form -------------------------------------------------------------------------------
  const vitalInputs = new Map();
  const vitalCells = VITALS.map(([name, mode, , , , unit]) => {
    const id = uid('vital');
    const input = h('input', {
      id, type: 'text', inputmode: mode, autocomplete: 'off', enterkeyhint: 'next',
      maxlength: 5, class: 'vital-input', 'data-testid': `visit-${name}`,
    });
    vitalInputs.set(name, input);
    return h('div', { class: `vital vital-${name}` },
      h('label', { for: id, class: 'field-label' }, t(`vital.${name}`)),
      h('span', { class: 'with-unit' }, input, h('span', { class: 'unit' }, t(unit))),
      errSlot(`note.visit.vitals.${name}`));
  });
  const fieldInputs = new Map();
  const fieldRows = VISIT_FIELDS.map((name) => {
    const id = uid('visit');
    const input = h('textarea', { id, rows: 2, maxlength: FIELD_MAX, 'data-testid': `visit-${name}` });
    fieldInputs.set(name, input);
    return h('div', { class: 'field' },
      h('label', { for: id, class: 'field-label' }, t(`visit.${name}`)),
      input,
      errSlot(`note.visit.${name}`));
  });
  const visitForm = h('fieldset', { class: 'visit-form', 'data-testid': 'visit-form', hidden: true },
    h('legend', null, t('visit.title')),
    h('p', { class: 'field-hint' }, t('visit.hint')),
    errSlot('note.visit'),
    h('div', { class: 'vitals-grid' }, vitalCells),
    fieldRows);

  // --- main row ---------------------------------------------------------------------------------
  const textId = uid('composer');
  const text = h('textarea', {
    id: textId, rows: 2, maxlength: TEXT_MAX, 'data-testid': 'composer-text',
    placeholder: t('composer.placeholder'), 'aria-label': t('composer.textLabel'),
  });
  const urgent = h('input', { type: 'checkbox', 'data-testid': 'composer-urgent' });
  const urgentHint = h('p', { class: 'urgent-hint', hidden: true }, t('composer.urgentHint'));
  const visitToggle = h('button', {
    type: 'button', class: 'btn btn-tool', 'data-testid': 'visit-toggle', 'aria-expanded': 'false',
  }, `📝 ${t('composer.visit')}`);
  const send = h('button', { type: 'submit', class: 'btn btn-primary btn-send', 'data-testid': 'composer-send' }, t('composer.send'));
  const status = h('div', { class: 'composer-error', role: 'alert', 'data-testid': 'composer-error', hidden: true });
  const editBanner = h('div', { class: 'edit-banner', 'data-testid': 'edit-banner', hidden: true },
    h('span', null, t('composer.editing')),
    h('button', { type: 'button', class: 'btn btn-quiet btn-small', 'data-testid': 'edit-cancel', onclick: () => reset() }, t('action.cancel')));
  const replyText = h('span', { class: 'reply-banner-text' });
  const replyBanner = h('div', { class: 'edit-banner reply-banner', 'data-testid': 'reply-banner', hidden: true },
    replyText,
    h('button', { type: 'button', class: 'btn btn-quiet btn-small', 'data-testid': 'reply-cancel', onclick: () => setReply(null) },
      t('action.cancel')));
  const readOnly = h('p', { class: 'composer-readonly', hidden: true, 'data-testid': 'composer-readonly' }, t('composer.readOnly'));
  const contactHint = createContactHint({ person: (id) => {
    const m = ctx.members().find((x) => x.person && x.person.userId === id);
    return m ? m.person : null;
  } });
  const mentions = createMentions({ me: ctx.me, members: ctx.members,
    onChange: (ids) => contactHint.update(ids, urgent.checked) });
  const photos = createPhotoPicker({ roomId: ctx.roomId }); // 写真
  // Where 写真を追加 is not offered, why and who can change it (instead of a button that is just missing).
  const photosOff = h('p', { class: 'field-hint photos-off', 'data-testid': 'photos-off', hidden: true });

  const form = h('form', { class: 'composer', 'data-testid': 'composer', novalidate: true },
    editBanner,
    replyBanner,
    visitForm,
    mentions.el,
    contactHint.el,
    errSlot('note.mentions'),
    errSlot('note.text'),
    h('label', { for: textId, class: 'sr-only' }, t('composer.textLabel')),
    text,
    urgentHint,
    photos.el,
    photos.input,
    photosOff,
    status,
    h('div', { class: 'composer-tools' },
      visitToggle,
      mentions.button,
      h('label', { class: 'urgent-toggle' }, urgent, h('span', null, `⚠ ${t('note.urgent')}`)),
      photos.button,
      send),
    readOnly);

  /** Marks the note being written as a reply to note noteId (null: not a reply). */
  function setReply(noteId) {
    replyTo = noteId || null;
    const target = replyTo && ctx.noteById ? ctx.noteById(replyTo) : null;
    const latest = target && target.versions[target.versions.length - 1];
    replyText.textContent = !replyTo ? ''
      : target ? `↩ ${t('note.replyTo', { name: (target.sender && target.sender.name) || t('person.unknown') })}「${excerpt(latest && latest.note, 24)}」`
        : `↩ ${t('note.replyToEarlier')}`;
    replyBanner.hidden = !replyTo;
  }

  function setVisitOpen(open) {
    visitOpen = open;
    visitForm.hidden = !open;
    visitToggle.setAttribute('aria-expanded', String(open));
    visitToggle.classList.toggle('active', open);
    text.placeholder = open ? t('composer.visitSummary') : t('composer.placeholder');
    form.classList.toggle('expanded', open);
    if (open) vitalInputs.get('temperature').focus();
  }
  visitToggle.addEventListener('click', () => setVisitOpen(!visitOpen));
  urgent.addEventListener('change', () => {
    contactHint.update(mentions.ids(), urgent.checked);
    urgentHint.hidden = !urgent.checked;
    form.classList.toggle('is-urgent', urgent.checked);
  });
  text.addEventListener('input', autosize);
  text.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      form.requestSubmit();
    }
  });

  function autosize() {
    text.style.height = 'auto';
    text.style.height = `${Math.min(text.scrollHeight + 2, Math.round(window.innerHeight * 0.4))}px`;
  }

  function clearErrors() {
    for (const el of errorSlots.values()) {
      el.hidden = true;
      el.textContent = '';
    }
    status.hidden = true;
    status.replaceChildren();
  }

  function showErrors(message, violations) {
    clearErrors();
    const lines = [];
    for (const v of violations || []) {
      const path = String(v.field || '').replace(/\[\d+\]$/, '');
      const slot = errorSlots.get(path) || errorSlots.get(`note.${path.replace(/^note\./, '')}`);
      const line = `${fieldLabel(v.field)}: ${problemText(v.problem)}`;
      if (slot) {
        slot.textContent = problemText(v.problem);
        slot.hidden = false;
        if (path.startsWith('note.visit')) setVisitOpen(true);
      }
      lines.push(line);
    }
    status.replaceChildren(h('p', null, message), ...lines.map((l) => h('p', { class: 'violation' }, l)));
    status.hidden = false;
  }

  /** Reads the form into a NoteContent; returns {note, violations}. */
  function build() {
    const violations = [];
    const body = text.value.trim();
    if (!visitOpen) {
      if (!body) violations.push({ field: 'note.text', problem: 'required' });
      return { note: { kind: 'free', text: body, urgent: urgent.checked, mentions: mentions.ids(), visit: null, ...replyField() }, violations };
    }
    const vitals = {};
    let any = false;
    for (const [name, , pattern, min, max] of VITALS) {
      let raw = toHalfWidth(vitalInputs.get(name).value);
      // A temperature typed without its decimal point (369, as on many thermometers' keypads) is read as
      // 36.9; the field shows it so the nurse sees what is sent.
      if (name === 'temperature' && /^(3[0-9]|4[0-5])\d$/.test(raw)) raw = `${raw.slice(0, 2)}.${raw.slice(2)}`;
      vitalInputs.get(name).value = raw;
      if (!raw) continue;
      const path = `note.visit.vitals.${name}`;
      if (!pattern.test(raw)) {
        violations.push({ field: path, problem: name === 'temperature' ? 'decimal_format' : 'bad_format' });
        continue;
      }
      const n = Number(raw);
      if (n < min || n > max) violations.push({ field: path, problem: 'out_of_range' });
      vitals[name] = n;
      any = true;
    }
    const visit = { vitals: any ? vitals : null };
    for (const name of VISIT_FIELDS) {
      const v = fieldInputs.get(name).value.trim();
      visit[name] = v || null;
      if (v) any = true;
    }
    if (!any && !violations.length) violations.push({ field: 'note.visit', problem: 'required' });
    return { note: { kind: 'visit', text: body || null, urgent: urgent.checked, mentions: mentions.ids(), visit, ...replyField() }, violations };
  }

  function setBusy(value, label) {
    busy = value;
    send.disabled = value;
    send.textContent = value ? (label || t('common.sending')) : (editing ? t('composer.save') : t('composer.send'));
    form.setAttribute('aria-busy', String(value));
    form.classList.toggle('pending', value);
  }

  function replyField() {
    return replyTo ? { replyTo } : {};
  }

  function reset() {
    editing = null;
    setReply(null);
    txnId = null;
    text.value = '';
    urgent.checked = false;
    urgentHint.hidden = true;
    form.classList.remove('is-urgent');
    for (const i of vitalInputs.values()) i.value = '';
    for (const i of fieldInputs.values()) i.value = '';
    mentions.clear();
    photos.clear();
    editBanner.hidden = true;
    setVisitOpen(false);
    clearErrors();
    setBusy(false);
    autosize();
  }

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (busy) return;
    const { note, violations } = build();
    if (violations.length) {
      showErrors(t('error.INVALID_FIELD'), violations);
      return;
    }
    clearErrors();
    let pendingPhotos = null;
    if (photos.count && !editing && !isConnected()) {
      // No signal: the photos wait in the outbox with the note, encrypted.
      try {
        pendingPhotos = photos.pendingFiles();
      } catch (err) {
        showErrors(t(err.code === 'PHOTO_FACES_BLOCKED' ? 'photo.error.facesNotAllowed' : 'photo.error.notAllowed'), []);
        return;
      }
    } else if (photos.count) {
      // Photos first: the note can only name photos the server already holds.
      setBusy(true, t('photo.sending'));
      try {
        note.photos = await photos.uploadAll();
      } catch (err) {
        setBusy(false);
        showErrors(t(err.code === 'PHOTO_FACES_BLOCKED' ? 'photo.error.facesNotAllowed'
          : err.code === 'PHOTO_NOT_ALLOWED' ? 'photo.error.notAllowed' : 'photo.error.someFailed'), []);
        return;
      }
    }
    if (!txnId) txnId = newId('t');
    const wasEditing = editing;
    const destination = editing ? '/app/notes.edit' : '/app/notes.post';
    const body = editing
      ? { roomId: ctx.roomId, noteId: editing.noteId, baseVersion: editing.baseVersion, txnId, note }
      : { roomId: ctx.roomId, txnId, note, ...(pendingPhotos ? { pendingPhotos } : {}) };
    setBusy(true);
    try {
      const result = await ctx.send(destination, body);
      const waiting = wasEditing ? [] : contactHint.deferredNames();
      reset();
      contactHint.reset();
      if (waiting.length) toast(t('dir.sentLater', { who: waiting.join('、') }));
      ctx.onSent(result, { editing: Boolean(wasEditing) });
    } catch (err) {
      setBusy(false);
      if (err.code === 'STALE_VERSION' && editing) {
        editing.baseVersion = ctx.latestVersion(editing.noteId);
      }
      // Nothing was stored unless the failure was a lost reply: only then must the same txnId go again.
      if (!RETRY_SAFE.has(err.code)) txnId = null;
      showErrors(RETRY_SAFE.has(err.code) ? `${errorMessage(err)} ${t('composer.retryHint')}` : errorMessage(err), err.violations);
    }
  });

  return {
    el: form,

    /** Loads the latest version of one of my notes for editing. */
    startEdit(n) {
      reset();
      const latest = n.versions[n.versions.length - 1];
      const note = latest.note || {};
      editing = { noteId: n.noteId, baseVersion: latest.version };
      editBanner.hidden = false;
      setReply(note.replyTo); // an edit keeps what the note answers
      text.value = note.text || '';
      urgent.checked = Boolean(note.urgent);
      urgentHint.hidden = !urgent.checked;
      form.classList.toggle('is-urgent', urgent.checked);
      mentions.set(note.mentions);
      if (Array.isArray(note.photos) && note.photos.length && ctx.gallery) {
        photos.setExisting(note.photos, (id) => ctx.gallery.thumb(id, { shared: false }));
      }
      if (note.kind === 'visit' && note.visit) {
        setVisitOpen(true);
        const v = note.visit.vitals || {};
        for (const [name, input] of vitalInputs) input.value = v[name] == null ? '' : String(v[name]);
        for (const [name, input] of fieldInputs) input.value = note.visit[name] || '';
      }
      setBusy(false);
      autosize();
      text.focus();
      form.scrollIntoView({ block: 'end' });
    },

    /** Starts a reply (返信) to note n, keeping what is already typed. */
    startReply(n) {
      if (editing) reset();
      setReply(n.noteId);
      text.focus();
      form.scrollIntoView({ block: 'end' });
    },

    /** Closes the 宛先 sheet if it is open (leaving the room). */
    closeSheets() {
      mentions.closeSheet();
    },

    /** After membership changed: people who left are taken off the 宛先. */
    membersChanged() {
      mentions.refresh();
    },

    /** Read-only rooms (archived, or no permission) cannot post; why: the explanation shown instead. */
    setEnabled(enabled, why = null) {
      for (const el of form.querySelectorAll('textarea, input, button')) {
        if (el !== send || !busy) el.disabled = !enabled;
      }
      readOnly.hidden = enabled;
      readOnly.textContent = why || t('composer.readOnly');
      form.classList.toggle('disabled', !enabled);
      photos.setEnabled(enabled);
    },

    /** The unsent new note as a plain object for drafts.js; null when empty or while editing. */
    draft() {
      if (editing) return null;
      const d = { text: text.value, urgent: urgent.checked, visitOpen, mentions: mentions.ids(), vitals: {}, visit: {}, replyTo };
      let any = Boolean(text.value.trim());
      for (const [name, input] of vitalInputs) if (input.value) { d.vitals[name] = input.value; any = true; }
      for (const [name, input] of fieldInputs) if (input.value) { d.visit[name] = input.value; any = true; }
      return any ? d : null;
    },

    /** Puts a kept draft back into an empty composer. */
    restoreDraft(d) {
      if (!d || editing || busy || this.draft()) return;
      text.value = d.text || '';
      urgent.checked = Boolean(d.urgent);
      urgentHint.hidden = !urgent.checked;
      form.classList.toggle('is-urgent', urgent.checked);
      if (Array.isArray(d.mentions)) mentions.set(d.mentions);
      if (typeof d.replyTo === 'string') setReply(d.replyTo);
      if (d.visitOpen) setVisitOpen(true);
      for (const [name, input] of vitalInputs) input.value = (d.vitals && d.vitals[name]) || '';
      for (const [name, input] of fieldInputs) input.value = (d.visit && d.visit[name]) || '';
      autosize();
    },

    /**
     * The room's photo rules {photos, faces}: 写真を追加 shows only when photos are allowed; otherwise
     * whyOff (who can turn them on) is shown.
     */
    setPhotoRules(rules, whyOff) {
      photos.setRules(rules);
      photosOff.textContent = whyOff || '';
      photosOff.hidden = Boolean(rules && rules.photos) || !whyOff;
    },
  };
}
