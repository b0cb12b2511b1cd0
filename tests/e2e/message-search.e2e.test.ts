/**
 * Message search in the browser (issue 13): Олена types part of a word in the chat list's search
 * box; the list keeps only the chats whose name matches, and the messages found show with the
 * matched word marked. Clicking the result opens the chat at that message — an old one, more than
 * a page back — scrolled into view and highlighted. Newer messages are not held there, so a new
 * one does not land after a gap: "Jump to latest" shows, and brings the newest, the new one too.
 * Needs /usr/bin/chromium: without it the test is skipped with a note, except under CI=true.
 */
import { expect, test } from "bun:test";
import { CHAT_LIMITS, newClientId } from "../../shared/chats.ts";
import { skipBrowser, useBrowserSuite } from "../helpers/browser.ts";
import { connect, sendOk } from "../helpers/chat.ts";
import { browserPage, onFailure, signUp } from "./e2e-helpers.ts";

const suite = useBrowserSuite();

test.skipIf(skipBrowser)(
  "a search result opens the chat at an old message, highlighted; newer messages wait behind 'Jump to latest'; a result in the open chat only scrolls to it",
  async () => {
    const server = suite.srv;
    const olena = await signUp(server, "Олена", "Коваль", "msearch");
    const taras = await signUp(server, "Тарас", "Шевчук", "msearch");
    const tarasSock = await connect(server, taras.client);
    const group = await olena.client.trpc.chats.createGroup.mutate({ name: "Похід у Карпати", memberIds: [taras.id] });
    await olena.client.trpc.chats.createGroup.mutate({ name: "Робота", memberIds: [taras.id] });
    const target = await sendOk(tarasSock, group.id, "Зустрічаємось біля ґрунтової дороги о сьомій");
    const fillers = CHAT_LIMITS.historyDefault + 20;
    // Through the service (a socket would hit the frame rate limit): stored and published as any message.
    for (let i = 1; i <= fillers; i++) await server.deps.services.chats.send(taras.id, { chatId: group.id, clientId: newClientId(), body: `Повідомлення номер ${i}`, imageIds: [] });

    const { context, page } = await browserPage(suite.browser, server.url, olena.session);
    try {
      await onFailure("message-search", [page], async () => {
        await page.goto(`${server.url}/chats`);
        const list = page.getByRole("navigation", { name: "Ваші чати" });
        await list.getByRole("link", { name: /Робота/ }).waitFor();

        // Typing filters the chats by name and searches the messages.
        await page.getByRole("searchbox", { name: "Пошук чатів і повідомлень" }).fill("ҐРУНТОВ");
        await list.getByRole("link", { name: /Робота/ }).waitFor({ state: "detached" });
        await list.getByRole("link", { name: /Похід у Карпати/ }).first().waitFor();
        const results = page.getByRole("region", { name: "Повідомлення" });
        const hit = results.getByRole("link", { name: /ґрунтової/ });
        await hit.waitFor();
        expect(await hit.locator("mark").allTextContents()).toEqual(["ґрунтової"]);
        expect(await hit.textContent()).toContain("Тарас Шевчук");

        // The result opens the chat at that message, more than a page back, highlighted and in view.
        await hit.click();
        await page.waitForURL(`**/chats/${group.id}?m=${target.id}`);
        const shown = page.locator(`.msg[data-message-id="${target.id}"]`);
        await page.locator(`.msg[data-message-id="${target.id}"][data-focused]`).waitFor();
        expect(await shown.textContent()).toContain("Зустрічаємось біля ґрунтової дороги");
        const inView = await shown.evaluate((el) => {
          const r = el.getBoundingClientRect();
          const box = el.closest(".messages")!.getBoundingClientRect();
          return r.top >= box.top && r.bottom <= box.bottom;
        });
        expect(inView).toBe(true);
        // The newest messages are not held: nothing after a gap; a new one waits too.
        const log = page.getByRole("log");
        const jump = page.getByRole("button", { name: /До останніх повідомлень/ });
        await jump.waitFor();
        expect(await log.getByText(`Повідомлення номер ${fillers}`, { exact: true }).count()).toBe(0);
        // An empty box shows every chat again; the list's preview (sent after the chat's own frame) says it arrived.
        await page.getByRole("searchbox", { name: "Пошук чатів і повідомлень" }).fill("");
        await sendOk(tarasSock, group.id, "Хто бере намет?");
        await list.getByRole("link", { name: /Похід у Карпати/ }).getByText(/Хто бере намет/).waitFor();
        expect(await log.getByText("Хто бере намет?").count()).toBe(0);

        await jump.click();
        await log.getByText("Хто бере намет?").waitFor();
        await log.getByText(`Повідомлення номер ${fillers}`, { exact: true }).waitFor();
        await jump.waitFor({ state: "detached" });
        // Live again: the next message arrives on its own.
        await sendOk(tarasSock, group.id, "Я беру");
        await log.getByText("Я беру", { exact: true }).waitFor();

        // In the chat already, a result of it only scrolls to the message held, and highlights it.
        await page.getByRole("searchbox", { name: "Пошук чатів і повідомлень" }).fill("намет");
        const tent = page.getByRole("region", { name: "Повідомлення" }).getByRole("link", { name: /Хто бере намет/ });
        await tent.click();
        await page.waitForURL(/\?m=\d+$/);
        const tentId = Number(new URL(page.url()).searchParams.get("m"));
        await page.locator(`.msg[data-message-id="${tentId}"][data-focused]`).waitFor();
        expect(await page.locator(`.msg[data-message-id="${tentId}"]`).textContent()).toContain("Хто бере намет?");
        expect(await jump.count()).toBe(0);
      });
    } finally {
      await context.close();
      tarasSock.ws.close();
    }
  },
  90_000,
);
