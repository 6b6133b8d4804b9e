// @on-demand — fetched on first use (js/lazy.js), not part of the app shell.
// views/directory-entry.js — how a directory entry and a contact window read, shared by the staff
// directory (#/directory), the public page (/public/directory) and the composer's hint. Only dom.js and
// i18n.js: the public page loads it without signing in.

import { h } from '../dom.js';
import { t, getLang } from '../i18n.js';

export const KINDS = ['clinic', 'clinic_with_beds', 'hospital', 'dental_clinic', 'home_nursing_station', 'pharmacy',
  'care_management_office', 'home_care_provider', 'support_center', 'municipality', 'other'];
export const ACCEPTANCE = ['accepting', 'consult', 'not_accepting'];
export const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
export const CHANNELS = ['phone', 'fax', 'renkei', 'in_person'];

/** A capability's label in the current language, from the server's vocabulary. */
export function capabilityLabel(vocabulary, id) {
  const c = (vocabulary || []).find((x) => x.id === id);
  if (!c) return id;
  return getLang() === 'en' ? c.en : c.ja;
}

/** 更新: 今日 / 更新: 3日前 (Japan calendar days, computed by the server). */
export function freshness(entry) {
  const n = Number(entry.ageDays) || 0;
  return n === 0 ? t('dir.updatedToday') : t('dir.updatedDaysAgo', { n });
}

/**
 * Windows as one line: 火・木 13:00–14:00（電話）. Windows with the same times and channel share a line,
 * their days joined with ・ in week order.
 */
export function windowsText(slots) {
  const groups = new Map();
  for (const s of slots || []) {
    const key = `${s.start}|${s.end}|${s.channel}`;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(s.day);
  }
  const parts = [];
  for (const [key, days] of groups) {
    const [start, end, channel] = key.split('|');
    const ordered = DAYS.filter((d) => days.includes(d)).map((d) => t(`dir.day.${d}`)).join('・');
    parts.push(`${ordered} ${start}–${end}（${t(`dir.channel.${channel}`)}）`);
  }
  return parts.join('、');
}

/** 佐藤先生 for physicians and dentists, 中村さん otherwise: how care staff address each other. */
export function honorific(name, profession) {
  const family = String(name || '').split(/[\s\u3000]/)[0];
  return (profession === 'physician' || profession === 'dentist') ? t('dir.sensei', { name: family }) : t('dir.san', { name: family });
}

/** A date-time (ISO with offset) as 火 13:00 in Japan time. */
export function dayTime(iso) {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(iso || '');
  if (!m) return '';
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  const day = DAYS[(d.getUTCDay() + 6) % 7];
  return `${Number(m[2])}/${Number(m[3])}（${t(`dir.day.${day}`)}）${m[4]}:${m[5]}`;
}

/** One entry as a card. Fields the answer does not carry (public page) are simply not shown. */
export function entryCard(e, vocabulary, { actions = null } = {}) {
  const row = (label, value, testid) => (value ? h('div', { class: 'dir-row', 'data-testid': testid },
    h('dt', null, label), h('dd', null, value)) : null);
  const tel = (n) => (n ? h('a', { href: `tel:${n.replace(/[^0-9+]/g, '')}` }, n) : null);
  const areas = (e.areas || []).map((a) => (a.district ? `${a.municipality}（${a.district}）` : a.municipality)).join('、');
  return h('li', { class: `dir-entry${e.stale ? ' stale' : ''}`, 'data-testid': 'dir-entry', 'data-entry-id': e.id },
    h('div', { class: 'dir-head' },
      h('h2', { class: 'dir-name' }, e.name),
      h('span', { class: 'tag' }, t(`dir.kind.${e.kind}`)),
      e.acceptance ? h('span', { class: `tag tag-acc-${e.acceptance}`, 'data-testid': 'dir-acceptance' },
        `${t('dir.newPatients')}: ${t(`dir.acc.${e.acceptance}`)}`) : null),
    h('p', { class: 'dir-fresh', 'data-testid': 'dir-freshness' }, freshness(e),
      e.stale ? h('span', { class: 'tag tag-stale', 'data-testid': 'dir-stale' }, t('dir.stale')) : null),
    e.capabilities && e.capabilities.length
      ? h('ul', { class: 'dir-caps', 'aria-label': t('dir.capabilities') },
        e.capabilities.map((c) => h('li', { class: 'cap-chip' }, capabilityLabel(vocabulary, c))))
      : null,
    h('dl', { class: 'dir-fields' },
      row(t('dir.areas'), areas, 'dir-areas'),
      row(t('dir.address'), e.address, 'dir-address'),
      row(t('dir.hours'), e.hours, 'dir-hours'),
      row(t('dir.phone'), tel(e.phone), 'dir-phone'),
      row(t('dir.fax'), e.fax, 'dir-fax'),
      row(t('dir.directLine'), tel(e.directLine), 'dir-direct'),
      row(t('dir.note'), e.note, 'dir-note')),
    (e.contactWindows || []).filter((p) => p.slots && p.slots.length).map((p) => h('p', { class: 'dir-window', 'data-testid': 'dir-window' },
      t('dir.windowLine', { who: honorific(p.name, p.profession), when: windowsText(p.slots) }),
      p.note ? ` ${p.note}` : '')),
    actions);
}
