// app.js — starts the app: checks the session, shows login or the signed-in screens, routes by the
// URL hash (#/ for the room list, #/room/{roomId} for a room) and wires the live connection.

import * as api from './api.js';
import * as live from './live.js';
import * as store from './store.js';
import { t, onLangChange } from './i18n.js';
import { toast } from './ui.js';
import { loginView } from './views/login.js';
import { roomsView } from './views/rooms.js';
import { roomView } from './views/room.js';
import { bedsView } from './views/beds.js';

const root = document.getElementById('app');
const ROOM_ROUTE = /^#\/room\/(r-[A-Za-z0-9-]{6,40})$/;
let current = null; // {el, destroy, roomId?}
let signedIn = false;
let lastSessionCheck = 0;
let openedFromList = false;

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
  live.stop();
  store.setCurrentUser(null);
  show(loginView({ onLoggedIn: (session) => signIn(session), notice }));
}

function route() {
  if (!signedIn) return;
  if (location.hash === '#/beds') {
    // 空床情報 (vacant-bed board)
    if (current && current.beds) return;
    const view = bedsView({ onBack: () => navigate('#/', { replace: true }) });
    view.beds = true;
    show(view);
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

// When the socket closes, the session may have ended (timeout, logout elsewhere): check at most
// every 10 seconds, refreshing the CSRF token used on the next CONNECT.
async function onConnectionLost() {
  const now = Date.now();
  if (now - lastSessionCheck < 10000) return;
  lastSessionCheck = now;
  try {
    const session = await api.getSession();
    if (signedIn && !session.authenticated) showLogin(t('login.expired'));
  } catch {
    // the server is unreachable; stompjs keeps retrying
  }
}

function signIn(session) {
  signedIn = true;
  store.setCurrentUser(session.user);
  live.start({ onInbox, onLost: onConnectionLost });
  route();
}

async function logout() {
  signedIn = false;
  live.stop();
  try {
    await api.logout();
  } catch {
    // even if the server did not answer, forget everything locally
  }
  showLogin(t('login.loggedOut'));
}

// The room list is reloaded after every reconnect: inbox messages may have been missed.
let wasOnline = false;
live.onState((s) => {
  if (s === 'connected' && !wasOnline && signedIn) store.loadRooms().catch(() => {});
  wasOnline = s === 'connected';
});

api.setUnauthenticatedHandler(() => {
  if (signedIn) showLogin(t('login.expired'));
});

window.addEventListener('hashchange', route);

onLangChange(() => {
  setTitle();
  // Screens without drafts are simply drawn again; the room screen keeps its state.
  if (!signedIn) showLogin();
  else if (!current || !current.roomId) route();
});

async function boot() {
  setTitle();
  try {
    const session = await api.getSession();
    if (session.authenticated && session.user) signIn(session);
    else showLogin();
  } catch {
    root.replaceChildren();
    const p = document.createElement('p');
    p.className = 'form-error boot-error';
    p.setAttribute('role', 'alert');
    p.textContent = t('error.NETWORK');
    const retry = document.createElement('button');
    retry.className = 'btn btn-primary';
    retry.type = 'button';
    retry.textContent = t('action.retry');
    retry.addEventListener('click', boot);
    root.append(p, retry);
  }
}

boot();
