/**
 * Web push in Chromium (issue 15). Headless Chromium cannot subscribe for real (no push service
 * here), so:
 * 1. the settings section's flow runs against a stubbed browser side — Notification permission
 *    and a service worker registration whose pushManager hands out a subscription made in the
 *    test — and the server's side is real: turning notifications on stores this device for the
 *    person (subscribed with the server's VAPID key), the preview switch is saved, turning them
 *    off removes it; a browser where the person blocked notifications is told how to allow them;
 * 2. the real service worker (/sw.js) gets a push through DevTools (ServiceWorker.deliverPushMessage)
 *    and shows it as a system notification with the title, text and page the server sent;
 * 3. a click on that notification opens its page. Chromium has no way to click a notification
 *    from DevTools, and one dispatched by script is untrusted (no waitUntil, no window may be
 *    opened or focused), so the test dispatches a NotificationEvent for the shown notification
 *    inside the worker (Playwright's evaluate there), takes its waitUntil promise, and records
 *    `clients.openWindow` and `WindowClient.focus` calls — the worker's own handler does the rest,
 *    and a real tab of the app really navigates.
 */
import { expect, test } from "bun:test";
import { createECDH, randomBytes } from "node:crypto";
import type { Page } from "playwright-core";
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

test.skipIf(skipBrowser)("the service worker shows a push as a system notification with the server's title, text and page", async () => {
  const context = await suite.browser.newContext({ viewport: { width: 1280, height: 800 }, locale: "uk-UA", serviceWorkers: "allow" });
  try {
    const page = await context.newPage();
    page.setDefaultTimeout(STEP_MS);
    await context.grantPermissions(["notifications"], { origin: suite.srv.url });
    await onFailure("push-sw", [page], async () => {
      const cdp = await context.newCDPSession(page);
      const registrations: Array<{ registrationId: string; scopeURL: string }> = [];
      cdp.on("ServiceWorker.workerRegistrationUpdated", (e) => registrations.push(...e.registrations));
      await cdp.send("ServiceWorker.enable");
      await page.goto(`${suite.srv.url}/`);
      await page.waitForFunction(async () => (await navigator.serviceWorker.ready).active?.state === "activated", null, { timeout: 30_000 });
      await waitFor(() => registrations.some((r) => r.scopeURL === `${suite.srv.url}/`), "the worker's registration id");
      const { registrationId } = registrations.find((r) => r.scopeURL === `${suite.srv.url}/`)!;
      const payload = { title: "Олена Коваль", body: "Привіт!", url: "/chats/abc", tag: "chat:abc" };
      await cdp.send("ServiceWorker.deliverPushMessage", { origin: suite.srv.url, registrationId, data: JSON.stringify(payload) });
      const shown = async () =>
        page.evaluate(async () =>
          (await (await navigator.serviceWorker.ready).getNotifications()).map((n) => ({ title: n.title, body: n.body, tag: n.tag, url: (n.data as { url: string }).url })),
        );
      await waitFor(async () => (await shown()).length === 1, "the notification is shown");
      expect(await shown()).toEqual([{ title: "Олена Коваль", body: "Привіт!", tag: "chat:abc", url: "/chats/abc" }]);
      // A payload naming another site opens only this one.
      await cdp.send("ServiceWorker.deliverPushMessage", { origin: suite.srv.url, registrationId, data: JSON.stringify({ ...payload, tag: "x", url: "https://evil.example/" }) });
      await waitFor(async () => (await shown()).length === 2, "the second notification is shown");
      expect((await shown()).find((n) => n.tag === "x")?.url).toBe("/");
    });
  } finally {
    await context.close();
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
      page.setDefaultTimeout(STEP_MS);
      await context.grantPermissions(["notifications"], { origin: suite.srv.url });
      await onFailure("push-click", [page], async () => {
        const cdp = await context.newCDPSession(page);
        const registrations: Array<{ registrationId: string; scopeURL: string }> = [];
        cdp.on("ServiceWorker.workerRegistrationUpdated", (e) => registrations.push(...e.registrations));
        await cdp.send("ServiceWorker.enable");
        await page.goto(`${suite.srv.url}/`);
        await page.waitForFunction(async () => (await navigator.serviceWorker.ready).active?.state === "activated", null, { timeout: 30_000 });
        // Opened again: now the worker controls the tab (WindowClient.navigate needs that).
        await page.goto(`${suite.srv.url}/`);
        await page.getByRole("heading", { level: 1 }).first().waitFor();
        expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
        await waitFor(() => registrations.some((r) => r.scopeURL === `${suite.srv.url}/`), "the worker's registration id");
        const { registrationId } = registrations.find((r) => r.scopeURL === `${suite.srv.url}/`)!;
        await waitFor(() => context.serviceWorkers().length > 0, "the worker is seen by Playwright");
        const worker = context.serviceWorkers()[0]!;

        /** Pushes a notification for `url` and waits until it is shown. */
        const push = async (tag: string, url: string) => {
          await cdp.send("ServiceWorker.deliverPushMessage", { origin: suite.srv.url, registrationId, data: JSON.stringify({ title: "Олена Коваль", body: "Привіт!", url, tag }) });
          const shown = (t: string) => (self as unknown as { registration: ServiceWorkerRegistration }).registration.getNotifications({ tag: t }).then((list) => list.length);
          await waitFor(async () => (await worker.evaluate(shown, tag)) === 1, `notification ${tag} is shown`);
        };
        /** Clicks notification `tag` in the worker; what its handler opened and focused, and whether the notification is left. */
        const click = (tag: string) =>
          worker.evaluate(async (t) => {
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
            const event = new NotificationEvent("notificationclick", { notification: notification! });
            let settled: Promise<unknown> = Promise.resolve();
            Object.defineProperty(event, "waitUntil", { value: (p: Promise<unknown>) => void (settled = p) });
            sw.dispatchEvent(event);
            await settled;
            return { ...sw.__calls, left: (await sw.registration.getNotifications({ tag: t })).length };
          }, tag);

        // The tab is on the feed: it is taken to the chat, then focused.
        await page.evaluate(() => ((window as unknown as { __before: boolean }).__before = true));
        await push("chat", chat);
        expect(await click("chat")).toEqual({ opened: [], focused: [`${suite.srv.url}${chat}`], left: 0 });
        await page.waitForURL(`${suite.srv.url}${chat}`);
        expect(await page.evaluate(() => (window as unknown as { __before?: boolean }).__before ?? false)).toBe(false);

        // A tab already on that page is only focused (not reloaded).
        await page.evaluate(() => ((window as unknown as { __before: boolean }).__before = true));
        await push("chat", chat);
        expect(await click("chat")).toEqual({ opened: [], focused: [`${suite.srv.url}${chat}`], left: 0 });
        expect(page.url()).toBe(`${suite.srv.url}${chat}`);
        expect(await page.evaluate(() => (window as unknown as { __before?: boolean }).__before ?? false)).toBe(true);

        // No tab of the app open: a new window at the page; a payload naming another site opens this one's start.
        await page.goto("about:blank");
        await push("friends", "/friends/requests");
        expect(await click("friends")).toEqual({ opened: [`${suite.srv.url}/friends/requests`], focused: [], left: 0 });
        await push("x", "https://evil.example/");
        expect(await click("x")).toEqual({ opened: [`${suite.srv.url}/`], focused: [], left: 0 });
      });
    } finally {
      await context.close();
    }
  },
);
