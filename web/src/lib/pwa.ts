/**
 * The service worker (web/service-worker.js, served as /sw.js) and the "new version" prompt.
 * Loaded by index.tsx after the first render, only in production builds (Vite's dev server has
 * no /sw.js) and only where service workers exist, as a chunk of its own.
 *
 * When a deployment changes any built file, the browser installs the new worker beside the one
 * controlling this tab (on a navigation, on registration.update() below: hourly and when the tab
 * comes back to the front); once installed it waits, and a banner offers "Update". Accepting
 * posts SKIP_WAITING; the new worker takes over and the page reloads once, on controllerchange.
 * A first install (no controller yet) shows nothing: the next page load simply uses it.
 */
import { showUpdatePrompt } from "../features/pwa/UpdatePrompt.tsx";

/** How often an open tab asks for a new version (besides when it becomes visible). */
const CHECK_EVERY_MS = 60 * 60 * 1000;

export async function startServiceWorker(): Promise<void> {
  const sw = navigator.serviceWorker;
  let registration: ServiceWorkerRegistration | undefined;
  try {
    // A browser may refuse (private mode, blocked storage, an automation harness): the site works without it.
    registration = await sw.register("/sw.js", { scope: "/" });
  } catch {
    return;
  }
  if (!registration) return;
  const reg = registration;

  let reloading = false;
  const offer = (worker: ServiceWorker) => {
    // Only an update: a first install (nothing controls the page) just becomes active.
    if (!sw.controller) return;
    showUpdatePrompt(() => {
      sw.addEventListener("controllerchange", () => {
        if (reloading) return;
        reloading = true;
        window.location.reload();
      });
      worker.postMessage({ type: "SKIP_WAITING" });
    });
  };
  const watch = (worker: ServiceWorker) => {
    worker.addEventListener("statechange", () => {
      if (worker.state === "installed") offer(worker);
    });
  };

  if (reg.waiting) offer(reg.waiting);
  if (reg.installing) watch(reg.installing);
  reg.addEventListener("updatefound", () => {
    if (reg.installing) watch(reg.installing);
  });

  const check = () => void reg.update().catch(() => {});
  setInterval(check, CHECK_EVERY_MS);
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") check();
  });
}
