// Service worker of the patrol view: keeps the application shell on the device so /patrol/ opens without
// a network. API calls are never answered from here: live data comes from the network or not at all, and
// requests made offline wait in the page's outbox (localStorage) with their Idempotency-Key, and no
// credential: the bearer token stays in the page's sessionStorage, never in this cache. Signing out deletes
// the waiting requests (they hold person codes) from the device.
const VERSION = 'relais-patrol-v6';
const NETWORK_TIMEOUT_MS = 3000;
const SHELL = [
  '/patrol/',
  '/patrol/manifest.json',
  '/assets/css/relais.css',
  '/assets/js/api.js',
  '/assets/js/auth.js',
  '/assets/js/capacity.js',
  '/assets/js/format.js',
  '/assets/js/i18n.js',
  '/assets/js/icons.js',
  '/assets/js/messages.js',
  '/assets/js/outbox.js',
  '/assets/js/patrol.js',
  '/assets/js/sse.js',
  '/assets/js/ui.js',
  '/assets/img/icon.svg',
  '/assets/img/icon-192.png',
];

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(VERSION).then((cache) => cache.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(caches.keys()
    .then((keys) => Promise.all(keys.filter((k) => k.startsWith('relais-patrol-') && k !== VERSION).map((k) => caches.delete(k))))
    .then(() => self.clients.claim()));
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin || url.pathname.startsWith('/api/')) return;

  const shellPath = request.mode === 'navigate' ? '/patrol/' : url.pathname;
  if (request.mode !== 'navigate' && !SHELL.includes(url.pathname)) return;
  // Network first so the page and its scripts always match after an update; on a weak signal the cached
  // copy answers after a few seconds, and at once when there is no network at all.
  event.respondWith(caches.open(VERSION).then(async (cache) => {
    // no-cache: revalidate with the server (a cheap 304 when unchanged) rather than trust the HTTP cache.
    const network = fetch(request, { cache: 'no-cache' }).then((response) => {
      if (response.ok) cache.put(shellPath, response.clone());
      return response;
    });
    const cached = await cache.match(shellPath, { ignoreSearch: true });
    if (!cached) return network;
    const timeout = new Promise((resolve) => { setTimeout(() => resolve(cached), NETWORK_TIMEOUT_MS); });
    return Promise.race([network.catch(() => cached), timeout]);
  }));
});
