// Mahalleh field app service worker, version {{ version }}.
// The app shell is cached at install (cache first); the neighbourhood, partner and
// delivered-intervention lists are fetched network first and served from the cache when offline.
// Visits themselves never pass through here: they wait in IndexedDB (outbox.js).
"use strict";
const VERSION = "{{ version }}";
const SHELL = "mahalleh-shell-" + VERSION;
const DATA = "mahalleh-data";
const SHELL_URLS = ["/field/", "/field/manifest.webmanifest", ...{{ assets|safe }}];
const DATA_PATHS = ["/api/v1/neighborhoods/", "/api/v1/partners/", "/api/v1/interventions/delivered/"];
// Base map tiles: kept once seen (or downloaded for offline use), so the map draws with no signal.
const BASEMAP = "mahalleh-basemap";

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(SHELL).then((cache) => cache.addAll(SHELL_URLS)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith("mahalleh-shell-") && k !== SHELL).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("message", (event) => {
  // Signing out forgets the cached lists of the person who signed in.
  if (event.data === "forget-data") event.waitUntil(caches.delete(DATA));
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate" && url.pathname.startsWith("/field/")) {
    event.respondWith(fromShell("/field/", request));
  } else if (SHELL_URLS.includes(url.pathname)) {
    event.respondWith(fromShell(url.pathname, request));
  } else if (DATA_PATHS.some((path) => url.pathname === path)) {
    event.respondWith(networkFirst(request));
  } else if (url.pathname.startsWith("/basemaps/")) {
    event.respondWith(cacheFirst(BASEMAP, request));
  }
});

async function fromShell(key, request) {
  const cached = await caches.match(key, { cacheName: SHELL });
  return cached || fetch(request);
}

// Where the phone has no tile and no signal, a clear one: the map shows the rest, not an error.
const CLEAR_TILE = Uint8Array.from(
  atob("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNgYGBgAAAABQABeqhXUAAAAABJRU5ErkJggg=="),
  (c) => c.charCodeAt(0),
);

async function cacheFirst(name, request) {
  const cache = await caches.open(name);
  const cached = await cache.match(request);
  if (cached) return cached;
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(request, response.clone());
    return response;
  } catch (error) {
    return new Response(CLEAR_TILE, { headers: { "Content-Type": "image/png" } });
  }
}

async function networkFirst(request) {
  const cache = await caches.open(DATA);
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(request, response.clone());
    return response;
  } catch (error) {
    const cached = await cache.match(request);
    if (cached) return cached;
    throw error;
  }
}
