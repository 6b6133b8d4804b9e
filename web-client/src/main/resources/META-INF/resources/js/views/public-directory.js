// @on-demand — fetched on first use (js/lazy.js), not part of the app shell.
// views/public-directory.js — the public provider directory at /public/directory, without sign-in:
// citizens and families look for a clinic, station or pharmacy by what it can do and where it serves.
// Calls only GET /api/public/directory, whose answer carries the public fields only.

import { h, replace } from '../dom.js';
import { t, getLang, setLang, loadMore, ready } from '../i18n.js';
import { entryCard } from './directory-entry.js';

const root = document.getElementById('app');
const state = { caps: new Set(), municipality: '', accepting: false, q: '' };
let vocabulary = [];
const list = h('ul', { class: 'dir-list', 'data-testid': 'dir-results', 'aria-live': 'polite' });
const status = h('p', { class: 'field-hint', 'data-testid': 'dir-count' });
const capsBox = h('div', { class: 'caps' });
const municipalitySelect = h('select', { id: 'pub-municipality', onchange: (e) => { state.municipality = e.target.value; search(); } });

async function search() {
  const p = new URLSearchParams();
  for (const c of state.caps) p.append('capability', c);
  if (state.municipality) p.set('municipality', state.municipality);
  if (state.accepting) p.set('accepting', 'true');
  if (state.q) p.set('q', state.q);
  list.setAttribute('aria-busy', 'true');
  try {
    const res = await fetch(`/api/public/directory?${p}`, { headers: { Accept: 'application/json' }, credentials: 'omit' });
    const data = await res.json();
    if (!res.ok) throw new Error(data && data.code);
    if (!vocabulary.length) fillFilters(data);
    vocabulary = data.vocabulary;
    status.textContent = t('dir.count', { n: data.entries.length });
    replace(list, data.entries.length ? data.entries.map((e) => entryCard(e, vocabulary)) : h('li', { class: 'empty' }, t('dir.none')));
  } catch {
    status.textContent = t('dir.failed');
  } finally {
    list.setAttribute('aria-busy', 'false');
  }
}

function fillFilters(data) {
  replace(capsBox, data.vocabulary.map((c) => h('label', { class: 'cap' },
    h('input', { type: 'checkbox', value: c.id, 'data-testid': `pub-cap-${c.id}`,
      onchange: (e) => { if (e.target.checked) state.caps.add(c.id); else state.caps.delete(c.id); search(); } }),
    getLang() === 'en' ? c.en : c.ja)));
  replace(municipalitySelect, h('option', { value: '' }, t('dir.anyArea')),
    data.municipalities.map((m) => h('option', { value: m }, m)));
}

function render() {
  document.title = t('dir.publicTitle');
  const other = getLang() === 'ja' ? 'en' : 'ja';
  root.replaceChildren(h('div', { class: 'screen dir-public' },
    h('header', { class: 'topbar' }, h('div', { class: 'topbar-title' }, h('h1', { class: 'title' }, t('dir.publicTitle'))),
      h('div', { class: 'topbar-actions' }, h('button', { type: 'button', class: 'btn btn-quiet', lang: other,
        onclick: () => setLang(other).then(() => { vocabulary = []; render(); search(); }) }, t('lang.switchTo')))),
    h('main', { class: 'dir-main' },
      h('p', { class: 'field-hint' }, t('dir.publicIntro')),
      h('form', { class: 'dir-filters', role: 'search', onsubmit: (e) => { e.preventDefault(); search(); } },
        h('label', { for: 'pub-q' }, t('dir.searchText')),
        h('input', { id: 'pub-q', type: 'search', maxlength: 50, 'data-testid': 'pub-q',
          oninput: (e) => { state.q = e.target.value; } }),
        h('label', { for: 'pub-municipality' }, t('dir.area')), municipalitySelect,
        h('details', { class: 'dir-caps-filter' }, h('summary', null, t('dir.capabilitiesFilter')), capsBox),
        h('label', { class: 'cap' }, h('input', { type: 'checkbox', 'data-testid': 'pub-accepting',
          onchange: (e) => { state.accepting = e.target.checked; search(); } }), t('dir.acceptingNow')),
        h('button', { type: 'submit', class: 'btn btn-primary btn-block' }, t('dir.search'))),
      status, list,
      h('p', { class: 'field-hint' }, t('dir.publicFooter')))));
}

// The page's texts live with the screens fetched on demand (i18n/ja-more.js).
ready.then(loadMore).then(() => {
  render();
  search();
});
