// @on-demand — fetched on first use (js/lazy.js), not part of the app shell.
// views/handoff-form.js — a handoff sheet's form drawn from its template (the same JSON the server
// validates with): sections as fieldsets, each field labelled, with the template's required flags,
// choices and maximum lengths. validateContent() mirrors the server's ContentValidator so the writer
// sees what is missing before sending; the server still decides.

import { h, uid } from '../dom.js';
import { t } from '../i18n.js';

/** The form's controls for `template`, filled from `content`; returns {el, read()}. */
export function templateForm(template, content = {}) {
  const readers = [];
  const sections = template.sections.map((s) => h('fieldset', { class: 'hf-section', 'data-section': s.id },
    h('legend', null, s.title),
    s.fields.map((f) => {
      const { el, read } = control(f, content[f.id]);
      readers.push([f.id, read]);
      return el;
    })));
  return {
    el: h('div', { class: 'hf-form' }, sections),
    read() {
      const out = {};
      for (const [id, read] of readers) {
        const v = read();
        if (v !== null && v !== '' && !(Array.isArray(v) && v.length === 0)) out[id] = v;
      }
      return out;
    },
  };
}

function labelText(f) {
  return f.required ? `${f.label}（${t('handoff.required')}）` : f.label;
}

function control(f, value) {
  const id = uid('hf');
  const testid = `hf-${f.id}`;
  const common = { id, name: f.id, 'data-testid': testid, 'aria-required': f.required ? 'true' : null };
  if (f.type === 'textarea') {
    const el = h('textarea', { ...common, maxlength: f.maxLength || 2000, rows: 3 }, value || '');
    return { el: h('div', { class: 'hf-field' }, h('label', { for: id }, labelText(f)), el), read: () => el.value.trim() };
  }
  if (f.type === 'text') {
    const el = h('input', { ...common, type: 'text', maxlength: f.maxLength || 100, value: value || '' });
    return { el: h('div', { class: 'hf-field' }, h('label', { for: id }, labelText(f)), el), read: () => el.value.trim() };
  }
  if (f.type === 'date' || f.type === 'datetime') {
    const el = h('input', { ...common, type: f.type === 'date' ? 'date' : 'datetime-local', value: value || '' });
    return { el: h('div', { class: 'hf-field' }, h('label', { for: id }, labelText(f)), el), read: () => el.value.slice(0, f.type === 'date' ? 10 : 16) };
  }
  if (f.type === 'choice') {
    const el = h('select', common, h('option', { value: '' }, t('handoff.choose')),
      f.choices.map((c) => h('option', { value: c, selected: value === c || null }, c)));
    return { el: h('div', { class: 'hf-field' }, h('label', { for: id }, labelText(f)), el), read: () => el.value };
  }
  if (f.type === 'boolean') {
    const el = h('input', { ...common, type: 'checkbox', checked: value === true || null });
    return { el: h('div', { class: 'hf-field hf-check' }, h('label', { class: 'cap' }, el, f.label)), read: () => (el.checked ? true : null) };
  }
  // multichoice
  const boxes = f.choices.map((c) => h('input', { type: 'checkbox', name: f.id, value: c, checked: (value || []).includes(c) || null,
    'data-testid': `${testid}-${c}` }));
  return {
    el: h('fieldset', { class: 'hf-field caps', 'data-testid': testid }, h('legend', null, labelText(f)),
      boxes.map((b, i) => h('label', { class: 'cap' }, b, f.choices[i]))),
    read: () => boxes.filter((b) => b.checked).map((b) => b.value),
  };
}

/**
 * The server's rules, in the browser: unknown fields, types, choices, lengths, date formats and — when
 * `complete` (sending) — required fields. Returns [{field, problem}] like the server's violations.
 */
export function validateContent(template, content, complete) {
  const fields = new Map();
  for (const s of template.sections) for (const f of s.fields) fields.set(f.id, f);
  const out = [];
  for (const k of Object.keys(content)) if (!fields.has(k)) out.push({ field: `content.${k}`, problem: 'unknown_field' });
  for (const f of fields.values()) {
    const v = content[f.id];
    const path = `content.${f.id}`;
    const empty = v == null || v === '' || (Array.isArray(v) && v.length === 0);
    if (empty) {
      if (complete && f.required) out.push({ field: path, problem: 'required' });
      continue;
    }
    if (f.type === 'choice' && !f.choices.includes(v)) out.push({ field: path, problem: 'not_a_choice' });
    if (f.type === 'multichoice' && (!Array.isArray(v) || v.some((x) => !f.choices.includes(x)))) out.push({ field: path, problem: 'not_a_choice' });
    if ((f.type === 'text' || f.type === 'textarea') && [...v].length > (f.maxLength || (f.type === 'textarea' ? 2000 : 100))) {
      out.push({ field: path, problem: 'too_long' });
    }
    if (f.type === 'date' && !/^\d{4}-\d{2}-\d{2}$/.test(v)) out.push({ field: path, problem: 'bad_format' });
    if (f.type === 'datetime' && !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(v)) out.push({ field: path, problem: 'bad_format' });
  }
  return out;
}

/** The label of a violation's field, for messages ("キーパーソン（氏名）を入力してください"). */
export function fieldLabel(template, path) {
  const id = String(path || '').replace(/^content\./, '');
  for (const s of template.sections) for (const f of s.fields) if (f.id === id) return f.label;
  return id;
}
