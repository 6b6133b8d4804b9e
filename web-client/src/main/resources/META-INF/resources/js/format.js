// format.js — turns wire values into display text: Tokyo times, ages, person lines, room titles.

import { t, professionLabel, getLang } from './i18n.js';

const TZ = 'Asia/Tokyo';
const PARTS = new Intl.DateTimeFormat('en-US', {
  timeZone: TZ,
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

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
