// format.js — turns wire values into display text: Tokyo times, ages, person lines, room titles.

import { t, professionLabel, getLang } from './i18n.js';

// Every date and time the app shows or defaults is in the care region's zone: Japan time unless the
// server says otherwise (renkei.zone, sent with the bed board's capabilities), never UTC.
let TZ = 'Asia/Tokyo';
let PARTS = partsFormat(TZ);

function partsFormat(zone) {
  return new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
}

/** The zone of every displayed date and time (an IANA name). */
export function zone() {
  return TZ;
}

/** Switches the display zone (ignored when the browser does not know the name). */
export function setZone(name) {
  if (!name || name === TZ) return;
  try {
    PARTS = partsFormat(name);
    TZ = name;
  } catch {
    // unknown zone: keep the current one
  }
}

/** Today's date in the zone, as an ISO date ("2026-12-08"), e.g. for date inputs' defaults. */
export function todayIso(now = new Date()) {
  const p = tokyoParts(now);
  return `${p.year}-${p.month.padStart(2, '0')}-${p.day.padStart(2, '0')}`;
}

/** The ISO date n days after an ISO date (calendar arithmetic, no zone involved). */
export function addDaysIso(isoDate, n) {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

const WEEKDAYS_JA = ['日', '月', '火', '水', '木', '金', '土'];
const WEEKDAYS_EN = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** "12/8（火）" (English "Tue 12/8") for an ISO date; the year only when it is not this year. */
export function formatDay(isoDate) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate || '');
  if (!m) return isoDate || '';
  const wd = new Date(`${isoDate}T00:00:00Z`).getUTCDay();
  const md = `${m[1] === todayIso().slice(0, 4) ? '' : `${m[1]}/`}${Number(m[2])}/${Number(m[3])}`;
  return getLang() === 'ja' ? `${md}（${WEEKDAYS_JA[wd]}）` : `${WEEKDAYS_EN[wd]} ${md}`;
}

/** "12/8 0:12" in the zone for an instant (ISO); the year only when it is not this year. */
export function formatDayTime(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const p = tokyoParts(d);
  const now = tokyoParts(new Date());
  return `${p.year === now.year ? '' : `${p.year}/`}${p.month}/${p.day} ${Number(p.hour)}:${p.minute.padStart(2, '0')}`;
}

function tokyoParts(date) {
  const out = {};
  for (const p of PARTS.formatToParts(date)) out[p.type] = p.value;
  return out;
}

/** "11/21 14:05" in Tokyo time; the year is added when it is not the current year. */
export function formatTime(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const p = tokyoParts(d);
  const now = tokyoParts(new Date());
  const hm = `${p.hour.padStart(2, '0')}:${p.minute.padStart(2, '0')}`;
  const md = `${p.month}/${p.day}`;
  return p.year === now.year ? `${md} ${hm}` : `${p.year}/${md} ${hm}`;
}

/** The full ISO timestamp as a machine-readable datetime attribute value. */
export function isoAttr(iso) {
  return iso || '';
}

/** Age in whole years today (Tokyo) for an ISO birth date, or null. */
export function ageOf(birthDate) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(birthDate || '');
  if (!m) return null;
  const now = tokyoParts(new Date());
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  let age = Number(now.year) - y;
  if (Number(now.month) < mo || (Number(now.month) === mo && Number(now.day) < d)) age -= 1;
  return age >= 0 ? age : null;
}

/** "1940/5/3" from an ISO date. */
export function formatDate(isoDate) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate || '');
  return m ? `${m[1]}/${Number(m[2])}/${Number(m[3])}` : (isoDate || '');
}

/** A room's display title: patient rooms get the honorific 様 (or nothing in English). */
export function roomTitle(kind, title, patient) {
  const name = (kind === 'patient' && patient && patient.name) ? patient.name : (title || '');
  return kind === 'patient' ? t('room.patientTitle', { name }) : name;
}

/** "看護師 · 〇〇訪問看護ステーション" for a Person or UserView. */
export function personMeta(person) {
  if (!person) return '';
  return [professionLabel(person.profession), person.organizationName].filter(Boolean).join(' · ');
}

/** A person's name with the polite suffix for system lines (さん in Japanese). */
export function personName(name) {
  return name ? t('person.named', { name }) : t('person.unknown');
}

/** Sorting helper: newest lastActivity first. */
export function byActivityDesc(a, b) {
  return String(b.lastActivity || '').localeCompare(String(a.lastActivity || ''));
}

/** Locale-aware number formatting for badges. */
export function count(n) {
  return new Intl.NumberFormat(getLang() === 'ja' ? 'ja-JP' : 'en-US').format(n);
}
