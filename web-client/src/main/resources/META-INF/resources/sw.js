// sw.js — the service worker (PWA): keeps the app shell so the app opens with no signal.
// The server (web.StaticFiles) writes in this build's version and the shell list.
//
// Only the shell is ever cached: the page, /v/{version}/ scripts and styles, the WebJars it names,
// the manifest and icons. API calls (/api/...), photos and the WebSocket (/ws) are never touched here,
// so no patient data lands in the service worker's cache (SP-MOB-01).

// Web Push: the push and notificationclick handlers (no patient data in a notification, SP-MOB-04).
importScripts('/sw-push.js');

const VERSION = '@@VERSION@@';
const CACHE = `renkei-shell-${VERSION}`;
const SHELL = ['@@SHELL@@'];

/** Whether a same-origin path belongs to the app shell (everything else goes straight to the network). */
function isShell(path) {
  return path === '/' || path === '/index.html' || path === '/manifest.webmanifest'
    || path.startsWith('/v/') || path.startsWith('/icons/') || path.startsWith('/webjars/');
}

async function fill() {
  const cache = await caches.open(CACHE);
  // The browser's HTTP cache may answer: /v/ files are immutable, the page is revalidated (no-cache).
  await cache.addAll(SHELL.map((url) => new Request(url, { credentials: 'same-origin' })));
}

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    await fill();
    await self.skipWaiting();
  })());
});

// Sign-out deletes every cache; the page then asks for the shell to be fetched again.
self.addEventListener('message', (event) => {
  if (event.data && event.data.type === 'refill') event.waitUntil(fill().catch(() => {}));
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name !== CACHE) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET') return;
  const url = new URL(req.url);
  if (url.origin !== self.location.origin || !isShell(url.pathname)) return;
  if (req.mode === 'navigate' || url.pathname === '/' || url.pathname === '/index.html') {
    // The page: the network first (a new version is seen at once), the kept copy without signal.
    event.respondWith((async () => {
      try {
        const res = await fetch(req);
        if (res.ok) {
          const cache = await caches.open(CACHE);
          await cache.put('/', res.clone());
        }
        return res;
      } catch (err) {
        const kept = await caches.match('/', { cacheName: CACHE });
        if (kept) return kept;
        throw err;
      }
    })());
    return;
  }
  // Versioned files never change: the kept copy first, else the network (and keep it).
  event.respondWith((async () => {
    const kept = await caches.match(req, { cacheName: CACHE, ignoreSearch: false });
    if (kept) return kept;
    const res = await fetch(req);
    if (res.ok && res.type === 'basic') {
      const cache = await caches.open(CACHE);
      await cache.put(req, res.clone());
    }
    return res;
  })());
});
