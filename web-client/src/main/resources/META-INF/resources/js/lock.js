// lock.js — クリアスクリーン on a registered device (SP-AUTH-06). A session signed in (or unlocked)
// with a passkey has a lock delay (SessionInfo.lockAfterSeconds, 5 minutes by default): after that long
// without a touch or a key, or when the app comes back after being in the background that long, onLock
// is called and the app removes every patient screen from the DOM and shows the lock screen. The server
// locks the session on its own clock too (423 SESSION_LOCKED, WebSocket 4423), so the lock holds even if
// this timer is throttled. A session without a passkey (a shared PC) never locks here: it simply ends
// after the server's idle timeout.

const ACTIVITY = ['pointerdown', 'keydown', 'touchstart', 'wheel'];
/** Reading without requests is activity too: the server hears of it at most once a minute. */
const TELL_SERVER_EVERY = 60000;

let delayMs = null;
let lastActivity = 0;
let hiddenAt = null;
let timer = null;
let onLock = null;
let onActivity = null;
let lastTold = 0;

function activity() {
  lastActivity = Date.now();
  if (onActivity && lastActivity - lastTold >= TELL_SERVER_EVERY) {
    lastTold = lastActivity;
    onActivity();
  }
}

function check() {
  clearTimeout(timer);
  timer = null;
  if (delayMs == null) return;
  const idle = Date.now() - lastActivity;
  if (idle >= delayMs) {
    fire('idle');
    return;
  }
  timer = setTimeout(check, Math.min(delayMs - idle + 50, 30000));
}

function visibility() {
  if (delayMs == null) return;
  if (document.visibilityState === 'hidden') {
    hiddenAt = Date.now();
    return;
  }
  const away = hiddenAt == null ? 0 : Date.now() - hiddenAt;
  hiddenAt = null;
  if (away >= delayMs) fire('background');
  else check();
}

function fire(why) {
  const fn = onLock;
  stop();
  if (fn) fn(why);
}

/**
 * Starts watching for a session that locks after lockAfterSeconds (null: the session does not lock).
 * onLock(why) is called once, with 'idle' or 'background'; onActivity() at most once a minute while the
 * user touches or types (the app then tells the server, whose own idle clock only sees requests).
 */
export function start({ lockAfterSeconds, onLock: handler, onActivity: ping }) {
  stop();
  if (!lockAfterSeconds) return;
  delayMs = lockAfterSeconds * 1000;
  onLock = handler;
  onActivity = ping || null;
  lastActivity = Date.now();
  lastTold = lastActivity;
  for (const e of ACTIVITY) window.addEventListener(e, activity, { capture: true, passive: true });
  document.addEventListener('visibilitychange', visibility);
  check();
}

/** Stops watching (sign-out, locked). */
export function stop() {
  clearTimeout(timer);
  timer = null;
  delayMs = null;
  onLock = null;
  onActivity = null;
  hiddenAt = null;
  for (const e of ACTIVITY) window.removeEventListener(e, activity, { capture: true });
  document.removeEventListener('visibilitychange', visibility);
}
