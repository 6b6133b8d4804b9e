// views/timeline.js — the room timeline: holds events by seq (duplicates ignored), folds edits and
// acknowledgements into their notes, keeps the list in seq order as history and live events arrive,
// and keeps an open 既読 sheet current.

import { h } from '../dom.js';
import { oncallSystemText } from './oncall.js';
import { t, professionLabel } from '../i18n.js';
import { formatTime, personName } from '../format.js';
import { closureLabel } from './closure.js';
import { consentSummary } from './consent.js';
import { tokyoHm } from './emergency.js';
import { renderNote } from './note.js';
import { openReaders, seesNotes } from './readers.js';

/**
 * ctx = {me, members() → MemberView[], canAct() → bool, onAck(note), onEdit(note), onReply(note), onLoadOlder(), gallery}.
 */
export function createTimeline(ctx) {
  const held = new Set();
  let minSeq = Infinity;
  let maxSeq = 0;
  let hasMore = false;
  const names = new Map(); // userId → name, from everything seen
  const notes = new Map(); // noteId → note model
  const waiting = new Map(); // noteId → edit/ack events whose note is not loaded yet
  const escalations = new Map(); // noteId → the latest urgent.escalated step seen before its note
  const items = []; // {seq, el} sorted by seq
  const ackPending = new Set();
  let readersSheet = null; // the open 既読 sheet, {noteId, refresh, close}

  const list = h('ol', { class: 'timeline-list' });
  const olderButton = h('button', {
    type: 'button', class: 'btn btn-quiet btn-block load-older', 'data-testid': 'load-older', hidden: true,
    onclick: () => ctx.onLoadOlder(),
  }, t('timeline.loadOlder'));
  const newButton = h('button', {
    type: 'button', class: 'btn new-events', 'data-testid': 'new-events', hidden: true,
    onclick: () => scrollToBottom(),
  }, `↓ ${t('timeline.newEvents')}`);
  // Focusable so that it scrolls by keyboard even when it holds no button (WCAG 2.1.1).
  const scroller = h('div', {
    class: 'timeline', 'data-testid': 'timeline', role: 'log', 'aria-live': 'polite', 'aria-label': t('timeline.label'),
    tabindex: 0,
  }, olderButton, list, newButton);

  scroller.addEventListener('scroll', () => {
    if (isAtBottom()) newButton.hidden = true;
  }, { passive: true });

  function nameOf(userId) {
    const m = ctx.members().find((x) => x.person && x.person.userId === userId);
    if (m) return m.person.name;
    return names.get(userId) || null;
  }

  function insert(seq, el) {
    let lo = 0;
    let hi = items.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (items[mid].seq < seq) lo = mid + 1;
      else hi = mid;
    }
    list.insertBefore(el, items[lo] ? items[lo].el : null);
    items.splice(lo, 0, { seq, el });
  }

  function readCount(n) {
    const author = n.sender && n.sender.userId;
    return ctx.members().filter((m) => seesNotes(m) && m.person.userId !== author && Number(m.readSeq) >= n.seq).length;
  }

  function openReadersOf(n) {
    if (readersSheet) readersSheet.close();
    const sheet = openReaders({
      note: () => notes.get(n.noteId),
      members: ctx.members,
      me: ctx.me,
      onClose: () => {
        if (readersSheet === sheet) readersSheet = null;
      },
    });
    readersSheet = sheet;
  }

  function refreshReadersSheet(n) {
    if (readersSheet && (!n || readersSheet.noteId === n.noteId)) readersSheet.refresh();
  }

  function noteCtx() {
    return {
      me: ctx.me, readCount, canAct: ctx.canAct(), ackPending, onAck: ctx.onAck, onEdit: ctx.onEdit, onReply: ctx.onReply,
      onReaders: openReadersOf, nameOf, noteById: (id) => notes.get(id) || null,
      gallery: ctx.gallery,
    };
  }

  function paintNote(n) {
    const el = renderNote(n, noteCtx());
    const history = n.el && n.el.querySelector('details');
    if (history && history.open) {
      const again = el.querySelector('details');
      if (again) again.open = true; // keep earlier versions open across repaints
    }
    if (n.el && n.el.parentNode) {
      n.el.replaceWith(el);
      const item = items.find((i) => i.el === n.el);
      if (item) item.el = el;
    } else {
      insert(n.seq, el);
    }
    n.el = el;
    refreshReadersSheet(n); // acknowledgements may have changed
  }

  function applyToNote(n, ev) {
    if (ev.kind === 'note.edited') {
      const c = ev.content || {};
      if (!n.versions.some((v) => v.version === c.version)) {
        n.versions.push({ version: Number(c.version) || n.versions.length + 1, note: c.note, ts: ev.ts, seq: ev.seq });
        n.versions.sort((a, b) => a.version - b.version);
      }
    } else if (ev.kind === 'note.acknowledged' && ev.sender) {
      n.acks.set(ev.sender.userId, ev.sender.name || t('person.unknown'));
      ackPending.delete(n.noteId);
    }
  }

  function systemText(ev) {
    const c = ev.content || {};
    const by = personName(ev.sender && ev.sender.name);
    switch (ev.kind) {
      case 'room.created':
        return t('sys.created', { name: by });
      case 'member.invited':
        return t(c.role === 'host' ? 'sys.joinedHost' : 'sys.joined', {
          name: personName(c.member && c.member.name), by,
        });
      case 'member.removed':
        return t('sys.removed', { name: personName(nameOf(c.userId)), by });
      case 'member.left':
        return t('sys.left', { name: personName(nameOf(c.userId) || (ev.sender && ev.sender.name)) });
      // Consent and break the glass (SP-CON-01, SP-AUTHZ-04).
      case 'consent.recorded': {
        const family = (c.familyUserIds || []).map((id) => nameOf(id)).filter(Boolean);
        const unnamed = (c.familyUserIds || []).length - family.length;
        const more = family.length ? 'sys.consentFamilyCount' : 'sys.consentFamilyOnlyCount';
        const who = [...family, unnamed > 0 ? t(more, { n: unnamed }) : null].filter(Boolean);
        return t(who.length ? 'sys.consentRecordedFamily' : 'sys.consentRecorded', {
          summary: consentSummary(c), family: who.join(t('list.separator')),
        });
      }
      case 'consent.withdrawn':
        return t('sys.consentWithdrawn', { date: c.date || '' });
      case 'emergency.opened':
        return t('sys.emergencyOpened', {
          name: (ev.sender && ev.sender.name) || t('person.unknown'),
          profession: professionLabel(ev.sender && ev.sender.profession),
          reason: c.reason || '', until: tokyoHm(c.until),
        });
      // When care ends (SP-RET-02).
      case 'room.closed':
        return t('sys.roomClosed', { by, label: closureLabel(c) || '' });
      case 'room.reopened':
        return t('sys.roomReopened', { by });
      case 'room.purged':
        return t('sys.roomPurged');
      case 'photo_rules.changed': // 写真の共有
        return t('sys.photoRules', { by, setting: t(`photoRules.${!c.photos ? 'none' : c.faces ? 'faces' : 'noFaces'}`) });
      default:
        return oncallSystemText(ev); // 主治医・副主治医, cover periods, urgent notes' escalation
    }
  }

  /** Extra class for system lines that must stand out: 緊急閲覧 and consent changes. */
  function systemClass(kind, step) {
    if (kind === 'emergency.opened') return 'sys sys-alert';
    if (kind === 'consent.withdrawn' || kind === 'room.closed') return 'sys sys-alert';
    if (kind === 'consent.recorded') return 'sys sys-consent';
    if (kind === 'urgent.escalated') return step === 'acknowledged' ? 'sys sys-consent' : 'sys sys-alert';
    return 'sys';
  }

  function addOne(ev) {
    if (!ev || typeof ev.seq !== 'number' || held.has(ev.seq)) return null;
    held.add(ev.seq);
    minSeq = Math.min(minSeq, ev.seq);
    maxSeq = Math.max(maxSeq, ev.seq);
    if (ev.sender && ev.sender.userId) names.set(ev.sender.userId, ev.sender.name);
    const c = ev.content || {};
    if (ev.kind === 'member.invited' && c.member) names.set(c.member.userId, c.member.name);

    if (ev.kind === 'note.posted') {
      const noteId = c.noteId || ev.eventId;
      const n = {
        noteId, seq: ev.seq, sender: ev.sender, ts: ev.ts,
        versions: [{ version: 1, note: c.note, ts: ev.ts, seq: ev.seq }], acks: new Map(), el: null,
      };
      notes.set(noteId, n);
      if (escalations.has(noteId)) {
        n.escalation = escalations.get(noteId);
        escalations.delete(noteId);
      }
      for (const w of waiting.get(noteId) || []) applyToNote(n, w);
      waiting.delete(noteId);
      return n;
    }
    if (ev.kind === 'note.edited' || ev.kind === 'note.acknowledged') {
      const n = notes.get(c.noteId);
      if (n) {
        applyToNote(n, ev);
        return n;
      }
      if (!waiting.has(c.noteId)) waiting.set(c.noteId, []);
      waiting.get(c.noteId).push(ev);
      return null;
    }
    let escalated = null;
    if (ev.kind === 'urgent.escalated') {
      // The note shows where it stands to its sender; the step is also a line in the timeline.
      const n = notes.get(c.noteId);
      const esc = { step: c.step, to: c.to, ts: ev.ts, seq: ev.seq };
      if (n && (!n.escalation || n.escalation.seq < ev.seq)) {
        n.escalation = esc;
        escalated = n;
      } else if (!n) {
        escalations.set(c.noteId, esc);
      }
    }
    const text = systemText(ev);
    if (text) {
      const alert = ev.kind === 'emergency.opened';
      insert(ev.seq, h('li', {
        class: systemClass(ev.kind, c.step), 'data-testid': 'system-event', role: alert ? 'alert' : null, 'data-seq': ev.seq, 'data-kind': ev.kind,
      },
        alert ? h('span', { class: 'sys-alert-icon', 'aria-hidden': 'true' }, '⚠ ') : null,
        h('span', null, text), ' ', h('time', { datetime: ev.ts }, formatTime(ev.ts))));
    }
    return escalated; // unknown kinds are ignored
  }

  function isAtBottom() {
    return scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 80;
  }

  function scrollToBottom() {
    scroller.scrollTop = scroller.scrollHeight;
    newButton.hidden = true;
  }

  return {
    el: scroller,
    names,
    get minSeq() { return minSeq === Infinity ? 0 : minSeq; },
    get maxSeq() { return maxSeq; },
    get hasMore() { return hasMore; },
    noteById: (id) => notes.get(id) || null,

    /**
     * Adds events (any order, duplicates ignored). older: they are history above what is shown, so
     * the scroll position is kept. Returns whether anything new was added.
     */
    add(events, { older = false, fromMe = false } = {}) {
      const wasAtBottom = isAtBottom();
      const fromBottom = scroller.scrollHeight - scroller.scrollTop;
      const before = held.size;
      const touched = new Set();
      for (const ev of [...(events || [])].sort((a, b) => a.seq - b.seq)) {
        const n = addOne(ev);
        if (n) touched.add(n);
      }
      for (const n of touched) paintNote(n);
      const added = held.size > before;
      if (!added) return false;
      if (older) {
        scroller.scrollTop = scroller.scrollHeight - fromBottom;
      } else if (wasAtBottom || fromMe) {
        scrollToBottom();
      } else {
        newButton.hidden = false;
      }
      return true;
    },

    setHasMore(value) {
      hasMore = Boolean(value);
      olderButton.hidden = !hasMore;
    },

    setLoadingOlder(loading) {
      olderButton.disabled = loading;
      olderButton.textContent = loading ? t('common.loading') : t('timeline.loadOlder');
    },

    /** Re-renders every note (after membership, read markers or permissions changed). */
    repaint() {
      for (const n of notes.values()) paintNote(n);
    },

    /** Updates only the read counts. */
    refreshReads() {
      for (const n of notes.values()) {
        const el = n.el && n.el.querySelector('[data-testid="read-count"]');
        if (!el) continue;
        const c = readCount(n);
        if (String(c) !== el.dataset.count) {
          el.dataset.count = String(c);
          el.textContent = t('note.readCount', { n: c });
        }
      }
      refreshReadersSheet(null);
    },

    /** Closes the 既読 sheet if one is open (leaving the room). */
    closeSheets() {
      if (readersSheet) readersSheet.close();
    },

    setAckPending(noteId, pending) {
      if (pending) ackPending.add(noteId);
      else ackPending.delete(noteId);
      const n = notes.get(noteId);
      if (n) paintNote(n);
    },

    isAtBottom,
    scrollToBottom,
  };
}
