// live.js — the STOMP connection (global StompJs from the WebJar): command replies, the personal
// inbox, and the timeline of the one open room, re-subscribed with since-seq after every reconnect.

import { csrfInfo } from './api.js';

const REPLY_TIMEOUT_MS = 20000;

let client = null;
let everConnected = false;
let state = 'offline'; // offline | connecting | connected | reconnecting
const stateListeners = new Set();
const pending = new Map(); // requestId → {requestId, destination, body, resolve, reject, timer}
let inboxHandler = () => {};
let lostHandler = () => {};
let roomWatch = null; // {roomId, sinceSeq, onMessage, onReply, sub, requestId}
let calendarWatch = null; // {destination, onMessage, onSubscribed, sub} — the open calendar

/** A random client id (request-id, txnId): printable ASCII, well under 64 characters. */
export function newId(prefix) {
  const bytes = new Uint8Array(12);
  crypto.getRandomValues(bytes);
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${prefix}-${Date.now().toString(36)}-${hex}`;
}

function setState(next) {
  if (state === next) return;
  state = next;
  for (const fn of stateListeners) fn(state);
}

/** Calls fn(state) now and on every change; returns an unsubscribe function. */
export function onState(fn) {
  stateListeners.add(fn);
  fn(state);
  return () => stateListeners.delete(fn);
}

export function isConnected() {
  return Boolean(client && client.connected);
}

function parse(message) {
  try {
    const body = JSON.parse(message.body);
    return body && typeof body === 'object' ? body : null;
  } catch {
    return null;
  }
}

// Handlers must never throw into the STOMP parser (it would log the exception to the console).
function safely(fn, arg) {
  try {
    fn(arg);
  } catch {
    // a rendering problem must not break the connection
  }
}

function wsUrl() {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}/ws`;
}

function publish(p) {
  if (!isConnected()) return; // sent from onConnect when the connection is back
  try {
    client.publish({
      destination: p.destination,
      body: JSON.stringify(p.body),
      headers: { 'request-id': p.requestId, 'content-type': 'application/json' },
    });
  } catch {
    // the socket closed under us; onConnect resends
  }
}

function onReply(message) {
  const body = parse(message);
  if (!body) return;
  const p = pending.get(body.requestId);
  if (p) {
    clearTimeout(p.timer);
    pending.delete(body.requestId);
    if (body.type === 'ok') p.resolve(body.result);
    else p.reject(body);
    return;
  }
  if (roomWatch && body.requestId === roomWatch.requestId) safely(roomWatch.onReply, body);
}

function subscribeRoom(w) {
  w.requestId = newId('s');
  const headers = { 'request-id': w.requestId };
  const since = w.sinceSeq();
  if (since != null && since > 0) headers['since-seq'] = String(since);
  w.sub = client.subscribe(`/room/${w.roomId}`, (message) => {
    const body = parse(message);
    if (body && roomWatch === w) safely(w.onMessage, body);
  }, headers);
}

function onConnected() {
  everConnected = true;
  setState('connected');
  client.subscribe('/me/replies', onReply); // first, so no reply is missed
  client.subscribe('/me/inbox', (message) => {
    const body = parse(message);
    if (body) safely(inboxHandler, body);
  });
  if (roomWatch) subscribeRoom(roomWatch);
  if (calendarWatch) subscribeCalendar(calendarWatch);
  if (bedWatch) subscribeBeds(bedWatch);
  if (handoffWatch) subscribeHandoffs(handoffWatch);
  // Everything still unanswered is sent again: posts and edits are idempotent by txnId,
  // acknowledgements and read markers by nature.
  for (const p of pending.values()) publish(p);
}

/**
 * Opens the connection. onInbox gets /me/inbox bodies; onLost(closeEvent) is called whenever the socket
 * closes.
 */
export function start({ onInbox, onLost }) {
  stop();
  inboxHandler = onInbox || (() => {});
  lostHandler = onLost || (() => {});
  everConnected = false;
  setState('connecting');
  const c = new StompJs.Client({
    brokerURL: wsUrl(),
    reconnectDelay: 1000,
    maxReconnectDelay: 30000,
    reconnectTimeMode: StompJs.ReconnectionTimeMode ? StompJs.ReconnectionTimeMode.EXPONENTIAL : undefined,
    connectionTimeout: 15000,
    heartbeatIncoming: 20000,
    heartbeatOutgoing: 20000,
    debug: () => {},
  });
  c.beforeConnect = () => {
    const { header, token } = csrfInfo();
    c.connectHeaders = token ? { [header]: token } : {};
  };
  c.onConnect = () => {
    if (client === c) onConnected();
  };
  c.onWebSocketClose = (evt) => {
    if (client !== c || !c.active) return;
    setState(everConnected ? 'reconnecting' : 'connecting');
    // The close event tells the app why: 4423 session locked, 4401 session ended (reason
    // device_revoked: wipe local data). After an unlock, start() again resumes with since-seq.
    safely(lostHandler, evt);
  };
  c.onStompError = () => {
    // The server refused a frame or the CONNECT (for example an expired session); the socket closes
    // and reconnects, and onLost lets the app check the session.
  };
  client = c;
  c.activate();
}

/** Closes the connection and fails everything still pending. */
export function stop() {
  const c = client;
  client = null;
  roomWatch = null;
  if (c) c.deactivate().catch(() => {});
  for (const p of pending.values()) {
    clearTimeout(p.timer);
    p.reject({ code: 'OFFLINE' });
  }
  pending.clear();
  setState('offline');
}

/**
 * Sends a command and resolves with the ok reply's result, or rejects with the error reply
 * ({code, message, reason, violations}) or a client-side {code: 'TIMEOUT'|'OFFLINE'}.
 * While disconnected the command waits and goes out on reconnect.
 */
export function command(destination, body) {
  return new Promise((resolve, reject) => {
    if (!client) {
      reject({ code: 'OFFLINE' });
      return;
    }
    const requestId = newId('q');
    const p = { requestId, destination, body, resolve, reject, timer: null };
    p.timer = setTimeout(() => {
      pending.delete(requestId);
      reject({ code: isConnected() ? 'TIMEOUT' : 'OFFLINE' });
    }, REPLY_TIMEOUT_MS);
    pending.set(requestId, p);
    publish(p);
  });
}

/**
 * Follows one room's timeline. sinceSeq() gives the highest seq held (asked again on every
 * reconnect); onMessage gets event, receipt and revoked bodies; onReply the subscription's reply.
 * Returns a function that stops following.
 */
export function watchRoom(roomId, { sinceSeq, onMessage, onReply }) {
  if (roomWatch) unwatch(roomWatch);
  const w = { roomId, sinceSeq, onMessage, onReply: onReply || (() => {}), sub: null, requestId: null };
  roomWatch = w;
  if (isConnected()) subscribeRoom(w);
  return () => unwatch(w);
}

function unwatch(w) {
  if (w.sub && isConnected()) {
    try {
      w.sub.unsubscribe();
    } catch {
      // already gone with the socket
    }
  }
  if (roomWatch === w) roomWatch = null;
}

// --- visit calendar -------------------------------------------------------------------

function subscribeCalendar(w) {
  w.sub = client.subscribe(w.destination, (message) => {
    const body = parse(message);
    if (body && calendarWatch === w) safely(w.onMessage, body);
  });
  // After every (re)subscription the view reloads: changes made while offline are not replayed here.
  safely(w.onSubscribed, null);
}

/**
 * Follows calendar changes of one room: staff on /room/{id} (calendar.* events among the others),
 * family on /family/{id} (calendar changes only). onMessage gets each body; onSubscribed is called
 * after each (re)subscription. Returns a function that stops following.
 */
export function watchCalendar(destination, { onMessage, onSubscribed = () => {} }) {
  if (calendarWatch) stopCalendar(calendarWatch);
  const w = { destination, onMessage, onSubscribed, sub: null };
  calendarWatch = w;
  if (isConnected()) subscribeCalendar(w);
  return () => stopCalendar(w);
}

function stopCalendar(w) {
  if (w.sub && isConnected()) {
    try {
      w.sub.unsubscribe();
    } catch {
      // already gone with the socket
    }
  }
  if (calendarWatch === w) calendarWatch = null;
}

// ---- Vacant-bed board (空床情報): /beds/board and /beds/inquiries, re-subscribed after every reconnect.
let bedWatch = null; // {onNotice, onInquiry, subs}

function subscribeBeds(w) {
  w.subs = [
    client.subscribe('/beds/board', (message) => {
      const body = parse(message);
      if (body && bedWatch === w) safely(w.onNotice, body.notice);
    }, { 'request-id': newId('s') }),
    client.subscribe('/beds/inquiries', (message) => {
      const body = parse(message);
      if (body && bedWatch === w) safely(w.onInquiry, body.inquiry);
    }, { 'request-id': newId('s') }),
  ];
}

/** Follows the bed board and the organisation's inquiries; returns a function that stops. */
export function watchBeds({ onNotice, onInquiry }) {
  if (bedWatch) unwatchBeds(bedWatch);
  const w = { onNotice, onInquiry, subs: [] };
  bedWatch = w;
  if (isConnected()) subscribeBeds(w);
  return () => unwatchBeds(w);
}

function unwatchBeds(w) {
  if (isConnected()) {
    for (const sub of w.subs) {
      try {
        sub.unsubscribe();
      } catch {
        // already gone with the socket
      }
    }
  }
  if (bedWatch === w) bedWatch = null;
}

// ---- Handoff sheets (入退院連携): /handoffs carries ids and states only; the screens reload over HTTP.
let handoffWatch = null; // {onChange, sub}

function subscribeHandoffs(w) {
  w.sub = client.subscribe('/handoffs', (message) => {
    const body = parse(message);
    if (body && handoffWatch === w) safely(w.onChange, body);
  }, { 'request-id': newId('s') });
}

/** Follows the office's handoff sheets; onChange({handoffId, state, …}); returns a function that stops. */
export function watchHandoffs({ onChange }) {
  if (handoffWatch) unwatchHandoffs(handoffWatch);
  const w = { onChange, sub: null };
  handoffWatch = w;
  if (isConnected()) subscribeHandoffs(w);
  return () => unwatchHandoffs(w);
}

function unwatchHandoffs(w) {
  if (w.sub && isConnected()) {
    try {
      w.sub.unsubscribe();
    } catch {
      // already gone with the socket
    }
  }
  if (handoffWatch === w) handoffWatch = null;
}
