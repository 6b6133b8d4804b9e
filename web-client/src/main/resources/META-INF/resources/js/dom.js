// dom.js — builds DOM elements safely: text always goes in through textContent, never innerHTML.

const PROPS = new Set(['value', 'checked', 'disabled', 'hidden', 'selected', 'open']);

/**
 * h('button', {class: 'x', onclick: fn, 'data-testid': 'y'}, 'text', childNode, [more])
 * Strings and numbers become text nodes; null/false children and attributes are skipped.
 */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v == null || v === false) continue;
    if (k === 'class') el.className = v;
    else if (k === 'text') el.textContent = String(v);
    else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (PROPS.has(k)) el[k] = v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}

/** Appends children (strings, numbers, nodes, nested arrays), skipping null and false. */
export function append(el, children) {
  for (const c of [children].flat(Infinity)) {
    if (c == null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

/** Replaces all children of el. */
export function replace(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}

/** Converts full-width digits, dot and minus (common with Japanese input methods) to ASCII. */
export function toHalfWidth(s) {
  return String(s ?? '')
    .replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[．。]/g, '.')
    .replace(/[－ー−]/g, '-')
    .trim();
}

let idCounter = 0;
/** A page-unique id for label/for pairs. */
export function uid(prefix = 'f') {
  idCounter += 1;
  return `${prefix}-${idCounter}`;
}
