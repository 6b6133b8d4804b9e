// @on-demand — fetched on first use (js/lazy.js), not part of the app shell.
// views/directory.js — 事業所さがし for signed-in users (#/directory): search by capabilities (all of
// them), area and 受け入れ可; each entry with its freshness, its physicians' 連絡しやすい時間 and, for its own
// facility administrator, 受け入れ状況の確認 and 編集. Also one's own 連絡しやすい時間 (ケアマネタイム) and the
// administrator's stale banner (staleBanner, shown on the room list).

import { h, replace } from '../dom.js';
import { t, getLang } from '../i18n.js';
import { topBar, toast } from '../ui.js';
import * as api from '../api.js';
import * as store from '../store.js';
import { openSheet } from '../dialog.js';
import { entryCard, ACCEPTANCE, DAYS, CHANNELS, windowsText } from './directory-entry.js';

const CONFIGURABLE = ['address', 'hours', 'phone', 'fax', 'capabilities', 'acceptance'];

function errorText(e) {
  if (e && e.code === 'FORBIDDEN') return t('dir.forbidden');
  if (e && e.code === 'STALE_VERSION') return t('dir.staleVersion');
  if (e && e.violations && e.violations.length) return t('dir.invalid');
  return t('dir.failed');
}

function bannerFor(entry) {
  return h('div', { class: 'banner banner-warn', role: 'status', 'data-testid': 'dir-stale-banner' },
    h('p', null, t('dir.staleBanner', { name: entry.name, n: entry.ageDays })),
    h('a', { href: '#/directory', class: 'btn' }, t('dir.confirmNow')));
}

/**
 * The banner for a facility administrator whose entry was not confirmed for too long; null otherwise.
 * Resolves to an element (or null) once the server answered.
 */
export async function staleBanner() {
  const me = store.currentUser();
  if (!me || me.profession !== 'facility_admin') return null;
  try {
    const stale = (await api.myDirectoryEntries()).entries.filter((e) => e.stale);
    return stale.length ? bannerFor(stale[0]) : null;
  } catch {
    return null;
  }
}

/** The directory screen. onBack() returns to the room list. */
export function directoryView({ onBack }) {
  const me = store.currentUser();
  const state = { caps: new Set(), municipality: '', district: '', accepting: false, q: '' };
  let data = null;
  const list = h('ul', { class: 'dir-list', 'data-testid': 'dir-results' });
  const status = h('p', { class: 'field-hint', 'data-testid': 'dir-count', 'aria-live': 'polite' });
  const capsBox = h('div', { class: 'caps' });
  const municipalitySelect = h('select', { id: 'dir-municipality', 'data-testid': 'dir-municipality',
    onchange: (e) => { state.municipality = e.target.value; search(); } });
  const mineSlot = h('div', { 'data-testid': 'dir-mine' });
  const windowsSlot = h('section', { class: 'dir-my-windows', 'data-testid': 'dir-my-windows' });
  const toolsSlot = h('div');

  async function search() {
    const p = new URLSearchParams();
    for (const c of state.caps) p.append('capability', c);
    if (state.municipality) p.set('municipality', state.municipality);
    if (state.district) p.set('district', state.district);
    if (state.accepting) p.set('accepting', 'true');
    if (state.q) p.set('q', state.q);
    list.setAttribute('aria-busy', 'true');
    try {
      const first = !data;
      data = await api.searchDirectory(p.toString());
      if (first) {
        fillFilters();
        replace(toolsSlot, tools());
      }
      status.textContent = t('dir.count', { n: data.entries.length });
      replace(list, data.entries.length ? data.entries.map((e) => card(e)) : h('li', { class: 'empty' }, t('dir.none')));
    } catch (e) {
      status.textContent = errorText(e);
    } finally {
      list.setAttribute('aria-busy', 'false');
    }
  }

  function fillFilters() {
    replace(capsBox, data.vocabulary.map((c) => h('label', { class: 'cap' },
      h('input', { type: 'checkbox', value: c.id, 'data-testid': `dir-cap-${c.id}`,
        onchange: (e) => { if (e.target.checked) state.caps.add(c.id); else state.caps.delete(c.id); search(); } }),
      getLang() === 'en' ? c.en : c.ja)));
    replace(municipalitySelect, h('option', { value: '' }, t('dir.anyArea')),
      data.municipalities.map((m) => h('option', { value: m }, m)));
  }

  function card(e, vocabulary = data.vocabulary) {
    const actions = e.canEdit ? h('div', { class: 'dir-actions' },
      h('button', { type: 'button', class: 'btn', 'data-testid': 'dir-confirm',
        onclick: () => api.confirmDirectoryEntry(e.id, null).then(() => { toast(t('dir.confirmed')); refresh(); }, (err) => toast(errorText(err))) },
      t('dir.confirmUnchanged')),
      h('button', { type: 'button', class: 'btn', 'data-testid': 'dir-edit', onclick: () => openEdit(e) }, t('dir.edit'))) : null;
    return entryCard(e, vocabulary, { actions });
  }

  async function refresh() {
    await search();
    loadMine();
  }

  function openEdit(e) {
    const error = h('p', { class: 'form-error', role: 'alert', hidden: true });
    const field = (name, label, value, type = 'text') => h('div', { class: 'field' },
      h('label', { for: `dir-f-${name}` }, label),
      h(type === 'textarea' ? 'textarea' : 'input', { id: `dir-f-${name}`, name, type: type === 'textarea' ? null : type, value: value || '' }));
    const acceptance = h('fieldset', { class: 'caps' }, h('legend', null, t('dir.newPatients')),
      ACCEPTANCE.map((a) => h('label', { class: 'cap' }, h('input', { type: 'radio', name: 'acceptance', value: a, checked: e.acceptance === a,
        'data-testid': `dir-f-acc-${a}` }), t(`dir.acc.${a}`))));
    const caps = h('fieldset', { class: 'caps' }, h('legend', null, t('dir.capabilities')),
      data.vocabulary.map((c) => h('label', { class: 'cap' }, h('input', { type: 'checkbox', name: 'cap', value: c.id,
        checked: e.capabilities.includes(c.id) }), getLang() === 'en' ? c.en : c.ja)));
    const pub = h('fieldset', { class: 'caps' }, h('legend', null, t('dir.publicFields')),
      h('p', { class: 'field-hint' }, t('dir.publicFieldsHint')),
      CONFIGURABLE.map((f) => h('label', { class: 'cap' }, h('input', { type: 'checkbox', name: 'pub', value: f,
        checked: (e.publicFields || []).includes(f) }), t(`dir.${f}`))));
    const form = h('form', { class: 'dir-form', onsubmit: async (ev) => {
      ev.preventDefault();
      const f = ev.currentTarget;
      const val = (n) => f.elements[n].value;
      const body = { name: e.name, kind: e.kind, address: val('address'), areas: e.areas, hours: val('hours'), phone: val('phone'),
        fax: val('fax'), directLine: val('directLine'), note: val('note'),
        capabilities: [...f.querySelectorAll('input[name=cap]:checked')].map((x) => x.value),
        acceptance: (f.querySelector('input[name=acceptance]:checked') || {}).value,
        publicFields: [...f.querySelectorAll('input[name=pub]:checked')].map((x) => x.value), baseVersion: e.version };
      try {
        await api.saveDirectoryEntry(e.id, body);
        sheet.close();
        toast(t('dir.saved'));
        refresh();
      } catch (err) {
        error.textContent = errorText(err);
        error.hidden = false;
      }
    } },
    acceptance, field('address', t('dir.address'), e.address), field('hours', t('dir.hours'), e.hours),
    field('phone', t('dir.phone'), e.phone, 'tel'), field('fax', t('dir.fax'), e.fax, 'tel'),
    field('directLine', t('dir.directLine'), e.directLine, 'tel'), field('note', t('dir.note'), e.note, 'textarea'),
    caps, pub, error, h('button', { type: 'submit', class: 'btn btn-primary btn-block', 'data-testid': 'dir-save' }, t('dir.save')));
    const sheet = openSheet({ title: e.name, content: form, testid: 'dir-edit-sheet' });
  }

  /** The operator's tools: CSV import (errors by line), a new capability; and the CSV export for staff. */
  function tools() {
    if (!data || !data.professional) return null;
    const out = h('section', { class: 'dir-tools' },
      h('a', { href: '/api/directory/providers/export.csv', download: 'renkei-directory.csv', class: 'btn btn-block',
        'data-testid': 'dir-export' }, t('dir.export')));
    if (!data.canManage) return out;
    const result = h('div', { class: 'field-hint', role: 'status', 'data-testid': 'dir-import-result' });
    const file = h('input', { id: 'dir-import-file', type: 'file', accept: '.csv,text/csv', 'data-testid': 'dir-import-file',
      onchange: async (e) => {
        const f = e.target.files[0];
        if (!f) return;
        try {
          const r = await api.importDirectoryCsv(f);
          replace(result, t('dir.imported', { n: r.stored }));
          search();
        } catch (err) {
          const v = (err && err.violations) || [];
          replace(result, h('p', null, v.length ? t('dir.importErrors', { n: v.length }) : errorText(err)),
            h('ul', null, v.slice(0, 50).map((x) => h('li', null, `${x.field}: ${x.problem}`))));
        }
        e.target.value = '';
      } });
    const capId = h('input', { id: 'dir-cap-id', type: 'text', maxlength: 40, pattern: '[a-z][a-z0-9_]{1,39}' });
    const capJa = h('input', { id: 'dir-cap-ja', type: 'text', maxlength: 40 });
    const capEn = h('input', { id: 'dir-cap-en', type: 'text', maxlength: 40 });
    out.append(h('details', null, h('summary', null, t('dir.operatorTools')),
      h('div', { class: 'field' }, h('label', { for: 'dir-import-file' }, t('dir.import')), file,
        h('p', { class: 'field-hint' }, t('dir.importHint'))), result,
      h('form', { class: 'dir-vocab', onsubmit: async (e) => {
        e.preventDefault();
        try {
          await api.saveCapability(capId.value.trim(), capJa.value, capEn.value);
          toast(t('dir.saved'));
          data = null;
          search();
        } catch (err) {
          toast(errorText(err));
        }
      } },
      h('div', { class: 'field' }, h('label', { for: 'dir-cap-id' }, t('dir.capId')), capId),
      h('div', { class: 'field' }, h('label', { for: 'dir-cap-ja' }, t('dir.capJa')), capJa),
      h('div', { class: 'field' }, h('label', { for: 'dir-cap-en' }, t('dir.capEn')), capEn),
      h('button', { type: 'submit', class: 'btn' }, t('dir.addCapability')))));
    return out;
  }

  /** A facility administrator's own entries first, with the stale banner and 確認 / 編集. */
  async function loadMine() {
    if (!me || me.profession !== 'facility_admin') return;
    try {
      const mine = await api.myDirectoryEntries();
      const stale = mine.entries.filter((e) => e.stale);
      replace(mineSlot, stale.length ? bannerFor(stale[0]) : null,
        mine.entries.length ? h('section', { class: 'dir-own' }, h('h2', { class: 'section-title' }, t('dir.ownEntry')),
          h('ul', { class: 'dir-list' }, mine.entries.map((e) => card(e, mine.vocabulary)))) : null);
    } catch {
      replace(mineSlot);
    }
  }

  async function loadWindows() {
    if (!me || ['family', 'facility_admin', 'operator'].includes(me.profession)) return;
    let mine;
    try {
      mine = await api.myContactWindows();
    } catch {
      return;
    }
    const rows = h('div', { class: 'dir-slots' });
    const addRow = (s = { day: 'tue', start: '13:00', end: '14:00', channel: 'phone' }) => {
      const n = rows.children.length;
      const sel = (name, values, value, label) => h('label', { class: 'slot-field' }, h('span', { class: 'sr-only' }, label),
        h('select', { name, 'aria-label': `${label} ${n + 1}` }, values.map((v) => h('option', { value: v, selected: v === value },
          name === 'day' ? t(`dir.day.${v}`) : t(`dir.channel.${v}`)))));
      const time = (name, value, label) => h('input', { type: 'time', name, value, 'aria-label': `${label} ${n + 1}` });
      const row = h('div', { class: 'slot-row', 'data-testid': 'dir-slot' },
        sel('day', DAYS, s.day, t('dir.day')), time('start', s.start, t('dir.from')), '–', time('end', s.end, t('dir.to')),
        sel('channel', CHANNELS, s.channel, t('dir.channel')),
        h('button', { type: 'button', class: 'btn btn-quiet', 'aria-label': t('dir.removeSlot'), onclick: () => row.remove() }, '×'));
      rows.append(row);
    };
    for (const s of mine.slots) addRow(s);
    const note = h('input', { id: 'dir-win-note', type: 'text', maxlength: 200, value: mine.note || '' });
    const summary = h('p', { class: 'field-hint', 'data-testid': 'dir-my-summary' }, mine.slots.length ? windowsText(mine.slots) : t('dir.noWindows'));
    replace(windowsSlot, h('details', null, h('summary', { 'data-testid': 'dir-my-windows-toggle' }, t('dir.myWindows')),
      h('p', { class: 'field-hint' }, t('dir.myWindowsHint')), summary, rows,
      h('button', { type: 'button', class: 'btn', 'data-testid': 'dir-add-slot', onclick: () => addRow() }, t('dir.addSlot')),
      h('div', { class: 'field' }, h('label', { for: 'dir-win-note' }, t('dir.windowNote')), note),
      h('button', { type: 'button', class: 'btn btn-primary', 'data-testid': 'dir-save-windows', onclick: async () => {
        const slots = [...rows.querySelectorAll('.slot-row')].map((r) => ({
          day: r.querySelector('[name=day]').value, start: r.querySelector('[name=start]').value,
          end: r.querySelector('[name=end]').value, channel: r.querySelector('[name=channel]').value }));
        try {
          const saved = await api.saveMyContactWindows({ slots, note: note.value });
          summary.textContent = saved.slots.length ? windowsText(saved.slots) : t('dir.noWindows');
          toast(t('dir.saved'));
        } catch (err) {
          toast(errorText(err));
        }
      } }, t('dir.save'))));
  }

  const el = h('div', { class: 'screen directory' },
    topBar({ onBack, title: t('dir.title') }),
    h('main', { class: 'dir-main' },
      mineSlot,
      h('form', { class: 'dir-filters', role: 'search', onsubmit: (e) => { e.preventDefault(); search(); } },
        h('label', { for: 'dir-q' }, t('dir.searchText')),
        h('input', { id: 'dir-q', type: 'search', maxlength: 50, 'data-testid': 'dir-q', oninput: (e) => { state.q = e.target.value; } }),
        h('label', { for: 'dir-municipality' }, t('dir.area')), municipalitySelect,
        h('label', { for: 'dir-district' }, t('dir.district')),
        h('input', { id: 'dir-district', type: 'text', maxlength: 50, oninput: (e) => { state.district = e.target.value; } }),
        h('details', { class: 'dir-caps-filter' }, h('summary', { 'data-testid': 'dir-caps-toggle' }, t('dir.capabilitiesFilter')), capsBox),
        h('label', { class: 'cap' }, h('input', { type: 'checkbox', 'data-testid': 'dir-accepting',
          onchange: (e) => { state.accepting = e.target.checked; search(); } }), t('dir.acceptingNow')),
        h('button', { type: 'submit', class: 'btn btn-primary btn-block', 'data-testid': 'dir-search' }, t('dir.search'))),
      status, list, windowsSlot, toolsSlot,
      h('a', { href: '/public/directory', target: '_blank', rel: 'noopener', class: 'btn btn-quiet btn-block' }, t('dir.publicLink'))));
  search();
  loadMine();
  loadWindows();
  return { el, directory: true };
}
