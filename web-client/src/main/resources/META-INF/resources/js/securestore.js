// securestore.js — the only place the app keeps anything on the device (SP-MOB-01): one IndexedDB
// database holding the outbox (notes written without signal) and drafts, each item's content encrypted
// with AES-GCM under a key made here with extractable=false. The CryptoKey object itself is stored in
// IndexedDB (browsers keep such a key usable but never hand out its bytes). Sign-out deletes the whole
// database and the service worker's caches.

const DB_NAME = 'renkei-secure';
const DB_VERSION = 2;
let dbPromise = null;
let keyPromise = null;
let closed = false; // after wipe(): nothing is written again until reopen() (the next sign-in)

function open() {
  if (closed) return Promise.reject(new Error('closed'));
  if (!dbPromise) {
    dbPromise = new Promise((resolve, reject) => {
      const r = indexedDB.open(DB_NAME, DB_VERSION);
      r.onupgradeneeded = () => {
        const db = r.result;
        const has = (name) => db.objectStoreNames.contains(name);
        if (!has('keys')) db.createObjectStore('keys');
        if (!has('meta')) db.createObjectStore('meta');
        if (!has('outbox')) db.createObjectStore('outbox', { keyPath: 'id', autoIncrement: true });
        if (!has('drafts')) db.createObjectStore('drafts', { keyPath: 'roomId' });
        // v2: what the app needs to open without signal (the user, room list, room details; no notes)
        if (!has('cache')) db.createObjectStore('cache');
      };
      r.onsuccess = () => {
        const db = r.result;
        // Another tab deleting the database (sign-out) must not be blocked by this connection.
        db.onversionchange = () => {
          db.close();
          dbPromise = null;
          keyPromise = null;
        };
        resolve(db);
      };
      r.onerror = () => reject(r.error);
      r.onblocked = () => reject(new Error('blocked'));
    });
    dbPromise.catch(() => {
      dbPromise = null;
    });
  }
  return dbPromise;
}

/** Runs fn(store) in one transaction of storeName; resolves with fn's request result once committed. */
export async function tx(storeName, mode, fn) {
  const db = await open();
  return new Promise((resolve, reject) => {
    const t = db.transaction(storeName, mode);
    let result;
    const r = fn(t.objectStore(storeName));
    if (r) r.onsuccess = () => { result = r.result; };
    t.oncomplete = () => resolve(result);
    t.onerror = () => reject(t.error);
    t.onabort = () => reject(t.error);
  });
}

async function key() {
  if (!keyPromise) {
    keyPromise = (async () => {
      const kept = await tx('keys', 'readonly', (s) => s.get('content'));
      if (kept) return kept;
      const k = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
      await tx('keys', 'readwrite', (s) => s.put(k, 'content'));
      return k;
    })();
    keyPromise.catch(() => {
      keyPromise = null;
    });
  }
  return keyPromise;
}

/** Encrypts a JSON value: {iv, data} (a fresh 96-bit IV each time). */
export async function seal(value) {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const plain = new TextEncoder().encode(JSON.stringify(value));
  const data = await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, await key(), plain);
  return { iv, data: new Uint8Array(data) };
}

/** Encrypts bytes (a photo waiting in the outbox): {iv, data}. */
export async function sealBytes(bytes) {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const data = await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, await key(), bytes);
  return { iv, data: new Uint8Array(data) };
}

/** Decrypts what sealBytes() made: a Uint8Array, or null. */
export async function unsealBytes(sealed) {
  if (!sealed || !sealed.iv || !sealed.data) return null;
  try {
    return new Uint8Array(await crypto.subtle.decrypt({ name: 'AES-GCM', iv: sealed.iv }, await key(), sealed.data));
  } catch {
    return null;
  }
}

/** Decrypts what seal() made; null when it cannot (for example a key from before a wipe). */
export async function unseal(sealed) {
  if (!sealed || !sealed.iv || !sealed.data) return null;
  try {
    const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: sealed.iv }, await key(), sealed.data);
    return JSON.parse(new TextDecoder().decode(plain));
  } catch {
    return null;
  }
}

/** Allows the store to be used again (sign-in after a wipe). */
export function reopen() {
  closed = false;
}

export const getMeta = (name) => tx('meta', 'readonly', (s) => s.get(name));
export const setMeta = (name, value) => tx('meta', 'readwrite', (s) => s.put(value, name));

/**
 * Deletes everything kept on the device: the database (outbox, drafts, key) and, with caches: true
 * (sign-out), the service worker's caches too (they hold only the app shell, but sign-out leaves
 * nothing behind; pwa.refillShell() fetches the shell again).
 */
export async function wipe({ caches: withCaches = false } = {}) {
  closed = true;
  const db = dbPromise ? await dbPromise.catch(() => null) : null;
  if (db) db.close();
  dbPromise = null;
  keyPromise = null;
  await new Promise((resolve) => {
    const r = indexedDB.deleteDatabase(DB_NAME);
    r.onsuccess = resolve;
    r.onerror = resolve;
    r.onblocked = resolve; // other tabs close their connection on versionchange; deletion completes then
  });
  if (withCaches && self.caches) {
    for (const name of await caches.keys().catch(() => [])) await caches.delete(name).catch(() => {});
  }
}
