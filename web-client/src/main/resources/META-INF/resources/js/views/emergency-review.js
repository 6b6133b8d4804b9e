// @on-demand — fetched on first use (js/lazy.js), not part of the app shell.
// views/emergency-review.js — 緊急閲覧の確認 (#/admin/emergency): a facility administrator reviews the
// break-the-glass grants of their own staff (SP-AUTHZ-04, SP-AUD-04). Unreviewed grants come first,
// overdue ones (not reviewed within 7 days) first of all and highlighted; each takes a review comment.
// Shows ids only (room id, staff id), never patient names, like 監査ログ.

import { h, replace } from '../dom.js';
import { t } from '../i18n.js';
import { formatTime } from '../format.js';
import { errorMessage, violationLines } from '../errors.js';
import { topBar, toast } from '../ui.js';
import * as api from '../api.js';

const COMMENT_MAX = 500;

/** Overdue first, then unreviewed, then reviewed; newest first within each group. */
function order(a, b) {
  const rank = (g) => (g.reviewedAt ? 2 : g.overdue ? 0 : 1);
  return rank(a) - rank(b) || String(b.openedAt).localeCompare(String(a.openedAt));
}

/** The grants screen. onBack() returns to the room list. */
export function emergencyReviewView({ onBack }) {
  const listEl = h('div', { class: 'grant-list', 'data-testid': 'grant-list', 'aria-busy': 'true' });
  const error = h('p', { class: 'form-error', role: 'alert', hidden: true, 'data-testid': 'grants-error' });

  function reviewForm(g) {
    const comment = h('textarea', {
      rows: 2, maxlength: COMMENT_MAX, 'data-testid': 'grant-comment', 'aria-label': t('grants.comment'),
      placeholder: t('grants.commentExample'),
    });
    const formError = h('p', { class: 'form-error', role: 'alert', hidden: true });
    const submit = h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'grant-review-submit' }, t('grants.review'));
    const form = h('form', { class: 'grant-review', novalidate: true }, comment, formError, submit);
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      if (!comment.value.trim()) {
        formError.textContent = `${t('grants.comment')}: ${t('problem.required')}`;
        formError.hidden = false;
        return;
      }
      submit.disabled = true;
      try {
        await api.reviewEmergencyGrant(g.grantId, comment.value.trim());
        toast(t('grants.reviewed'));
        load();
      } catch (err) {
        formError.textContent = [errorMessage(err), ...violationLines(err.violations)].join(' ');
        formError.hidden = false;
        submit.disabled = false;
      }
    });
    return form;
  }

  function grantItem(g) {
    const state = g.reviewedAt ? 'reviewed' : g.overdue ? 'overdue' : 'open';
    return h('li', { class: `grant grant-${state}`, 'data-testid': 'grant', 'data-grant-id': g.grantId, 'data-state': state },
      h('div', { class: 'grant-head' },
        h('span', { class: `tag${state === 'overdue' ? ' tag-denied' : ''}` }, t(`grants.state.${state}`)),
        h('time', { datetime: g.openedAt }, formatTime(g.openedAt)),
        h('span', { class: 'audit-sub' }, t('grants.until', { time: formatTime(g.until) }))),
      h('dl', { class: 'grant-facts' },
        h('dt', null, t('grants.staff')), h('dd', null, g.userId),
        h('dt', null, t('grants.room')), h('dd', null, g.roomId),
        h('dt', null, t('grants.reason')), h('dd', { 'data-testid': 'grant-reason' }, g.reason)),
      g.reviewedAt
        ? h('p', { class: 'grant-done', 'data-testid': 'grant-review-done' },
          t('grants.reviewedBy', { by: g.reviewedBy, time: formatTime(g.reviewedAt) }), h('br'), g.reviewComment)
        : reviewForm(g));
  }

  async function load() {
    error.hidden = true;
    listEl.setAttribute('aria-busy', 'true');
    try {
      const grants = (await api.listEmergencyGrants()) || [];
      replace(listEl, grants.length
        ? h('ul', { class: 'grant-ul' }, [...grants].sort(order).map(grantItem))
        : h('p', { class: 'empty', 'data-testid': 'grants-empty' }, t('grants.empty')));
    } catch (err) {
      replace(listEl);
      error.textContent = err.code === 'FORBIDDEN' ? t('grants.forbidden') : errorMessage(err);
      error.hidden = false;
    } finally {
      listEl.setAttribute('aria-busy', 'false');
    }
  }

  const el = h('div', { class: 'screen audit grants', 'data-testid': 'grants-screen' },
    topBar({ onBack, title: t('grants.title'), subtitle: t('grants.subtitle') }),
    h('main', { class: 'audit-main' }, h('p', { class: 'hint' }, t('grants.hint')), error, listEl));
  load();
  return { el };
}
