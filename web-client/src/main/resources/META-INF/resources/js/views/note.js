// views/note.js — renders one note: author, time, 緊急, あなた宛, which note it answers (返信), free text
// or a visit-note table, 宛先, versions, acknowledgements and the read count (a button opening who has
// read it).

import { h } from '../dom.js';
import { escalationStatus } from './oncall.js';
import { t } from '../i18n.js';
import { formatTime, personMeta } from '../format.js';

const VISIT_FIELDS = ['medication', 'meals', 'excretion', 'sleep', 'skin', 'adl', 'mood', 'changes', 'nextCheck'];

function present(v) {
  return v !== null && v !== undefined && v !== '';
}

function vitalsTable(v) {
  if (!v) return null;
  const cells = [];
  if (present(v.temperature)) {
    const n = Number(v.temperature);
    cells.push([t('vital.temperature'), `${Number.isFinite(n) ? n.toFixed(1) : v.temperature}${t('unit.celsius')}`]);
  }
  if (present(v.systolic) || present(v.diastolic)) {
    cells.push([t('vital.bloodPressure'), `${present(v.systolic) ? v.systolic : '–'}/${present(v.diastolic) ? v.diastolic : '–'}`]);
  }
  if (present(v.pulse)) cells.push([t('vital.pulse'), `${v.pulse}${t('unit.perMinute')}`]);
  if (present(v.spo2)) cells.push([t('vital.spo2'), `${v.spo2}%`]);
  if (present(v.respiratoryRate)) cells.push([t('vital.respiratoryRate'), `${v.respiratoryRate}${t('unit.perMinute')}`]);
  if (!cells.length) return null;
  return h('div', { class: 'vitals-wrap' }, h('table', { class: 'vitals', 'data-testid': 'note-vitals' },
    h('caption', { class: 'sr-only' }, t('visit.vitals')),
    h('thead', null, h('tr', null, cells.map(([label]) => h('th', { scope: 'col' }, label)))),
    h('tbody', null, h('tr', null, cells.map(([, value]) => h('td', null, value))))));
}

function visitFields(visit) {
  const rows = VISIT_FIELDS.filter((k) => present(visit[k]) && String(visit[k]).trim());
  if (!rows.length) return null;
  return h('dl', { class: 'visit-fields', 'data-testid': 'note-visit-fields' },
    rows.map((k) => [
      h('dt', null, t(`visit.${k}`)),
      h('dd', { class: k === 'nextCheck' ? 'handover' : null }, String(visit[k])),
    ]));
}

/** Whether a note's content mentions the user. */
export function mentionsUser(note, user) {
  return Boolean(user && note && Array.isArray(note.mentions) && note.mentions.includes(user.userId));
}

/** "宛先: 佐藤 健一、伊藤 大輔", with my own name marked. */
function mentionLine(note, { nameOf, me, testids }) {
  const people = note.mentions.map((id) => {
    const name = (nameOf && nameOf(id)) || t('person.unknown');
    return me && id === me.userId ? h('strong', { class: 'mention-me' }, name) : name;
  });
  const joined = people.flatMap((p, i) => (i ? [t('list.separator'), p] : [p]));
  return h('p', { class: 'mentions', 'data-testid': testids ? 'note-mentions' : null },
    `${t('note.mentionsLabel')} `, joined);
}

/**
 * 写真: the latest version shows thumbnails from the room's gallery (views/photos.js); older
 * versions only say how many photos they had, so one photo is never loaded (and audited) twice.
 */
function photoStrip(note, gallery, testids) {
  if (!Array.isArray(note.photos) || !note.photos.length) return null;
  if (!gallery || !testids) return h('p', { class: 'photo-count' }, `📷 ${t('photo.count', { n: note.photos.length })}`);
  return h('div', { class: 'note-photos', 'data-testid': 'note-photos' }, note.photos.map((id) => gallery.thumb(id)));
}

/** The body of one version of a note (text, visit table, mentions). ctx = {nameOf(userId), me, testids, gallery}. */
export function noteContent(note, { nameOf, me, testids = true, gallery = null } = {}) {
  const parts = [];
  if (!note) return h('div', { class: 'note-body' });
  if (note.kind === 'visit') {
    parts.push(h('p', { class: 'kind-label' }, t('note.visitLabel')));
    if (note.visit) {
      parts.push(vitalsTable(note.visit.vitals));
      parts.push(visitFields(note.visit));
    }
  }
  if (note.text && String(note.text).trim()) {
    parts.push(h('p', { class: 'note-text', 'data-testid': testids ? 'note-text' : null }, note.text));
  }
  parts.push(photoStrip(note, gallery, testids));
  if (Array.isArray(note.mentions) && note.mentions.length) {
    parts.push(mentionLine(note, { nameOf, me, testids }));
  }
  return h('div', { class: 'note-body' }, parts);
}

/** The first words of a note, for a reply's quote line. */
export function excerpt(note, max = 40) {
  const text = note && ((note.text && String(note.text).trim()) || (note.kind === 'visit' ? t('note.visitLabel') : ''));
  if (!text) return '';
  const chars = Array.from(text.replace(/\s+/g, ' '));
  return chars.length > max ? `${chars.slice(0, max).join('')}…` : chars.join('');
}

/** 「↩ 佐藤さんの連絡への返信：…」: which note this one answers (loaded or not). */
function replyLine(replyTo, noteById) {
  const target = noteById ? noteById(replyTo) : null;
  if (!target) return h('p', { class: 'reply-to', 'data-testid': 'note-reply-to' }, `↩ ${t('note.replyToEarlier')}`);
  const latest = target.versions[target.versions.length - 1];
  return h('p', { class: 'reply-to', 'data-testid': 'note-reply-to' },
    `↩ ${t('note.replyTo', { name: (target.sender && target.sender.name) || t('person.unknown') })}`,
    h('span', { class: 'reply-excerpt' }, excerpt(latest && latest.note)));
}

/**
 * One note element. n is the note model {noteId, seq, sender, ts, versions (sorted), acks};
 * ctx = {me, readCount, canAct, ackPending, onAck, onEdit, onReply, onReaders, nameOf, noteById, gallery}.
 */
export function renderNote(n, ctx) {
  const latest = n.versions[n.versions.length - 1];
  const note = latest.note || {};
  const mine = ctx.me && n.sender && n.sender.userId === ctx.me.userId;
  const ackedByMe = ctx.me && n.acks.has(ctx.me.userId);
  const edited = n.versions.length > 1 || latest.version > 1;
  const forMe = !mine && mentionsUser(note, ctx.me);

  const head = h('div', { class: 'note-head' },
    h('span', { class: 'author', 'data-testid': 'note-author' }, (n.sender && n.sender.name) || t('person.unknown')),
    h('span', { class: 'author-meta' }, personMeta(n.sender)),
    h('time', { datetime: n.ts, class: 'note-time' }, formatTime(n.ts)));

  let history = null;
  if (n.versions.length > 1) {
    const older = n.versions.slice(0, -1).reverse();
    history = h('details', { class: 'history', 'data-testid': 'note-history' },
      h('summary', null, t('note.showVersions', { n: older.length })),
      older.map((v) => h('div', { class: 'version', 'data-testid': 'note-version', 'data-version': v.version },
        h('p', { class: 'version-head' }, t('note.versionLabel', { v: v.version, time: formatTime(v.ts) }),
          v.note && v.note.urgent ? h('span', { class: 'urgent-badge small' }, t('note.urgent')) : null),
        noteContent(v.note, { nameOf: ctx.nameOf, me: ctx.me, testids: false }))));
  }

  const ackNames = Array.from(n.acks.values());
  const readCount = ctx.readCount(n);
  const actions = [];
  if (ctx.canAct && !mine && !ackedByMe) {
    const pending = ctx.ackPending.has(n.noteId);
    actions.push(h('button', {
      type: 'button', class: 'btn btn-ack', 'data-testid': 'ack-button', disabled: pending,
      onclick: () => ctx.onAck(n),
    }, pending ? t('common.sending') : t('note.ack')));
  }
  if (ctx.canAct && ctx.onReply) {
    actions.push(h('button', {
      type: 'button', class: 'btn btn-quiet btn-small', 'data-testid': 'reply-button', onclick: () => ctx.onReply(n),
    }, `↩ ${t('note.reply')}`));
  }
  if (ctx.canAct && mine) {
    actions.push(h('button', {
      type: 'button', class: 'btn btn-quiet btn-small', 'data-testid': 'edit-button', onclick: () => ctx.onEdit(n),
    }, t('note.edit')));
  }

  const el = h('li', {
    class: `note${mine ? ' mine' : ''}${note.urgent ? ' urgent' : ''}${note.kind === 'visit' ? ' visit' : ''}${forMe ? ' for-me' : ''}`,
    'data-testid': 'note', 'data-seq': n.seq, 'data-note-id': n.noteId,
  },
  head,
  note.urgent || forMe ? h('p', { class: 'badges' },
    note.urgent ? h('span', { class: 'urgent-badge', 'data-testid': 'note-urgent' }, `⚠ ${t('note.urgent')}`) : null,
    forMe ? h('span', { class: 'for-me-badge', 'data-testid': 'note-for-me' }, `👤 ${t('note.forMe')}`) : null) : null,
  note.replyTo ? replyLine(note.replyTo, ctx.noteById) : null,
  noteContent(note, { nameOf: ctx.nameOf, me: ctx.me, gallery: ctx.gallery }),
  // The sender of an urgent note sees where its escalation stands (未確認: 副主治医に通知しました 19:42 / 確認済み).
  mine && note.urgent && n.escalation ? h('p', {
    class: `escalation-status${n.escalation.step === 'acknowledged' ? ' done' : ''}`, 'data-testid': 'escalation-status',
    'data-step': n.escalation.step, role: 'status',
  }, escalationStatus(n.escalation)) : null,
  edited ? h('p', { class: 'edited', 'data-testid': 'note-edited' },
    t('note.edited'), latest.ts ? ` (${formatTime(latest.ts)})` : '') : null,
  history,
  h('div', { class: 'note-foot' },
    ackNames.length ? h('p', { class: 'ack-list', 'data-testid': 'ack-list' },
      `✓ ${t('note.ackedBy', { names: ackNames.join(t('list.separator')) })}`) : null,
    h('button', {
      type: 'button', class: 'btn btn-quiet btn-small read-count', 'data-testid': 'read-count', 'data-count': readCount,
      'aria-haspopup': 'dialog', onclick: () => ctx.onReaders(n),
    }, t('note.readCount', { n: readCount })),
    actions.length ? h('div', { class: 'note-actions' }, actions) : null));
  return el;
}
