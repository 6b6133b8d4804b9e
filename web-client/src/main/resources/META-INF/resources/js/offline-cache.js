// offline-cache.js — what the app needs to open and write without signal, kept in the same encrypted
// store (securestore.js, SP-MOB-01): the signed-in user, the room list and each opened room's details
// (title, patient profile, members). Timelines, notes and photos are never kept. Wiped with the rest.

import * as secure from './securestore.js';

// Opening without signal is allowed only this long after the last sign-in (the session's absolute lifetime).
const OFFLINE_MAX_MS = 12 * 60 * 60 * 1000;

/** Keeps value under name, sealed. */
export async function remember(name, value) {
  try {
    const sealed = await secure.seal(value);
    await secure.tx('cache', 'readwrite', (s) => s.put({ at: Date.now(), sealed }, name));
  } catch {
    // nothing kept: the app then simply needs the signal
  }
}

/** Forgets what is kept under name (a purged room's details). */
export async function forget(name) {
  try {
    await secure.tx('cache', 'readwrite', (s) => s.delete(name));
  } catch {
    // nothing was kept
  }
}

/** The value kept under name, or null. */
export async function recall(name) {
  try {
    const row = await secure.tx('cache', 'readonly', (s) => s.get(name));
    return row ? await secure.unseal(row.sealed) : null;
  } catch {
    return null;
  }
}

/** The user of the last sign-in on this device, if it was within 12 hours and the store is theirs. */
export async function offlineUser() {
  try {
    const row = await secure.tx('cache', 'readonly', (s) => s.get('session'));
    if (!row || Date.now() - row.at > OFFLINE_MAX_MS) return null;
    const user = await secure.unseal(row.sealed);
    const owner = await secure.getMeta('owner');
    return user && user.userId && user.userId === owner ? user : null;
  } catch {
    return null;
  }
}
