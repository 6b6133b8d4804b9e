// views/calendar.js — the visit calendar: a room's calendar for staff (add, move, cancel, and
// change or cancel a whole recurring series), the family view (訪問予定 only, read-only), and the
// member's own agenda across rooms (今日 / 今週) with the calendar-feed settings. Times are Asia/Tokyo
// local times as the server sends them.
//
// Phones get day-grouped lists (予定リスト), written by hand: a plain list is the simplest phone layout.
// Wide screens switch between 週 / 月 (FullCalendar, see calendar-grid.js) and the same list.

import { h, replace } from '../dom.js';
import { t, has, professionLabel } from '../i18n.js';
import * as api from '../api.js';
import * as live from '../live.js';
import { errorLines } from '../errors.js';
import { connectionBadge, topBar, toast } from '../ui.js';
import { todayIso, addDaysIso } from '../format.js';

export const CATEGORIES = ['home_medical', 'home_nursing', 'home_pharmacy', 'home_care', 'home_rehab', 'home_dental',
  'day_service', 'short_stay', 'service_conference', 'pre_discharge_conference', 'other'];
const VISIT_PROFESSIONS = ['physician', 'nurse', 'pharmacist', 'care_worker', 'therapist', 'dentist',
  'dental_hygienist', 'dietitian', 'care_manager', 'social_worker'];
const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];

/** Today in Japan time (the app's zone) as yyyy-MM-dd. */
export function tokyoToday(offsetDays = 0) {
  return addDaysIso(todayIso(), offsetDays);
}

function addDays(day, n) {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

function dayLabel(day) {
  const d = new Date(`${day}T00:00:00Z`);
  return t('cal.dayLabel', { m: d.getUTCMonth() + 1, d: d.getUTCDate(), w: t(`cal.wd.${d.getUTCDay()}`) });
}

const hm = (local) => local.slice(11, 16);

/** Who comes, for the family: the name, or 担当者未定; null where the team does not show it. */
function familyVisitor(o) {
  if (!o.visitorShown) return null;
  return o.visitor ? t('cal.visitorIs', { name: o.visitor }) : t('cal.visitorUndecided');
}

function occurrenceRow(o, { staff, onMove, onCancel, showRoom, testid = 'cal-occurrence' }) {
  const who = [o.profession ? professionLabel(o.profession) : null, o.organization].filter(Boolean).join(' · ');
  const visitor = staff
    ? (o.visitor ? `${t('cal.visitorIs', { name: o.visitor })}${o.visitorForFamily ? ` ${t('cal.visitorShownToFamily')}` : ''}` : null)
    : familyVisitor(o);
  return h('li', {
    class: `cal-occ status-${o.status}${o.overlap ? ' overlap' : ''}`,
    'data-testid': testid, 'data-item-id': o.itemId, 'data-occurrence': o.occurrence,
    'data-start': o.start, 'data-status': o.status,
  },
  h('span', { class: 'cal-time', 'data-testid': 'cal-time' }, `${hm(o.start)}–${hm(o.end)}`),
  h('span', { class: 'cal-main' },
    h('span', { class: 'cal-cat' }, !staff && has(`cal.familyCat.${o.category}`) ? t(`cal.familyCat.${o.category}`) : t(`cal.cat.${o.category}`)),
    who ? h('span', { class: 'cal-who' }, who) : null,
    visitor ? h('span', { class: 'cal-visitor', 'data-testid': 'cal-visitor' }, visitor) : null,
    showRoom && o.roomTitle ? h('span', { class: 'cal-room' }, o.roomTitle) : null,
    o.status === 'cancelled' ? h('span', { class: 'tag tag-cancel' }, t('cal.cancelled')) : null,
    o.status === 'moved' ? h('span', { class: 'tag' }, t('cal.moved')) : null,
    o.recurring ? h('span', { class: 'tag tag-repeat' }, t('cal.recurring')) : null,
    o.overlap ? h('span', { class: 'tag tag-warn', 'data-testid': 'cal-overlap' }, t('cal.overlap')) : null,
    staff && o.visitorNote ? h('span', { class: 'cal-note' }, `${t('cal.visitorNote')}: ${o.visitorNote}`) : null),
  staff && o.status !== 'cancelled' && onMove ? h('span', { class: 'cal-actions' },
    h('button', { type: 'button', class: 'btn btn-small', 'data-testid': 'cal-move', onclick: () => onMove(o) }, t('cal.move')),
    h('button', { type: 'button', class: 'btn btn-small', 'data-testid': 'cal-cancel', onclick: () => onCancel(o) }, t('cal.cancel')))
    : null);
}

/** Occurrences grouped by day (every day of the range shown, so the week grid keeps its columns). */
function dayList(occurrences, from, days, opts) {
  const byDay = new Map();
  for (const o of occurrences) {
    const day = o.start.slice(0, 10);
    if (!byDay.has(day)) byDay.set(day, []);
    byDay.get(day).push(o);
  }
  const cols = [];
  for (let i = 0; i < days; i++) {
    const day = addDays(from, i);
    const list = byDay.get(day) || [];
    cols.push(h('section', { class: `cal-day${day === tokyoToday() ? ' today' : ''}`, 'data-day': day },
      h('h3', { class: 'cal-day-title' }, dayLabel(day)),
      list.length ? h('ul', { class: 'cal-ul' }, list.map((o) => occurrenceRow(o, opts)))
        : h('p', { class: 'empty small' }, t('cal.none'))));
  }
  return h('div', { class: 'cal-days', 'data-testid': 'cal-days' }, cols);
}

/**
 * The family's list: days with visits only, 今週 (today to Sunday) first and then 来週以降; today's day
 * says 今日. Families mostly want "who comes when" this week.
 */
function familyList(occurrences, from) {
  const today = tokyoToday();
  const dow = new Date(`${today}T00:00:00Z`).getUTCDay(); // 0 = Sunday
  const endOfWeek = addDays(today, dow === 0 ? 0 : 7 - dow);
  const byDay = new Map();
  for (const o of occurrences) {
    const day = o.start.slice(0, 10);
    if (day < from) continue;
    if (!byDay.has(day)) byDay.set(day, []);
    byDay.get(day).push(o);
  }
  const days = [...byDay.keys()].sort();
  const daySection = (day) => h('section', { class: `cal-day${day === today ? ' today' : ''}`, 'data-day': day },
    h('h4', { class: 'cal-day-title' }, dayLabel(day),
      day === today ? h('span', { class: 'tag tag-today', 'data-testid': 'cal-today' }, t('cal.today')) : null),
    h('ul', { class: 'cal-ul' }, byDay.get(day).map((o) => occurrenceRow(o, { staff: false }))));
  const thisWeek = days.filter((d) => d <= endOfWeek);
  const later = days.filter((d) => d > endOfWeek);
  return h('div', { class: 'cal-days cal-family-list', 'data-testid': 'cal-days' },
    h('section', { class: 'cal-week', 'data-testid': 'cal-this-week' },
      h('h3', { class: 'cal-week-title' }, t('cal.thisWeek')),
      thisWeek.length ? thisWeek.map(daySection) : h('p', { class: 'empty small' }, t('cal.noneThisWeek'))),
    h('section', { class: 'cal-week', 'data-testid': 'cal-later' },
      h('h3', { class: 'cal-week-title' }, t('cal.later')),
      later.length ? later.map(daySection) : h('p', { class: 'empty small' }, t('cal.none'))));
}

/** The visitor's name and whether the family sees it (the team's choice per visit; default: not shown). */
function visitorFields(prefix, it) {
  const name = h('input', { type: 'text', maxlength: '60', value: (it && it.visitor) || '', 'data-testid': `cal-${prefix}-visitor` });
  const forFamily = h('input', { type: 'checkbox', checked: Boolean(it && it.visitorForFamily) || null,
    'data-testid': `cal-${prefix}-visitor-family` });
  return {
    nodes: [field(t('cal.f.visitor'), name),
      h('label', { class: 'check' }, forFamily, h('span', null, t('cal.f.visitorForFamily')))],
    value: () => ({ visitor: name.value.trim() || null, visitorForFamily: forFamily.checked || null }),
  };
}

function field(label, input) {
  return h('label', { class: 'field' }, h('span', { class: 'field-label' }, label), input);
}

/** The RRULE for a 繰り返し choice starting on date (yyyy-MM-dd): the weekday comes from the date. */
function ruleFor(repeat, date) {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  const byday = WEEKDAYS[(day + 6) % 7];
  return { weekly: `FREQ=WEEKLY;BYDAY=${byday}`, biweekly: `FREQ=WEEKLY;INTERVAL=2;BYDAY=${byday}`,
    daily: 'FREQ=DAILY' }[repeat] || null;
}

/**
 * Which 繰り返し choice a stored rule is: 'none', 'weekly', 'biweekly', 'daily', or 'keep' for any other
 * rule (several weekdays, an end date...), which the series form then keeps as it is.
 */
function repeatOf(rrule) {
  if (!rrule) return 'none';
  const parts = Object.fromEntries(rrule.split(';').map((p) => p.split('=')));
  const keys = Object.keys(parts).filter((k) => !(k === 'INTERVAL' && parts[k] === '1'));
  const interval = parts.INTERVAL || '1';
  if (parts.FREQ === 'DAILY' && keys.length === 1) return 'daily';
  if (parts.FREQ === 'WEEKLY' && parts.BYDAY && !parts.BYDAY.includes(',') && keys.every((k) => ['FREQ', 'BYDAY', 'INTERVAL'].includes(k))) {
    if (interval === '1') return 'weekly';
    if (interval === '2') return 'biweekly';
  }
  return 'keep';
}

/** The form to add a visit or event. */
function addForm(roomId, onDone) {
  const cat = h('select', { 'data-testid': 'cal-f-category' }, CATEGORIES.map((c) => h('option', { value: c }, t(`cal.cat.${c}`))));
  const prof = h('select', { 'data-testid': 'cal-f-profession' },
    h('option', { value: '' }, '—'), VISIT_PROFESSIONS.map((p) => h('option', { value: p }, professionLabel(p))));
  const org = h('input', { type: 'text', maxlength: '60', 'data-testid': 'cal-f-organization' });
  const date = h('input', { type: 'date', value: tokyoToday(1), 'data-testid': 'cal-f-date' });
  const start = h('input', { type: 'time', value: '10:00', 'data-testid': 'cal-f-start' });
  const end = h('input', { type: 'time', value: '11:00', 'data-testid': 'cal-f-end' });
  const repeat = h('select', { 'data-testid': 'cal-f-repeat' },
    h('option', { value: '' }, t('cal.repeat.none')),
    h('option', { value: 'weekly' }, t('cal.repeat.weekly')),
    h('option', { value: 'biweekly' }, t('cal.repeat.biweekly')),
    h('option', { value: 'daily' }, t('cal.repeat.daily')));
  const note = h('textarea', { rows: '2', maxlength: '1000', 'data-testid': 'cal-f-note' });
  const visitor = visitorFields('f', null);
  const errors = h('div', { class: 'form-errors', role: 'alert', 'data-testid': 'cal-f-errors' });
  const txnId = live.newId('c');
  async function submit(e) {
    e.preventDefault();
    const rrule = ruleFor(repeat.value, date.value);
    const item = { category: cat.value, profession: prof.value || null, organization: org.value || null,
      start: `${date.value}T${start.value}`, end: `${date.value}T${end.value}`, rrule, visitorNote: note.value || null,
      ...visitor.value() };
    try {
      await api.addCalendarItem(roomId, { txnId, item });
      onDone();
    } catch (err) {
      replace(errors, errorLines(err).map((l) => h('p', null, l)));
    }
  }
  return h('form', { class: 'cal-form', 'data-testid': 'cal-add-form', onsubmit: submit },
    h('h3', null, t('cal.add')),
    field(t('cal.f.category'), cat), field(t('cal.f.profession'), prof), field(t('cal.f.organization'), org),
    field(t('cal.f.date'), date), field(t('cal.f.start'), start), field(t('cal.f.end'), end),
    visitor.nodes, field(t('cal.f.repeat'), repeat), field(t('cal.visitorNote'), note), errors,
    h('div', { class: 'form-actions' },
      h('button', { type: 'button', class: 'btn', onclick: onDone }, t('action.cancel')),
      h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'cal-f-save' }, t('cal.save'))));
}

/** The form to move one occurrence. */
function moveForm(roomId, o, onDone) {
  const date = h('input', { type: 'date', value: o.start.slice(0, 10), 'data-testid': 'cal-m-date' });
  const start = h('input', { type: 'time', value: hm(o.start), 'data-testid': 'cal-m-start' });
  const end = h('input', { type: 'time', value: hm(o.end), 'data-testid': 'cal-m-end' });
  const errors = h('div', { class: 'form-errors', role: 'alert', 'data-testid': 'cal-m-errors' });
  const txnId = live.newId('c');
  async function submit(e) {
    e.preventDefault();
    try {
      await api.moveOccurrence(roomId, o.itemId, { txnId, occurrence: o.occurrence,
        start: `${date.value}T${start.value}`, end: `${date.value}T${end.value}` });
      onDone();
    } catch (err) {
      replace(errors, errorLines(err).map((l) => h('p', null, l)));
    }
  }
  return h('form', { class: 'cal-form', 'data-testid': 'cal-move-form', onsubmit: submit },
    h('h3', null, t('cal.moveTitle')),
    field(t('cal.f.date'), date), field(t('cal.f.start'), start), field(t('cal.f.end'), end), errors,
    h('div', { class: 'form-actions' },
      h('button', { type: 'button', class: 'btn', onclick: onDone }, t('action.cancel')),
      h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'cal-m-save' }, t('cal.save'))));
}

/**
 * The form to change a whole item (for a recurring visit: every occurrence). view is the item as the
 * calendar read returned it ({itemId, version, item}); the change is sent with baseVersion = its version,
 * so a change someone else saved first is refused (STALE_VERSION) and handed to onStale.
 */
function seriesForm(roomId, view, onDone, onStale) {
  const it = view.item;
  const cat = h('select', { 'data-testid': 'cal-s-category' },
    CATEGORIES.map((c) => h('option', { value: c, selected: c === it.category }, t(`cal.cat.${c}`))));
  const prof = h('select', { 'data-testid': 'cal-s-profession' },
    h('option', { value: '' }, '—'),
    VISIT_PROFESSIONS.map((p) => h('option', { value: p, selected: p === it.profession }, professionLabel(p))));
  const org = h('input', { type: 'text', maxlength: '60', value: it.organization || '', 'data-testid': 'cal-s-organization' });
  const date = h('input', { type: 'date', value: it.start.slice(0, 10), 'data-testid': 'cal-s-date' });
  const start = h('input', { type: 'time', value: hm(it.start), 'data-testid': 'cal-s-start' });
  const end = h('input', { type: 'time', value: hm(it.end), 'data-testid': 'cal-s-end' });
  const current = repeatOf(it.rrule);
  const repeat = h('select', { 'data-testid': 'cal-s-repeat' },
    current === 'keep' ? h('option', { value: 'keep', selected: true }, t('cal.repeat.keep', { rule: it.rrule })) : null,
    ['none', 'weekly', 'biweekly', 'daily'].map((r) => h('option', { value: r === 'none' ? '' : r, selected: r === current },
      t(`cal.repeat.${r}`))));
  const note = h('textarea', { rows: '2', maxlength: '1000', 'data-testid': 'cal-s-note' });
  note.value = it.visitorNote || '';
  const visitor = visitorFields('s', it);
  const errors = h('div', { class: 'form-errors', role: 'alert', 'data-testid': 'cal-s-errors' });
  const txnId = live.newId('c');
  async function submit(e) {
    e.preventDefault();
    const rrule = repeat.value === 'keep' ? it.rrule : ruleFor(repeat.value, date.value);
    const item = { category: cat.value, profession: prof.value || null, organization: org.value || null,
      start: `${date.value}T${start.value}`, end: `${date.value}T${end.value}`, rrule, visitorNote: note.value || null,
      ...visitor.value() };
    try {
      await api.changeCalendarItem(roomId, view.itemId, { txnId, baseVersion: view.version, item });
      onDone();
    } catch (err) {
      if (err && err.code === 'STALE_VERSION') onStale();
      else replace(errors, errorLines(err).map((l) => h('p', null, l)));
    }
  }
  return h('form', { class: 'cal-form', 'data-testid': 'cal-series-form', 'data-item-id': view.itemId, onsubmit: submit },
    h('h3', null, it.rrule ? t('cal.seriesTitle') : t('cal.editTitle')),
    it.rrule ? h('p', { class: 'hint' }, t('cal.seriesHint')) : null,
    field(t('cal.f.category'), cat), field(t('cal.f.profession'), prof), field(t('cal.f.organization'), org),
    field(it.rrule ? t('cal.f.firstDate') : t('cal.f.date'), date), field(t('cal.f.start'), start), field(t('cal.f.end'), end),
    visitor.nodes, field(t('cal.f.repeat'), repeat), field(t('cal.visitorNote'), note), errors,
    h('div', { class: 'form-actions' },
      h('button', { type: 'button', class: 'btn', onclick: onDone }, t('action.cancel')),
      h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'cal-s-save' }, t('cal.save'))));
}

/** For a recurring visit: この回だけ or 繰り返し全体. kind is 'move' or 'cancel'. */
function scopeChooser(o, kind, { one, series, close }) {
  return h('section', { class: 'cal-form cal-scope', 'data-testid': 'cal-scope', 'data-kind': kind },
    h('h3', null, t(kind === 'move' ? 'cal.scopeMoveTitle' : 'cal.scopeCancelTitle')),
    h('p', { class: 'hint' }, `${dayLabel(o.start.slice(0, 10))} ${hm(o.start)}–${hm(o.end)} ${t(`cal.cat.${o.category}`)}`),
    h('div', { class: 'form-actions cal-scope-actions' },
      h('button', { type: 'button', class: 'btn', 'data-testid': 'cal-scope-one', onclick: one },
        t(kind === 'move' ? 'cal.scopeMoveOne' : 'cal.scopeCancelOne')),
      h('button', { type: 'button', class: 'btn', 'data-testid': 'cal-scope-series', onclick: series },
        t(kind === 'move' ? 'cal.scopeMoveSeries' : 'cal.scopeCancelSeries')),
      h('button', { type: 'button', class: 'btn', onclick: close }, t('action.cancel'))));
}

const WIDE = '(min-width: 900px)';
const VIEW_KEY = 'renkei.calendarView';

/**
 * A room's calendar. family: the family view (read-only, /family/{id}); otherwise the staff view.
 * Phones: four weeks from today as a day list. Wide screens: 週 / 月 grids (FullCalendar) or the same
 * list (予定リスト). Reloads on every live calendar change.
 */
export function calendarView({ roomId, family = false, onBack }) {
  const DAYS = 28;
  const from = tokyoToday();
  const wideQuery = window.matchMedia(WIDE);
  let mode = null; // 'week' | 'month' | 'list'
  let grid = null;
  let title = '';
  let destroyed = false;
  /** Items by id, from the latest staff read: the series form edits them with their version. */
  let items = new Map();
  const headerSlot = h('div', { class: 'header-slot' });
  const switchSlot = h('div', { class: 'cal-switch cal-view-switch', 'data-testid': 'cal-view-switch' });
  const formSlot = h('div', { class: 'cal-form-slot', 'data-testid': 'cal-form-slot' });
  const listSlot = h('div', { class: 'cal-list', 'data-testid': 'cal-list', 'aria-busy': 'true' },
    h('p', { class: 'loading' }, t('common.loading')));
  const el = h('div', { class: `screen calendar${family ? ' family' : ''}`, 'data-testid': family ? 'family-calendar' : 'room-calendar',
    'data-room-id': roomId }, headerSlot, switchSlot, formSlot, listSlot);

  function header() {
    const actions = [connectionBadge()];
    if (!family) {
      actions.push(h('button', { type: 'button', class: 'btn btn-tool', 'data-testid': 'cal-add',
        onclick: () => showForm(addForm(roomId, closeForm)) }, `＋ ${t('cal.add')}`));
    }
    replace(headerSlot, topBar({ onBack, title: family ? t('cal.familyTitle') : t('cal.title'), subtitle: title, actions }));
  }

  function showForm(node) {
    replace(formSlot, node);
    if (formSlot.scrollIntoView) formSlot.scrollIntoView({ block: 'nearest' });
  }

  function closeForm() {
    replace(formSlot);
    reload();
  }

  /** Someone else changed the item first: say so, and show the calendar as it is now. */
  function stale() {
    showForm(h('p', { class: 'banner-warn cal-stale', role: 'alert', 'data-testid': 'cal-stale' }, t('cal.stale')));
    reload();
  }

  async function cancelOne(o) {
    if (!window.confirm(t('cal.confirmCancel'))) return;
    try {
      await api.cancelOccurrence(roomId, o.itemId, { txnId: live.newId('c'), occurrence: o.occurrence });
      closeForm();
    } catch (err) {
      toast(errorLines(err).join(' '), { kind: 'warn' });
    }
  }

  async function cancelSeries(o) {
    if (!window.confirm(t('cal.confirmCancelSeries'))) return;
    try {
      await api.cancelCalendarItem(roomId, o.itemId, { txnId: live.newId('c') });
      closeForm();
    } catch (err) {
      toast(errorLines(err).join(' '), { kind: 'warn' });
    }
  }

  function editSeries(o) {
    const view = items.get(o.itemId);
    if (!view) { stale(); return; }
    showForm(seriesForm(roomId, view, closeForm, stale));
  }

  // 変更 / 中止 on a recurring visit first ask: この回だけ or 繰り返し全体.
  const onMove = (o) => (o.recurring
    ? showForm(scopeChooser(o, 'move', { one: () => showForm(moveForm(roomId, o, closeForm)),
      series: () => editSeries(o), close: () => replace(formSlot) }))
    : showForm(moveForm(roomId, o, closeForm)));
  const onCancel = (o) => (o.recurring
    ? showForm(scopeChooser(o, 'cancel', { one: () => cancelOne(o), series: () => cancelSeries(o), close: () => replace(formSlot) }))
    : cancelOne(o));
  const rowOpts = { staff: !family, showRoom: false, onMove, onCancel };

  /** A grid tile was clicked: the occurrence with its actions. */
  function detail(o) {
    showForm(h('section', { class: 'cal-form cal-detail', 'data-testid': 'cal-detail' },
      h('h3', null, dayLabel(o.start.slice(0, 10))),
      h('ul', { class: 'cal-ul' }, occurrenceRow(o, { ...rowOpts, testid: 'cal-detail-occ' })),
      h('div', { class: 'form-actions' },
        h('button', { type: 'button', class: 'btn', 'data-testid': 'cal-detail-close', onclick: () => replace(formSlot) },
          t('action.close')))));
  }

  let loading = null;
  /** Reads the calendar for from..to (inclusive) and remembers the items for editing. */
  async function read(rangeFrom, rangeTo) {
    const cal = await (family ? api.getFamilyCalendar(roomId, rangeFrom, rangeTo) : api.getCalendar(roomId, rangeFrom, rangeTo));
    if (family) title = cal.title || '';
    else items = new Map((cal.items || []).map((i) => [i.itemId, i]));
    return cal;
  }

  async function loadList() {
    const mine = (loading = read(from, addDays(from, DAYS - 1)));
    try {
      const cal = await mine;
      if (destroyed || mine !== loading || mode !== 'list') return;
      header();
      listSlot.setAttribute('aria-busy', 'false');
      replace(listSlot, family ? familyList(cal.occurrences, from) : dayList(cal.occurrences, from, DAYS, rowOpts));
    } catch (err) {
      if (!destroyed) replace(listSlot, h('p', { class: 'error' }, errorLines(err).join(' ')));
    }
  }

  function reload() {
    if (destroyed) return;
    if (mode === 'list') loadList();
    else if (grid) grid.refetch();
  }

  function switchButtons() {
    if (!wideQuery.matches || family) { replace(switchSlot); return; }
    replace(switchSlot, ['week', 'month', 'list'].map((m) => h('button', {
      type: 'button', class: `btn btn-small${m === mode ? ' active' : ''}`, 'data-testid': `cal-view-${m}`,
      'aria-pressed': m === mode ? 'true' : 'false', onclick: () => show(m),
    }, t(`cal.view.${m}`))));
  }

  /** Shows a view; phones and the family always get the list. */
  async function show(next) {
    const wanted = wideQuery.matches && !family ? next : 'list';
    if (wanted === mode) return;
    mode = wanted;
    if (wideQuery.matches) {
      try { localStorage.setItem(VIEW_KEY, wanted); } catch { /* private mode: not remembered */ }
    }
    if (grid) { grid.destroy(); grid = null; }
    switchButtons();
    el.dataset.view = mode;
    if (mode === 'list') {
      listSlot.className = 'cal-list';
      loadList();
      return;
    }
    listSlot.className = 'cal-list cal-grid';
    listSlot.setAttribute('aria-busy', 'true');
    replace(listSlot);
    const host = h('div', { class: 'cal-fc', 'data-testid': `cal-grid-${mode}` });
    listSlot.append(host);
    const shown = mode;
    try {
      // The grid (and FullCalendar) is fetched when first shown; the agenda list needs neither.
      const { mountGrid } = await import('./calendar-grid.js');
      const g = await mountGrid(host, {
        view: mode,
        fetch: async (f, to) => {
          const cal = await read(f, to);
          header();
          listSlot.setAttribute('aria-busy', 'false');
          return cal.occurrences;
        },
        onSelect: detail,
        onError: (err) => toast(errorLines(err).join(' '), { kind: 'warn' }),
      });
      if (destroyed || mode !== shown) g.destroy();
      else grid = g;
    } catch {
      // FullCalendar did not load (offline, blocked): the list still works.
      toast(t('cal.gridUnavailable'), { kind: 'warn' });
      mode = null;
      show('list');
    }
  }

  const onWidthChange = () => {
    let saved = null;
    try { saved = localStorage.getItem(VIEW_KEY); } catch { /* ignore */ }
    show(wideQuery.matches ? (saved || 'week') : 'list');
  };
  wideQuery.addEventListener('change', onWidthChange);

  header();
  onWidthChange();
  const unwatch = live.watchCalendar(family ? `/family/${roomId}` : `/room/${roomId}`, {
    onMessage: (m) => {
      if ((m.type === 'family.calendar') || (m.type === 'event' && String(m.kind).startsWith('calendar.'))) reload();
    },
    onSubscribed: () => reload(),
  });
  return {
    el,
    roomId: `${roomId}#calendar`,
    destroy: () => {
      destroyed = true;
      unwatch();
      wideQuery.removeEventListener('change', onWidthChange);
      if (grid) grid.destroy();
    },
  };
}

/** The family home: the rooms whose family view the user may open. */
export function familyHomeView({ onOpen, onLogout, onAgenda }) {
  const listEl = h('div', { class: 'room-list', 'data-testid': 'family-rooms' }, h('p', { class: 'loading' }, t('common.loading')));
  const el = h('div', { class: 'screen family-home' },
    topBar({ title: t('cal.familyHome'), actions: [
      connectionBadge(),
      h('button', { type: 'button', class: 'btn btn-tool', 'data-testid': 'agenda-button', onclick: onAgenda }, t('cal.agenda')),
      h('button', { type: 'button', class: 'btn btn-tool', onclick: onLogout }, t('nav.logout'))] }),
    listEl);
  api.listFamilyRooms().then((rooms) => {
    replace(listEl, rooms.length ? h('ul', { class: 'room-ul' }, rooms.map((r) => h('li', null,
      h('a', { href: `#/family/${encodeURIComponent(r.roomId)}`, class: 'room-item', 'data-testid': 'family-room-item',
        'data-room-id': r.roomId, onclick: (e) => { e.preventDefault(); onOpen(r.roomId); } },
      h('span', { class: 'room-kind-icon', 'aria-hidden': 'true' }, '📅'),
      h('span', { class: 'room-main' }, h('span', { class: 'room-title' }, r.title), h('span', { class: 'room-meta' }, t('cal.familyRoomHint')))))))
      : h('p', { class: 'empty' }, t('cal.noFamilyRooms')));
  }).catch((err) => replace(listEl, h('p', { class: 'error' }, errorLines(err).join(' '))));
  return { el };
}

/** The member's own agenda across rooms (今日 / 今週) and the calendar-feed settings. */
export function agendaView({ onBack, family = false }) {
  let days = 1;
  const listSlot = h('div', { class: 'cal-list', 'data-testid': 'agenda-list' });
  const feedSlot = h('section', { class: 'cal-feed', 'data-testid': 'feed-settings' });
  const todayBtn = h('button', { type: 'button', class: 'btn btn-small', 'data-testid': 'agenda-today', onclick: () => { days = 1; load(); } }, t('cal.today'));
  const weekBtn = h('button', { type: 'button', class: 'btn btn-small', 'data-testid': 'agenda-week', onclick: () => { days = 7; load(); } }, t('cal.thisWeek'));
  const el = h('div', { class: 'screen agenda', 'data-testid': 'agenda-view' },
    topBar({ onBack, title: t('cal.agenda'), actions: [connectionBadge()] }),
    h('div', { class: 'cal-switch' }, todayBtn, weekBtn), listSlot, feedSlot);

  async function load() {
    const from = tokyoToday();
    todayBtn.classList.toggle('active', days === 1);
    weekBtn.classList.toggle('active', days === 7);
    try {
      const a = await api.getAgenda(from, addDays(from, days - 1));
      replace(listSlot, dayList(a.occurrences, from, days, { staff: !family, showRoom: true }));
    } catch (err) {
      replace(listSlot, h('p', { class: 'error' }, errorLines(err).join(' ')));
    }
  }

  function feedUi(status, newPath) {
    const url = newPath ? `${location.origin}${newPath}` : null;
    replace(feedSlot,
      h('h2', { class: 'section-title' }, t('cal.feed')),
      h('p', { class: 'hint' }, t('cal.feedHint')),
      url ? h('input', { type: 'text', readonly: true, value: url, class: 'feed-url', 'data-testid': 'feed-url' }) : null,
      h('p', { 'data-testid': 'feed-status' }, status.active ? t('cal.feedActive') : t('cal.feedNone')),
      h('div', { class: 'form-actions' },
        h('button', { type: 'button', class: 'btn', 'data-testid': 'feed-create', onclick: async () => {
          const f = await api.regenerateFeed();
          feedUi({ active: true }, f.path);
        } }, status.active ? t('cal.feedRegenerate') : t('cal.feedCreate')),
        status.active ? h('button', { type: 'button', class: 'btn', 'data-testid': 'feed-revoke', onclick: async () => {
          await api.revokeFeed();
          feedUi({ active: false }, null);
        } }, t('cal.feedRevoke')) : null));
  }

  load();
  api.getFeed().then((s) => feedUi(s, null)).catch(() => {});
  return { el };
}
