// @on-demand — fetched on first use (js/lazy.js), not part of the app shell.
// views/handoffs.js — 入退院連携: the office's handoff list (受信 / 送信, filtered by state and due
// date, kept current by /handoffs live messages that trigger a reload), a new sheet (入院時情報提供書 or
// 退院・退所情報記録書, drawn from the server's template), a sheet with its history and the next step
// (送信, 受け取りました, 回答 / 差し戻し, 退院前カンファレンス), and its A4 print view.

import { h, replace } from '../dom.js';
import { t } from '../i18n.js';
import { connectionBadge, topBar, toast } from '../ui.js';
import * as api from '../api.js';
import * as live from '../live.js';
import * as store from '../store.js';
import * as drafts from '../drafts.js';
import { formatDay, formatDayTime, setZone } from '../format.js';
import { templateForm, validateContent, fieldLabel } from './handoff-form.js';

let templatesCache = null;

async function templates() {
  if (!templatesCache) templatesCache = (await api.handoffTemplates()).templates;
  return templatesCache;
}

function templateOf(list, ref) {
  return list.find((x) => x.id === ref.id && x.version === ref.version);
}

function errorText(e, template) {
  const code = e && e.code;
  const v = (e && e.violations) || [];
  if (code === 'CONSENT_REQUIRED') return t('handoff.err.consent');
  if (code === 'FORBIDDEN') return t('handoff.err.forbidden');
  if (code === 'NOT_FOUND' || code === 'ROOM_NOT_FOUND') return t('handoff.err.notFound');
  if (code === 'STALE_VERSION') return t('handoff.err.stale');
  if (code === 'HANDOFF_STATE') return t('handoff.err.state');
  if (v.some((x) => x.problem === 'no_support_center')) return t('handoff.err.noCentre');
  if (v.length) {
    return t('handoff.err.invalid', { fields: v.map((x) => (template ? fieldLabel(template, x.field) : x.field)).join('、') });
  }
  return t('handoff.err.failed');
}

/** 期限内（I）/ 期限内（II）/ 期限切れ, and before sending: 本日中 / 翌日・翌々日 / 期限切れ. */
function deadlineBadge(d) {
  if (!d) return null;
  const key = d.tier ? `handoff.tier.${d.tier}` : `handoff.standing.${d.standing}`;
  const late = d.tier === 'late' || d.standing === 'overdue';
  return h('span', { class: `tag ${late ? 'tag-late' : 'tag-ok'}`, 'data-testid': 'handoff-deadline',
    'data-tier': d.tier || d.standing }, t(key));
}

/** A due time is the first instant too late (midnight): show the last minute that counts, 12/8 23:59. */
function lastMinute(iso) {
  return formatDayTime(new Date(Date.parse(iso) - 60000).toISOString());
}

function patientName(p) {
  return p ? t('handoff.patientName', { name: p.name }) : t('handoff.patientGone');
}

// ------------------------------------------------------------------ the list

/** The office's list. onOpen(id) opens a sheet; onNew(kind) starts one. */
export function handoffsView({ onBack, onOpen, onNew }) {
  const me = store.currentUser();
  const filter = { box: 'incoming', state: '', dueBy: '' };
  const listEl = h('ul', { class: 'handoff-list', 'data-testid': 'handoff-list', 'aria-busy': 'true' });
  const newSlot = h('div', { class: 'handoff-new' });
  let timer = null;

  function load() {
    api.listHandoffs(filter).then((r) => {
      listEl.setAttribute('aria-busy', 'false');
      replace(listEl, r.handoffs.length ? r.handoffs.map(item) : h('li', { class: 'empty' }, t('handoff.empty')));
    }).catch((e) => replace(listEl, h('li', { class: 'empty', role: 'alert' }, errorText(e))));
  }

  function item(x) {
    return h('li', { class: `handoff-item${x.reminder ? ' reminder' : ''}`, 'data-testid': 'handoff-item',
      'data-id': x.id, 'data-state': x.state },
    h('a', { href: `#/handoffs/${x.id}`, class: 'handoff-link', onclick: (e) => { e.preventDefault(); onOpen(x.id); } },
      h('span', { class: 'handoff-patient' }, patientName(x.patient)),
      h('span', { class: 'handoff-meta' },
        `${t(`handoff.kind.${x.kind}`)} ・ ${x.direction === 'incoming' ? x.sender.name : x.receiver.name}`),
      h('span', { class: 'handoff-tags' },
        h('span', { class: 'tag', 'data-testid': 'handoff-state' }, t(`handoff.state.${x.state}`)), ' ',
        deadlineBadge(x.deadline), ' ',
        x.plannedDischargeOn ? h('span', { class: 'tag' }, `${t('handoff.planned')} ${formatDay(x.plannedDischargeOn)}`) : null, ' ',
        x.flags.includes('care_manager_undecided') ? h('span', { class: 'tag tag-late' }, t('handoff.undecided')) : null, ' ',
        x.reminder ? h('span', { class: 'tag tag-late', 'data-testid': 'handoff-reminder' }, t('handoff.unacknowledged')) : null)));
  }

  const boxSelect = h('select', { id: 'hbox', 'data-testid': 'handoff-box', onchange: (e) => { filter.box = e.target.value; load(); } },
    ['incoming', 'outgoing', 'all'].map((b) => h('option', { value: b }, t(`handoff.box.${b}`))));
  const stateSelect = h('select', { id: 'hstate', 'data-testid': 'handoff-filter-state', onchange: (e) => { filter.state = e.target.value; load(); } },
    h('option', { value: '' }, t('handoff.allStates')),
    ['draft', 'sent', 'received', 'answered', 'returned'].map((s) => h('option', { value: s }, t(`handoff.state.${s}`))));
  const dueInput = h('input', { id: 'hdue', type: 'date', 'data-testid': 'handoff-filter-due', onchange: (e) => { filter.dueBy = e.target.value; load(); } });

  api.handoffCapabilities().then((c) => {
    if (c && c.zone) setZone(c.zone);
    if (c && c.canUse) {
      replace(newSlot,
        h('button', { type: 'button', class: 'btn btn-primary', 'data-testid': 'handoff-new-admission', onclick: () => onNew('admission') }, `＋ ${t('handoff.kind.admission')}`),
        h('button', { type: 'button', class: 'btn btn-primary', 'data-testid': 'handoff-new-discharge', onclick: () => onNew('discharge') }, `＋ ${t('handoff.kind.discharge')}`));
    }
  }).catch(() => {});
  // Live: each change of one of the office's sheets reloads the list (ids only arrive on the socket).
  const stop = live.watchHandoffs({ onChange: () => { clearTimeout(timer); timer = setTimeout(load, 150); } });
  load();

  const el = h('div', { class: 'screen handoffs' },
    topBar({ onBack, title: t('handoff.title'), subtitle: me ? me.organizationName : null, actions: [connectionBadge()] }),
    h('main', { class: 'handoffs-main' },
      newSlot,
      h('section', { class: 'handoff-filters' },
        h('label', { for: 'hbox' }, t('handoff.box')), boxSelect,
        h('label', { for: 'hstate' }, t('handoff.filterState')), stateSelect,
        h('label', { for: 'hdue' }, t('handoff.dueBy')), dueInput),
      listEl));
  return { el, destroy: () => { clearTimeout(timer); stop(); } };
}

// ------------------------------------------------------------------ a new sheet or an edit

/** Writes a new sheet of `kind`, or edits sheet `id`. onSaved(id) opens it. */
export function handoffEditView({ kind, id, onBack, onSaved }) {
  const main = h('main', { class: 'handoffs-main' }, h('p', { class: 'empty' }, t('handoff.loading')));
  const error = h('p', { class: 'form-error', role: 'alert', 'data-testid': 'handoff-error', hidden: true });
  const title = h('span', null, t(id ? 'handoff.edit' : `handoff.kind.${kind}`));

  function fail(text) {
    error.textContent = text;
    error.hidden = false;
    error.scrollIntoView({ block: 'center' });
  }

  async function build() {
    const list = await templates();
    if (id) {
      const sheet = await api.getHandoff(id);
      const template = templateOf(list, sheet.template);
      // A half-done edit of this version, kept encrypted on the device (drafts.js), comes back.
      const key = `handoff-edit-${id}`;
      const kept = await drafts.load(key);
      const form = templateForm(template, kept && kept.baseVersion === sheet.version ? kept.content : sheet.content);
      keep = () => drafts.save(key, { baseVersion: sheet.version, content: form.read() }).catch(() => {});
      const save = () => {
        const content = form.read();
        const problems = validateContent(template, content, sheet.state !== 'draft');
        if (problems.length) { fail(t('handoff.err.invalid', { fields: problems.map((p) => fieldLabel(template, p.field)).join('、') })); return; }
        api.editHandoff(id, { baseVersion: sheet.version, content }).then(() => { keep = null; drafts.remove(key); onSaved(id); })
          .catch((e) => fail(errorText(e, template)));
      };
      replace(title, `${patientName(sheet.patient)}：${template.title}`);
      replace(main, h('form', { class: 'handoff-form', 'data-testid': 'handoff-form', onsubmit: (e) => { e.preventDefault(); save(); } },
        form.el, error, h('div', { class: 'form-actions' },
          h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'handoff-save' }, t('handoff.save')))));
      return;
    }
    // The newest version of each template of this kind; the built-in one first (a region may add its own).
    const newest = new Map();
    for (const x of list.filter((y) => y.kind === kind)) {
      if (!newest.has(x.id) || newest.get(x.id).version < x.version) newest.set(x.id, x);
    }
    const choices = [...newest.values()].sort((a, b) => (a.region ? 1 : 0) - (b.region ? 1 : 0) || a.id.localeCompare(b.id));
    let template = choices[0];
    const receivers = (await api.handoffReceivers()).organizations;
    const rooms = store.roomList().filter((r) => r.kind === 'patient');
    const roomSelect = h('select', { id: 'hroom', name: 'roomId', 'data-testid': 'handoff-room' },
      h('option', { value: '' }, t('handoff.choose')),
      rooms.map((r) => h('option', { value: r.roomId }, r.patient ? t('handoff.patientName', { name: r.patient.name }) : r.title)));
    const wanted = kind === 'admission' ? ['hospital', 'clinic_with_beds'] : null;
    const receiverSelect = h('select', { id: 'hrecv', name: 'receiver', 'data-testid': 'handoff-receiver' },
      h('option', { value: '' }, t('handoff.choose')),
      receivers.filter((o) => !wanted || wanted.includes(o.kind)).map((o) => h('option', { value: o.id }, o.name)));
    const admitted = h('input', { id: 'hadm', type: 'datetime-local', name: 'admittedAt', 'data-testid': 'handoff-admitted' });
    const undecided = h('input', { type: 'checkbox', name: 'noCareManager', 'data-testid': 'handoff-undecided',
      onchange: () => { receiverSelect.disabled = undecided.checked; } });
    // What was typed before leaving (or a closed app) comes back, encrypted on the device (drafts.js).
    const key = `handoff-new-${kind}`;
    const kept = await drafts.load(key);
    if (kept && kept.templateId) template = choices.find((x) => x.id === kept.templateId) || template;
    let form = templateForm(template, kept ? kept.content || {} : {});
    if (kept) {
      roomSelect.value = kept.roomId || '';
      receiverSelect.value = kept.receiver || '';
      admitted.value = kept.admittedAt || '';
      undecided.checked = Boolean(kept.noCareManager);
      receiverSelect.disabled = undecided.checked;
    }
    keep = () => drafts.save(key, { templateId: template.id, roomId: roomSelect.value, receiver: receiverSelect.value,
      admittedAt: admitted.value, noCareManager: undecided.checked, content: form.read() }).catch(() => {});
    const formSlot = h('div', null, form.el);
    const templateSelect = choices.length > 1 ? h('select', { id: 'htpl', 'data-testid': 'handoff-template', onchange: (e) => {
      const typed = form.read();
      template = choices.find((x) => x.id === e.target.value);
      // Fields the two templates share keep what was typed.
      form = templateForm(template, typed);
      replace(formSlot, form.el);
    } }, choices.map((x) => h('option', { value: x.id }, `${x.title}${x.region ? `（${x.region}）` : ''}`))) : null;
    const submit = () => {
      const content = form.read();
      const problems = validateContent(template, content, false);
      if (!roomSelect.value) problems.push({ field: 'roomId', problem: 'required' });
      if (!undecided.checked && !receiverSelect.value) problems.push({ field: 'receiverOrganizationId', problem: 'required' });
      if (kind === 'admission' && !admitted.value) problems.push({ field: 'admittedAt', problem: 'required' });
      if (problems.length) {
        const names = { roomId: t('handoff.patient'), receiverOrganizationId: t('handoff.receiver'), admittedAt: t('handoff.admittedAt') };
        fail(t('handoff.err.invalid', { fields: problems.map((p) => names[p.field] || fieldLabel(template, p.field)).join('、') }));
        return;
      }
      const body = { kind, templateId: template.id, templateVersion: template.version, roomId: roomSelect.value, content };
      if (undecided.checked) body.noCareManager = true; else body.receiverOrganizationId = receiverSelect.value;
      if (kind === 'admission') body.admittedAt = admitted.value.slice(0, 16);
      api.createHandoff(body).then((x) => { keep = null; drafts.remove(key); onSaved(x.id); }).catch((e) => fail(errorText(e, template)));
    };
    replace(main, h('form', { class: 'handoff-form', 'data-testid': 'handoff-form', onsubmit: (e) => { e.preventDefault(); submit(); } },
      h('p', { class: 'hint' }, template.basis || ''),
      h('fieldset', { class: 'hf-section' }, h('legend', null, t('handoff.whom')),
        h('div', { class: 'hf-field' }, h('label', { for: 'hroom' }, `${t('handoff.patient')}（${t('handoff.required')}）`), roomSelect),
        h('div', { class: 'hf-field' }, h('label', { for: 'hrecv' }, `${t('handoff.receiver')}（${t('handoff.required')}）`), receiverSelect),
        kind === 'discharge' ? h('div', { class: 'hf-field hf-check' }, h('label', { class: 'cap' }, undecided, t('handoff.noCareManager'))) : null,
        kind === 'admission' ? h('div', { class: 'hf-field' }, h('label', { for: 'hadm' }, `${t('handoff.admittedAt')}（${t('handoff.required')}）`), admitted) : null,
        templateSelect ? h('div', { class: 'hf-field' }, h('label', { for: 'htpl' }, t('handoff.template')), templateSelect) : null),
      formSlot, error,
      h('div', { class: 'form-actions' },
        h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'handoff-save' }, t('handoff.saveDraft')))));
  }
  let keep = null; // saves the typed form as a local draft
  let timer = null;
  const later = () => { clearTimeout(timer); timer = setTimeout(() => { if (keep) keep(); }, 400); };
  main.addEventListener('input', later);
  main.addEventListener('change', later);
  build().catch((e) => replace(main, h('p', { class: 'empty', role: 'alert' }, errorText(e))));
  const el = h('div', { class: 'screen handoffs' }, topBar({ onBack, title }), main);
  return { el, destroy: () => { clearTimeout(timer); if (keep) keep(); } };
}

// ------------------------------------------------------------------ one sheet

/** Sheet `id` with its next step. */
export function handoffDetailView({ id, onBack, onEdit, onPrint }) {
  const main = h('main', { class: 'handoffs-main' }, h('p', { class: 'empty' }, t('handoff.loading')));
  const title = h('span', null, t('handoff.title'));
  const caps = { organizationId: null };
  let template = null;
  let shown = null; // {state, version, updatedAt} of what is on screen

  function step(promise) {
    promise.then(render).catch((e) => toast(errorText(e, template), { kind: 'warn' }));
  }

  function render(x) {
    shown = { state: x.state, version: x.version, updatedAt: x.updatedAt };
    // Nothing typed is lost when the sheet is redrawn (a live change, a step's answer): keep the values.
    const typed = new Map();
    for (const e of main.querySelectorAll('input[data-testid], textarea[data-testid]')) {
      if (e.value) typed.set(e.dataset.testid, e.value);
    }
    draw(x);
    for (const e of main.querySelectorAll('input[data-testid], textarea[data-testid]')) {
      if (typed.has(e.dataset.testid) && !e.value) e.value = typed.get(e.dataset.testid);
    }
  }

  function draw(x) {
    replace(title, patientName(x.patient));
    const mineSent = x.sender.organizationId === caps.organizationId;
    const mineReceived = x.receiver.organizationId === caps.organizationId;
    const actions = [];
    if (mineSent && ['draft', 'sent', 'received'].includes(x.state)) {
      actions.push(h('button', { type: 'button', class: 'btn', 'data-testid': 'handoff-edit', onclick: () => onEdit(x.id) }, t('handoff.edit')));
    }
    if (mineSent && x.state === 'draft') {
      actions.push(h('button', { type: 'button', class: 'btn btn-primary', 'data-testid': 'handoff-send', onclick: () => {
        const problems = validateContent(template, x.content, true);
        if (problems.length) {
          toast(t('handoff.err.invalid', { fields: problems.map((p) => fieldLabel(template, p.field)).join('、') }), { kind: 'warn' });
          return;
        }
        step(api.handoffStep(x.id, 'send'));
      } }, t('handoff.send')));
    }
    if (mineReceived && x.state === 'sent') {
      const openRoom = !x.roomId;
      actions.push(h('button', { type: 'button', class: 'btn btn-primary', 'data-testid': 'handoff-receive',
        onclick: () => step(api.handoffStep(x.id, 'receive', { openRoom })) }, openRoom ? t('handoff.receiveOpenRoom') : t('handoff.receive')));
    }
    if (mineReceived && x.state === 'received') {
      const message = h('textarea', { id: 'hans', maxlength: 2000, rows: 3, 'data-testid': 'handoff-answer-text' });
      actions.push(h('div', { class: 'hf-field handoff-answer' }, h('label', { for: 'hans' }, t('handoff.answerLabel')), message,
        h('div', { class: 'form-actions' },
          h('button', { type: 'button', class: 'btn', 'data-testid': 'handoff-return',
            onclick: () => step(api.handoffStep(x.id, 'answer', { outcome: 'returned', message: message.value })) }, t('handoff.return')),
          h('button', { type: 'button', class: 'btn btn-primary', 'data-testid': 'handoff-answer',
            onclick: () => step(api.handoffStep(x.id, 'answer', { outcome: 'answered', message: message.value })) }, t('handoff.answer')))));
    }
    if (x.kind === 'discharge' && x.roomId && !x.conferenceItemId) {
      actions.push(conferenceForm(x));
    }
    replace(main,
      h('section', { class: 'handoff-head', 'data-testid': 'handoff-detail', 'data-state': x.state },
        h('p', { class: 'handoff-patient', 'data-testid': 'handoff-patient' }, patientName(x.patient)),
        h('p', null, `${t(`handoff.kind.${x.kind}`)} ・ ${x.sender.name} → ${x.receiver.name}`),
        h('p', null, h('span', { class: 'tag', 'data-testid': 'handoff-state' }, t(`handoff.state.${x.state}`)), ' ', deadlineBadge(x.deadline),
          x.flags.includes('care_manager_undecided') ? h('span', { class: 'tag tag-late' }, t('handoff.undecided')) : null),
        x.admittedAt ? h('p', null, `${t('handoff.admittedAt')}: ${formatDayTime(x.admittedAt)}`) : null,
        x.deadline ? h('p', { class: 'hint', 'data-testid': 'handoff-due' }, t('handoff.dueLine', { i: lastMinute(x.deadline.dueI), ii: lastMinute(x.deadline.dueII) })) : null,
        x.receivedBy ? h('p', { 'data-testid': 'handoff-received-by' }, t('handoff.receivedBy', { name: x.receivedBy.name, at: formatDayTime(x.receivedAt) })) : null,
        x.answer ? h('p', { class: 'handoff-answer-shown', 'data-testid': 'handoff-answer-shown' }, `${t(`handoff.state.${x.state}`)}: ${x.answer}`) : null,
        x.roomId ? h('a', { href: `#/room/${x.roomId}`, class: 'btn' }, t('handoff.openRoom')) : null,
        h('button', { type: 'button', class: 'btn', 'data-testid': 'handoff-print', onclick: () => onPrint(x.id) }, t('handoff.print'))),
      h('div', { class: 'handoff-actions' }, actions),
      contentView(template, x.content),
      h('h2', { class: 'section-title' }, t('handoff.history')),
      h('ol', { class: 'handoff-steps', 'data-testid': 'handoff-steps' }, x.steps.map((s) => h('li', null,
        `${formatDayTime(s.at)} ${t(`handoff.step.${s.action}`)}${s.byName ? `（${s.byName}${s.organizationName ? `・${s.organizationName}` : ''}）` : ''}`))));
  }

  function conferenceForm(x) {
    const start = h('input', { id: 'hcs', type: 'datetime-local', 'data-testid': 'handoff-conf-start' });
    const end = h('input', { id: 'hce', type: 'datetime-local', 'data-testid': 'handoff-conf-end' });
    const place = h('input', { id: 'hcp', type: 'text', maxlength: 60, 'data-testid': 'handoff-conf-place' });
    const who = h('input', { id: 'hcw', type: 'text', maxlength: 400, 'data-testid': 'handoff-conf-attendees' });
    return h('fieldset', { class: 'hf-section' }, h('legend', null, t('handoff.conference')),
      h('div', { class: 'hf-field' }, h('label', { for: 'hcs' }, t('handoff.confStart')), start),
      h('div', { class: 'hf-field' }, h('label', { for: 'hce' }, t('handoff.confEnd')), end),
      h('div', { class: 'hf-field' }, h('label', { for: 'hcp' }, t('handoff.confPlace')), place),
      h('div', { class: 'hf-field' }, h('label', { for: 'hcw' }, t('handoff.confAttendees')), who),
      h('button', { type: 'button', class: 'btn btn-primary', 'data-testid': 'handoff-conf-add', onclick: () => step(api.handoffStep(x.id, 'conference', {
        txnId: live.newId('t'), start: start.value.slice(0, 16), end: end.value.slice(0, 16), place: place.value || null,
        attendees: who.value.split(/[、,]/).map((s) => s.trim()).filter(Boolean),
      })) }, t('handoff.confAdd')));
  }

  function load() {
    Promise.all([api.getHandoff(id), templates(), api.handoffCapabilities()]).then(([x, list, c]) => {
      caps.organizationId = c.organizationId;
      template = templateOf(list, x.template);
      render(x);
    }).catch((e) => replace(main, h('p', { class: 'empty', role: 'alert', 'data-testid': 'handoff-load-error' }, errorText(e))));
  }
  // A change already on screen (this user's own step) is not loaded again.
  const stop = live.watchHandoffs({ onChange: (m) => {
    if (m.handoffId !== id) return;
    if (shown && m.state === shown.state && m.version === shown.version && m.at <= shown.updatedAt) return;
    load();
  } });
  load();
  const el = h('div', { class: 'screen handoffs' }, topBar({ onBack, title, actions: [connectionBadge()] }), main);
  return { el, destroy: stop };
}

/** The sheet's sections as bordered tables (screen and print). */
function contentView(template, content) {
  if (!template) return null;
  return h('div', { class: 'handoff-content' }, template.sections.map((s) => h('table', { class: 'hp-table' },
    h('caption', null, s.title),
    h('tbody', null, s.fields.map((f) => h('tr', null, h('th', { scope: 'row' }, f.label), h('td', null, valueText(f, content[f.id]))))))));
}

function valueText(f, v) {
  if (v == null || v === '') return '—';
  if (Array.isArray(v)) return v.join('・');
  if (v === true) return t('handoff.yes');
  if (f.type === 'date') return formatDay(v);
  if (f.type === 'datetime') return `${formatDay(v.slice(0, 10))} ${v.slice(11)}`;
  return String(v);
}

// ------------------------------------------------------------------ print

/** The A4 print view: title, patient, sender and receiver, then the sections as bordered tables. */
export function handoffPrintView({ id, onBack }) {
  const page = h('article', { class: 'handoff-print', 'data-testid': 'handoff-print-page', 'aria-busy': 'true' });
  Promise.all([api.getHandoff(id), templates()]).then(([x, list]) => {
    const template = templateOf(list, x.template);
    const p = x.patient || {};
    replace(page,
      h('h1', { class: 'hp-title' }, template.title),
      h('table', { class: 'hp-table hp-head' }, h('tbody', null,
        h('tr', null, h('th', { scope: 'row' }, t('handoff.patient')), h('td', null, p.name ? t('handoff.patientName', { name: `${p.name}${p.nameKana ? `（${p.nameKana}）` : ''}` }) : '—'),
          h('th', { scope: 'row' }, t('handoff.birthDate')), h('td', null, p.birthDate ? formatDay(p.birthDate) : '—')),
        h('tr', null, h('th', { scope: 'row' }, t('handoff.careLevel')), h('td', null, p.careLevel || '—'),
          h('th', { scope: 'row' }, t('handoff.area')), h('td', null, p.area || '—')),
        h('tr', null, h('th', { scope: 'row' }, t('handoff.sender')), h('td', null, x.sender.name),
          h('th', { scope: 'row' }, t('handoff.receiver')), h('td', null, x.receiver.name)),
        h('tr', null, h('th', { scope: 'row' }, t('handoff.sentAt')), h('td', null, x.sentAt ? formatDayTime(x.sentAt) : t('handoff.state.draft')),
          h('th', { scope: 'row' }, t('handoff.receivedAt')), h('td', null, x.receivedBy ? `${formatDayTime(x.receivedAt)} ${x.receivedBy.name}` : '—')))),
      contentView(template, x.content),
      h('p', { class: 'hp-foot' }, `${template.title} ${template.id} v${template.version} ・ ${x.id} v${x.version}`));
    page.setAttribute('aria-busy', 'false');
  }).catch((e) => replace(page, h('p', { role: 'alert' }, errorText(e))));
  const el = h('div', { class: 'screen handoffs handoff-print-screen' },
    h('div', { class: 'no-print' }, topBar({ onBack, title: t('handoff.print'),
      actions: [h('button', { type: 'button', class: 'btn btn-primary', 'data-testid': 'handoff-print-now', onclick: () => window.print() }, t('handoff.printNow'))] })),
    h('main', { class: 'handoff-print-main' }, page));
  return { el };
}
