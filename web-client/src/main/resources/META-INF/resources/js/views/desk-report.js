// @on-demand — fetched on first use (js/lazy.js), not part of the app shell.
// views/desk-report.js — 月報: a desk's (or, for the city, every desk's) counts of a Japan-time month by
// consulter type and by category, as tables, a bar chart (Chart.js from the WebJar org.webjars.npm:chart.js,
// its self-contained UMD build, loaded only here, from the same origin so the CSP's script-src 'self'
// holds) and a CSV download for Excel. The tables carry the same numbers as the chart, for screen readers.

import { h, replace, uid } from '../dom.js';
import { t } from '../i18n.js';
import * as api from '../api.js';
import { toast } from '../ui.js';

const CHART_JS = '/webjars/chart.js/dist/chart.umd.js';
let loading = null;

/** The report view on screen, so that its chart can be destroyed when another one replaces it. */
export let current = null;

function loadChartJs() {
  if (window.Chart) return Promise.resolve(window.Chart);
  if (!loading) {
    loading = new Promise((resolve, reject) => {
      const s = document.createElement('script');
      s.src = CHART_JS;
      s.onload = () => resolve(window.Chart);
      s.onerror = () => { loading = null; reject(new Error('chart.js')); };
      document.head.append(s);
    });
  }
  return loading;
}

/** "2026年11月" / "2026-11". */
function monthLabel(ym) {
  const [y, m] = ym.split('-');
  return t('desk.tab.report') === '月報' ? `${y}年${Number(m)}月` : ym;
}

function table(caption, rows, columns, testid) {
  return h('div', { class: 'desk-table-wrap', role: 'region', 'aria-label': caption, tabindex: '0' },
    h('table', { class: 'desk-table', 'data-testid': testid },
      h('caption', null, caption),
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, ''), columns.map((c) => h('th', { scope: 'col' }, c.deskName)))),
      h('tbody', null, rows.map((r) => h('tr', null, h('th', { scope: 'row' }, r.label),
        columns.map((c) => h('td', null, String(r.value(c)))))))));
}

/** The report screen: month and scope, chart, tables, CSV. */
export function reportView({ me, errorText }) {
  let chart = null;
  let destroyed = false;
  const month = h('input', { type: 'month', value: me.today.slice(0, 7), max: me.today.slice(0, 7), 'data-testid': 'desk-report-month' });
  const monthId = uid('month');
  month.id = monthId;
  let scope = me.canViewCity ? 'city' : 'desk';
  const scopes = h('div', { class: 'segmented', role: 'group', 'aria-label': t('desk.reportScope') });
  const csv = h('a', { class: 'btn btn-block', 'data-testid': 'desk-report-csv', download: '' }, t('desk.csv'));
  const canvas = h('canvas', { role: 'img', 'data-testid': 'desk-report-chart' });
  const chartBox = h('div', { class: 'desk-chart' }, canvas);
  const tables = h('div', { 'data-testid': 'desk-report-tables', 'aria-live': 'polite' });

  function renderScopes() {
    replace(scopes, me.canViewCity ? ['desk', 'city'].map((s) => h('button', {
      type: 'button', class: 'seg', 'aria-pressed': String(scope === s), 'data-testid': `desk-scope-${s}`,
      onclick: () => { scope = s; renderScopes(); load(); },
    }, t(`desk.scope.${s}`))) : null);
  }

  function load() {
    const ym = month.value || me.today.slice(0, 7);
    csv.href = api.deskReportCsvUrl(ym, scope);
    replace(tables, h('p', { class: 'loading' }, t('common.loading')));
    api.deskReport(ym, scope).then((r) => {
      if (destroyed) return;
      const columns = r.total ? [...r.desks, { ...r.total, deskName: t('desk.total') }] : r.desks;
      replace(tables,
        table(t('desk.casesCount'), [{ label: t('desk.casesCount'), value: (c) => c.cases }], columns, 'desk-report-cases'),
        table(t('desk.byConsulter'), r.consulterTypes.map((k) => ({ label: t(`desk.consulter.${k}`), value: (c) => c.byConsulterType[k] || 0 })),
          columns, 'desk-report-consulters'),
        table(t('desk.byCategory'), r.categories.map((k) => ({ label: k.name, value: (c) => c.byCategory[k.id] || 0 })),
          columns, 'desk-report-categories'));
      drawChart(r);
    }).catch((e) => replace(tables, h('p', { class: 'empty', role: 'alert' }, errorText(e))));
  }

  function drawChart(r) {
    const label = t('desk.chartLabel', { month: monthLabel(r.month) });
    canvas.setAttribute('aria-label', label);
    chartBox.style.height = `${Math.max(240, r.categories.length * 30 + 80)}px`;
    loadChartJs().then((Chart) => {
      if (destroyed) return;
      if (chart) chart.destroy();
      const palette = ['#0f6e6e', '#c05621', '#2b6cb0', '#6b46c1', '#2f855a', '#b7791f'];
      chart = new Chart(canvas, {
        type: 'bar',
        data: {
          labels: r.categories.map((c) => c.name),
          datasets: r.desks.map((d, i) => ({
            label: d.deskName,
            data: r.categories.map((c) => d.byCategory[c.id] || 0),
            backgroundColor: palette[i % palette.length],
          })),
        },
        options: {
          indexAxis: 'y',
          responsive: true,
          maintainAspectRatio: false,
          animation: false,
          scales: { x: { stacked: true, beginAtZero: true, ticks: { precision: 0 } }, y: { stacked: true } },
          plugins: { legend: { position: 'bottom' } },
        },
      });
    }).catch(() => replace(chartBox, h('p', { class: 'empty', role: 'status' }, t('desk.chartFailed'))));
  }

  /** 分類の管理 for the operator and the city: add, rename (the id stays, so past counts stay), retire. */
  function categoryAdmin() {
    if (!me.canManageCategories) return null;
    const list = h('ul', { class: 'desk-mini desk-cat-admin' });
    const render = () => replace(list, me.categories.map((c) => {
      const input = h('input', { type: 'text', maxlength: 40, value: c.name, 'aria-label': t('desk.categoryName', { name: c.name }) });
      const active = h('input', { type: 'checkbox', checked: c.active || null });
      const save = () => api.changeDeskCategory(c.id, input.value.trim(), active.checked).then((x) => {
        Object.assign(c, x);
        toast(t('desk.categorySaved'));
        load();
      }).catch((e) => toast(errorText(e), { kind: 'warn' }));
      return h('li', { 'data-testid': 'desk-cat-admin-item' }, input,
        h('label', { class: 'cap' }, active, t('desk.categoryActive')),
        h('button', { type: 'button', class: 'btn btn-small', onclick: save }, t('desk.save')));
    }));
    const name = h('input', { type: 'text', maxlength: 40, 'data-testid': 'desk-cat-new' });
    const add = h('form', { class: 'desk-filters', onsubmit: (e) => {
      e.preventDefault();
      api.addDeskCategory(name.value.trim()).then((c) => {
        me.categories.push(c);
        name.value = '';
        render();
        load();
      }).catch((err) => toast(errorText(err), { kind: 'warn' }));
    } },
    h('div', { class: 'field' }, h('label', { class: 'field-label', for: (name.id = uid('cat')) }, t('desk.categoryNew')), name),
    h('button', { type: 'submit', class: 'btn' }, t('desk.categoryAdd')));
    render();
    return h('details', { class: 'desk-more' }, h('summary', null, t('desk.categories.manage')),
      h('p', { class: 'field-hint' }, t('desk.categoryHint')), list, add);
  }

  month.addEventListener('change', load);
  renderScopes();
  load();
  const el = h('section', { class: 'desk-report', 'data-testid': 'desk-report' },
    h('h2', { class: 'section-title' }, t('desk.report')),
    h('div', { class: 'field' }, h('label', { class: 'field-label', for: monthId }, t('desk.reportMonth')), month),
    scopes, chartBox, tables, csv, categoryAdmin());
  current = {
    el,
    destroy() {
      destroyed = true;
      if (chart) chart.destroy();
      current = null;
    },
  };
  return current;
}
