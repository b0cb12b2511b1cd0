/**
 * The chat list in pages, in the browser: Олена has 33 chats, one page is 30. Her oldest chat
 * (with Тарас) has a message she has not read, so the header counts it before the list shows that
 * chat. A new message there brings the chat to the top, and the total goes up by exactly one.
 * Scrolling to the end of the list loads the rest: every chat once, the total unchanged; on a
 * screen tall enough for the first page, the rest loads without scrolling. Needs
 * /usr/bin/chromium: without it the test is skipped with a note, except under CI=true.
 */
import { expect, test } from "bun:test";
import { CHAT_LIMITS } from "../../shared/chats.ts";
import { useBrowserSuite, skipBrowser } from "../helpers/browser.ts";
import { connect, sendOk } from "../helpers/chat.ts";
import { browserPage, onFailure, signUp } from "./e2e-helpers.ts";

const suite = useBrowserSuite();

test.skipIf(skipBrowser)(
  "a long chat list comes in pages as it scrolls, and the unread total counts the chats not shown yet, live",
  async () => {
    const server = suite.srv;
    const olena = await signUp(server, "Олена", "Коваль", "pages");
    const taras = await signUp(server, "Тарас", "Шевчук", "pages");
    const tarasSock = await connect(server, taras.client);

    const oldest = await olena.client.trpc.chats.openPersonal.mutate({ userId: taras.id });
    await sendOk(tarasSock, oldest.id, "Давнє повідомлення");
    const groups = CHAT_LIMITS.listPage + 2;
    for (let i = 1; i <= groups; i++) {
      server.clock.advance(1000);
      await olena.client.trpc.chats.createGroup.mutate({ name: `Група ${i}`, memberIds: [taras.id] });
    }

    const { context, page } = await browserPage(suite.browser, server.url, olena.session, { width: 390, height: 844 });
    try {
      await onFailure("chat-list-pages", [page], async () => {
        await page.goto(`${server.url}/chats`);
        const list = page.getByRole("navigation", { name: "Ваші чати" });
        const rows = list.getByRole("link");
        const tarasRow = list.getByRole("link", { name: new RegExp(taras.fullName) });
        const totalIs = (n: number) =>
          page.waitForFunction((text) => document.querySelector(".nav-badge")?.textContent?.includes(text), `непрочитаних: ${n}`);

        // The first page: the public chat and the 30 newest groups, not the chat with Тарас;
        // the header already counts its unread message.
        await list.getByRole("link", { name: new RegExp(`Група ${groups}\\b`) }).waitFor();
        expect(await rows.count()).toBe(1 + CHAT_LIMITS.listPage);
        expect(await tarasRow.count()).toBe(0);
        await list.getByRole("button", { name: "Показати ще чати" }).waitFor();
        await totalIs(1);

        // Тарас writes there again: the chat comes to the top, and the total is 2, not 1 or 3.
        await sendOk(tarasSock, oldest.id, "А тепер?");
        await tarasRow.getByText("Непрочитаних: 2").waitFor({ state: "attached" });
        expect(await rows.nth(1).textContent()).toContain(taras.fullName);
        await totalIs(2);

        // The end of the list scrolled into view loads the rest: each chat once, nothing more to load.
        await list.locator(".chat-list-more").scrollIntoViewIfNeeded();
        await list.getByRole("link", { name: /Група 1\b/ }).waitFor();
        await list.getByRole("button", { name: "Показати ще чати" }).waitFor({ state: "detached" });
        expect(await rows.count()).toBe(1 + groups + 1);
        expect(await tarasRow.count()).toBe(1);
        expect(await page.locator(".nav-badge").textContent()).toContain("непрочитаних: 2");

        // On a screen tall enough for the whole first page, the rest loads by itself.
        const tall = await browserPage(suite.browser, server.url, olena.session, { width: 390, height: 4000 });
        try {
          await tall.page.goto(`${server.url}/chats`);
          const tallList = tall.page.getByRole("navigation", { name: "Ваші чати" });
          await tallList.getByRole("link", { name: /Група 1\b/ }).waitFor();
          expect(await tallList.getByRole("link").count()).toBe(1 + groups + 1);
        } finally {
          await tall.context.close();
        }
      });
    } finally {
      await context.close();
      tarasSock.ws.close();
    }
  },
  60_000,
);
