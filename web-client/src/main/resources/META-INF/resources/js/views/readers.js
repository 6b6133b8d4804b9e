// views/readers.js — the 既読 sheet of one note: which members have read it and which have not yet
// (read marker ≥ the note's seq, the author and family members left out), with who acknowledged;
// redrawn on every receipt.

import { h, replace } from '../dom.js';
import { t } from '../i18n.js';
import { formatTime, personMeta } from '../format.js';
import { openSheet } from '../dialog.js';

/**
 * Whether a member can ever see the staff timeline's notes: family members see only the family view
 * (the policy's FAMILY_STAFF_CHANNEL), so they are never counted as 未読 for a note.
 */
export function seesNotes(m) {
  return Boolean(m && m.person) && m.person.profession !== 'family';
}

/** Splits the room's members who can see note n into those who have read it and those who have not. */
export function readers(n, members) {
  const author = n.sender && n.sender.userId;
  const read = [];
  const unread = [];
  for (const m of members) {
    if (!seesNotes(m) || m.person.userId === author) continue;
    (Number(m.readSeq) >= n.seq ? read : unread).push(m);
  }
  const byName = (a, b) => String(a.person.name).localeCompare(String(b.person.name), 'ja');
  return { read: read.sort(byName), unread: unread.sort(byName) };
}

/**
 * ctx = {note() → note model (with acks), members() → MemberView[], me, onClose()}.
 * Returns {noteId, refresh(), close()}.
 */
export function openReaders(ctx) {
  const first = ctx.note();
  const about = h('p', { class: 'field-hint' });
  const body = h('div', { class: 'readers' });

  function row(m, testid) {
    const id = m.person.userId;
    const acked = ctx.note().acks.has(id);
    return h('li', { class: 'member', 'data-testid': testid, 'data-user-id': id },
      h('div', { class: 'member-main' },
        h('span', { class: 'member-name' }, m.person.name,
          ctx.me && id === ctx.me.userId ? h('span', { class: 'you' }, t('members.you')) : null),
        h('span', { class: 'member-meta' }, personMeta(m.person))),
      acked ? h('span', { class: 'tag tag-ack', 'data-testid': 'reader-acked' }, `✓ ${t('readers.acked')}`) : null);
  }

  function section(title, list, testid, emptyText) {
    return h('section', { class: 'readers-section' },
      h('h3', { class: 'readers-title' }, title),
      list.length
        ? h('ul', { class: 'member-list' }, list.map((m) => row(m, testid)))
        : h('p', { class: 'empty' }, emptyText));
  }

  function refresh() {
    const n = ctx.note();
    if (!n) return;
    const { read, unread } = readers(n, ctx.members());
    about.textContent = t('readers.about', { name: (n.sender && n.sender.name) || t('person.unknown'), time: formatTime(n.ts) });
    replace(body,
      section(t('readers.read', { n: read.length }), read, 'read-by', t('readers.noneRead')),
      section(t('readers.unread', { n: unread.length }), unread, 'unread-by', t('readers.allRead')));
  }

  const sheet = openSheet({
    title: t('readers.title'),
    content: h('div', null, about, body),
    testid: 'read-sheet',
    onClose: ctx.onClose,
  });
  refresh();
  return { noteId: first.noteId, refresh, close: sheet.close };
}
