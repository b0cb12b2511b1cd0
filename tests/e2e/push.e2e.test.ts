/**
 * Web push in Chromium (issue 15). Headless Chromium cannot subscribe for real (no push service
 * here), so:
 * 1. the settings section's flow runs against a stubbed browser side — Notification permission
 *    and a service worker registration whose pushManager hands out a subscription made in the
 *    test — and the server's side is real: turning notifications on stores this device for the
 *    person (subscribed with the server's VAPID key), the preview switch is saved, turning them
 *    off removes it; a browser where the person blocked notifications is told how to allow them;
 * 2. the real service worker (/sw.js) gets a push through DevTools (ServiceWorker.deliverPushMessage)
 *    and shows it as a system notification with the title, text and page the server sent (the test
 *    waits for the worker's own showNotification to end before reading notifications back: see hookShows);
 * 3. a click on that notification opens its page. Chromium has no way to click a notification
 *    from DevTools, and one dispatched by script is untrusted (no waitUntil, no window may be
 *    opened or focused), so the test dispatches a NotificationEvent for the shown notification
 *    inside the worker (Playwright's evaluate there), takes its waitUntil promise, and records
 *    `clients.openWindow` and `WindowClient.focus` calls — the worker's own handler does the rest,
 *    and a real tab of the app really navigates.
 */
import { expect, test } from "bun:test";
import { createECDH, randomBytes } from "node:crypto";
import type { BrowserContext, Page, Worker } from "playwright-core";
import { skipBrowser, useBrowserSuite } from "../helpers/browser.ts";
import { waitFor } from "../helpers/wait.ts";
import { browserPage, onFailure, signUp } from "./e2e-helpers.ts";

const suite = useBrowserSuite();
/** One browser step on a busy machine (two cores shared by many test runs) gets this long. */
const STEP_MS = 45_000;

interface Stub {
  permission: "default" | "granted" | "denied";
  answer: "granted" | "denied";
  endpoint: string;
  p256dh: string;
  auth: string;
}

/**
 * Replaces Notification and the service worker registration with stubs (before the app loads).
 * Like a browser's, the permission given and the subscription outlive a reload (sessionStorage).
 */
async function stubBrowserPush(page: Page, stub: Stub) {
  await page.addInitScript((s: Stub) => {
    const w = window as unknown as Record<string, unknown>;
    const kept = JSON.parse(sessionStorage.getItem("push-stub") ?? "null");
    const log: { asked: number; key: string | null; subscribed: boolean; unsubscribed: number; permission: string } = kept ?? {
      asked: 0,
      key: null,
      subscribed: false,
      unsubscribed: 0,
      permission: s.permission,
    };
    const keep = () => sessionStorage.setItem("push-stub", JSON.stringify(log));
    w.__push = log;
    class FakeNotification {
      static permission = log.permission;
      static async requestPermission() {
        log.asked++;
        FakeNotification.permission = log.permission = s.answer;
        keep();
        return s.answer;
      }
    }
    w.Notification = FakeNotification;
    const subscription = {
      endpoint: s.endpoint,
      options: {
        get applicationServerKey(): ArrayBuffer | null {
          if (!log.key) return null;
          const raw = atob(log.key.replace(/-/g, "+").replace(/_/g, "/") + "=");
          return Uint8Array.from(raw, (c) => c.charCodeAt(0)).buffer;
        },
      },
      toJSON: () => ({ endpoint: s.endpoint, keys: { p256dh: s.p256dh, auth: s.auth } }),
      unsubscribe: async () => {
        log.unsubscribed++;
        log.subscribed = false;
        keep();
        return true;
      },
    };
    const pushManager = {
      getSubscription: async () => (log.subscribed ? subscription : null),
      subscribe: async (o: { applicationServerKey: Uint8Array }) => {
        const bytes = new Uint8Array(o.applicationServerKey);
        log.key = btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
        log.subscribed = true;
        keep();
        return subscription;
      },
    };
    Object.defineProperty(ServiceWorkerContainer.prototype, "getRegistration", { value: async () => ({ pushManager }) });
  }, stub);
}

const b64u = (b: Uint8Array) => Buffer.from(b).toString("base64url");
function fakeDevice() {
  const ecdh = createECDH("prime256v1");
  ecdh.generateKeys();
  return { endpoint: `https://push.invalid/e2e/${crypto.randomUUID()}`, p256dh: b64u(ecdh.getPublicKey()), auth: b64u(randomBytes(16)) };
}

const rowOf = (endpoint: string) =>
  suite.srv.deps.db.db
    .selectFrom("push_subscriptions" as never)
    .select(["user_id", "show_text"] as never)
    .where("endpoint" as never, "=", endpoint as never)
    .executeTakeFirst() as Promise<{ user_id: string; show_text: number } | undefined>;

test.skipIf(skipBrowser)(
  "turning on notifications asks the browser, subscribes this device with the server's key and stores it; the preview switch is saved; turning them off removes it",
  async () => {
    const olena = await signUp(suite.srv, "Олена", "Коваль", "pusha");
    const device = fakeDevice();
    const { context, page } = await browserPage(suite.browser, suite.srv.url, olena.session);
    page.setDefaultTimeout(STEP_MS);
    try {
      await onFailure("push-settings", [page], async () => {
        await stubBrowserPush(page, { permission: "default", answer: "granted", ...device });
        await page.goto(`${suite.srv.url}/settings#settings-push`);
        const section = page.locator("#settings-push");
        await section.getByRole("heading", { name: "Сповіщення на пристрої" }).waitFor();
        await section.getByText("На цьому пристрої сповіщення вимкнено.").waitFor();
        await section.getByRole("button", { name: "Увімкнути сповіщення" }).click();
        await section.getByRole("status").getByText("Сповіщення увімкнено.").waitFor();
        await section.getByText("Цей пристрій отримує сповіщення.").waitFor();
        const log = await page.evaluate(() => (window as unknown as { __push: { asked: number; key: string } }).__push);
        expect(log.asked).toBe(1);
        expect(log.key).toBe((await olena.client.trpc.push.publicKey.query()).publicKey);
        expect(await rowOf(device.endpoint)).toEqual({ user_id: olena.id, show_text: 0 });

        const preview = section.getByRole("checkbox", { name: "Показувати текст повідомлень у сповіщеннях" });
        expect(await preview.isChecked()).toBe(false);
        await preview.check();
        await section.getByRole("status").getByText("Збережено.").waitFor();
        await waitFor(async () => (await rowOf(device.endpoint))?.show_text === 1, "the preview setting is stored");

        // A reload reads the device's state from the server.
        await page.reload();
        await section.getByText("Цей пристрій отримує сповіщення.").waitFor();
        expect(await section.getByRole("checkbox", { name: "Показувати текст повідомлень у сповіщеннях" }).isChecked()).toBe(true);

        await section.getByRole("button", { name: "Вимкнути сповіщення" }).click();
        await section.getByRole("status").getByText("Сповіщення вимкнено.").waitFor();
        expect(await rowOf(device.endpoint)).toBeUndefined();
        expect(await page.evaluate(() => (window as unknown as { __push: { unsubscribed: number } }).__push.unsubscribed)).toBe(1);
      });
    } finally {
      await context.close();
    }
  },
);

test.skipIf(skipBrowser)("a browser where notifications are blocked says how to allow them and offers no switch; a refusal on asking subscribes nothing", async () => {
  const taras = await signUp(suite.srv, "Тарас", "Бойко", "pushb");
  const blocked = await browserPage(suite.browser, suite.srv.url, taras.session);
  const asking = await browserPage(suite.browser, suite.srv.url, taras.session);
  for (const p of [blocked.page, asking.page]) p.setDefaultTimeout(STEP_MS);
  try {
    await onFailure("push-denied", [blocked.page, asking.page], async () => {
      await stubBrowserPush(blocked.page, { permission: "denied", answer: "denied", ...fakeDevice() });
      await blocked.page.goto(`${suite.srv.url}/settings#settings-push`);
      const section = blocked.page.locator("#settings-push");
      await section.getByText("Сповіщення для World IT заблоковано в налаштуваннях браузера", { exact: false }).waitFor();
      expect(await section.getByRole("button").count()).toBe(0);

      const device = fakeDevice();
      await stubBrowserPush(asking.page, { permission: "default", answer: "denied", ...device });
      await asking.page.goto(`${suite.srv.url}/settings#settings-push`);
      const second = asking.page.locator("#settings-push");
      await second.getByRole("button", { name: "Увімкнути сповіщення" }).click();
      await second.getByText("Сповіщення для World IT заблоковано в налаштуваннях браузера", { exact: false }).waitFor();
      expect(await rowOf(device.endpoint)).toBeUndefined();
    });
  } finally {
    await blocked.context.close();
    await asking.context.close();
  }
});

/**
 * The two service-worker tests below bound every step by this (a page step through the page's
 * default timeout, anything else through `within`): well under the test's 60 s, so a step that
 * never ends fails with its own name instead of the test timing out with no step error.
 */
const SW_STEP_MS = 15_000;

/** `promise`, or an error naming `what` when it has not settled within `ms`. */
async function within<T>(what: string, promise: Promise<T>, ms = SW_STEP_MS): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms / 1000} s`)), ms);
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** Polls `check` until it holds, within one deadline (a check begun just before it gets 2 s); errors name `what`. */
async function until(what: string, check: () => boolean | Promise<boolean>, ms = SW_STEP_MS): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    const left = deadline - Date.now();
    if (left <= 0) throw new Error(`waiting for ${what}: still not so after ${ms / 1000} s`);
    // A check started just before the deadline still gets a moment to answer.
    if (await within(`waiting for ${what} (a check did not answer)`, Promise.resolve(check()), Math.max(left, 2_000))) return;
    await Bun.sleep(20);
  }
}

/** What the worker's test hook (`hookShows`) has counted so far. */
interface Shows {
  pushes: number;
  done: string[];
  failed: string[];
}

/**
 * Run in the worker before a push: counts push events and how each `showNotification` ended.
 * A test waits for that instead of polling getNotifications() while a push is being shown —
 * Chromium may drop a notification read back while it is still being shown (a read then, racing
 * the display, found it missing and deleted it: the notification never appeared, and the test
 * waited for it until its timeout).
 */
function hookShows() {
  type Show = (...args: unknown[]) => Promise<void>;
  const sw = self as unknown as {
    __shows?: Shows;
    addEventListener(type: string, listener: () => void): void;
    ServiceWorkerRegistration: { prototype: { showNotification: Show } };
  };
  if (sw.__shows) return;
  const shows: Shows = (sw.__shows = { pushes: 0, done: [], failed: [] });
  sw.addEventListener("push", () => void shows.pushes++);
  const proto = sw.ServiceWorkerRegistration.prototype;
  const show = proto.showNotification;
  proto.showNotification = function (this: unknown, ...args: unknown[]) {
    const tag = String((args[1] as { tag?: string } | undefined)?.tag ?? "");
    return show.apply(this, args).then(
      () => void shows.done.push(tag),
      (error: unknown) => {
        shows.failed.push(`${tag}: ${String(error)}`);
        throw error;
      },
    );
  };
}

/**
 * The app's service worker in `context` through DevTools on `page` (ServiceWorker domain): its
 * registration, pushes delivered to it, and evaluation inside it. The worker is looked up anew for
 * each evaluation, and started again first if Chromium stopped it (a stopped worker's handle never
 * answers); every step has its own deadline.
 */
async function serviceWorker(context: BrowserContext, page: Page) {
  const origin = suite.srv.url;
  const scopeURL = `${origin}/`;
  const cdp = await within("opening a DevTools session on the page", context.newCDPSession(page));
  let registrationId: string | undefined;
  /** The running status of each version of our registration (the active one is what pushes reach). */
  const versions = new Map<string, { status: string; runningStatus: string }>();
  cdp.on("ServiceWorker.workerRegistrationUpdated", (e) => {
    for (const r of e.registrations) if (r.scopeURL === scopeURL && !r.isDeleted) registrationId = r.registrationId;
  });
  cdp.on("ServiceWorker.workerVersionUpdated", (e) => {
    for (const v of e.versions) if (v.registrationId === registrationId) versions.set(v.versionId, { status: v.status, runningStatus: v.runningStatus });
  });
  await within("DevTools ServiceWorker.enable", cdp.send("ServiceWorker.enable"));
  const active = () => [...versions.values()].find((v) => v.status === "activated");

  /** Our worker as Playwright sees it now, started again if it was stopped. */
  async function current() {
    const status = () => active()?.runningStatus;
    if (status() !== "running") {
      await until("the service worker to finish stopping or starting", () => status() === "stopped" || status() === "running");
      if (status() === "stopped") {
        await within("DevTools ServiceWorker.startWorker", cdp.send("ServiceWorker.startWorker", { scopeURL }));
        await until("the stopped service worker to run again", () => status() === "running");
      }
    }
    let found: Worker | undefined;
    await until("Playwright to see the service worker", () => (found = context.serviceWorkers().filter((w) => w.url() === `${origin}/sw.js`).at(-1)) !== undefined);
    return found!;
  }

  /** `fn(arg)` inside the worker; `what` names the step in the error when it does not answer. */
  async function evaluate<R, A>(what: string, fn: (arg: A) => R | Promise<R>, arg: A): Promise<R> {
    const worker = await current();
    return within(`the service worker did not answer (${what})`, worker.evaluate(fn as (arg: unknown) => R | Promise<R>, arg as unknown));
  }

  return {
    evaluate,
    /** Waits until the app's worker is registered (its id is what a push is delivered to). */
    async ready() {
      await until("the worker's registration id", () => registrationId !== undefined && active() !== undefined);
    },
    /** Delivers `data` as a push, then waits until the worker's handler has finished showing it. */
    async push(data: { title: string; body: string; url: string; tag: string }) {
      await evaluate("installing the test's count of shown notifications", hookShows, undefined);
      const before = (await evaluate("reading the count of shown notifications", () => (self as unknown as { __shows: Shows }).__shows, undefined)).done.length;
      await within("DevTools ServiceWorker.deliverPushMessage", cdp.send("ServiceWorker.deliverPushMessage", { origin, registrationId: registrationId!, data: JSON.stringify(data) }));
      let shows: Shows | undefined;
      await until(`the worker to show notification ${data.tag}`, async () => {
        shows = await evaluate(`reading whether notification ${data.tag} is shown`, () => (self as unknown as { __shows?: Shows }).__shows, undefined);
        if (!shows) throw new Error(`the service worker restarted while showing notification ${data.tag} (the test's count is gone)`);
        return shows.done.length > before || shows.failed.length > 0;
      }).catch((error: Error) => {
        throw new Error(`${error.message} (push events seen: ${shows?.pushes ?? "?"})`);
      });
      if (shows!.failed.length) throw new Error(`the worker's showNotification failed: ${shows!.failed.join("; ")}`);
    },
  };
}

test.skipIf(skipBrowser)("the service worker shows a push as a system notification with the server's title, text and page", async () => {
  const context = await suite.browser.newContext({ viewport: { width: 1280, height: 800 }, locale: "uk-UA", serviceWorkers: "allow" });
  try {
    const page = await context.newPage();
    page.setDefaultTimeout(SW_STEP_MS);
    await within("granting the notification permission", context.grantPermissions(["notifications"], { origin: suite.srv.url }));
    await onFailure("push-sw", [page], async () => {
      const sw = await serviceWorker(context, page);
      await page.goto(`${suite.srv.url}/`);
      await page.waitForFunction(async () => (await navigator.serviceWorker.ready).active?.state === "activated", null, { timeout: 30_000 });
      await sw.ready();
      const shown = () =>
        within(
          "the page did not answer (reading the notifications shown)",
          page.evaluate(async () =>
            (await (await navigator.serviceWorker.ready).getNotifications()).map((n) => ({ title: n.title, body: n.body, tag: n.tag, url: (n.data as { url: string }).url })),
          ),
        );
      const payload = { title: "Олена Коваль", body: "Привіт!", url: "/chats/abc", tag: "chat:abc" };
      await sw.push(payload);
      expect(await shown()).toEqual([{ title: "Олена Коваль", body: "Привіт!", tag: "chat:abc", url: "/chats/abc" }]);
      // A payload naming another site opens only this one.
      await sw.push({ ...payload, tag: "x", url: "https://evil.example/" });
      const both = await shown();
      expect(both.map((n) => n.tag).sort()).toEqual(["chat:abc", "x"]);
      expect(both.find((n) => n.tag === "x")?.url).toBe("/");
    });
  } finally {
    await within("closing the browser context", context.close());
  }
});

test.skipIf(skipBrowser)(
  "clicking a pushed notification takes an open tab of the app to its page, focuses a tab already there, opens a window when none is open, and never leaves the site",
  async () => {
    const olena = await signUp(suite.srv, "Олена", "Коваль", "pushc");
    const taras = await signUp(suite.srv, "Тарас", "Бойко", "pushd");
    const chat = `/chats/${(await taras.client.trpc.chats.openPersonal.mutate({ userId: olena.id })).id}`;
    const context = await suite.browser.newContext({ viewport: { width: 1280, height: 800 }, locale: "uk-UA", serviceWorkers: "allow" });
    await context.addCookies([{ name: "wit_session", value: olena.session, url: suite.srv.url }]);
    try {
      const page = await context.newPage();
      page.setDefaultTimeout(SW_STEP_MS);
      await within("granting the notification permission", context.grantPermissions(["notifications"], { origin: suite.srv.url }));
      await onFailure("push-click", [page], async () => {
        const sw = await serviceWorker(context, page);
        await page.goto(`${suite.srv.url}/`);
        await page.waitForFunction(async () => (await navigator.serviceWorker.ready).active?.state === "activated", null, { timeout: 30_000 });
        // Opened again: now the worker controls the tab (WindowClient.navigate needs that).
        await page.goto(`${suite.srv.url}/`);
        await page.getByRole("heading", { level: 1 }).first().waitFor();
        expect(await within("the page did not answer (is it controlled?)", page.evaluate(() => navigator.serviceWorker.controller !== null))).toBe(true);
        await sw.ready();
        /** Sets or reads a mark on the page's window (gone after a reload or navigation). */
        const mark = () => within("the page did not answer (setting a mark)", page.evaluate(() => ((window as unknown as { __before: boolean }).__before = true)));
        const marked = () => within("the page did not answer (reading the mark)", page.evaluate(() => (window as unknown as { __before?: boolean }).__before ?? false));

        /** Pushes a notification for `url`; once the worker has shown it, it is there to click. */
        const push = async (tag: string, url: string) => {
          await sw.push({ title: "Олена Коваль", body: "Привіт!", url, tag });
          const count = (t: string) => (self as unknown as { registration: ServiceWorkerRegistration }).registration.getNotifications({ tag: t }).then((list) => list.length);
          expect({ tag, shown: await sw.evaluate(`counting notification ${tag}`, count, tag) }).toEqual({ tag, shown: 1 });
        };
        /** Clicks notification `tag` in the worker; what its handler opened and focused, and whether the notification is left. */
        const click = (tag: string) =>
          sw.evaluate(`clicking notification ${tag}`, async (t: string) => {
            // The worker's globals (the tests are typed against the DOM library, not the worker's).
            interface Shown {
              close(): void;
            }
            const sw = self as unknown as {
              registration: { getNotifications(filter: { tag: string }): Promise<Shown[]> };
              clients: object;
              dispatchEvent(event: Event): boolean;
              __calls?: { opened: string[]; focused: string[] };
            };
            const { WindowClient, NotificationEvent } = self as unknown as {
              WindowClient: { prototype: object };
              NotificationEvent: new (type: string, init: { notification: Shown }) => Event;
            };
            if (!sw.__calls) {
              const calls = (sw.__calls = { opened: [] as string[], focused: [] as string[] });
              Object.defineProperty(sw.clients, "openWindow", {
                value: async (url: string) => {
                  calls.opened.push(url);
                  return null;
                },
              });
              Object.defineProperty(WindowClient.prototype, "focus", {
                value: async function (this: { url: string }) {
                  calls.focused.push(this.url);
                  return this;
                },
              });
            }
            sw.__calls.opened = [];
            sw.__calls.focused = [];
            const [notification] = await sw.registration.getNotifications({ tag: t });
            if (!notification) throw new Error(`no notification ${t} to click`);
            const event = new NotificationEvent("notificationclick", { notification });
            let settled: Promise<unknown> = Promise.resolve();
            Object.defineProperty(event, "waitUntil", { value: (p: Promise<unknown>) => void (settled = p) });
            sw.dispatchEvent(event);
            // Its own deadline (shorter than the evaluation's), so a handler that never ends is named.
            await Promise.race([
              settled,
              new Promise((_, reject) => setTimeout(() => reject(new Error(`the notificationclick handler's waitUntil promise did not settle within 10 s`)), 10_000)),
            ]);
            return { ...sw.__calls, left: (await sw.registration.getNotifications({ tag: t })).length };
          }, tag);

        // The tab is on the feed: it is taken to the chat, then focused.
        await mark();
        await push("chat", chat);
        expect(await click("chat")).toEqual({ opened: [], focused: [`${suite.srv.url}${chat}`], left: 0 });
        await page.waitForURL(`${suite.srv.url}${chat}`);
        expect(await marked()).toBe(false);

        // A tab already on that page is only focused (not reloaded).
        await mark();
        await push("chat", chat);
        expect(await click("chat")).toEqual({ opened: [], focused: [`${suite.srv.url}${chat}`], left: 0 });
        expect(page.url()).toBe(`${suite.srv.url}${chat}`);
        expect(await marked()).toBe(true);

        // No tab of the app open: a new window at the page; a payload naming another site opens this one's start.
        await page.goto("about:blank");
        await push("friends", "/friends/requests");
        expect(await click("friends")).toEqual({ opened: [`${suite.srv.url}/friends/requests`], focused: [], left: 0 });
        await push("x", "https://evil.example/");
        expect(await click("x")).toEqual({ opened: [`${suite.srv.url}/`], focused: [], left: 0 });
      });
    } finally {
      await within("closing the browser context", context.close());
    }
  },
);
