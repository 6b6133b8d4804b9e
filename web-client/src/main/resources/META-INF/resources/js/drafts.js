// drafts.js — the half-written note or 訪問記録 of each room, kept encrypted on the device
// (securestore.js, SP-MOB-01) so it survives leaving the room, a reload or a closed app; deleted once sent
// and by sign-out.

import * as secure from './securestore.js';

/** Keeps content (the composer's draft object) for roomId; an empty draft deletes it. */
export async function save(roomId, content) {
  if (!content) {
    await remove(roomId);
    return;
  }
  const sealed = await secure.seal(content);
  await secure.tx('drafts', 'readwrite', (s) => s.put({ roomId, savedAt: Date.now(), sealed }));
}

/** The kept draft of roomId, or null. */
export async function load(roomId) {
  try {
    const row = await secure.tx('drafts', 'readonly', (s) => s.get(roomId));
    return row ? await secure.unseal(row.sealed) : null;
  } catch {
    return null;
  }
}

export async function remove(roomId) {
  await secure.tx('drafts', 'readwrite', (s) => s.delete(roomId)).catch(() => {});
}
