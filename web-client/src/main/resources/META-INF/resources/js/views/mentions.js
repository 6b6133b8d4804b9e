// views/mentions.js — 宛先 for the composer: a checklist sheet of the room's members and the chosen
// names as removable chips; only current members can be chosen (the server refuses anyone else).

import { h, replace } from '../dom.js';
import { t } from '../i18n.js';
import { personMeta } from '../format.js';
import { openSheet } from '../dialog.js';

const MAX_MENTIONS = 20;

/**
 * ctx = {me, members() → MemberView[], onChange(ids)?}. Returns {button, el, ids(), set(ids), clear(), refresh()}:
 * button opens the sheet, el holds the chips (hidden while nobody is chosen).
 */
export function createMentions(ctx) {
  let chosen = []; // user ids, in the order they were chosen
  let sheet = null;

  // Everyone in the room except me, host first, then by name.
  function candidates() {
    return ctx.members()
      .filter((m) => m.person && m.person.userId !== (ctx.me && ctx.me.userId))
      .sort((a, b) => (a.role === 'host' ? 0 : 1) - (b.role === 'host' ? 0 : 1)
        || String(a.person.name).localeCompare(String(b.person.name), 'ja'));
  }

  function personOf(userId) {
    const m = ctx.members().find((x) => x.person && x.person.userId === userId);
    return m ? m.person : null;
  }

  const button = h('button', {
    type: 'button', class: 'btn btn-tool', 'data-testid': 'mention-button', 'aria-haspopup': 'dialog',
    onclick: () => open(),
  });
  const chips = h('div', { class: 'mention-chips' });
  const el = h('div', { class: 'mention-row', 'data-testid': 'mention-row', hidden: true },
    h('span', { class: 'mention-label' }, t('mention.to')), chips);

  function paint() {
    button.textContent = chosen.length ? `👤 ${t('mention.buttonCount', { n: chosen.length })}` : `👤 ${t('mention.button')}`;
    button.classList.toggle('active', chosen.length > 0);
    replace(chips, chosen.map((id) => {
      const p = personOf(id);
      const name = (p && p.name) || t('person.unknown');
      return h('span', { class: 'chip', 'data-testid': 'mention-chip', 'data-user-id': id },
        h('span', { class: 'chip-name' }, name),
        h('button', {
          type: 'button', class: 'chip-remove', 'data-testid': 'mention-chip-remove',
          'aria-label': t('mention.remove', { name }),
          onclick: () => {
            toggle(id, false);
            button.focus(); // the chip is gone; keep the keyboard near the 宛先
          },
        }, '×'));
    }));
    el.hidden = chosen.length === 0;
    if (sheet) sheet.refresh();
    if (ctx.onChange) ctx.onChange([...chosen]);
  }

  function toggle(userId, on) {
    const has = chosen.includes(userId);
    if (on && !has && chosen.length < MAX_MENTIONS) chosen.push(userId);
    if (!on && has) chosen = chosen.filter((id) => id !== userId);
    paint();
  }

  function open() {
    if (sheet) return;
    const hint = h('p', { class: 'field-hint' }, t('mention.hint'));
    const limit = h('p', { class: 'field-hint', hidden: true }, t('mention.limit', { n: MAX_MENTIONS }));
    const list = h('ul', { class: 'pick-list' });
    const done = h('button', {
      type: 'button', class: 'btn btn-primary btn-block', 'data-testid': 'mention-done', onclick: () => s.close(),
    }, t('mention.done'));
    let shown = ''; // the ids listed, to redraw only when the people change (keeps focus on ticks)
    const boxes = new Map(); // userId → checkbox
    function refresh() {
      const people = candidates();
      const full = chosen.length >= MAX_MENTIONS;
      limit.hidden = !full;
      const key = people.map((m) => m.person.userId).join(' ');
      if (key !== shown) {
        shown = key;
        boxes.clear();
        replace(list, people.length ? people.map((m) => {
          const id = m.person.userId;
          const box = h('input', { type: 'checkbox', onchange: (e) => toggle(id, e.currentTarget.checked) });
          boxes.set(id, box);
          return h('li', null, h('label', { class: 'pick', 'data-testid': 'mention-option', 'data-user-id': id },
            box,
            h('span', { class: 'member-main' },
              h('span', { class: 'member-name' }, m.person.name),
              h('span', { class: 'member-meta' }, personMeta(m.person)))));
        }) : h('li', { class: 'empty' }, t('mention.nobody')));
      }
      for (const [id, box] of boxes) {
        const on = chosen.includes(id);
        box.checked = on;
        box.disabled = full && !on;
        box.parentNode.classList.toggle('on', on);
      }
    }
    const s = openSheet({
      title: t('mention.title'),
      content: h('div', { class: 'mention-sheet' }, hint, limit, list, done),
      testid: 'mention-sheet',
      onClose: () => {
        sheet = null;
        button.focus();
      },
    });
    sheet = { refresh, close: s.close };
    refresh();
  }

  paint();

  return {
    button,
    el,
    ids: () => [...chosen],

    /** Chooses exactly these people (editing a note); anyone no longer in the room is left out. */
    set(ids) {
      const inRoom = new Set(ctx.members().map((m) => m.person && m.person.userId));
      chosen = [...new Set(ids || [])].filter((id) => inRoom.has(id)).slice(0, MAX_MENTIONS);
      paint();
    },

    clear() {
      chosen = [];
      if (sheet) sheet.close();
      paint();
    },

    /** Closes the sheet if it is open (leaving the room). */
    closeSheet() {
      if (sheet) sheet.close();
    },

    /** After membership changed: people who left can no longer be chosen. */
    refresh() {
      const inRoom = new Set(ctx.members().map((m) => m.person && m.person.userId));
      chosen = chosen.filter((id) => inRoom.has(id));
      paint();
    },
  };
}
