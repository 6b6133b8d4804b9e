// views/contact-hint.js — in the composer, under 宛先: each chosen person's 連絡しやすい時間 (ケアマネタイム),
// and, outside it, that the notification waits for the window (緊急 never waits). The server decides the
// same rule when the note is posted; this only tells the writer beforehand.

import { h, replace } from '../dom.js';
import { t, loadMore } from '../i18n.js';
import * as api from '../api.js';

// How a window reads (views/directory-entry.js) is fetched the first time someone chosen has one.
let entry = null;

/** ctx = {person(userId) → {name, profession}}. Returns {el, update(ids, urgent), deferredNames()}. */
export function createContactHint(ctx) {
  const el = h('div', { class: 'contact-hint', 'data-testid': 'contact-hint', 'aria-live': 'polite', hidden: true });
  let known = new Map(); // userId → window view from the server
  let shown = [];
  let urgentNow = false;
  let seq = 0;

  function paint() {
    const lines = [];
    if (!entry) {
      replace(el);
      el.hidden = true;
      return;
    }
    const { windowsText, honorific, dayTime } = entry;
    for (const id of shown) {
      const w = known.get(id);
      if (!w || !w.slots || !w.slots.length) continue;
      const p = ctx.person(id) || {};
      const who = honorific(p.name, p.profession);
      lines.push(h('p', { class: 'contact-line', 'data-testid': 'contact-window' }, t('dir.windowLine', { who, when: windowsText(w.slots) })));
      if (!w.openNow && w.nextStart) {
        lines.push(h('p', { class: `contact-later${urgentNow ? ' urgent' : ''}`, 'data-testid': 'contact-later' },
          urgentNow ? t('dir.urgentNow') : t('dir.notifyLater', { when: dayTime(w.nextStart) })));
      }
    }
    replace(el, lines);
    el.hidden = lines.length === 0;
  }

  return {
    el,
    async update(ids, urgent) {
      shown = ids;
      urgentNow = Boolean(urgent);
      const missing = ids.filter((id) => !known.has(id));
      const mine = ++seq;
      if (missing.length) {
        try {
          const res = await api.contactWindows(ids);
          if (mine !== seq) return;
          known = new Map(res.people.map((p) => [p.userId, p]));
          if (!entry && res.people.some((p) => p.slots && p.slots.length)) {
            [entry] = await Promise.all([import('./directory-entry.js'), loadMore()]);
          }
        } catch {
          // Not allowed or offline: the composer works without the hint.
        }
      }
      paint();
    },
    /** Names of chosen people whose notification will wait (for the toast after sending). */
    deferredNames() {
      if (urgentNow) return [];
      return shown.filter((id) => { const w = known.get(id); return w && w.slots.length && !w.openNow; })
        .map((id) => { const p = ctx.person(id) || {}; return entry ? entry.honorific(p.name, p.profession) : p.name; });
    },
    /** After sending: windows move on, ask again next time. */
    reset() {
      known = new Map();
      shown = [];
      paint();
    },
  };
}
