// pwa.js — installs the service worker (sw.js at the root scope: the app shell opens with no signal)
// and asks the browser to keep this site's storage (the outbox must not be evicted under pressure).

export function registerServiceWorker() {
  if (!('serviceWorker' in navigator) || !window.isSecureContext) return;
  navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => {
    // without a service worker the app still works online
  });
  if (navigator.storage && navigator.storage.persist) navigator.storage.persist().catch(() => {});
}

/** After sign-out emptied the caches: the service worker fetches the app shell again (no data in it). */
export function refillShell() {
  if ('serviceWorker' in navigator && navigator.serviceWorker.controller) {
    navigator.serviceWorker.controller.postMessage({ type: 'refill' });
  }
}
