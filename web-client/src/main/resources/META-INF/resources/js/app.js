// app.js — starts the app: checks the session, shows login or the signed-in screens, routes by the
// URL hash (#/ for the room list, #/room/{roomId} for a room) and wires the live connection.

import * as api from './api.js';
import * as live from './live.js';
import * as store from './store.js';
import { t, onLangChange, ready as languageReady } from './i18n.js';
import { lazyView, loadScreenAssets } from './lazy.js';
import { toast } from './ui.js';
import { loginView } from './views/login.js';
import { roomsView } from './views/rooms.js';
import { roomView } from './views/room.js';
import { calendarView, familyHomeView, agendaView } from './views/calendar.js';
// 緊急閲覧 (break the glass) and its review by facility administrators (SP-AUTHZ-04).
import { emergencyView } from './views/emergency.js';
// Web Push (docs/protocol.md §18): a tapped notification opens #/n/<opaque id>, resolved here after sign-in.
import * as push from './push.js';
// The bedside sign-in (SP-AUTH-06, SP-MOB-02): the lock on a registered device, the wipe of a revoked one.
import * as lock from './lock.js';
import * as webauthn from './webauthn.js';
import { lockView } from './views/lock.js';
import { wipeLocalData } from './wipe.js';
// the encrypted outbox and drafts (SP-MOB-01), the service worker.
import * as outbox from './outbox.js';
import { confirmDialog } from './dialog.js';
import { registerServiceWorker, refillShell } from './pwa.js';
import * as offlineCache from './offline-cache.js';

const root = document.getElementById('app');
const ROOM_ROUTE = /^#\/room\/(r-[A-Za-z0-9-]{6,40})$/;
// Visit calendar: a room's calendar, the family view of a room, the member's agenda.
const CALENDAR_ROUTE = /^#\/room\/(r-[A-Za-z0-9-]{6,40})\/calendar$/;
const FAMILY_ROUTE = /^#\/family\/(r-[A-Za-z0-9-]{6,40})$/;
// The one-time link (SP-AUTH-05) carries its token in the fragment, never sent to the server.
const ENROL_ROUTE = /^#\/enrol\/([A-Za-z0-9._-]{10,200})$/;
const HANDOFF_ROUTE = /^#\/handoffs(?:\/(new\/(admission|discharge)|(h-[0-9a-f]{20})(?:\/(edit|print))?))?$/;
const NOTIFICATION_ROUTE = /^#\/n\/([A-Za-z0-9_-]{22})$/;
const DESK_ROUTE = /^#\/desk(?:\/case\/(dc-[A-Za-z0-9-]{10,60}))?$/;
let current = null; // {el, destroy, roomId?}
let signedIn = false;
let lastSessionCheck = 0;
let openedFromList = false;
let locked = false;
let lockedUser = null;

// Screens fetched on first use (js/lazy.js): not part of the first visit's download.
const auditView = (props) => lazyView(() => import('./views/audit.js').then((m) => m.auditView), props);
const emergencyReviewView = (props) => lazyView(() => import('./views/emergency-review.js').then((m) => m.emergencyReviewView), props);
const enrolView = (props) => lazyView(() => import('./views/enrol.js').then((m) => m.enrolView), props);
const settingsView = (props) => lazyView(() => import('./views/settings.js').then((m) => m.settingsView), props, { settings: true });
const staffView = (props) => lazyView(() => import('./views/staff.js').then((m) => m.staffView), props, { staff: true });
const bedsView = (props) => lazyView(() => import('./views/beds.js').then((m) => m.bedsView), props);
// 保存期間を過ぎた部屋: the administrator's purge of closed rooms past retention.
const retentionView = (props) => lazyView(() => import('./views/retention.js').then((m) => m.retentionView), props);
// 当番表 (on-call rota) and content-free escalation alerts.
const rotaView = (props) => lazyView(() => import('./views/rota.js').then((m) => m.rotaView), props, { rota: true });
const handoffScreen = (name) => (props) => lazyView(() => import('./views/handoffs.js').then((m) => m[name]), props);
const handoffsView = handoffScreen('handoffsView');
const handoffEditView = handoffScreen('handoffEditView');
const handoffDetailView = handoffScreen('handoffDetailView');
const handoffPrintView = handoffScreen('handoffPrintView');
const directoryView = (props) => lazyView(() => import('./views/directory.js').then((m) => m.directoryView), props,
  { directory: true });

// The document title never carries patient data, only the app name.
function setTitle() {
  document.title = t('app.name');
}

function show(view) {
  if (current && current.destroy) current.destroy();
  current = view;
  root.replaceChildren(view.el);
  if (view.focus) view.focus();
  window.scrollTo(0, 0);
}

function showLogin(notice) {
  signedIn = false;
  locked = false;
  lock.stop();
  live.stop();
  store.setCurrentUser(null);
  show(loginView({ onLoggedIn: (session) => signIn(session), notice }));
}

/** Calendar routes, and the family home; true when one was shown. */
function routeCalendar() {
  const me = store.currentUser();
  const isFamily = Boolean(me && me.profession === 'family');
  const back = () => navigate('#/', { replace: true });
  const c = CALENDAR_ROUTE.exec(location.hash);
  if (c && !isFamily) {
    show(calendarView({ roomId: c[1], onBack: () => navigate(`#/room/${c[1]}`, { replace: true }) }));
    return true;
  }
  const f = FAMILY_ROUTE.exec(location.hash);
  if (f) {
    show(calendarView({ roomId: f[1], family: true, onBack: back }));
    return true;
  }
  if (location.hash === '#/agenda') {
    show(agendaView({ onBack: back, family: isFamily }));
    return true;
  }
  if (isFamily) {
    // Family members never see the staff room list or timeline (SP-AUTHZ-03): their home is 訪問予定.
    show(familyHomeView({ onOpen: (roomId) => navigate(`#/family/${roomId}`), onLogout: logout,
      onAgenda: () => navigate('#/agenda') }));
    return true;
  }
  return false;
}

/** #/emergency (request a read-only grant) and #/admin/emergency (review grants); true when shown. */
function routeEmergency() {
  const back = () => navigate('#/', { replace: true });
  if (location.hash === '#/emergency') {
    openedFromList = false;
    show(emergencyView({ onBack: back, onOpened: (roomId) => navigate(`#/room/${roomId}`, { replace: true }) }));
    return true;
  }
  if (location.hash === '#/admin/retention') {
    openedFromList = false;
    show(retentionView({ onBack: back }));
    return true;
  }
  if (location.hash === '#/admin/emergency') {
    openedFromList = false;
    show(emergencyReviewView({ onBack: back }));
    return true;
  }
  return false;
}

/** The enrolment page, shown signed in or not; true when the hash was a one-time link. */
function routeEnrol() {
  const m = ENROL_ROUTE.exec(location.hash);
  if (!m) return false;
  // The token leaves the address bar and history at once; the page keeps it in memory.
  history.replaceState(null, '', '#/');
  showEnrol(m[1]);
  return true;
}

function showEnrol(token) {
  const view = enrolView({ token, onDone: () => { if (signedIn) route(); else showLogin(); } });
  show({ ...view, enrolToken: token });
}

/** 設定 and 職員管理; true when one was shown. */
function routeAccount() {
  const back = () => navigate('#/', { replace: true });
  if (location.hash === '#/settings') {
    if (!current || !current.settings) show(settingsView({ onBack: back }));
    return true;
  }
  if (location.hash === '#/staff') {
    if (!current || !current.staff) show(staffView({ onBack: back }));
    return true;
  }
  if (location.hash === '#/rota') { // 当番表 and content-free alerts (views/oncall.js)
    if (!current || !current.rota) show({ ...rotaView({ onBack: back }), rota: true });
    return true;
  }
  return false;
}

/**
 * #/n/{id}: a tapped notification. The id is opaque (SP-MOB-04); the server says where it leads, for
 * this user only and only while they may read the room. True when the hash was one.
 */
function routeNotification() {
  const m = NOTIFICATION_ROUTE.exec(location.hash);
  if (!m) return false;
  api.resolveNotification(m[1]).then((target) => {
    if (target && target.kind === 'room' && target.roomId) navigate(`#/room/${target.roomId}`, { replace: true });
    else if (target && target.kind === 'beds') navigate('#/beds', { replace: true });
    else if (target && target.kind === 'handoff' && target.handoffId) navigate(`#/handoffs/${target.handoffId}`, { replace: true });
    else if (target && target.kind === 'attention') navigate('#/rota', { replace: true });
    else navigate('#/', { replace: true });
  }, () => {
    toast(t('notify.gone'), { kind: 'warn' });
    navigate('#/', { replace: true });
  });
  return true;
}

/** #/handoffs (list), #/handoffs/new/{kind}, #/handoffs/{id}[/edit|/print]; true when shown. */
function routeHandoffs() {
  const m = HANDOFF_ROUTE.exec(location.hash);
  if (!m) return false;
  openedFromList = false;
  const list = () => navigate('#/handoffs', { replace: true });
  const open = (id) => navigate(`#/handoffs/${id}`);
  if (m[2]) {
    show(handoffEditView({ kind: m[2], onBack: list, onSaved: (id) => navigate(`#/handoffs/${id}`, { replace: true }) }));
  } else if (m[3] && m[4] === 'edit') {
    show(handoffEditView({ id: m[3], onBack: () => navigate(`#/handoffs/${m[3]}`, { replace: true }),
      onSaved: (id) => navigate(`#/handoffs/${id}`, { replace: true }) }));
  } else if (m[3] && m[4] === 'print') {
    show(handoffPrintView({ id: m[3], onBack: () => navigate(`#/handoffs/${m[3]}`, { replace: true }) }));
  } else if (m[3]) {
    show(handoffDetailView({ id: m[3], onBack: list, onEdit: (id) => navigate(`#/handoffs/${id}/edit`),
      onPrint: (id) => navigate(`#/handoffs/${id}/print`) }));
  } else {
    show(handoffsView({ onBack: () => navigate('#/', { replace: true }), onOpen: open,
      onNew: (kind) => navigate(`#/handoffs/new/${kind}`) }));
  }
  return true;
}

function route() {
  // While locked nothing is drawn but the lock screen, whatever the address says.
  if (locked) return;
  if (routeEnrol()) return;
  if (!signedIn) return;
  if (routeNotification()) return;
  if (routeAccount()) return;
  // 監査ログ (facility administrators; the server refuses everyone else).
  if (location.hash === '#/audit') {
    openedFromList = false;
    if (!current || !current.audit) show({ ...auditView({ onBack: () => navigate('#/', { replace: true }) }), audit: true });
    return;
  }
  if (routeCalendar()) return;
  if (routeEmergency()) return;
  if (routeHandoffs()) return;
  if (location.hash === '#/directory') {
    // 事業所さがし (provider directory) and one's own 連絡しやすい時間.
    if (!current || !current.directory) show(directoryView({ onBack: () => navigate('#/', { replace: true }) }));
    return;
  }
  if (location.hash === '#/beds') {
    // 空床情報 (vacant-bed board)
    if (current && current.beds) return;
    const view = bedsView({ onBack: () => navigate('#/', { replace: true }) });
    view.beds = true;
    show(view);
    return;
  }
  const desk = DESK_ROUTE.exec(location.hash);
  if (desk) {
    // 相談窓口 (#/desk, or #/desk/case/{id} for one case): its module is loaded only when opened, so the
    // first visit's size does not grow.
    if (current && current.desk) {
      if (desk[1]) current.openCase(desk[1]);
      return;
    }
    openedFromList = false;
    const hash = location.hash;
    Promise.all([import('./views/desk.js'), loadScreenAssets()]).then(([{ deskView }]) => {
      if (location.hash === hash && !(current && current.desk)) {
        show(deskView({ onBack: () => navigate('#/', { replace: true }), caseId: desk[1] || null }));
      }
    }, () => toast(t('desk.loadFailed'), { kind: 'warn' }));
    return;
  }
  const m = ROOM_ROUTE.exec(location.hash);
  if (!m) openedFromList = false;
  if (m) {
    if (current && current.roomId === m[1]) return;
    show(roomView({
      roomId: m[1],
      onBack: () => {
        // Opened from the list: step back in history so the phone's back button stays in step.
        if (openedFromList) {
          openedFromList = false;
          history.back();
        } else {
          navigate('#/', { replace: true });
        }
      },
      onGone: () => navigate('#/', { replace: true }),
    }));
  } else {
    show(roomsView({
      onOpen: (roomId) => {
        openedFromList = true;
        navigate(`#/room/${roomId}`);
      },
      onLogout: logout,
    }));
  }
}

function navigate(hash, { replace = false } = {}) {
  if (location.hash === hash || (hash === '#/' && !location.hash)) {
    route();
    return;
  }
  if (replace) {
    history.replaceState(null, '', hash);
    route();
  } else {
    location.hash = hash; // fires hashchange → route()
  }
}

function onInbox(msg) {
  store.applyInbox(msg);
  if (msg.type === 'room.removed' && current && current.roomId === msg.roomId) {
    toast(t('room.revoked'), { kind: 'warn' });
    navigate('#/', { replace: true });
  }
}

/**
 * Locks the app (SP-AUTH-06): the live connection closes, the current screen is destroyed and removed
 * from the DOM (not covered), the room list is forgotten, and only the lock screen remains. With
 * tellServer the server session is locked too (the client noticed first: idle, or back from the
 * background).
 */
function showLocked({ tellServer = false, user = null } = {}) {
  if (locked || !signedIn) return;
  locked = true;
  lockedUser = user || store.currentUser() || lockedUser;
  lock.stop();
  live.stop();
  if (current && current.destroy) current.destroy();
  current = null;
  root.replaceChildren();
  clearOverlays();
  store.setCurrentUser(null);
  if (tellServer) api.lockSession().catch(() => {});
  showLockScreen();
}

/** Open sheets and dialogs live outside #app (on document.body): they go too, with any toast. */
function clearOverlays() {
  for (const d of document.querySelectorAll('dialog')) {
    try { if (d.open) d.close(); } catch { /* already closed */ }
    d.remove();
  }
  for (const el of document.querySelectorAll('.toast')) el.remove();
}

function showLockScreen() {
  show(lockView({ name: lockedUser && lockedUser.name, onUnlock: unlock, onSignOut: logout }));
}

/** One tap and the fingerprint or face: the passkey with user verification unlocks the session. */
async function unlock() {
  const options = await api.unlockOptions();
  const credential = await webauthn.get(options);
  const session = await api.unlockSession(credential);
  locked = false;
  current = null;
  // Reconnects; the room screen drawn again subscribes with since-seq and misses nothing.
  signIn(session);
}

/** This device was revoked or its account offboarded: wipe everything local, then the login screen. */
async function revoked() {
  signedIn = false;
  locked = false;
  lock.stop();
  live.stop();
  if (current && current.destroy) current.destroy();
  current = null;
  root.replaceChildren();
  clearOverlays();
  store.setCurrentUser(null);
  await wipeLocalData();
  showLogin(t('login.deviceRevoked'));
}

// When the socket closes, the session may have ended (timeout, logout elsewhere): check at most
// every 10 seconds, refreshing the CSRF token used on the next CONNECT. The close code says more:
// 4423 locked, 4401 with reason device_revoked revoked.
async function onConnectionLost(evt) {
  if (evt && evt.code === 4423) {
    showLocked();
    return;
  }
  if (evt && evt.code === 4401 && evt.reason === 'device_revoked') {
    revoked();
    return;
  }
  const now = Date.now();
  if (now - lastSessionCheck < 10000) return;
  lastSessionCheck = now;
  try {
    const session = await api.getSession();
    if (session.endedReason === 'device_revoked') revoked();
    else if (signedIn && session.authenticated && session.locked) showLocked();
    else if (signedIn && !session.authenticated) {
      signedIn = false;
      showLogin(await sessionEnded(t('login.expired')));
    }
  } catch {
    // the server is unreachable; stompjs keeps retrying
  }
}

/**
 * The session ended without a sign-out (timeout, revoke, offboarding) or the app found itself signed
 * out: what is kept on the device is wiped, except notes still waiting to be sent; those stay encrypted
 * for the same person's next sign-in (another person's sign-in wipes them first). Resolves the notice.
 */
async function sessionEnded(notice) {
  const waiting = await outbox.count();
  if (waiting) {
    outbox.suspend();
    return `${notice ? `${notice} ` : ''}${t('outbox.keptForLogin', { n: waiting })}`;
  }
  await outbox.wipe();
  return notice;
}

function signIn(session) {
  signedIn = true;
  locked = false;
  lockedUser = session.user;
  store.setCurrentUser(session.user);
  const user = session.user;
  // A session that locks (signed in with a passkey) may reopen without signal after the device's own
  // fingerprint or face check; one that does not (a shared PC) never opens offline.
  const lockable = Boolean(session.lockAfterSeconds);
  outbox.start(user.userId).then(() => offlineCache.remember('session', { ...user, lockable })).catch(() => {});
  live.start({ onInbox, onLost: onConnectionLost });
  push.renew().catch(() => {});
  lock.start({
    lockAfterSeconds: session.lockAfterSeconds,
    onLock: () => showLocked({ tellServer: true }),
    // Touching and reading count as activity: any /api request keeps the server's idle clock in step.
    onActivity: () => api.getSession().then((s) => { if (s.locked) showLocked(); }).catch(() => {}),
  });
  route();
}

/**
 * Opens without signal for the last user of this device: the screens show what is kept, new notes go
 * to the outbox; when the server answers again, the live connection's session check takes over (a
 * session that ended meanwhile leads to the login, and the waiting notes stay for the same user).
 */
function signInOffline(user) {
  signedIn = true;
  store.setCurrentUser(user);
  outbox.start(user.userId).catch(() => {});
  live.start({ onInbox, onLost: onConnectionLost });
  route();
  toast(t('offline.opened'));
}

async function logout() {
  // Sign-out deletes everything kept on this device (SP-MOB-01): ask first, and say so when notes wait.
  const waiting = await outbox.count();
  const ok = await confirmDialog({
    title: t('logout.confirmTitle'),
    message: waiting ? t('logout.confirmUnsent', { n: waiting }) : t('logout.confirmMessage'),
    ok: t('nav.logout'),
    danger: waiting > 0,
  });
  if (!ok) return;
  signedIn = false;
  locked = false;
  lock.stop();
  live.stop();
  try {
    // This device stops receiving the user's notifications (a shared PC's next user must not get them).
    await push.disable();
  } catch {
    // not subscribed, or the server did not answer: the server also moves the subscription at the next sign-in
  }
  try {
    await api.logout();
  } catch {
    // even if the server did not answer, forget everything locally
  }
  await outbox.wipe({ caches: true }).catch(() => {});
  refillShell();
  showLogin(t('login.loggedOut'));
}

// The room list is reloaded after every reconnect: inbox messages may have been missed.
let wasOnline = false;
live.onState((s) => {
  if (s === 'connected' && !wasOnline && signedIn) store.loadRooms().catch(() => {});
  wasOnline = s === 'connected';
});

api.setUnauthenticatedHandler(async (err) => {
  if (err && err.reason === 'device_revoked') {
    revoked();
    return;
  }
  if (!signedIn) return;
  signedIn = false;
  showLogin(await sessionEnded(t('login.expired')));
});

api.setLockedHandler(() => {
  if (signedIn) showLocked();
});

window.addEventListener('hashchange', route);
push.onNotificationTap((hash) => navigate(hash));

onLangChange(() => {
  setTitle();
  // Screens without drafts are simply drawn again; the room screen keeps its state.
  if (locked) showLockScreen();
  else if (current && current.enrolToken) showEnrol(current.enrolToken);
  else if (!signedIn) showLogin();
  else if (!current || !current.roomId) route();
});

let bootRetry = null;

async function boot() {
  await languageReady;
  setTitle();
  clearTimeout(bootRetry);
  try {
    const session = await api.getSession();
    bootRetry = null;
    if (session.endedReason === 'device_revoked') {
      await wipeLocalData();
      showLogin(t('login.deviceRevoked'));
    } else if (session.authenticated && session.user && session.locked) {
      // Opened on a locked session: straight to the lock screen, nothing else is drawn.
      signedIn = true;
      showLocked({ user: session.user });
    } else if (session.authenticated && session.user) signIn(session);
    else if (!routeEnrol()) showLogin(await sessionEnded(null)); // a one-time link needs no login, only the CSRF token
  } catch {
    // No signal (the app shell came from the service worker). Signed in here within 12 hours: open
    // with what is kept (room list, room details; notes wait in the outbox) and reconnect by itself.
    const user = await offlineCache.offlineUser();
    // Patient data kept on the device is shown offline only to the person whose passkey this device
    // verifies now (SP-AUTH-06): the lock applies without signal too.
    if (user && !signedIn && user.lockable && await webauthn.verifyUserLocally()) {
      signInOffline(user);
      return;
    }
    bootRetry = setTimeout(boot, 10000);
    root.replaceChildren();
    const p = document.createElement('p');
    p.className = 'form-error boot-error';
    p.setAttribute('role', 'alert');
    p.setAttribute('data-testid', 'boot-offline');
    p.textContent = t('offline.boot');
    const retry = document.createElement('button');
    retry.className = 'btn btn-primary';
    retry.type = 'button';
    retry.textContent = t('action.retry');
    retry.addEventListener('click', boot);
    root.append(p, retry);
  }
}

window.addEventListener('online', () => {
  if (bootRetry) boot();
});
registerServiceWorker();
boot();
