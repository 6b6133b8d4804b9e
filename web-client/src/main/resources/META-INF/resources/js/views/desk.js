// @on-demand — fetched on first use (js/lazy.js), not part of the app shell.
// views/desk.js — 相談窓口 (consultation desk) for its workers: the quick intake form (受付), the case list
// with search and filters (相談一覧), follow-ups by due date (フォロー), a case's detail with its history,
// providers introduced and the hand-over to a care team, and the monthly report (月報, desk-report.js,
// which loads Chart.js only when opened). Loaded by app.js only when #/desk is opened, so the app's
// first visit does not grow. The half-typed intake form is kept as an encrypted draft on this device
// (drafts.js) and leaving with unsaved text asks first.

import { h, replace, uid } from '../dom.js';
import { t, has } from '../i18n.js';

/** A provider capability's label (the directory's vocabulary may hold ids the dictionary does not know). */
function capLabel(x) {
  return has(`desk.cap.${x}`) ? t(`desk.cap.${x}`) : x;
}
import { connectionBadge, topBar, toast } from '../ui.js';
import { confirmDialog } from '../dialog.js';
import * as api from '../api.js';
import * as drafts from '../drafts.js';
import * as store from '../store.js';
import { formatDay, formatDayTime, setZone, todayIso } from '../format.js';

const DRAFT_KEY = 'desk:intake';
const PROFESSIONAL = new Set(['medical_institution', 'home_nursing', 'care_manager', 'support_center', 'city_office']);
const TOKYO_OFFSET_MS = 9 * 3600 * 1000;

/** Now in Japan time as the value of a datetime-local input ("2026-12-08T09:05"). */
function tokyoLocalNow() {
  return new Date(Date.now() + TOKYO_OFFSET_MS).toISOString().slice(0, 16);
}

/** An instant as a Japan-time datetime-local value. */
function tokyoLocal(iso) {
  return new Date(Date.parse(iso) + TOKYO_OFFSET_MS).toISOString().slice(0, 16);
}

/** What went wrong, in words. */
function errorText(e) {
  const code = e && e.code;
  const v = (e && e.violations) || [];
  if (code === 'FORBIDDEN') return t('desk.forbidden');
  if (code === 'STALE_VERSION') return t('desk.stale');
  if (code === 'CONSENT_REQUIRED') return t('desk.consentRequired');
  if (code === 'ROOM_NOT_FOUND') return t('desk.roomNotFound');
  if (code === 'NOT_FOUND') return t('desk.notFound');
  if (v.some((x) => x.problem === 'too_long')) return t('desk.tooLong');
  if (v.length) return t('desk.invalid');
  return t('desk.failed');
}

function field(label, control, { required = false } = {}) {
  const id = uid('desk');
  control.id = id;
  return h('div', { class: 'field' },
    h('label', { class: 'field-label', for: id }, label, required ? h('span', { class: 'req' }, t('desk.required')) : null),
    control);
}

function select(name, values, labelKey, selected, { empty = null } = {}) {
  return h('select', { name, 'data-testid': `desk-${name}` },
    empty ? h('option', { value: '' }, t(empty)) : null,
    values.map((v) => h('option', { value: v, selected: v === selected || null }, t(`${labelKey}.${v}`))));
}

/** The consultation desk. onBack() returns to the room list. */
export function deskView({ onBack, caseId = null }) {
  let me = null;
  let tab = 'intake';
  let destroyed = false;
  let dirty = false;
  let draftTimer = null;
  let reportModule = null;
  const body = h('div', { class: 'desk-body' }, h('p', { class: 'loading' }, t('common.loading')));
  const tabs = h('div', { class: 'segmented desk-tabs', role: 'group', 'aria-label': t('desk.tabs') });
  const subtitle = h('span');

  const categoryName = (id) => {
    const c = me && me.categories.find((x) => x.id === id);
    return c ? c.name : id;
  };

  function renderTabs() {
    replace(tabs, ['intake', 'list', 'followUps', 'report'].map((k) => h('button', {
      type: 'button', class: 'seg', 'aria-pressed': String(tab === k), 'data-testid': `desk-tab-${k}`,
      onclick: () => go(k),
    }, t(`desk.tab.${k}`))));
  }

  async function go(next, arg) {
    if (tab === 'intake' && next !== 'intake' && !(await mayLeave())) return;
    tab = next;
    renderTabs();
    window.scrollTo(0, 0);
    if (next === 'intake') showIntake(arg || null);
    else if (next === 'list') showList();
    else if (next === 'followUps') showFollowUps();
    else if (next === 'report') showReport();
    else if (next === 'case') showCase(arg);
  }

  // --- the intake form -------------------------------------------------------------------------
  let form = null;

  function showIntake(editing) {
    dirty = false;
    const c = editing;
    const channelName = uid('channel');
    const channels = h('fieldset', { class: 'caps desk-channels' }, h('legend', null, t('desk.channel')),
      me.channels.map((ch) => h('label', { class: 'cap chip-choice' },
        h('input', { type: 'radio', name: 'channel', value: ch, 'data-testid': `desk-channel-${ch}`,
          checked: (c ? c.channel === ch : ch === 'phone') || null, id: `${channelName}-${ch}` }),
        t(`desk.channel.${ch}`))));
    const consulterType = select('consulterType', me.consulterTypes, 'desk.consulter', c ? c.consulterType : 'citizen_family');
    const orgInput = h('input', { type: 'text', name: 'consulterOrganization', maxlength: 100, 'data-testid': 'desk-consulterOrganization',
      value: c && c.consulterOrganization ? c.consulterOrganization : '' });
    const orgField = field(t('desk.consulterOrganization'), orgInput);
    const showOrg = () => { orgField.hidden = !PROFESSIONAL.has(consulterType.value); };
    consulterType.addEventListener('change', showOrg);
    const cats = h('fieldset', { class: 'caps desk-categories' }, h('legend', null, t('desk.categories'),
      h('span', { class: 'req' }, t('desk.required'))),
    me.categories.filter((x) => x.active || (c && c.categories.includes(x.id))).map((x) => h('label', { class: 'cap chip-choice' },
      h('input', { type: 'checkbox', name: 'categories', value: x.id, 'data-testid': `desk-cat-${x.id}`,
        checked: (c && c.categories.includes(x.id)) || null }), x.name)));
    const subj = c ? c.subject : {};
    const followUpsEl = h('div', { class: 'desk-followups' });
    const addFollowUp = (f) => {
      const row = h('div', { class: 'desk-followup-row', 'data-testid': 'desk-followup-row', 'data-id': f && f.id ? f.id : '' },
        field(t('desk.followUpDue'), h('input', { type: 'date', name: 'fuDue', min: '2000-01-01', value: f ? f.due : '', 'data-testid': 'desk-fu-due' })),
        field(t('desk.followUpWhat'), h('input', { type: 'text', name: 'fuWhat', maxlength: 200, value: f ? f.what : '', 'data-testid': 'desk-fu-what' })));
      row.dataset.done = f && f.done ? 'true' : 'false';
      followUpsEl.append(row);
    };
    (c ? c.followUps : []).forEach(addFollowUp);
    if (!c || !c.followUps.length) addFollowUp(null);
    const error = h('p', { class: 'form-error', role: 'alert', hidden: true, 'data-testid': 'desk-form-error' });
    const submit = h('button', { type: 'submit', class: 'btn btn-primary btn-block', 'data-testid': 'desk-save' }, t('desk.save'));
    form = h('form', { class: 'desk-form', 'data-testid': 'desk-form', novalidate: true },
      h('h2', { class: 'section-title' }, c ? t('desk.editCase') : t('desk.newCase')),
      field(t('desk.occurredAt'), h('input', { type: 'datetime-local', name: 'occurredAt', required: true, 'data-testid': 'desk-occurredAt',
        value: c ? tokyoLocal(c.occurredAt) : tokyoLocalNow(), max: tokyoLocalNow() }), { required: true }),
      channels,
      field(t('desk.consulterType'), consulterType, { required: true }),
      orgField,
      field(t('desk.consulterName'), h('input', { type: 'text', name: 'consulterName', maxlength: 100, value: c && c.consulterName ? c.consulterName : '' })),
      cats,
      field(t('desk.text'), h('textarea', { name: 'text', rows: 4, maxlength: 4000, required: true, 'data-testid': 'desk-text' }, c ? c.text : ''), { required: true }),
      field(t('desk.answer'), h('textarea', { name: 'answer', rows: 3, maxlength: 4000, 'data-testid': 'desk-answer' }, c && c.answer ? c.answer : '')),
      h('details', { class: 'desk-more', open: (c && (subj.name || subj.ageBand || c.referral)) || null },
        h('summary', null, t('desk.subject')),
        field(t('desk.subjectName'), h('input', { type: 'text', name: 'subjectName', maxlength: 100, 'data-testid': 'desk-subjectName', value: subj.name || '' })),
        field(t('desk.ageBand'), select('ageBand', me.ageBands, 'desk.age', subj.ageBand, { empty: 'desk.age.none' })),
        field(t('desk.sex'), select('sex', ['female', 'male', 'other'], 'desk.sex', subj.sex, { empty: 'desk.sex.none' })),
        field(t('desk.area'), h('input', { type: 'text', name: 'area', maxlength: 100, value: subj.area || '' })),
        field(t('desk.referral'), h('textarea', { name: 'referral', rows: 2, maxlength: 1000 }, c && c.referral ? c.referral : ''))),
      h('fieldset', { class: 'desk-fu-set' }, h('legend', null, t('desk.followUp')), followUpsEl,
        h('button', { type: 'button', class: 'btn btn-quiet', 'data-testid': 'desk-add-followup', onclick: () => addFollowUp(null) }, t('desk.addFollowUp'))),
      c ? null : h('label', { class: 'cap' }, h('input', { type: 'checkbox', name: 'closeNow', 'data-testid': 'desk-closeNow' }), t('desk.closeNow')),
      error,
      submit,
      c ? null : h('button', { type: 'button', class: 'btn btn-quiet btn-block', 'data-testid': 'desk-discard', onclick: async () => {
        await drafts.remove(DRAFT_KEY);
        dirty = false;
        showIntake(null);
      } }, t('desk.discardDraft')));
    if (c) form.dataset.editing = 'true';
    showOrg();
    form.addEventListener('input', () => { dirty = true; if (!c) saveDraftSoon(); });
    form.addEventListener('change', () => { dirty = true; if (!c) saveDraftSoon(); });
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      error.hidden = true;
      const payload = formBody(form, c);
      submit.disabled = true;
      try {
        const saved = c ? await api.editDeskCase(c.id, payload) : await api.recordDeskCase(payload);
        dirty = false;
        if (!c) await drafts.remove(DRAFT_KEY);
        toast(c ? t('desk.updated') : t('desk.saved'));
        if (c) go('case', saved.id);
        else {
          showIntake(null);
          window.scrollTo(0, 0);
        }
      } catch (err) {
        error.textContent = errorText(err);
        error.hidden = false;
      } finally {
        submit.disabled = false;
      }
    });
    replace(body, form);
    if (!c) {
      drafts.load(DRAFT_KEY).then((d) => {
        if (d && !destroyed && form && tab === 'intake') {
          restoreDraft(form, d);
          dirty = true;
          showOrg();
          toast(t('desk.draftRestored'));
        }
      });
    }
  }

  /** The form as the API's CaseInput. */
  function formBody(f, editing) {
    const fd = new FormData(f);
    const rows = [...f.querySelectorAll('[data-testid="desk-followup-row"]')];
    const followUps = rows.map((r) => ({
      id: r.dataset.id || null,
      due: r.querySelector('[name="fuDue"]').value,
      what: r.querySelector('[name="fuWhat"]').value,
      done: r.dataset.done === 'true',
    })).filter((x) => x.id || x.due || x.what.trim()).map((x) => ({ ...x, due: x.due || null }));
    const local = fd.get('occurredAt');
    const subject = { name: fd.get('subjectName') || null, ageBand: fd.get('ageBand') || null, sex: fd.get('sex') || null, area: fd.get('area') || null };
    return {
      version: editing ? editing.version : null,
      occurredAt: local ? `${local}:00+09:00` : null,
      channel: fd.get('channel'),
      consulterType: fd.get('consulterType'),
      consulterOrganization: PROFESSIONAL.has(fd.get('consulterType')) ? (fd.get('consulterOrganization') || null) : null,
      consulterName: fd.get('consulterName') || null,
      subject,
      categories: fd.getAll('categories'),
      text: fd.get('text'),
      answer: fd.get('answer') || null,
      referral: fd.get('referral') || null,
      followUps,
      status: editing ? editing.status : (fd.get('closeNow') ? 'closed' : 'open'),
    };
  }

  function draftOf(f) {
    const fd = new FormData(f);
    const text = ['text', 'answer', 'consulterName', 'consulterOrganization', 'subjectName', 'referral', 'area']
      .some((k) => String(fd.get(k) || '').trim());
    const fus = [...f.querySelectorAll('[name="fuWhat"]')].some((x) => x.value.trim());
    if (!text && !fus && !fd.getAll('categories').length) return null;
    const out = {};
    for (const [k, v] of fd.entries()) {
      if (k === 'categories' || k === 'fuDue' || k === 'fuWhat') continue;
      out[k] = v;
    }
    out.categories = fd.getAll('categories');
    out.followUps = [...f.querySelectorAll('[data-testid="desk-followup-row"]')].map((r) => ({
      due: r.querySelector('[name="fuDue"]').value, what: r.querySelector('[name="fuWhat"]').value }));
    return out;
  }

  function restoreDraft(f, d) {
    for (const [k, v] of Object.entries(d)) {
      if (k === 'categories' || k === 'followUps') continue;
      const els = f.querySelectorAll(`[name="${k}"]`);
      els.forEach((el) => {
        if (el.type === 'radio') el.checked = el.value === v;
        else if (el.type === 'checkbox') el.checked = Boolean(v);
        else el.value = v;
      });
    }
    f.querySelectorAll('[name="categories"]').forEach((el) => { el.checked = (d.categories || []).includes(el.value); });
    const rows = [...f.querySelectorAll('[data-testid="desk-followup-row"]')];
    (d.followUps || []).forEach((fu, i) => {
      if (i >= rows.length) f.querySelector('[data-testid="desk-add-followup"]').click();
      const row = f.querySelectorAll('[data-testid="desk-followup-row"]')[i];
      row.querySelector('[name="fuDue"]').value = fu.due || '';
      row.querySelector('[name="fuWhat"]').value = fu.what || '';
    });
  }

  function saveDraftSoon() {
    clearTimeout(draftTimer);
    draftTimer = setTimeout(saveDraft, 400);
  }

  function saveDraft() {
    clearTimeout(draftTimer);
    draftTimer = null;
    if (form && tab === 'intake' && form.isConnected && form.dataset.editing !== 'true') {
      drafts.save(DRAFT_KEY, draftOf(form)).catch(() => {});
    }
  }

  function hasUnsaved() {
    return Boolean(tab === 'intake' && form && form.isConnected && dirty && (draftOf(form) !== null));
  }

  /** Leaving the form with unsaved text asks first (the new case's text stays as a draft). */
  async function mayLeave() {
    if (!hasUnsaved()) return true;
    saveDraft();
    return confirmDialog({ title: t('desk.leaveTitle'), message: t('desk.leaveMessage'), ok: t('desk.leaveOk') });
  }

  // --- the case list ---------------------------------------------------------------------------
  const filters = { q: '', category: '', status: '', month: '' };

  function caseItem(c) {
    return h('li', null, h('a', {
      href: `#/desk/case/${encodeURIComponent(c.id)}`, class: `desk-case${c.overdue ? ' overdue' : ''}`,
      'data-testid': 'desk-case', 'data-case-id': c.id,
      onclick: (e) => { e.preventDefault(); go('case', c.id); },
    },
    h('span', { class: 'desk-case-head' },
      h('time', { datetime: c.occurredAt }, formatDayTime(c.occurredAt)), ' ',
      h('span', { class: 'tag' }, t(`desk.channel.${c.channel}`)), ' ',
      h('span', { class: `tag ${c.status === 'closed' ? 'tag-cancel' : 'tag-host'}`, 'data-testid': 'desk-case-status' }, t(`desk.status.${c.status}`)),
      c.overdue ? h('span', { class: 'tag tag-warn' }, t('desk.overdue')) : null),
    h('span', { class: 'desk-case-who' }, t(`desk.consulter.${c.consulterType}`),
      c.subjectName ? ` ・ ${c.subjectName}` : ''),
    h('span', { class: 'desk-case-cats' }, c.categories.map(categoryName).join('・')),
    c.excerpt ? h('span', { class: 'desk-case-text', 'data-testid': 'desk-case-text' }, c.excerpt) : null));
  }

  function showList() {
    const results = h('ul', { class: 'desk-cases', 'data-testid': 'desk-cases', 'aria-live': 'polite' });
    const run = () => {
      results.setAttribute('aria-busy', 'true');
      api.searchDeskCases(filters).then((r) => {
        replace(results, r.cases.length ? r.cases.map(caseItem) : h('li', { class: 'empty' }, t('desk.noCases')));
        results.setAttribute('aria-busy', 'false');
      }).catch((e) => replace(results, h('li', { class: 'empty', role: 'alert' }, errorText(e))));
    };
    const q = h('input', { type: 'search', name: 'q', maxlength: 100, value: filters.q, 'data-testid': 'desk-search-q' });
    const cat = h('select', { name: 'category', 'data-testid': 'desk-filter-category' }, h('option', { value: '' }, t('desk.allCategories')),
      me.categories.map((x) => h('option', { value: x.id, selected: filters.category === x.id || null }, x.name)));
    const status = h('select', { name: 'status', 'data-testid': 'desk-filter-status' },
      ['', 'open', 'closed'].map((s) => h('option', { value: s, selected: filters.status === s || null }, t(`desk.status.${s || 'all'}`))));
    const month = h('input', { type: 'month', name: 'month', value: filters.month, 'data-testid': 'desk-filter-month' });
    const searchForm = h('form', { class: 'desk-filters', role: 'search', onsubmit: (e) => {
      e.preventDefault();
      Object.assign(filters, { q: q.value.trim(), category: cat.value, status: status.value, month: month.value });
      run();
    } },
    field(t('desk.searchText'), q),
    h('p', { class: 'field-hint' }, t('desk.searchHint')),
    field(t('desk.categories'), cat), field(t('desk.status'), status), field(t('desk.month'), month),
    h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'desk-search' }, t('desk.search')));
    replace(body, searchForm, h('p', { class: 'field-hint' }, t('desk.limitNote', { n: 100 })), results);
    run();
  }

  // --- follow-ups --------------------------------------------------------------------------------
  function showFollowUps() {
    const list = h('ul', { class: 'desk-cases', 'data-testid': 'desk-followups' });
    replace(body, h('h2', { class: 'section-title' }, t('desk.tab.followUps')), list);
    api.deskFollowUps().then((r) => {
      replace(list, r.followUps.length ? r.followUps.map((f) => h('li', {
        class: `desk-followup${f.overdue ? ' overdue' : ''}`, 'data-testid': 'desk-followup', 'data-overdue': String(f.overdue) },
      h('div', { class: 'desk-case-head' },
        h('strong', null, t('desk.due', { date: formatDay(f.due) })), ' ',
        f.overdue ? h('span', { class: 'tag tag-warn' }, t('desk.overdue')) : null),
      h('p', { class: 'desk-followup-what' }, f.what || ''),
      h('p', { class: 'desk-case-who' }, `${formatDayTime(f.occurredAt)} ・ ${t(`desk.consulter.${f.consulterType}`)}`
        + `${f.subjectName ? ` ・ ${f.subjectName}` : ''}`),
      h('div', { class: 'bed-actions' },
        h('button', { type: 'button', class: 'btn', 'data-testid': 'desk-followup-done', onclick: () =>
          api.deskFollowUpDone(f.caseId, f.followUpId, f.caseVersion).then(() => { toast(t('desk.doneToast')); showFollowUps(); })
            .catch((e) => toast(errorText(e), { kind: 'warn' })) }, t('desk.markDone')),
        h('button', { type: 'button', class: 'btn btn-quiet', onclick: () => go('case', f.caseId) }, t('desk.caseDetail')))))
        : h('li', { class: 'empty' }, t('desk.noFollowUps')));
    }).catch((e) => replace(list, h('li', { class: 'empty', role: 'alert' }, errorText(e))));
  }

  // --- a case ------------------------------------------------------------------------------------
  function showCase(id) {
    replace(body, h('p', { class: 'loading' }, t('common.loading')));
    api.getDeskCase(id).then((c) => renderCase(c)).catch((e) => replace(body, h('p', { class: 'empty', role: 'alert' }, errorText(e))));
  }

  function renderCase(c) {
    const after = (p, msg) => p.then(() => { if (msg) toast(msg); showCase(c.id); }).catch((e) => toast(errorText(e), { kind: 'warn' }));
    const line = (label, value) => (value ? h('div', { class: 'desk-line' }, h('dt', null, label), h('dd', null, value)) : null);
    const s = c.subject || {};
    const person = [s.name, s.ageBand ? t(`desk.age.${s.ageBand}`) : null, s.sex ? t(`desk.sex.${s.sex}`) : null, s.area]
      .filter(Boolean).join(' ・ ');
    const detail = h('section', { class: 'desk-detail', 'data-testid': 'desk-detail', 'data-case-id': c.id },
      h('h2', { class: 'section-title' }, t('desk.caseDetail'), ' ',
        h('span', { class: `tag ${c.status === 'closed' ? 'tag-cancel' : 'tag-host'}`, 'data-testid': 'desk-detail-status' }, t(`desk.status.${c.status}`))),
      h('dl', { class: 'desk-lines' },
        line(t('desk.occurredAt'), formatDayTime(c.occurredAt)),
        line(t('desk.channel'), t(`desk.channel.${c.channel}`)),
        line(t('desk.consulterType'), [t(`desk.consulter.${c.consulterType}`), c.consulterOrganization, c.consulterName].filter(Boolean).join(' ・ ')),
        line(t('desk.subject'), person),
        line(t('desk.categories'), c.categories.map(categoryName).join('・')),
        line(t('desk.text'), h('span', { class: 'pre', 'data-testid': 'desk-detail-text' }, c.text)),
        line(t('desk.answer'), c.answer ? h('span', { class: 'pre' }, c.answer) : null),
        line(t('desk.referral'), c.referral ? h('span', { class: 'pre' }, c.referral) : null)),
      h('div', { class: 'bed-actions' },
        h('button', { type: 'button', class: 'btn', 'data-testid': 'desk-edit', onclick: () => { tab = 'intake'; renderTabs(); showIntake(c); } }, t('desk.edit')),
        c.status === 'open'
          ? h('button', { type: 'button', class: 'btn btn-primary', 'data-testid': 'desk-close', onclick: () => after(api.setDeskCaseStatus(c.id, c.version, 'closed')) }, t('desk.close'))
          : h('button', { type: 'button', class: 'btn', 'data-testid': 'desk-reopen', onclick: () => after(api.setDeskCaseStatus(c.id, c.version, 'open')) }, t('desk.reopen'))));
    const fus = h('section', null, h('h3', { class: 'section-title' }, t('desk.followUp')),
      c.followUps.length ? h('ul', { class: 'desk-mini' }, c.followUps.map((f) => h('li', { 'data-testid': 'desk-detail-followup' },
        `${t('desk.due', { date: formatDay(f.due) })} ${f.what || ''} `,
        f.done ? h('span', { class: 'tag' }, t('desk.done'))
          : h('button', { type: 'button', class: 'btn btn-small', onclick: () => after(api.deskFollowUpDone(c.id, f.id, c.version), t('desk.doneToast')) },
            t('desk.markDone')),
        f.overdue ? h('span', { class: 'tag tag-warn' }, t('desk.overdue')) : null))) : h('p', { class: 'empty small' }, '—'));
    const providers = h('section', null, h('h3', { class: 'section-title' }, t('desk.providers')),
      c.providers.length ? h('ul', { class: 'desk-mini', 'data-testid': 'desk-providers' }, c.providers.map((p) =>
        h('li', null, `${p.name}（${formatDayTime(p.at)} ${p.by}）`))) : h('p', { class: 'empty small' }, t('desk.noProviders')),
      providerSearch(c, after));
    const handovers = h('section', null, h('h3', { class: 'section-title' }, t('desk.handovers')),
      c.handovers.length ? h('ul', { class: 'desk-mini' }, c.handovers.map((x) => h('li', null,
        `${t(`desk.handover.${x.kind}`)}: ${x.kind === 'room' ? roomName(x.roomId) : x.organizationName} ・ `
        + `${t('desk.consentLine', { by: t(`desk.consentBy.${x.consent.by}`), method: t(`desk.consentMethod.${x.consent.method}`), date: formatDay(x.consent.date) })}`
        + ` ・ ${formatDayTime(x.at)} ${x.by}`))) : null,
      handoverForm(c, after));
    const history = h('section', null, h('h3', { class: 'section-title' }, t('desk.history')),
      h('ol', { class: 'desk-history', 'data-testid': 'desk-history' }, (c.history || []).map((v) => h('li', { 'data-testid': 'desk-history-item' },
        h('details', null, h('summary', null, `${v.version}. ${t(`desk.event.${v.type}`)} ・ ${formatDayTime(v.at)} ${v.by}`),
          h('p', { class: 'pre' }, v.case.text), v.case.answer ? h('p', { class: 'pre' }, `${t('desk.answer')}: ${v.case.answer}`) : null)))));
    replace(body, detail, fus, providers, handovers, history);
  }

  function roomName(roomId) {
    const r = store.roomList().find((x) => x.roomId === roomId);
    return r ? r.title || roomId : roomId;
  }

  let chosenProviders = new Map();

  function providerSearch(c, after) {
    chosenProviders = new Map();
    const results = h('ul', { class: 'desk-mini', 'data-testid': 'desk-provider-results' });
    const cap = h('select', { name: 'capability', 'data-testid': 'desk-provider-capability' }, h('option', { value: '' }, t('desk.anyCapability')),
      me.capabilities.map((x) => h('option', { value: x }, capLabel(x))));
    const area = h('input', { type: 'text', name: 'area', maxlength: 100 });
    const q = h('input', { type: 'search', name: 'q', maxlength: 100 });
    const record = h('button', { type: 'button', class: 'btn btn-primary', hidden: true, 'data-testid': 'desk-provider-record',
      onclick: () => after(api.introduceDeskProviders(c.id, c.version, [...chosenProviders.keys()])) }, t('desk.recordIntroduced'));
    const formEl = h('form', { class: 'desk-filters', onsubmit: (e) => {
      e.preventDefault();
      api.searchDeskProviders(cap.value, area.value.trim(), q.value.trim()).then((r) => {
        chosenProviders = new Map();
        record.hidden = true;
        replace(results, r.providers.length ? r.providers.map((p) => h('li', null, h('label', { class: 'cap' },
          h('input', { type: 'checkbox', 'data-testid': 'desk-provider-pick', value: p.organizationId, onchange: (ev) => {
            if (ev.target.checked) chosenProviders.set(p.organizationId, p); else chosenProviders.delete(p.organizationId);
            record.hidden = chosenProviders.size === 0;
            document.querySelectorAll('[data-testid="desk-handover-org"]').forEach((s) => fillOrgs(s));
          } }),
          `${p.name}（${p.area || ''} ${p.capabilities.map((x) => capLabel(x)).join('・')}）`))) : h('li', { class: 'empty small' }, t('desk.noProviderFound')));
      }).catch((err) => toast(errorText(err), { kind: 'warn' }));
    } },
    field(t('desk.capability'), cap), field(t('desk.area'), area), field(t('desk.providerName'), q),
    h('button', { type: 'submit', class: 'btn', 'data-testid': 'desk-provider-search' }, t('desk.search')));
    return h('details', { class: 'desk-more' }, h('summary', null, t('desk.findProviders')),
      h('p', { class: 'field-hint' }, t('desk.providerNote')), formEl, results, record);
  }

  function fillOrgs(sel) {
    replace(sel, chosenProviders.size ? [...chosenProviders.values()].map((p) => h('option', { value: p.organizationId }, p.name))
      : h('option', { value: '' }, t('desk.chooseOrg')));
  }

  function handoverForm(c, after) {
    const kind = select('handoverKind', ['room', 'referral'], 'desk.handover', 'room');
    const room = h('select', { name: 'roomId', 'data-testid': 'desk-handover-room' });
    const fillRooms = () => replace(room, store.roomList().filter((r) => r.kind === 'patient' && !r.archived)
      .map((r) => h('option', { value: r.roomId }, r.title || r.roomId)));
    fillRooms();
    // Opened straight from an address, the room list may not be loaded yet.
    if (!store.roomList().length) store.loadRooms().then(fillRooms).catch(() => {});
    const org = h('select', { name: 'organizationId', 'data-testid': 'desk-handover-org' });
    fillOrgs(org);
    const roomField = field(t('desk.handoverRoom'), room);
    const orgField = field(t('desk.handoverOrg'), org);
    const sync = () => { roomField.hidden = kind.value !== 'room'; orgField.hidden = kind.value !== 'referral'; };
    kind.addEventListener('change', sync);
    const given = h('input', { type: 'checkbox', name: 'given', 'data-testid': 'desk-consent-given' });
    const by = select('consentBy', ['patient', 'family', 'guardian'], 'desk.consentBy', 'patient');
    const method = select('consentMethod', ['verbal', 'written'], 'desk.consentMethod', 'verbal');
    const date = h('input', { type: 'date', name: 'consentDate', value: todayIso(), max: todayIso() });
    const formEl = h('form', { class: 'desk-filters', onsubmit: (e) => {
      e.preventDefault();
      after(api.handOverDeskCase(c.id, {
        version: c.version, kind: kind.value,
        roomId: kind.value === 'room' ? room.value || null : null,
        organizationId: kind.value === 'referral' ? org.value || null : null,
        consent: given.checked ? { given: true, by: by.value, method: method.value, date: date.value } : null,
      }), t('desk.handoverDone'));
    } },
    field(t('desk.handoverKind'), kind), roomField, orgField,
    h('label', { class: 'cap' }, given, t('desk.consentGiven')),
    field(t('desk.consentBy'), by), field(t('desk.consentMethod'), method), field(t('desk.consentDate'), date),
    h('p', { class: 'field-hint' }, t('desk.handoverNote')),
    h('button', { type: 'submit', class: 'btn', 'data-testid': 'desk-handover-submit' }, t('desk.handover')));
    sync();
    return h('details', { class: 'desk-more' }, h('summary', null, t('desk.handover')), formEl);
  }

  // --- the monthly report (its own module: Chart.js is loaded only here) ----------------------------
  async function showReport() {
    replace(body, h('p', { class: 'loading' }, t('common.loading')));
    try {
      if (!reportModule) reportModule = await import('./desk-report.js');
      if (tab !== 'report' || destroyed) return;
      if (reportModule.current) reportModule.current.destroy();
      replace(body, reportModule.reportView({ me, errorText }).el);
    } catch (e) {
      replace(body, h('p', { class: 'empty', role: 'alert' }, errorText(e)));
    }
  }

  const onBeforeUnload = (e) => {
    if (!hasUnsaved()) return;
    saveDraft();
    e.preventDefault();
    e.returnValue = '';
  };
  window.addEventListener('beforeunload', onBeforeUnload);

  api.deskMe().then((m) => {
    if (destroyed) return;
    me = m;
    setZone(m.zone);
    subtitle.textContent = m.deskName || '';
    if (caseId) {
      tab = 'case';
      renderTabs();
      showCase(caseId);
    } else {
      renderTabs();
      showIntake(null);
    }
  }).catch((e) => replace(body, h('p', { class: 'empty', role: 'alert' }, errorText(e))));

  const el = h('div', { class: 'screen desk' },
    topBar({
      onBack: async () => { if (await mayLeave()) onBack(); },
      title: t('desk.title'), subtitle: null, actions: [connectionBadge()],
    }),
    h('main', { class: 'desk-main' }, h('p', { class: 'desk-name' }, subtitle), tabs, body));

  return {
    el,
    desk: true,
    /** Shows one case (the address #/desk/case/{id} while the desk is open). */
    openCase(id) {
      if (me) go('case', id);
      else caseId = id;
    },
    destroy() {
      destroyed = true;
      if (draftTimer) saveDraft();
      window.removeEventListener('beforeunload', onBeforeUnload);
      if (reportModule && reportModule.current) reportModule.current.destroy();
    },
  };
}
