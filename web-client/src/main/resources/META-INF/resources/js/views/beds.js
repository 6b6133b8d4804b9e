// @on-demand — fetched on first use (js/lazy.js), not part of the app shell.
// views/beds.js — 空床情報: the live bed board for 地域連携室 (filters, stale marking, 照会, 仮押さえ,
// 確定) and the publish / edit / withdraw form for clinics with beds. Live over /beds/board and
// /beds/inquiries: a notice published anywhere appears without reloading.

import { h, replace } from '../dom.js';
import { t } from '../i18n.js';
import { connectionBadge, topBar, toast } from '../ui.js';
import * as api from '../api.js';
import * as live from '../live.js';
import * as store from '../store.js';
import { formatDay, formatDayTime, setZone, todayIso, addDaysIso } from '../format.js';

const BED_TYPES = ['general', 'long_term', 'community', 'palliative', 'respite'];
const CAPS = ['oxygen', 'suction', 'tube_feeding', 'ivh', 'ventilator', 'dialysis', 'dementia', 'end_of_life',
  'rehabilitation', 'isolation', 'opioids'];

/** What happened, in words (never a bare 送信できませんでした). */
function errorText(e, failedKey = 'beds.failed') {
  const code = e && e.code;
  const v = e && e.violations;
  if (v && v.some((x) => x.problem === 'looks_like_patient_data')) return t('beds.patientData');
  if (code === 'FORBIDDEN') return t('beds.forbidden');
  if (code === 'STALE_VERSION') return t('beds.staleVersion');
  if (v && v.length) return t('beds.invalid');
  return t(failedKey);
}

/** A notice's period: 12/8（火）〜1/7（木）, or 12/8（火）〜 with no end. */
function period(n) {
  return `${formatDay(n.availableFrom)}〜${n.availableUntil ? formatDay(n.availableUntil) : ''}`;
}

/** The bed board screen. onBack() returns to the room list. */
export function bedsView({ onBack }) {
  const me = store.currentUser();
  const notices = new Map();
  const inquiries = new Map();
  const filter = { bedType: '', accepts: new Set() };
  const boardEl = h('ul', { class: 'bed-board', 'data-testid': 'bed-board' });
  const inquiriesEl = h('ul', { class: 'bed-inquiries', 'data-testid': 'bed-inquiries' });
  let caps = { organizationId: null, canPublish: false, canInquire: false };
  const publishSlot = h('div', { class: 'bed-publish-slot' });

  function matches(n) {
    if (n.status === 'withdrawn') return false;
    if (filter.bedType && n.bedType !== filter.bedType) return false;
    for (const c of filter.accepts) if (!n.accepts.includes(c)) return false;
    return true;
  }

  function renderBoard() {
    const list = [...notices.values()].filter(matches).sort((a, b) =>
      (a.status === 'open' ? 0 : 1) - (b.status === 'open' ? 0 : 1) || b.updatedAt.localeCompare(a.updatedAt));
    replace(boardEl, list.length ? list.map(noticeItem) : h('li', { class: 'empty' }, t('beds.empty')));
  }

  function noticeItem(n) {
    const mine = n.clinicId === caps.organizationId;
    return h('li', { class: `bed-notice${n.status === 'stale' ? ' stale' : ''}`, 'data-testid': 'bed-notice',
      'data-notice-id': n.id, 'data-status': n.status },
    h('div', { class: 'bed-head' },
      h('strong', null, n.clinicName), ' ', h('span', { class: 'tag' }, t(`beds.type.${n.bedType}`)), ' ',
      h('span', { 'data-testid': 'bed-available' }, t('beds.availableN', { n: n.available })),
      n.status === 'stale' ? h('span', { class: 'tag tag-stale', 'data-testid': 'bed-stale' }, t('beds.stale')) : null),
    h('p', { class: 'bed-meta' }, `${n.area} ・ ${period(n)} ・ `
      + `${t(`beds.sex.${n.sex}`)} ・ ${t('beds.contact')}: ${n.contact}`),
    h('p', { class: 'bed-caps' }, n.accepts.map((c) => t(`beds.cap.${c}`)).join('・') || '—'),
    n.remarks ? h('p', { class: 'bed-remarks' }, n.remarks) : null,
    mine
      ? h('div', { class: 'bed-actions' },
        h('button', { type: 'button', class: 'btn', 'data-testid': 'bed-edit', onclick: () => openForm(n) }, t('beds.edit')),
        h('button', { type: 'button', class: 'btn btn-quiet', 'data-testid': 'bed-withdraw',
          onclick: () => api.withdrawBedNotice(n.id).catch((e) => toast(errorText(e))) }, t('beds.withdraw')))
      : (caps.canInquire && n.status === 'open'
        ? h('button', { type: 'button', class: 'btn', 'data-testid': 'bed-inquire', onclick: () => openInquiry(n) }, t('beds.inquire'))
        : null));
  }

  function renderInquiries() {
    const list = [...inquiries.values()].sort((a, b) => b.steps[0].at.localeCompare(a.steps[0].at));
    replace(inquiriesEl, list.length ? list.map(inquiryItem) : h('li', { class: 'empty' }, t('beds.noInquiries')));
  }

  function inquiryItem(q) {
    const clinicSide = q.clinicId === caps.organizationId;
    const step = (name, body) => api.bedInquiryStep(q.id, name, body).then((r) => { inquiries.set(r.id, r); renderInquiries(); })
      .catch((e) => toast(errorText(e)));
    const buttons = [];
    if (clinicSide && (q.state === 'pending' || q.state === 'discuss')) {
      for (const a of ['accept', 'decline', 'discuss']) {
        buttons.push(h('button', { type: 'button', class: 'btn', 'data-testid': `answer-${a}`, onclick: () => step('answer', { answer: a }) }, t(`beds.answer.${a}`)));
      }
    }
    if (!clinicSide && q.state === 'accepted') buttons.push(h('button', { type: 'button', class: 'btn', 'data-testid': 'inquiry-hold', onclick: () => step('hold') }, t('beds.hold')));
    if (!clinicSide && q.state === 'held') buttons.push(h('button', { type: 'button', class: 'btn btn-primary', 'data-testid': 'inquiry-confirm', onclick: () => step('confirm') }, t('beds.confirm')));
    if (q.state === 'held' || q.state === 'accepted') buttons.push(h('button', { type: 'button', class: 'btn btn-quiet', 'data-testid': 'inquiry-release', onclick: () => step('release') }, t('beds.release')));
    // Which notice the inquiry is about: the clinic, the bed type and the period.
    const n = notices.get(q.noticeId);
    const about = n
      ? t('beds.inquiryAbout', { clinic: n.clinicName, type: t(`beds.type.${n.bedType}`), period: period(n) })
      : t('beds.inquiryAboutGone');
    return h('li', { class: 'bed-inquiry', 'data-testid': 'bed-inquiry', 'data-state': q.state, 'data-notice-id': q.noticeId },
      h('div', null, h('strong', null, clinicSide ? q.officeName : (n ? n.clinicName : q.officeName)), ' ',
        h('span', { class: 'tag', 'data-testid': 'inquiry-state' }, t(`beds.state.${q.state}`))),
      h('p', { class: 'bed-inquiry-about', 'data-testid': 'inquiry-notice' }, about),
      h('p', null, `${t(`beds.age.${q.ageBand}`)} ・ ${t(`beds.sex.${q.sex}`)} ・ ${t('beds.needsShort')}: `
        + `${q.needs.map((c) => t(`beds.cap.${c}`)).join('・') || '—'} ・ ${t('beds.wanted')}: ${formatDay(q.wantedDate)}`),
      q.note ? h('p', { class: 'bed-inquiry-note', 'data-testid': 'inquiry-note' }, `${t('beds.note')}: ${q.note}`) : null,
      h('ol', { class: 'bed-steps' }, q.steps.map((s) => h('li', null, `${formatDayTime(s.at)} ${t(`beds.step.${s.action}`)}${s.message ? `：${s.message}` : ''}`))),
      h('div', { class: 'bed-actions' }, buttons));
  }

  function checkboxes(name, selected, legend) {
    return h('fieldset', { class: 'caps' }, h('legend', null, legend),
      CAPS.map((c) => h('label', { class: 'cap' }, h('input', { type: 'checkbox', name, value: c, checked: selected.includes(c) || null,
        'data-testid': `${name}-${c}` }), t(`beds.cap.${c}`))));
  }

  function dialog(title, body, onSubmit) {
    const error = h('p', { class: 'form-error', role: 'alert', hidden: true });
    const form = h('form', { class: 'sheet-form', 'data-testid': 'bed-form' }, h('h2', null, title), body, error,
      h('div', { class: 'form-actions' },
        h('button', { type: 'button', class: 'btn btn-quiet', onclick: () => dlg.remove() }, t('action.cancel')),
        h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'bed-submit' }, t('beds.submit'))));
    const dlg = h('dialog', { class: 'sheet' }, form);
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      onSubmit(new FormData(form)).then(() => dlg.remove()).catch((err) => {
        error.textContent = errorText(err);
        error.hidden = false;
      });
    });
    document.body.append(dlg);
    dlg.showModal();
  }

  function openForm(n) {
    const tomorrow = new Date(Date.now() + 24 * 3600 * 1000); // an instant: the notice's expiry
    const today = todayIso(); // the date in Japan time, not UTC (between 0:00 and 9:00 they differ)
    dialog(n ? t('beds.edit') : t('beds.publish'), [
      h('label', null, t('beds.bedType'), h('select', { name: 'bedType', 'data-testid': 'form-bedType' },
        BED_TYPES.map((b) => h('option', { value: b, selected: (n && n.bedType === b) || null }, t(`beds.type.${b}`))))),
      h('label', null, t('beds.available'), h('input', { name: 'available', type: 'number', min: 0, max: 99, required: true, value: n ? n.available : 1, 'data-testid': 'form-available' })),
      h('label', null, t('beds.from'), h('input', { name: 'availableFrom', type: 'date', required: true, value: n ? n.availableFrom : today })),
      h('label', null, t('beds.until'), h('input', { name: 'availableUntil', type: 'date', value: n && n.availableUntil ? n.availableUntil : '' })),
      h('label', null, t('beds.sexLabel'), h('select', { name: 'sex' }, ['any', 'male', 'female'].map((s) => h('option', { value: s, selected: (n && n.sex === s) || null }, t(`beds.sex.${s}`))))),
      checkboxes('accepts', n ? n.accepts : [], t('beds.accepts')),
      h('label', null, t('beds.contact'), h('input', { name: 'contact', required: true, maxlength: 60, placeholder: t('beds.contactHint'), value: n ? n.contact : '', 'data-testid': 'form-contact' })),
      h('label', null, t('beds.remarks'), h('textarea', { name: 'remarks', maxlength: 200, 'data-testid': 'form-remarks' }, n && n.remarks ? n.remarks : '')),
      h('p', { class: 'hint' }, t('beds.noPatientData')),
    ], (fd) => {
      const body = {
        bedType: fd.get('bedType'), available: Number(fd.get('available')), availableFrom: fd.get('availableFrom'),
        availableUntil: fd.get('availableUntil') || null, accepts: fd.getAll('accepts'), sex: fd.get('sex'),
        contact: fd.get('contact'), remarks: fd.get('remarks') || null,
        expiresAt: n ? n.expiresAt : tomorrow.toISOString(),
      };
      return n ? api.updateBedNotice(n.id, { ...body, version: n.version }) : api.publishBedNotice(body);
    });
  }

  function openInquiry(n) {
    dialog(t('beds.inquire'), [
      h('p', { class: 'bed-inquiry-about' }, t('beds.inquiryAbout', { clinic: n.clinicName, type: t(`beds.type.${n.bedType}`), period: period(n) })),
      h('label', null, t('beds.ageBand'), h('select', { name: 'ageBand' }, ['under_40', '40s', '50s', '60s', '70s', '80s', '90_plus'].map((a) => h('option', { value: a }, t(`beds.age.${a}`))))),
      h('label', null, t('beds.sexLabel'), h('select', { name: 'sex' }, ['female', 'male', 'other'].map((s) => h('option', { value: s }, t(`beds.sex.${s}`))))),
      checkboxes('needs', [], t('beds.needs')),
      h('label', null, t('beds.wanted'), h('input', { name: 'wantedDate', type: 'date', required: true, min: todayIso(),
        max: addDaysIso(todayIso(), 365), value: n.availableFrom > todayIso() ? n.availableFrom : todayIso() })),
      h('label', null, t('beds.note'), h('textarea', { name: 'note', maxlength: 200, 'data-testid': 'inquiry-note-input' })),
      h('p', { class: 'hint' }, t('beds.noPatientData')),
    ], (fd) => api.sendBedInquiry(n.id, { ageBand: fd.get('ageBand'), sex: fd.get('sex'), needs: fd.getAll('needs'),
      wantedDate: fd.get('wantedDate'), note: fd.get('note') || null }).then((q) => { inquiries.set(q.id, q); renderInquiries(); }));
  }

  const typeFilter = h('label', { class: 'filter-type' }, t('beds.filterType'),
    h('select', { 'data-testid': 'filter-bedType', onchange: (e) => { filter.bedType = e.target.value; renderBoard(); } },
      h('option', { value: '' }, t('beds.allTypes')), BED_TYPES.map((b) => h('option', { value: b }, t(`beds.type.${b}`)))));
  const capFilter = h('fieldset', { class: 'cap-filter caps' }, h('legend', null, t('beds.filterNeeds')), CAPS.map((c) => h('label', { class: 'cap' },
    h('input', { type: 'checkbox', 'data-testid': `filter-${c}`, onchange: (e) => { if (e.target.checked) filter.accepts.add(c); else filter.accepts.delete(c); renderBoard(); } }),
    t(`beds.cap.${c}`))));

  const stop = live.watchBeds({
    onNotice: (n) => { notices.set(n.id, n); renderBoard(); },
    onInquiry: (q) => { inquiries.set(q.id, q); renderInquiries(); },
  });
  api.listBedNotices().then((r) => {
    caps = r.me;
    setZone(caps.zone);
    if (caps.canPublish) {
      replace(publishSlot, h('button', { type: 'button', class: 'btn btn-primary btn-block', 'data-testid': 'bed-publish', onclick: () => openForm(null) }, `＋ ${t('beds.publish')}`));
    }
    r.notices.forEach((n) => { if (!notices.has(n.id)) notices.set(n.id, n); }); renderBoard(); renderInquiries();
  }).catch((e) => replace(boardEl, h('li', { class: 'empty', role: 'alert', 'data-testid': 'bed-board-error' }, errorText(e, 'beds.loadFailed'))));
  api.listBedInquiries().then((r) => { r.inquiries.forEach((q) => inquiries.set(q.id, q)); renderInquiries(); }).catch(() => {});
  renderBoard();
  renderInquiries();

  const el = h('div', { class: 'screen beds' },
    topBar({ onBack, title: t('beds.title'), subtitle: me ? me.organizationName : null, actions: [connectionBadge()] }),
    h('main', { class: 'beds-main' },
      publishSlot,
      h('section', { class: 'bed-filters' }, typeFilter, capFilter),
      h('h2', { class: 'section-title' }, t('beds.board')), boardEl,
      h('h2', { class: 'section-title' }, t('beds.inquiries')), inquiriesEl));
  return { el, destroy: stop };
}
