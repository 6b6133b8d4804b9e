// store.js — the signed-in user and the room list, kept current from /me/inbox messages.

import * as api from './api.js';
import * as offlineCache from './offline-cache.js';

const rooms = new Map(); // roomId → RoomSummary
const listeners = new Set();
let me = null;
let reloadTimer = null;

export function currentUser() {
  return me;
}

export function setCurrentUser(user) {
  me = user || null;
  if (!me) {
    rooms.clear();
    emit();
  }
}

/** Calls fn() after every change of the room list; returns an unsubscribe function. */
export function onRoomsChange(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

function emit() {
  for (const fn of listeners) fn();
}

export function roomList() {
  return Array.from(rooms.values());
}

export function roomSummary(roomId) {
  return rooms.get(roomId) || null;
}

/** Loads GET /api/rooms and replaces the list. */
export async function loadRooms() {
  let list;
  try {
    list = await api.listRooms();
    offlineCache.remember('rooms', list);
  } catch (err) {
    // Without signal: the list as last seen (encrypted on the device), and still the error.
    if (err && err.code === 'NETWORK' && !rooms.size) {
      const kept = await offlineCache.recall('rooms');
      if (kept && me) {
        for (const r of kept) rooms.set(r.roomId, r);
        emit();
      }
    }
    throw err;
  }
  rooms.clear();
  for (const r of list || []) rooms.set(r.roomId, r);
  emit();
  return roomList();
}

function reloadSoon() {
  clearTimeout(reloadTimer);
  reloadTimer = setTimeout(() => loadRooms().catch(() => {}), 300);
}

/** Applies one /me/inbox message: room.activity, room.added or room.removed. */
export function applyInbox(msg) {
  const r = rooms.get(msg.roomId);
  switch (msg.type) {
    case 'room.activity':
      if (!r) {
        reloadSoon();
        return;
      }
      if (typeof msg.headSeq === 'number' && msg.headSeq < r.headSeq) return; // out of date
      r.headSeq = msg.headSeq ?? r.headSeq;
      r.unread = msg.unread ?? r.unread;
      r.lastActivity = msg.lastActivity ?? r.lastActivity;
      emit();
      return;
    case 'room.added':
      reloadSoon();
      return;
    case 'room.removed':
      if (rooms.delete(msg.roomId)) emit();
      return;
    default:
      // unknown message types are ignored
  }
}

/** Adds or updates one room locally (after creating it). */
export function upsertRoom(summary) {
  rooms.set(summary.roomId, { ...(rooms.get(summary.roomId) || {}), ...summary });
  emit();
}

/** Marks a room read up to seq without waiting for the inbox. */
export function markReadLocally(roomId, seq) {
  const r = rooms.get(roomId);
  if (r && seq >= r.headSeq && r.unread !== 0) {
    r.unread = 0;
    emit();
  }
}

/** Forgets a room (left, removed or revoked). */
export function dropRoom(roomId) {
  if (rooms.delete(roomId)) emit();
}
