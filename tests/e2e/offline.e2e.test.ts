/**
 * The browser test for offline reading and the offline send queue (issue 15). Olena has her
 * personal chat with Taras open; then the network goes: Playwright's context.setOffline(true)
 * fails every HTTP request, and (since it does not touch websockets, microsoft/playwright#4910)
 * the tab's /ws is routed so the open connection closes and new ones are refused until the
 * network is back. Her context lets the service worker run (browserPage blocks it), as a real
 * browser does: that is what serves the app shell on a reload with no network. She reloads and
 * still sees herself signed in, the banner "Немає з'єднання — показано збережене", her chat list
 * and the chat's last messages from IndexedDB; she writes two messages, shown as pending, which
 * survive another reload; back online they are sent with their clientIds and Taras (a raw socket
 * with the chat open) receives each exactly once, in order — and each is stored once. A send
 * that reached the server but whose ack was lost goes again after a reload with the same clientId
 * and is still received once. Signing out,
 * and a session revoked elsewhere, leave nothing in the offline store. Needs /usr/bin/chromium:
 * without it the tests are skipped with a note, except under CI=true.
 */
import { expect, test } from "bun:test";
import type { Page, WebSocketRoute } from "playwright-core";
import type { ServerEvent } from "../../shared/events.ts";
import { allHistory, connect, openChat, sendOk, settledFrames } from "../helpers/chat.ts";
import { skipBrowser, useBrowserSuite } from "../helpers/browser.ts";
import { browserPage, onFailure, signUp } from "./e2e-helpers.ts";

const suite = useBrowserSuite();
const BANNER = "Немає з'єднання — показано збережене";

/** A signed-in context where the service worker runs (the offline shell), in Ukrainian. */
async function workerPage(session: string) {
  const context = await suite.browser.newContext({ viewport: { width: 1280, height: 800 }, locale: "uk-UA", serviceWorkers: "allow" });
  await context.addCookies([{ name: "wit_session", value: session, url: suite.srv.url }]);
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  return { context, page };
}

/** The tab's websocket through Playwright, cut (closed, new ones refused) while the network is "down". */
async function cuttableSocket(page: Page) {
  let down = false;
  const open: WebSocketRoute[] = [];
  await page.routeWebSocket(/\/ws$/, (ws) => {
    if (down) return void ws.close({ code: 1001, reason: "test: offline" });
    ws.connectToServer();
    open.push(ws);
  });
  return {
    async cut() {
      down = true;
      await Promise.all(open.splice(0).map((ws) => ws.close({ code: 1001, reason: "test: offline" })));
    },
    restore() {
      down = false;
    },
  };
}

/** The offline store's records (IndexedDB "world-it-offline", store "kv"), by key. */
function offlineRecords(page: Page): Promise<Record<string, { owner: string; value: unknown }>> {
  return page.evaluate(
    () =>
      new Promise<Record<string, { owner: string; value: unknown }>>((resolve, reject) => {
        const req = indexedDB.open("world-it-offline");
        req.onerror = () => reject(req.error);
        req.onsuccess = () => {
          const db = req.result;
          if (!db.objectStoreNames.contains("kv")) return resolve({});
          const out: Record<string, { owner: string; value: unknown }> = {};
          const cursor = db.transaction("kv").objectStore("kv").openCursor();
          cursor.onsuccess = () => {
            const c = cursor.result;
            if (!c) return resolve(out);
            out[String(c.key)] = c.value;
            c.continue();
          };
          cursor.onerror = () => reject(cursor.error);
        };
      }),
  );
}

async function waitForRecords(page: Page, what: string, ok: (records: Record<string, { owner: string; value: unknown }>) => boolean) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const records = await offlineRecords(page);
    if (ok(records)) return records;
    if (Date.now() > deadline) throw new Error(`offline store: ${what}; have ${JSON.stringify(Object.keys(records))}`);
    await page.waitForTimeout(100);
  }
}

test.skipIf(skipBrowser)(
  "offline, a signed-in person still reads the saved chat list and last messages, writes two messages that wait as pending across a reload, and once online the other person receives each exactly once, in order",
  async () => {
    const server = suite.srv;
    const [olena, taras] = await Promise.all([signUp(server, "Олена", "Коваль", "offline"), signUp(server, "Тарас", "Шевчук", "offline")]);
    const chat = await taras.client.trpc.chats.openPersonal.mutate({ userId: olena.id });
    const tarasSock = await connect(server, taras.client);
    expect((await openChat(tarasSock, chat.id)).type).toBe("chat.opened");
    for (const body of ["Перше від Тараса", "Друге від Тараса", "Останнє перед обривом"]) await sendOk(tarasSock, chat.id, body);

    const { context, page } = await workerPage(olena.session);
    const link = await cuttableSocket(page);
    try {
      await onFailure("offline", [page], async () => {
        await page.goto(`${server.url}/chats/${chat.id}`);
        const log = page.getByRole("log", { name: "Повідомлення" });
        await log.getByText("Останнє перед обривом").waitFor();
        // The worker is active (it will serve the shell offline) and the chat is saved on the device.
        await page.waitForFunction(async () => (await navigator.serviceWorker.ready).active?.state === "activated", null, { timeout: 30_000 });
        await waitForRecords(page, "the identity, the list and the chat's page", (r) => {
          const page = r[`chat:${chat.id}`]?.value as { messages: Array<{ body: string }> } | undefined;
          return !!r.me && !!r.chats && !!page && page.messages.some((m) => m.body === "Останнє перед обривом");
        });

        // The network goes; the tab reloads with none.
        await link.cut();
        await context.setOffline(true);
        await page.reload();
        await page.getByRole("status").filter({ hasText: BANNER }).waitFor();
        // Still signed in (not the guest's header), the saved list and the chat's saved messages.
        await page.getByRole("banner").getByText(olena.fullName).waitFor();
        const list = page.getByRole("navigation", { name: "Ваші чати" });
        await list.getByRole("link", { name: new RegExp(taras.fullName) }).waitFor();
        await list.getByText("Останнє перед обривом").waitFor();
        for (const body of ["Перше від Тараса", "Друге від Тараса", "Останнє перед обривом"]) await log.getByText(body).waitFor();

        // Two messages written offline: shown as pending, in order.
        const box = page.getByRole("textbox", { name: "Повідомлення" });
        for (const body of ["Написано офлайн раз", "Написано офлайн два"]) {
          await box.fill(body);
          await box.press("Enter");
          await log.locator('.msg[data-state="sending"]').filter({ hasText: body }).waitFor();
        }
        await waitForRecords(page, "both sends queued", (r) => (r.queue?.value as unknown[] | undefined)?.length === 2);

        // They survive another reload, still pending, still in order.
        await page.reload();
        await page.getByRole("status").filter({ hasText: BANNER }).waitFor();
        const pending = log.locator('.msg[data-state="sending"]');
        await pending.filter({ hasText: "Написано офлайн два" }).waitFor();
        expect(await pending.locator(".msg-text").allTextContents()).toEqual(["Написано офлайн раз", "Написано офлайн два"]);
        // Nothing reached Taras while offline.
        const written = (e: ServerEvent) => e.type === "chat.message" && e.message.body.startsWith("Написано офлайн");
        expect(await settledFrames(tarasSock, written)).toEqual([]);

        // Back online: the queue goes, the pending marks clear, the banner goes.
        link.restore();
        await context.setOffline(false);
        for (const body of ["Написано офлайн раз", "Написано офлайн два"]) {
          await log.locator('.msg[data-state="sent"]').filter({ hasText: body }).waitFor({ timeout: 45_000 });
        }
        await page.getByText(BANNER).waitFor({ state: "detached" });
        expect(await log.locator('.msg[data-state="sending"]').count()).toBe(0);
        await waitForRecords(page, "the queue emptied", (r) => (r.queue?.value as unknown[] | undefined)?.length === 0);

        // Taras received each exactly once, in order; each is stored once.
        const got = (await settledFrames(tarasSock, written)).map((e) => (e.type === "chat.message" ? e.message.body : ""));
        expect(got).toEqual(["Написано офлайн раз", "Написано офлайн два"]);
        // A reload online sends nothing again.
        await page.reload();
        await log.locator('.msg[data-state="sent"]').filter({ hasText: "Написано офлайн два" }).waitFor();
        expect(await log.locator('.msg[data-state="sending"]').count()).toBe(0);
        expect((await settledFrames(tarasSock, written)).length).toBe(2);
        const stored = (await allHistory(taras.client, chat.id)).map((m) => m.body).filter((b) => b.startsWith("Написано офлайн"));
        expect(stored).toEqual(["Написано офлайн раз", "Написано офлайн два"]);
      });
    } finally {
      tarasSock.ws.close();
      await context.close();
    }
  },
  180_000,
);

test.skipIf(skipBrowser)(
  "a message that reached the server but whose acknowledgement was lost is sent again after a reload with the same client id, and the other person still receives it once",
  async () => {
    const server = suite.srv;
    const [olena, taras] = await Promise.all([signUp(server, "Олена", "Коваль", "offack"), signUp(server, "Тарас", "Шевчук", "offack")]);
    const chat = await taras.client.trpc.chats.openPersonal.mutate({ userId: olena.id });
    const tarasSock = await connect(server, taras.client);
    expect((await openChat(tarasSock, chat.id)).type).toBe("chat.opened");
    const BODY = "Дійшло, але відповідь загубилася";

    const { context, page } = await browserPage(suite.browser, server.url, olena.session);
    // The tab's socket through Playwright: while `dropping`, the server's ack (and echo) of BODY never reach the page.
    let dropping = true;
    await page.routeWebSocket(/\/ws$/, (ws) => {
      const upstream = ws.connectToServer();
      upstream.onMessage((message) => {
        if (dropping && typeof message === "string") {
          const frame = JSON.parse(message) as ServerEvent;
          if ((frame.type === "chat.ack" || frame.type === "chat.message") && frame.message.body === BODY) return;
        }
        ws.send(message);
      });
    });
    try {
      await onFailure("offline-ack", [page], async () => {
        await page.goto(`${server.url}/chats/${chat.id}`);
        const log = page.getByRole("log", { name: "Повідомлення" });
        await log.getByText("Повідомлень ще немає").waitFor();
        const box = page.getByRole("textbox", { name: "Повідомлення" });
        await box.fill(BODY);
        await box.press("Enter");
        // Stored and delivered, but this tab never heard: still pending, and queued on the device.
        await tarasSock.next((e) => e.type === "chat.message" && e.message.body === BODY);
        await log.locator('.msg[data-state="sending"]').filter({ hasText: BODY }).waitFor();
        await waitForRecords(page, "the unacknowledged send queued", (r) => (r.queue?.value as Array<{ body: string }> | undefined)?.some((s) => s.body === BODY) === true);

        dropping = false;
        await page.reload();
        await log.locator('.msg[data-state="sent"]').filter({ hasText: BODY }).waitFor({ timeout: 45_000 });
        expect(await log.locator(".msg").filter({ hasText: BODY }).count()).toBe(1);
        await waitForRecords(page, "the queue emptied", (r) => (r.queue?.value as unknown[] | undefined)?.length === 0);
        const delivered = await settledFrames(tarasSock, (e) => e.type === "chat.message" && e.message.body === BODY);
        expect(delivered.length).toBe(1);
        expect((await allHistory(taras.client, chat.id)).filter((m) => m.body === BODY).length).toBe(1);
      });
    } finally {
      tarasSock.ws.close();
      await context.close();
    }
  },
  120_000,
);

test.skipIf(skipBrowser)(
  "signing out deletes everything the offline store kept, and so does a session revoked from elsewhere",
  async () => {
    const server = suite.srv;
    const [olena, taras] = await Promise.all([signUp(server, "Олена", "Коваль", "offout"), signUp(server, "Тарас", "Шевчук", "offout")]);
    const chat = await taras.client.trpc.chats.openPersonal.mutate({ userId: olena.id });
    const tarasSock = await connect(server, taras.client);
    await sendOk(tarasSock, chat.id, "Особисте повідомлення");
    tarasSock.ws.close();

    const saved = (r: Record<string, unknown>) => !!r.me && !!r.chats && !!r[`chat:${chat.id}`];
    const a = await workerPage(olena.session);
    const b = await workerPage(taras.session);
    try {
      await onFailure("offline-signout", [a.page, b.page], async () => {
        // Signing out on this tab.
        await a.page.goto(`${server.url}/chats/${chat.id}`);
        await a.page.getByRole("log", { name: "Повідомлення" }).getByText("Особисте повідомлення").waitFor();
        await waitForRecords(a.page, "saved before signing out", saved);
        await a.page.getByRole("banner").getByRole("button", { name: "Вийти" }).click();
        await a.page.getByRole("banner").getByRole("button", { name: "Вийти" }).waitFor({ state: "detached" });
        await waitForRecords(a.page, "empty after signing out", (r) => Object.keys(r).length === 0);

        // The session ended elsewhere (the socket is closed with "session revoked").
        await b.page.goto(`${server.url}/chats/${chat.id}`);
        await b.page.getByRole("log", { name: "Повідомлення" }).getByText("Особисте повідомлення").waitFor();
        await waitForRecords(b.page, "saved before the revocation", saved);
        await taras.client.trpc.auth.signOut.mutate();
        await b.page.waitForURL(/\/login/, { timeout: 30_000 });
        await waitForRecords(b.page, "empty after the revocation", (r) => Object.keys(r).length === 0);
      });
    } finally {
      await a.context.close();
      await b.context.close();
    }
  },
  120_000,
);
