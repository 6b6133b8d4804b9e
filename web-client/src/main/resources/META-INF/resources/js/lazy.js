// lazy.js — screens fetched on first use instead of with the first visit: administration (監査ログ,
// 職員管理, 緊急閲覧の確認), the bed board, settings and enrolment. A phone's first download then carries only
// what a nurse or a family member needs to sign in and open a room (the first-visit budget in
// docs/benchmarks.md). The service worker keeps such a file once it has been used; files marked
// "@on-demand" on their first line are left out of the app shell it fetches at install (web.StaticFiles).

import { h } from './dom.js';
import { t, loadMore } from './i18n.js';

let moreCss = null;

/** The stylesheet of the screens fetched on first use (css/more.css), added to the page once. */
function loadMoreCss() {
  if (!moreCss) {
    moreCss = new Promise((resolve) => {
      const link = document.createElement('link');
      link.rel = 'stylesheet';
      link.href = new URL('../css/more.css', import.meta.url).pathname;
      link.onload = resolve;
      link.onerror = resolve; // unstyled rather than not at all
      document.head.append(link);
    });
  }
  return moreCss;
}

/** What every screen fetched on first use needs besides its module: its texts and its stylesheet. */
export function loadScreenAssets() {
  return Promise.all([loadMore(), loadMoreCss()]);
}

/**
 * A view whose module is imported when the view is shown. `load` resolves to the view function, which is
 * called with `props` once it arrives; `marks` are properties the router looks at on the current view
 * (e.g. {audit: true}). Until then the screen shows that it is loading; without signal it says so.
 */
export function lazyView(load, props, marks = {}) {
  const el = h('div', { class: 'lazy-view', 'aria-busy': 'true', 'data-testid': 'lazy-view' },
    h('p', { class: 'loading', role: 'status' }, t('lazy.loading')));
  let inner = null;
  let gone = false;
  const view = {
    ...marks,
    el,
    destroy() {
      gone = true;
      if (inner && inner.destroy) inner.destroy();
    },
  };
  Promise.all([load(), loadScreenAssets()]).then(([make]) => {
    if (gone) return;
    inner = make(props);
    el.removeAttribute('aria-busy');
    el.replaceChildren(inner.el);
    if (inner.focus) inner.focus();
  }, () => {
    if (gone) return;
    el.removeAttribute('aria-busy');
    el.replaceChildren(h('p', { class: 'form-error', role: 'alert', 'data-testid': 'lazy-failed' }, t('lazy.failed')),
      h('button', { type: 'button', class: 'btn btn-primary', onclick: () => location.reload() }, t('action.retry')));
  });
  return view;
}
