// wipe.js — removes everything this app keeps on the device (SP-MOB-01, SP-MOB-02): every IndexedDB
// database of this origin, Cache Storage, localStorage and sessionStorage. Called when the server says
// this device was revoked or its account offboarded (`device_revoked`); the offline outbox and sign-out
// call the same function, so there is one place that knows what "local data" is.

/** Deletes one IndexedDB database; resolves even if it is blocked or fails (best effort, then next). */
function deleteDatabase(name) {
  return new Promise((resolve) => {
    try {
      const req = indexedDB.deleteDatabase(name);
      req.onsuccess = () => resolve(true);
      req.onerror = () => resolve(false);
      // Another tab holds it open: it is deleted as soon as that tab lets go.
      req.onblocked = () => resolve(false);
    } catch {
      resolve(false);
    }
  });
}

/**
 * Wipes all local data of this origin. Resolves with what was removed:
 * {databases: [names], caches: [names], storage: true}. Never rejects.
 */
export async function wipeLocalData() {
  const removed = { databases: [], caches: [], storage: false };
  try {
    if (window.indexedDB && typeof indexedDB.databases === 'function') {
      const dbs = await indexedDB.databases();
      for (const db of dbs) {
        if (db && db.name && await deleteDatabase(db.name)) removed.databases.push(db.name);
      }
    }
  } catch {
    // indexedDB.databases() missing (older Firefox): the outbox deletes its own database by name.
  }
  try {
    if (window.caches) {
      for (const name of await caches.keys()) {
        if (await caches.delete(name)) removed.caches.push(name);
      }
    }
  } catch {
    // Cache Storage unavailable (not a secure context): nothing was stored there.
  }
  try {
    localStorage.clear();
    sessionStorage.clear();
    removed.storage = true;
  } catch {
    // Storage disabled by the browser: nothing to clear.
  }
  return removed;
}
