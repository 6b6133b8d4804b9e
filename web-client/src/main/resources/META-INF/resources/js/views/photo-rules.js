// views/photo-rules.js — 写真の共有 in the members panel (SP-CON-04): the host records what the
// patient agreed to (no photos / photos without faces / photos with faces); everyone else sees it.

import { h, replace, uid } from '../dom.js';
import { t } from '../i18n.js';
import * as api from '../api.js';
import { errorMessage } from '../errors.js';
import { toast } from '../ui.js';

const OPTIONS = [
  ['none', { photos: false, faces: false }],
  ['noFaces', { photos: true, faces: false }],
  ['faces', { photos: true, faces: true }],
];

/** The option name of a rules object: none, noFaces or faces. */
export function photoRulesName(rules) {
  if (!rules || !rules.photos) return 'none';
  return rules.faces ? 'faces' : 'noFaces';
}

/**
 * ctx = {roomId, rules() → {photos, faces}, canEdit() → bool, onSaved(rules)}. Returns {el, refresh()}.
 * Saving needs no optimistic update: the photo_rules.changed event comes back live to every member.
 */
export function createPhotoRules(ctx) {
  const name = uid('photo-rules');
  const el = h('section', { class: 'photo-rules', 'data-testid': 'photo-rules' });
  let saving = false;

  function refresh() {
    const current = photoRulesName(ctx.rules());
    if (!ctx.canEdit()) {
      replace(el,
        h('h3', { class: 'photo-rules-title' }, t('photoRules.title')),
        h('p', { class: 'photo-rules-current', 'data-testid': 'photo-rules-current', 'data-value': current },
          t(`photoRules.${current}`)),
        h('p', { class: 'field-hint' }, t('photoRules.hostOnly')));
      return;
    }
    const error = h('p', { class: 'form-error', role: 'alert', hidden: true, 'data-testid': 'photo-rules-error' });
    const radios = OPTIONS.map(([value]) => h('label', { class: 'photo-rules-option' },
      h('input', {
        type: 'radio', name, value, checked: value === current, 'data-testid': `photo-rules-${value}`,
      }),
      h('span', null, t(`photoRules.${value}`))));
    const save = h('button', { type: 'submit', class: 'btn btn-primary btn-small', 'data-testid': 'photo-rules-save', disabled: saving },
      saving ? t('common.sending') : t('photoRules.save'));
    const form = h('form', { class: 'photo-rules-form', novalidate: true },
      h('fieldset', null,
        h('legend', { class: 'photo-rules-title' }, t('photoRules.title')),
        h('p', { class: 'field-hint' }, t('photoRules.hint')),
        radios),
      error,
      save);
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      const chosen = form.querySelector(`input[name="${name}"]:checked`);
      const rules = OPTIONS.find(([v]) => chosen && v === chosen.value);
      if (!rules || saving) return;
      saving = true;
      save.disabled = true;
      save.textContent = t('common.sending');
      try {
        const saved = await api.setPhotoRules(ctx.roomId, rules[1]);
        saving = false;
        ctx.onSaved(saved);
        toast(t('photoRules.saved'));
      } catch (err) {
        saving = false;
        save.disabled = false;
        save.textContent = t('photoRules.save');
        error.textContent = err.reason === 'not_host' ? t('photoRules.hostOnly') : errorMessage(err);
        error.hidden = false;
      }
    });
    replace(el, form);
  }

  refresh();
  return { el, refresh };
}
