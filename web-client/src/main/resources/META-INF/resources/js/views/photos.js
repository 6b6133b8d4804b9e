// views/photos.js — photos in notes (SP-CON-04): thumbnails loaded only when they come on
// screen, through short-lived per-user links asked for just before use; a full-size overlay with the
// viewer's name as a watermark and no download button.

import { h } from '../dom.js';
import { t } from '../i18n.js';
import * as api from '../api.js';
import { errorMessage } from '../errors.js';
import { formatTime } from '../format.js';

// Links are valid 5 minutes (docs/protocol.md 6.6a). The phone's clock may be wrong, so the client
// counts from when it received the link, not from expiresAt, and stops using it a minute early.
const LINK_USE_MS = 4 * 60 * 1000;

/**
 * The photos of one room. ctx = {roomId, me}. Returns {thumb(photoId), open(photoId), destroy()}.
 * Thumbnail elements are kept per photo, so repainting a note (read marks, members) moves the loaded
 * image instead of fetching it again, which would be another audited view.
 */
export function createPhotoGallery(ctx) {
  const links = new Map(); // photoId → {link, until} | {pending: Promise}
  const thumbs = new Map(); // photoId → element
  let viewer = null;
  let destroyed = false;

  const observer = new IntersectionObserver((entries) => {
    for (const e of entries) {
      if (!e.isIntersecting) continue;
      observer.unobserve(e.target);
      loadThumb(e.target);
    }
  }, { rootMargin: '200px 0px' });

  /** A usable link for the photo: the cached one while it is fresh, else a new one. */
  async function link(photoId, { fresh = false } = {}) {
    const cached = links.get(photoId);
    if (cached && cached.pending) return cached.pending;
    if (cached && !fresh && cached.until > Date.now()) return cached.link;
    const pending = api.getPhotoLink(ctx.roomId, photoId).then((l) => {
      links.set(photoId, { link: l, until: Date.now() + LINK_USE_MS });
      return l;
    }, (err) => {
      links.delete(photoId);
      throw err;
    });
    links.set(photoId, { pending });
    return pending;
  }

  /** Loads an image from a link; if it fails once (the link ran out), asks for a new link and tries again. */
  async function show(img, photoId, pick) {
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const l = await link(photoId, { fresh: attempt > 0 });
      const ok = await new Promise((resolve) => {
        img.onload = () => resolve(true);
        img.onerror = () => resolve(false);
        img.src = pick(l);
      });
      if (ok) return;
    }
    throw Object.assign(new Error('photo'), { code: 'PHOTO_LINK_INVALID' });
  }

  async function loadThumb(el) {
    const { photoId } = el.dataset;
    const img = el.querySelector('img');
    el.dataset.state = 'loading';
    try {
      await show(img, photoId, (l) => l.thumbUrl);
      if (destroyed) return;
      el.dataset.state = 'loaded';
      el.disabled = false;
    } catch (err) {
      if (destroyed) return;
      el.dataset.state = 'error';
      el.title = err.code === 'PHOTO_NOT_FOUND' ? t('error.PHOTO_NOT_FOUND') : t('photo.loadFailed');
      el.disabled = err.code === 'PHOTO_NOT_FOUND';
    }
  }

  /** The thumbnail of a note's photo; shared = false makes a separate one (the composer's edit tray). */
  function thumb(photoId, { shared = true } = {}) {
    let el = shared ? thumbs.get(photoId) : null;
    if (el) return el;
    el = h('button', {
      type: 'button', class: 'photo-thumb', 'data-testid': 'note-photo', 'data-photo-id': photoId, 'data-state': 'waiting',
      'aria-label': t('photo.open'),
    }, h('img', { alt: t('photo.alt'), draggable: 'false', decoding: 'async' }));
    el.addEventListener('click', () => {
      if (el.dataset.state === 'error') loadThumb(el); // tap again to retry
      else if (el.dataset.state === 'loaded') open(photoId);
    });
    el.addEventListener('contextmenu', (e) => e.preventDefault());
    if (shared) thumbs.set(photoId, el);
    observer.observe(el);
    return el;
  }

  function watermark() {
    // The viewer's name and the time, tiled over the image (SP-CON-04): a screenshot names its taker.
    const label = `${(ctx.me && ctx.me.name) || ''} ${formatTime(new Date().toISOString())}`;
    return h('div', { class: 'photo-watermark', 'data-testid': 'photo-watermark', 'aria-hidden': 'true' },
      Array.from({ length: 12 }, () => h('span', null, label)));
  }

  /** Opens the full-size photo in an overlay. */
  function open(photoId) {
    close();
    const img = h('img', { class: 'photo-full', alt: t('photo.alt'), draggable: 'false', 'data-testid': 'photo-full' });
    const status = h('p', { class: 'photo-status', role: 'status' }, t('common.loading'));
    const dialog = h('dialog', { class: 'photo-viewer', 'data-testid': 'photo-viewer', 'aria-label': t('photo.viewerTitle') },
      h('div', { class: 'photo-stage' }, img, watermark(), status),
      h('button', {
        type: 'button', class: 'btn photo-close', 'data-testid': 'photo-close', onclick: () => close(),
      }, `✕ ${t('action.close')}`));
    dialog.addEventListener('contextmenu', (e) => e.preventDefault());
    dialog.addEventListener('click', (e) => {
      if (e.target === dialog) close(); // a tap outside the image
    });
    dialog.addEventListener('close', () => {
      img.removeAttribute('src');
      dialog.remove();
      if (viewer === dialog) viewer = null;
    });
    viewer = dialog;
    document.body.append(dialog);
    dialog.showModal();
    show(img, photoId, (l) => l.url).then(() => {
      status.hidden = true;
      dialog.dataset.state = 'loaded';
    }, (err) => {
      status.textContent = err.code === 'PHOTO_LINK_INVALID' ? t('photo.loadFailed') : errorMessage(err);
      dialog.dataset.state = 'error';
    });
  }

  function close() {
    if (viewer && viewer.open) viewer.close();
  }

  return {
    thumb,
    open,
    destroy() {
      destroyed = true;
      observer.disconnect();
      close();
      thumbs.clear();
      links.clear();
    },
  };
}
