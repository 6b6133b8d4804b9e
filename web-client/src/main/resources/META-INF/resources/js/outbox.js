// outbox.js — notes and 訪問記録 written without a connection (SP-MOB-01). Every new post goes through
// here: it is first kept, encrypted, in IndexedDB (securestore.js), then sent in the order written, one at
// a time, each with the txnId it was given when written: a resend after an uncertain answer (timeout, lost
// connection, reload) is stored once by the server. States: waiting (送信待ち), failed (送れませんでした:
// the server refused it; the writer chooses 再送 or 削除), and sent (送信済み, shown briefly, then gone).

import * as live from './live.js';
import { uploadPhoto } from './api.js';
import * as secure from './securestore.js';

const RETRY_SAFE = new Set(['TIMEOUT', 'OFFLINE', 'UNAVAILABLE', 'INTERNAL', 'NETWORK']);
const SENT_SHOWN_MS = 5000;
const RETRY_MS = 15000;

let items = []; // [{id, roomId, txnId, state, code, note, photoCount}] in order, decrypted (memory only)
let owner = null; // the signed-in userId while the outbox runs
let chain = Promise.resolve();
let retryTimer = null;
let offState = null;
const outcomes = new Map(); // id → {state: 'sent'|'failed'|'waiting', result?, error?} of the last run
const listeners = new Set();

/** Calls fn() after every change; returns an unsubscribe function. */
export function onChange(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

function emit() {
  for (const fn of listeners) {
    try {
      fn();
    } catch {
      // a view's problem must not stop the outbox
    }
  }
}

/** The items of one room, oldest first: {id, txnId, state: waiting|failed|sent, code, note}. */
export function itemsOf(roomId) {
  return items.filter((i) => i.roomId === roomId);
}

/** How many items are kept (waiting or failed), without decrypting them. */
export async function count() {
  try {
    return (await secure.tx('outbox', 'readonly', (s) => s.count())) || 0;
  } catch {
    return 0;
  }
}

/**
 * Starts the outbox for userId after sign-in: data kept for another person is wiped first; the kept
 * items are loaded and sending begins (and starts again at every reconnect).
 */
export async function start(userId) {
  secure.reopen();
  const keptFor = await secure.getMeta('owner').catch(() => null);
  if (keptFor && keptFor !== userId) {
    await secure.wipe();
    secure.reopen();
  }
  await secure.setMeta('owner', userId);
  owner = userId;
  const rows = (await secure.tx('outbox', 'readonly', (s) => s.getAll())) || [];
  items = [];
  for (const row of rows) {
    const content = await secure.unseal(row.sealed);
    if (!content) {
      // not readable any more (its key is gone): nothing can be sent from it
      await secure.tx('outbox', 'readwrite', (s) => s.delete(row.id));
      continue;
    }
    items.push({
      id: row.id, roomId: row.roomId, txnId: row.txnId, state: row.state, code: row.code || null, reason: row.reason || null,
      note: content.note,
      photoCount: (row.photos || []).length,
    });
  }
  emit();
  if (offState) offState();
  offState = live.onState((s) => {
    if (s === 'connected') kick();
  });
  kick();
}

/** Stops sending and forgets what is in memory (the session ended); what is kept stays for the same user. */
export function suspend() {
  owner = null;
  items = [];
  clearTimeout(retryTimer);
  if (offState) offState();
  offState = null;
  emit();
}

/** Stops and deletes everything kept on the device (outbox, drafts, key; with caches: true also the SW caches). */
export async function wipe(options) {
  suspend();
  await secure.wipe(options);
}

async function store(item, row) {
  await secure.tx('outbox', 'readwrite', (s) => s.put(row));
  emit();
}

async function update(item, state, code = null, reason = null) {
  item.state = state;
  item.code = code;
  item.reason = reason;
  const row = await secure.tx('outbox', 'readonly', (s) => s.get(item.id));
  if (row) await store(item, { ...row, state, code, reason });
  else emit();
}

/**
 * Uploads the item's photos not yet uploaded, one by one, remembering each photo id as it comes (a
 * resend does not upload it again); resolves every photo id in order, or null when it has none.
 */
async function uploadPhotos(item) {
  const row = await secure.tx('outbox', 'readonly', (s) => s.get(item.id));
  if (!row || !Array.isArray(row.photos) || !row.photos.length) return null;
  for (let i = 0; i < row.photos.length; i += 1) {
    const p = row.photos[i];
    if (p.photoId) continue;
    const bytes = await secure.unsealBytes(p.sealed);
    if (!bytes) throw { code: 'PHOTO_FAILED' };
    const r = await uploadPhoto(item.roomId, new Blob([bytes], { type: p.type || 'image/jpeg' }), p.faces);
    row.photos[i] = { photoId: r.photoId };
    await secure.tx('outbox', 'readwrite', (s) => s.put(row));
  }
  return row.photos.map((p) => p.photoId);
}

async function sendOne(item) {
  try {
    const photoIds = item.photoCount ? await uploadPhotos(item) : null;
    const note = photoIds ? { ...item.note, photos: photoIds } : item.note;
    const result = await live.command('/app/notes.post', { roomId: item.roomId, txnId: item.txnId, note });
    await secure.tx('outbox', 'readwrite', (s) => s.delete(item.id));
    item.state = 'sent';
    outcomes.set(item.id, { state: 'sent', result });
    emit();
    setTimeout(() => {
      items = items.filter((i) => i !== item);
      emit();
    }, SENT_SHOWN_MS);
    return true;
  } catch (err) {
    const code = (err && err.code) || 'INTERNAL';
    if (RETRY_SAFE.has(code)) {
      outcomes.set(item.id, { state: 'waiting' });
      return false;
    }
    outcomes.set(item.id, { state: 'failed', error: err });
    await update(item, 'failed', code, (err && err.reason) || null);
    return true;
  }
}

/** One tab sends at a time (Web Locks where the browser has them); the txnId covers the rest. */
function run() {
  return navigator.locks ? navigator.locks.request('renkei-outbox', runHere) : runHere();
}

/** Sends every waiting item in order; stops at the first that could not be sent for want of a connection. */
async function runHere() {
  clearTimeout(retryTimer);
  for (const item of items.slice()) {
    if (!owner) return;
    if (item.state !== 'waiting') continue;
    if (!live.isConnected()) return;
    const goOn = await sendOne(item);
    if (!goOn) {
      retryTimer = setTimeout(kick, RETRY_MS);
      return;
    }
  }
}

/** Queues a sending round after the current one (one item is in flight at a time, in order). */
export function kick() {
  chain = chain.then(run, run);
  return chain;
}

/**
 * Posts a new note {roomId, txnId, note}: kept first, then sent in turn. Resolves with the server's
 * result when it went out at once, or {queued: true} when it waits for the connection. A refusal of
 * this very note while the writer is still there rejects (the composer shows why and keeps the text),
 * and the note is not kept.
 */
export async function post(body) {
  if (!owner) throw { code: 'OFFLINE' };
  const sealed = await secure.seal({ note: body.note });
  const row = { roomId: body.roomId, txnId: body.txnId, state: 'waiting', code: null, createdAt: Date.now(), sealed };
  // Photos taken without signal (composer: pendingPhotos) wait with the note, each encrypted.
  if (Array.isArray(body.pendingPhotos) && body.pendingPhotos.length) {
    row.photos = [];
    for (const p of body.pendingPhotos) {
      if (p.photoId) {
        row.photos.push({ photoId: p.photoId });
      } else {
        const bytes = new Uint8Array(await p.file.arrayBuffer());
        row.photos.push({ type: p.file.type || 'image/jpeg', faces: Boolean(p.faces), sealed: await secure.sealBytes(bytes) });
      }
    }
  }
  const id = await secure.tx('outbox', 'readwrite', (s) => s.add(row));
  const item = {
    id, roomId: body.roomId, txnId: body.txnId, state: 'waiting', code: null, note: body.note,
    photoCount: row.photos ? row.photos.length : 0,
  };
  items.push(item);
  emit();
  if (!live.isConnected()) {
    kick();
    return { queued: true, txnId: body.txnId };
  }
  await kick();
  const outcome = outcomes.get(id);
  outcomes.delete(id);
  if (outcome && outcome.state === 'sent') return outcome.result;
  if (outcome && outcome.state === 'failed') {
    await remove(id);
    throw outcome.error;
  }
  return { queued: true, txnId: body.txnId };
}

/** 再送: a refused item goes back to waiting (same txnId: nothing was stored for it). */
export async function retry(id) {
  const item = items.find((i) => i.id === id);
  if (!item || item.state !== 'failed') return;
  await update(item, 'waiting');
  kick();
}

/** 削除: forgets an item that was not sent. */
export async function remove(id) {
  items = items.filter((i) => i.id !== id);
  await secure.tx('outbox', 'readwrite', (s) => s.delete(id)).catch(() => {});
  emit();
}
