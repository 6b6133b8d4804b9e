// @on-demand — fetched on first use (js/lazy.js), not part of the app shell.
// views/calendar-grid.js — the week (週) and month (月) grids of a room's calendar on wide screens, drawn
// by FullCalendar (WebJars org.webjars.npm:fullcalendar__core, __daygrid and __timegrid, their global
// builds; Japanese texts from the ja locale of the core WebJar). Phones keep the hand-written day list in
// calendar.js. WebJar URLs carry no version: the server's WebJars locator adds it (versions live in the pom).
//
// FullCalendar is loaded only when a grid is first shown (about 280 KB), from the same origin, so the
// CSP's script-src 'self' holds. It keeps its CSS in an empty <style> element filled through CSSOM; the
// CSP allows exactly that empty element by its hash (see SecurityConfiguration).

import { h } from '../dom.js';
import { t, getLang, professionLabel } from '../i18n.js';

// In order: the plugins and the locale register themselves with the core's global FullCalendar.
const SCRIPTS = [
  '/webjars/fullcalendar__core/index.global.min.js',
  '/webjars/fullcalendar__daygrid/index.global.min.js',
  '/webjars/fullcalendar__timegrid/index.global.min.js',
  '/webjars/fullcalendar__core/locales/ja.global.min.js',
];

let loading = null;

function loadScript(src) {
  return new Promise((resolve, reject) => {
    const s = document.createElement('script');
    s.src = src;
    s.onload = resolve;
    s.onerror = () => reject(new Error(`could not load ${src}`));
    document.head.append(s);
  });
}

/** Loads FullCalendar once (the plugins and the locale need the core first). */
export function loadFullCalendar() {
  if (window.FullCalendar && window.FullCalendar.globalLocales.some((l) => l.code === 'ja')) return Promise.resolve();
  if (!loading) {
    loading = SCRIPTS.reduce((p, src) => p.then(() => loadScript(src)), Promise.resolve())
      .catch((err) => { loading = null; throw err; });
  }
  return loading;
}

/** Now in Tokyo as a wall-clock time "yyyy-MM-ddTHH:mm:ss" (the grid runs in UTC, see below). */
function tokyoNow() {
  return new Date(Date.now() + 9 * 3600 * 1000).toISOString().slice(0, 19);
}

const DAY_MS = 86400 * 1000;

/** The event tile: the same data-* attributes as the list rows, so tests and styles find occurrences alike. */
function tile(o, timeText) {
  return h('div', {
    class: 'fc-occ', 'data-testid': 'cal-occurrence', 'data-item-id': o.itemId, 'data-occurrence': o.occurrence,
    'data-start': o.start, 'data-status': o.status,
  },
  h('span', { class: 'fc-occ-time' }, timeText),
  ' ',
  h('span', { class: 'fc-occ-cat' }, t(`cal.cat.${o.category}`)),
  o.profession ? h('span', { class: 'fc-occ-who' }, ` ${professionLabel(o.profession)}`) : null,
  o.status === 'cancelled' ? h('span', { class: 'tag tag-cancel' }, t('cal.cancelled')) : null,
  o.status === 'moved' ? h('span', { class: 'tag' }, t('cal.moved')) : null,
  o.overlap ? h('span', { class: 'tag tag-warn', 'data-testid': 'cal-overlap', title: t('cal.overlap') }, '⚠') : null);
}

/**
 * Lets keyboard users scroll the grid: FullCalendar's scrollers are plain divs, so they get a tab stop.
 * The drawing then stops claiming ARIA grid roles (a grid may hold only rows, not tab stops, and this is
 * a picture of the week laid out in scrolling areas, not a data grid: each visit in it stays a link, and
 * the list view is the accessible form of the same data).
 */
function focusableScrollers(host) {
  for (const s of host.querySelectorAll('.fc-scroller')) {
    if (!s.hasAttribute('tabindex')) {
      s.tabIndex = 0;
    }
  }
  // Every grid role of the drawing, since the rows' grid is the outer table.
  const layout = '[role="grid"], [role="rowgroup"], [role="row"], [role="gridcell"], [role="columnheader"], '
    + '[role="rowheader"]';
  for (const g of host.querySelectorAll(layout)) {
    g.setAttribute('role', 'presentation');
  }
}

/**
 * Mounts a FullCalendar grid in host.
 *
 * @param view   'week' (timeGridWeek) or 'month' (dayGridMonth)
 * @param fetch  (from, to) → Promise of occurrences, dates inclusive (yyyy-MM-dd)
 * @param onSelect called with the occurrence a user clicks
 * @returns {{refetch(): void, destroy(): void}}
 */
export async function mountGrid(host, { view, fetch, onSelect, onError }) {
  await loadFullCalendar();
  const FC = window.FullCalendar;
  const calendar = new FC.Calendar(host, {
    // Server times are Tokyo wall-clock times without an offset. Running the grid in UTC shows them as
    // they are on any device clock; "now" is then Tokyo's wall clock, given the same way.
    timeZone: 'UTC',
    now: tokyoNow,
    locale: getLang() === 'ja' ? 'ja' : 'en',
    initialView: view === 'month' ? 'dayGridMonth' : 'timeGridWeek',
    headerToolbar: { left: 'prev,next today', center: 'title', right: '' },
    // Text buttons (前 / 次): the arrow icons are a data: font, which the CSP's default-src refuses.
    buttonIcons: false,
    // Light tiles with dark text (FullCalendar's white on blue is hard to read for tags and ⚠).
    eventBackgroundColor: '#e0f0f0',
    eventBorderColor: '#0f6e6e',
    eventTextColor: '#1d2b2b',
    allDaySlot: false,
    nowIndicator: true,
    // Night visits (夜間訪問) exist: the whole day is there, scrolled to the morning.
    scrollTime: '07:00:00',
    contentHeight: view === 'month' ? 'auto' : 620,
    dayMaxEvents: 4,
    slotLabelFormat: { hour: '2-digit', minute: '2-digit', hour12: false },
    eventTimeFormat: { hour: '2-digit', minute: '2-digit', hour12: false },
    displayEventEnd: true,
    events: (info, success, failure) => {
      const from = info.start.toISOString().slice(0, 10);
      const to = new Date(info.end.getTime() - DAY_MS).toISOString().slice(0, 10);
      fetch(from, to).then((occurrences) => success(occurrences.map((o) => ({
        id: `${o.itemId}|${o.occurrence}`, start: o.start, end: o.end, extendedProps: { o },
        classNames: [`status-${o.status}`, o.overlap ? 'overlap' : null].filter(Boolean),
      })))).catch((err) => { failure(err); if (onError) onError(err); });
    },
    eventContent: (arg) => ({ domNodes: [tile(arg.event.extendedProps.o, arg.timeText)] }),
    eventClick: (arg) => { arg.jsEvent.preventDefault(); onSelect(arg.event.extendedProps.o); },
  });
  // The grid's scrolling areas must be reachable by keyboard (WCAG 2.1.1; axe scrollable-region-focusable).
  // FullCalendar draws them asynchronously and again on every view change: watch for them.
  const scrollers = new MutationObserver(() => focusableScrollers(host));
  scrollers.observe(host, { childList: true, subtree: true });
  calendar.render();
  focusableScrollers(host);
  return {
    refetch: () => calendar.refetchEvents(),
    destroy: () => { scrollers.disconnect(); calendar.destroy(); },
  };
}
