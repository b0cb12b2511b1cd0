/**
 * The browser test for resuming a chat after a lost connection: Olena has her personal chat with
 * Taras open when her tab's websocket drops (Playwright routes the tab's /ws: it closes the
 * connection and refuses new ones for a while, so the server and the page both see it gone).
 * Meanwhile Taras edits one of his messages, deletes another, reacts to a third (through the API,
 * so no frame can reach her) and writes a new one. When the connection comes back, Olena sees all
 * of it in the same open chat: no reload, no reopening. A second test does the same with a
 * message far back in a long chat, one she had scrolled up to: the page a resume re-reads does not
 * reach it, so its edit comes by the change feed (chats.changes). Needs /usr/bin/chromium: without
 * it the tests are skipped with a note, except under CI=true.
 */
import { expect, test } from "bun:test";
import type { Page, WebSocketRoute } from "playwright-core";
import { connect, sendOk } from "../helpers/chat.ts";
import { useBrowserSuite, skipBrowser } from "../helpers/browser.ts";
import { browserPage, onFailure, signUp } from "./e2e-helpers.ts";

const suite = useBrowserSuite();

/**
 * The page's websocket through Playwright: connected to the real server until `cut` closes it
 * (both the page and the server see it go) and refuses new connections, until `restore`.
 */
async function cuttableSocket(page: Page) {
  let down = false;
  let connections = 0;
  const open: WebSocketRoute[] = [];
  await page.routeWebSocket(/\/ws$/, (ws) => {
    if (down) return void ws.close({ code: 1001, reason: "test: connection down" });
    connections++;
    ws.connectToServer();
    open.push(ws);
  });
  return {
    connections: () => connections,
    async cut() {
      down = true;
      await Promise.all(open.splice(0).map((ws) => ws.close({ code: 1001, reason: "test: connection lost" })));
    },
    restore() {
      down = false;
    },
  };
}

test.skipIf(skipBrowser)(
  "an edit, a deletion and a reaction made while my connection was down show in the open chat once it reconnects, without reopening it",
  async () => {
    const server = suite.srv;
    const [olena, taras] = await Promise.all([signUp(server, "Олена", "Коваль", "resume"), signUp(server, "Тарас", "Шевчук", "resume")]);
    const chat = await taras.client.trpc.chats.openPersonal.mutate({ userId: olena.id });
    const tarasSock = await connect(server, taras.client);
    const untouched = await sendOk(tarasSock, chat.id, "Перше: без змін");
    const toEdit = await sendOk(tarasSock, chat.id, "Друге: з помилкой");
    const toDelete = await sendOk(tarasSock, chat.id, "Третє: зайве");
    const toReact = await sendOk(tarasSock, chat.id, "Четверте: про хакатон");

    const { context, page } = await browserPage(suite.browser, server.url, olena.session);

    const link = await cuttableSocket(page);

    try {
      await onFailure("chat-resume", [page], async () => {
        await page.goto(`${server.url}/chats/${chat.id}`);
        const log = page.getByRole("log", { name: "Повідомлення" });
        await log.getByText(toReact.body).waitFor();
        const msg = (text: string) => log.locator(".msg").filter({ hasText: text });
        expect(await log.locator(".msg").count()).toBe(4);
        // Markers that a reload or a reopened chat would lose.
        await page.evaluate(() => ((window as unknown as { resumeMarker: number }).resumeMarker = 1));
        const untouchedEl = await msg(untouched.body).elementHandle();
        expect(link.connections()).toBe(1);

        // The connection drops; the chat says so.
        await link.cut();
        const reconnecting = page.getByText("Немає з'єднання. Підключаємося знову…");
        await reconnecting.waitFor();

        // Meanwhile Taras edits, deletes, reacts and writes again.
        await taras.client.trpc.chats.editMessage.mutate({ chatId: chat.id, messageId: toEdit.id, body: "Друге: з помилкою" });
        await taras.client.trpc.chats.deleteMessage.mutate({ chatId: chat.id, messageId: toDelete.id });
        await taras.client.trpc.chats.react.mutate({ chatId: chat.id, messageId: toReact.id, emoji: "👍", on: true });
        await sendOk(tarasSock, chat.id, "П'яте: нове");
        // Nothing of it has reached the tab.
        expect(await log.getByText("Друге: з помилкою").count()).toBe(0);
        expect(await log.getByText("Повідомлення видалено").count()).toBe(0);
        expect(await log.locator(".msg-reaction").count()).toBe(0);

        // The connection comes back (the client's own backoff reconnects): all of it shows in place.
        link.restore();
        await reconnecting.waitFor({ state: "detached" });
        const edited = msg("Друге: з помилкою");
        await edited.waitFor();
        await edited.locator(".msg-meta").getByText("змінено", { exact: true }).waitFor();
        expect(await log.getByText("Друге: з помилкой").count()).toBe(0);
        const deleted = log.locator(".msg").nth(2);
        await deleted.getByText("Повідомлення видалено").waitFor();
        expect(await log.getByText(toDelete.body).count()).toBe(0);
        const pill = msg(toReact.body).locator(".msg-reaction");
        await pill.filter({ hasText: "👍 1" }).waitFor();
        expect(await pill.getAttribute("aria-label")).toBe("👍: 1");
        await msg("П'яте: нове").waitFor();
        expect(await log.locator(".msg").allTextContents()).toHaveLength(5);
        expect(await log.locator(".msg").first().textContent()).toContain(untouched.body);

        // It was the same page and the same open chat: reconnected, not reloaded or reopened.
        expect(link.connections()).toBe(2);
        expect(page.url()).toBe(`${server.url}/chats/${chat.id}`);
        expect(await page.evaluate(() => (window as unknown as { resumeMarker?: number }).resumeMarker)).toBe(1);
        expect(await untouchedEl!.evaluate((el) => el.isConnected)).toBe(true);
      });
    } finally {
      tarasSock.ws.close();
      await context.close();
    }
  },
  90_000,
);

test.skipIf(skipBrowser)(
  "a message far back that I had scrolled up to, edited while my connection was down, shows its new text once it reconnects",
  async () => {
    const server = suite.srv;
    const [olena, taras] = await Promise.all([signUp(server, "Олена", "Коваль", "resume"), signUp(server, "Тарас", "Шевчук", "resume")]);
    const chat = await taras.client.trpc.chats.openPersonal.mutate({ userId: olena.id });
    // Several sockets: each has its own frame budget (WS_LIMITS), and 111 messages exceed one's burst.
    const tarasSocks = await Promise.all([1, 2, 3, 4].map(() => connect(server, taras.client)));
    const tarasSock = tarasSocks[0]!;
    // More than a resume re-reads (its latest page is 100 messages) after the one to be edited.
    const farBack = await sendOk(tarasSock, chat.id, "Найперше: з помилкой");
    for (let i = 1; i <= 110; i++) await sendOk(tarasSocks[i % tarasSocks.length]!, chat.id, `Повідомлення ${i}`);

    const { context, page } = await browserPage(suite.browser, server.url, olena.session);
    const link = await cuttableSocket(page);
    try {
      await onFailure("chat-resume-far", [page], async () => {
        await page.goto(`${server.url}/chats/${chat.id}`);
        const log = page.getByRole("log", { name: "Повідомлення" });
        await log.getByText("Повідомлення 110", { exact: true }).waitFor();
        // She scrolls up until the first message is there (older pages load at the top): after
        // each scroll, she waits for the older page to show before scrolling again.
        const messages = log.locator(".msg");
        const first = messages.filter({ hasText: farBack.body });
        // Count what is shown before looking for the first message: an older page may arrive
        // between the two reads, and counted the other way round that page would be awaited again.
        for (let i = 0; i < 10; i++) {
          const shown = await messages.count();
          if (await first.count()) break;
          await log.evaluate((el) => el.scrollTo({ top: 0 }));
          await messages.nth(shown).waitFor({ state: "attached" });
        }
        await first.waitFor();

        await link.cut();
        const reconnecting = page.getByText("Немає з'єднання. Підключаємося знову…");
        await reconnecting.waitFor();
        await taras.client.trpc.chats.editMessage.mutate({ chatId: chat.id, messageId: farBack.id, body: "Найперше: з помилкою" });
        expect(await log.getByText("Найперше: з помилкою").count()).toBe(0);

        link.restore();
        await reconnecting.waitFor({ state: "detached" });
        const edited = log.locator(".msg").filter({ hasText: "Найперше: з помилкою" });
        await edited.waitFor();
        await edited.locator(".msg-meta").getByText("змінено", { exact: true }).waitFor();
        expect(await log.getByText("Найперше: з помилкой").count()).toBe(0);
        // Still every message once.
        expect(await log.locator(".msg").count()).toBe(111);
      });
    } finally {
      for (const sock of tarasSocks) sock.ws.close();
      await context.close();
    }
  },
  90_000,
);
