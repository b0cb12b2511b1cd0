/**
 * The service worker (served as /sw.js; web/vite.config.ts `serviceWorker()` fills in VERSION and
 * SHELL at build time). What it keeps, in one cache per version ("world-it-<version>"):
 *   - on install: the app shell, "/" (index.html, the same page for every route), every built
 *     file under /assets/ (the entry first, then each page's code and styles: any page opens
 *     offline) and the public files (manifest, icons). A built file's name carries a hash of its
 *     content, so one an earlier version already cached is copied over, not downloaded again;
 *   - a file under /assets/ it somehow lacks, the first time it is fetched (cache-first, never revalidated).
 * Page navigations go to the network first (a deployment is seen at once); offline, the cached
 * shell answers and the app starts. Nothing else is touched: /trpc, /api, /ws, /media, /dev and
 * every other request go straight to the network, so no API answer (personal data) is ever stored.
 * A new version installs beside the old one and waits; the page offers "update" and posts
 * SKIP_WAITING (web/src/lib/pwa.ts). On activation, the caches of other versions are deleted.
 * Web push (issue 15): `push` shows what the server sent, `notificationclick` opens its page (end of file).
 */
const VERSION = "__VERSION__";
/** Paths fetched on install ("/" first). */
const SHELL = ["/"];
const CACHE = `world-it-${VERSION}`;
const PREFIX = "world-it-";
/** Never answered from, nor written to, the cache. */
const NETWORK_ONLY = /^\/(trpc|api|ws|media|dev|healthz)(\/|$)/;

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(CACHE).then((cache) =>
      Promise.all(
        SHELL.map(async (path) => {
          const hashed = path.startsWith("/assets/");
          const res = (hashed && (await caches.match(path))) || (await fetch(path, { cache: hashed ? "default" : "reload" }));
          if (!res.ok) throw new Error(`${path}: ${res.status}`);
          await cache.put(path, res);
        }),
      ),
    ),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys().then((keys) => Promise.all(keys.filter((key) => key.startsWith(PREFIX) && key !== CACHE).map((key) => caches.delete(key)))),
  );
});

self.addEventListener("message", (event) => {
  if (event.data && event.data.type === "SKIP_WAITING") self.skipWaiting();
});

/** The shell from the network (kept as the new offline copy when it is the page), else the cached one. */
async function navigate(request) {
  try {
    const res = await fetch(request);
    if (res.ok && (res.headers.get("content-type") || "").startsWith("text/html")) {
      const copy = res.clone();
      caches.open(CACHE).then((cache) => cache.put("/", copy)).catch(() => {});
    }
    return res;
  } catch (error) {
    const shell = await caches.match("/", { cacheName: CACHE });
    if (shell) return shell;
    throw error;
  }
}

/** A file of the build: from the cache, else fetched once and kept. */
async function cacheFirst(request) {
  const cache = await caches.open(CACHE);
  const hit = await cache.match(request);
  if (hit) return hit;
  const res = await fetch(request);
  if (res.status === 200) cache.put(request, res.clone()).catch(() => {});
  return res;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || request.headers.has("range")) return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || NETWORK_ONLY.test(url.pathname)) return;
  if (request.mode === "navigate") {
    event.respondWith(navigate(request));
  } else if (url.pathname.startsWith("/assets/") || (SHELL.includes(url.pathname) && url.pathname !== "/")) {
    event.respondWith(cacheFirst(request));
  }
});

// ── Web push (issue 15, ADR 0020) ──
// The server pushes only to people with no open tab (on any instance), so what arrives is shown:
// its title, body, the page to open and a tag (one notification per chat, replaced by the next).
// The payload is written by the server in the device's language (nothing to translate here).
/** Only a path of this site opens: never another origin, whatever a payload says. */
const sitePath = (url) => (typeof url === "string" && url.startsWith("/") && !url.startsWith("//") ? url : "/");

self.addEventListener("push", (event) => {
  let data = {};
  try {
    data = event.data ? event.data.json() : {};
  } catch {
    data = {};
  }
  const title = typeof data.title === "string" && data.title ? data.title : "World IT";
  event.waitUntil(
    self.registration.showNotification(title, {
      body: typeof data.body === "string" ? data.body : "",
      tag: typeof data.tag === "string" ? data.tag : undefined,
      renotify: typeof data.tag === "string",
      icon: "/icons/icon-192.png",
      badge: "/icons/icon-192.png",
      data: { url: sitePath(data.url) },
    }),
  );
});

/** A click opens the notification's page: in a tab of the app already open (focused), else a new one. */
self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const target = new URL(sitePath(event.notification.data && event.notification.data.url), self.location.origin).href;
  event.waitUntil(
    (async () => {
      const windows = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
      const same = windows.find((c) => c.url === target);
      if (same) return same.focus();
      const open = windows.find((c) => new URL(c.url).origin === self.location.origin);
      if (open) {
        try {
          const moved = await open.navigate(target);
          if (moved) return moved.focus();
        } catch {
          // Not controlled by this worker (navigate refuses): open a new window instead.
        }
      }
      return self.clients.openWindow(target);
    })(),
  );
});
