// views/photo-picker.js — 写真を追加 in the composer (SP-CON-04): take or choose photos, preview
// them, say per photo whether a face is shown, remove before sending. Photos are uploaded when the note
// is sent (so the 顔が写っている answer is final and nothing is left on the server for a photo removed
// before sending); an uploaded photo keeps its id if posting the note fails and is sent again.

import { h } from '../dom.js';
import { t } from '../i18n.js';
import * as api from '../api.js';
import { errorMessage } from '../errors.js';

/** Limits.MAX_PHOTOS_PER_NOTE and Limits.MAX_PHOTO_BYTES (protocol). */
export const MAX_PHOTOS_PER_NOTE = 10;
const MAX_PHOTO_BYTES = 10 * 1024 * 1024;
const TYPES = new Set(['image/jpeg', 'image/png']);

/** The words for a photo upload error code (each code of docs/protocol.md 6.6a). */
export function photoErrorText(err, faces) {
  const code = err && err.code;
  if (code === 'PHOTO_NOT_ALLOWED') return t(faces ? 'photo.error.facesNotAllowed' : 'photo.error.notAllowed');
  const key = `photo.error.${code}`;
  const text = t(key);
  return text === key ? errorMessage(err) : text;
}

/**
 * ctx = {roomId}. Returns {el (the tray), button, setRules({photos, faces}), setEnabled(bool),
 * setExisting(photoIds, thumb(photoId)), uploadAll() → Promise<photoIds>, ids(), clear(), count}.
 */
export function createPhotoPicker(ctx) {
  let rules = { photos: false, faces: false };
  let enabled = true;
  let sending = false; // while uploading, the list is frozen: nothing added, removed or re-answered
  const items = []; // {key, file?, url?, faces, state: 'ready'|'uploading'|'done'|'error', photoId?, el, ...}
  let keySeq = 0;

  const input = h('input', {
    type: 'file', accept: 'image/jpeg,image/png', multiple: true, class: 'sr-only', tabindex: '-1',
    'data-testid': 'photo-input', 'aria-hidden': 'true',
  });
  const button = h('button', {
    type: 'button', class: 'btn btn-tool photo-add', 'data-testid': 'photo-add', hidden: true,
    onclick: () => input.click(),
  }, `📷 ${t('photo.add')}`);
  const notice = h('p', { class: 'field-error', role: 'alert', 'data-testid': 'photo-notice', hidden: true });
  const list = h('ul', { class: 'photo-tray-list' });
  const tray = h('div', { class: 'photo-tray', 'data-testid': 'photo-tray', hidden: true },
    list, h('p', { class: 'field-hint photo-hint' }), notice);
  const hint = tray.querySelector('.photo-hint');

  function say(text) {
    notice.textContent = text || '';
    notice.hidden = !text;
  }

  function paintRules() {
    button.hidden = !rules.photos;
    button.disabled = !enabled || sending || items.length >= MAX_PHOTOS_PER_NOTE;
    hint.textContent = rules.faces ? t('photo.facesHint') : t('photo.noFacesHint');
    for (const it of items) paintItem(it);
    tray.hidden = items.length === 0;
  }

  function remove(it) {
    const i = items.indexOf(it);
    if (i < 0 || sending) return;
    items.splice(i, 1);
    if (it.url) URL.revokeObjectURL(it.url);
    it.el.remove();
    say('');
    paintRules();
  }

  function paintItem(it) {
    const facesBlocked = it.faces && !rules.faces && it.state !== 'done';
    it.el.dataset.state = it.state;
    it.check.checked = it.faces;
    it.check.disabled = !enabled || sending || it.state === 'done' || it.existing;
    it.removeButton.disabled = !enabled || sending;
    it.bar.hidden = it.state !== 'uploading';
    it.bar.value = it.progress || 0;
    const message = it.state === 'error' ? it.error
      : facesBlocked ? t('photo.error.facesNotAllowed')
        : it.state === 'uploading' ? t('photo.uploading', { p: Math.round((it.progress || 0) * 100) })
          : it.state === 'done' && !it.existing ? t('photo.uploaded') : '';
    it.status.textContent = message;
    it.status.classList.toggle('is-error', it.state === 'error' || facesBlocked);
  }

  function addItem(it) {
    it.key = `ph-${keySeq += 1}`;
    const check = h('input', { type: 'checkbox', 'data-testid': 'photo-faces' });
    check.addEventListener('change', () => {
      it.faces = check.checked;
      if (it.state === 'error') it.state = 'ready'; // the answer changed: try again on send
      paintItem(it);
    });
    it.check = check;
    it.removeButton = h('button', {
      type: 'button', class: 'btn btn-small btn-danger-quiet photo-remove', 'data-testid': 'photo-remove',
      'aria-label': t('photo.remove'), onclick: () => remove(it),
    }, `✕ ${t('photo.remove')}`);
    it.bar = h('progress', { class: 'photo-progress', max: '1', value: '0', 'data-testid': 'photo-progress' });
    it.status = h('p', { class: 'photo-status-line', role: 'status', 'data-testid': 'photo-status' });
    const preview = it.url
      ? h('img', { src: it.url, alt: t('photo.preview'), class: 'photo-preview' })
      : it.thumbEl;
    if (it.url) {
      // A file the browser cannot show (not really an image): a plain tile instead of a broken image.
      preview.addEventListener('error', () => preview.replaceWith(h('div', { class: 'photo-preview photo-unreadable' }, '📄')));
    }
    it.el = h('li', { class: 'photo-item', 'data-testid': 'photo-item' },
      h('div', { class: 'photo-preview-box' }, preview),
      h('div', { class: 'photo-item-side' },
        it.existing ? null : h('label', { class: 'photo-faces' }, check, h('span', null, t('photo.faces'))),
        it.status, it.bar, it.removeButton));
    items.push(it);
    list.append(it.el);
  }

  input.addEventListener('change', () => {
    const files = sending ? [] : Array.from(input.files || []);
    input.value = ''; // the same photo can be chosen again after removing it
    const problems = [];
    for (const file of files) {
      if (items.length >= MAX_PHOTOS_PER_NOTE) {
        problems.push(t('photo.error.tooMany', { n: MAX_PHOTOS_PER_NOTE }));
        break;
      }
      // The server decides the type from the bytes; this only saves an upload that would be refused.
      if (!TYPES.has(file.type)) {
        problems.push(t('photo.error.UNSUPPORTED_IMAGE'));
        continue;
      }
      if (file.size > MAX_PHOTO_BYTES) {
        problems.push(t('photo.error.TOO_LARGE'));
        continue;
      }
      addItem({ file, url: URL.createObjectURL(file), faces: false, state: 'ready' });
    }
    say([...new Set(problems)].join(' '));
    paintRules();
  });

  async function uploadOne(it) {
    it.state = 'uploading';
    it.progress = 0;
    paintItem(it);
    try {
      const r = await api.uploadPhoto(ctx.roomId, it.file, it.faces, (p) => {
        it.progress = p;
        paintItem(it);
      });
      it.photoId = r.photoId;
      it.state = 'done';
    } catch (err) {
      it.state = 'error';
      it.error = photoErrorText(err, it.faces);
    }
    paintItem(it);
  }

  return {
    el: tray,
    button,
    input,
    get count() { return items.length; },

    setRules(next) {
      rules = { photos: Boolean(next && next.photos), faces: Boolean(next && next.photos && next.faces) };
      paintRules();
    },

    setEnabled(value) {
      enabled = value;
      input.disabled = !value;
      paintRules();
    },

    /** An edit keeps the note's photos: shown with their thumbnails, removable, not uploaded again. */
    setExisting(photoIds, thumb) {
      for (const photoId of photoIds || []) {
        addItem({ existing: true, photoId, faces: false, state: 'done', thumbEl: thumb(photoId) });
      }
      paintRules();
    },

    /**
     * Uploads every photo not yet uploaded, one after another (a phone's uplink is the limit). Resolves
     * the ids in the order shown; rejects with {code: 'PHOTO_FAILED'} if any photo could not be sent.
     */
    async uploadAll() {
      say('');
      if (items.some((it) => it.state !== 'done' && it.faces && !rules.faces)) {
        throw Object.assign(new Error('faces'), { code: 'PHOTO_FACES_BLOCKED' });
      }
      if (items.some((it) => it.state !== 'done') && !rules.photos) {
        throw Object.assign(new Error('rules'), { code: 'PHOTO_NOT_ALLOWED' });
      }
      sending = true;
      paintRules();
      try {
        for (const it of items) {
          if (it.state === 'ready' || it.state === 'error') await uploadOne(it);
        }
      } finally {
        sending = false;
        paintRules();
      }
      if (items.some((it) => it.state !== 'done')) {
        throw Object.assign(new Error('upload'), { code: 'PHOTO_FAILED' });
      }
      return items.map((it) => it.photoId);
    },

    ids() {
      return items.filter((it) => it.state === 'done').map((it) => it.photoId);
    },

    /**
     * Without a connection: the photos in order for the outbox, {photoId} when already
     * uploaded, else {file, faces}; the same checks as uploadAll() first.
     */
    pendingFiles() {
      if (items.some((it) => it.state !== 'done' && it.faces && !rules.faces)) {
        throw Object.assign(new Error('faces'), { code: 'PHOTO_FACES_BLOCKED' });
      }
      if (items.some((it) => it.state !== 'done') && !rules.photos) {
        throw Object.assign(new Error('rules'), { code: 'PHOTO_NOT_ALLOWED' });
      }
      return items.map((it) => (it.state === 'done' ? { photoId: it.photoId } : { file: it.file, faces: it.faces }));
    },

    clear() {
      for (const it of items) {
        if (it.url) URL.revokeObjectURL(it.url);
      }
      items.length = 0;
      list.replaceChildren();
      say('');
      paintRules();
    },
  };
}
