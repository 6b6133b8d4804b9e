// push.js — Web Push on this device (docs/protocol.md §18): asks permission, subscribes with the
// server's VAPID public key through PushManager, gives the subscription to the server, and undoes it.
// The service worker's handlers are in /sw-push.js (imported by the main service worker).

import * as api from './api.js';

/** Registered only when no service worker controls the app yet: the app's own, which imports sw-push.js. */
const FALLBACK_WORKER = '/sw.js';

/** Whether this browser can receive Web Push at all (iOS: only once added to the home screen). */
export function supported() {
  return 'serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window && window.isSecureContext;
}

/** 'granted' | 'denied' | 'default' | 'unsupported' */
export function permission() {
  return supported() ? Notification.permission : 'unsupported';
}

async function registration() {
  const existing = await navigator.serviceWorker.getRegistration('/');
  if (existing) return existing;
  await navigator.serviceWorker.register(FALLBACK_WORKER, { scope: '/' });
  return navigator.serviceWorker.ready;
}

/** This device's current subscription, or null. */
export async function current() {
  if (!supported()) return null;
  const reg = await navigator.serviceWorker.getRegistration('/');
  return reg ? reg.pushManager.getSubscription() : null;
}

function base64urlToBytes(s) {
  const b64 = s.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (s.length % 4)) % 4);
  const raw = atob(b64);
  const out = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
  return out;
}

function deviceLabel() {
  const ua = navigator.userAgent || '';
  if (/iPhone|iPad/.test(ua)) return 'iOS';
  if (/Android/.test(ua)) return 'Android';
  if (/Windows/.test(ua)) return 'Windows';
  if (/Mac OS X/.test(ua)) return 'macOS';
  return 'browser';
}

/**
 * Switches notifications on for this device: permission (asked only from a user's tap), subscription,
 * saved on the server. Resolves 'on', or 'denied' when the user or the browser refused.
 */
export async function enable() {
  if (!supported()) return 'unsupported';
  const answer = await Notification.requestPermission();
  if (answer !== 'granted') return 'denied';
  const reg = await registration();
  const { publicKey } = await api.getVapidKey();
  let sub = await reg.pushManager.getSubscription();
  const key = base64urlToBytes(publicKey);
  if (sub && sub.options && sub.options.applicationServerKey) {
    const old = new Uint8Array(sub.options.applicationServerKey);
    if (old.length !== key.length || old.some((b, i) => b !== key[i])) {
      await sub.unsubscribe(); // made with another server key: useless now
      sub = null;
    }
  }
  if (!sub) sub = await reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: key });
  const json = sub.toJSON();
  await api.savePushSubscription({ endpoint: json.endpoint, keys: { p256dh: json.keys.p256dh, auth: json.keys.auth },
    device: deviceLabel() });
  return 'on';
}

/**
 * After a sign-in: a browser already subscribed (notifications switched on here before) gives its
 * subscription to the server again, tied to this sign-in. On a shared PC the server forgets a
 * subscription when the session it was made on ends; on a registered phone this re-binds it to the
 * passkey just used. Never asks for permission.
 */
export async function renew() {
  if (!supported() || Notification.permission !== 'granted') return;
  const sub = await current();
  if (!sub) return;
  const json = sub.toJSON();
  await api.savePushSubscription({ endpoint: json.endpoint, keys: { p256dh: json.keys.p256dh, auth: json.keys.auth },
    device: deviceLabel() });
}

/** Switches notifications off for this device (also on sign-out: the next user must not get them). */
export async function disable() {
  const sub = await current();
  if (!sub) return;
  try {
    await api.deletePushSubscription(sub.endpoint);
  } finally {
    await sub.unsubscribe();
  }
}

/** Calls onOpen(path) when a notification is tapped while the app is open (see sw-push.js). */
export function onNotificationTap(onOpen) {
  if (!('serviceWorker' in navigator)) return;
  navigator.serviceWorker.addEventListener('message', (e) => {
    const d = e.data;
    if (d && d.type === 'renkei.notification' && typeof d.path === 'string' && /^\/#\/(n\/[A-Za-z0-9_-]{22})?$/.test(d.path)) {
      onOpen(d.path.slice(1));
    }
  });
}
