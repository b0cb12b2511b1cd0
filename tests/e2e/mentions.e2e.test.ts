/**
 * The browser test for mentions, mute and the tab title (issue 13). Two people in a group: Олена
 * writes "@Тар…", picks Тарас from the autocomplete and sends; Тарас, on the chat list, sees the
 * "@" badge and the unread count in the header, opens the chat and sees the mention highlighted;
 * once read, the badge is gone. Тарас mutes the chat for 8 hours: a new message shows in the
 * chat's own (grey) count but not in the header; with the tab hidden, a mention in the muted chat
 * still counts and the title reads "(1) World IT"; shown again, the page's title comes back.
 * Needs /usr/bin/chromium: without it the test is skipped with a note, except under CI=true.
 */
import { expect, test } from "bun:test";
import { skipBrowser, useBrowserSuite } from "../helpers/browser.ts";
import { browserPage, onFailure, signUp } from "./e2e-helpers.ts";

const suite = useBrowserSuite();

test.skipIf(skipBrowser)(
  "an @mention picked from the autocomplete is highlighted for the person mentioned and badges their list; a muted chat leaves the header count but a mention in it counts; a hidden tab shows the count in its title",
  async () => {
    const server = suite.srv;
    const olena = await signUp(server, "Олена", "Коваль", "mention");
    const taras = await signUp(server, "Тарас", "Шевчук", "mention");
    const group = await olena.client.trpc.chats.createGroup.mutate({ name: "Команда згадок", memberIds: [taras.id] });
    const a = await browserPage(suite.browser, server.url, olena.session);
    const b = await browserPage(suite.browser, server.url, taras.session);
    try {
      await onFailure("mentions", [a.page, b.page], async () => {
        await b.page.goto(`${server.url}/chats`);
        const bChats = b.page.getByRole("navigation", { name: "Ваші чати" });
        const bRow = bChats.getByRole("link", { name: /Команда згадок/ });
        await bRow.waitFor();

        // Олена types "@Тар": the autocomplete offers Тарас; a click writes his @username.
        await a.page.goto(`${server.url}/chats/${group.id}`);
        const aBox = a.page.getByRole("textbox", { name: "Повідомлення" });
        await aBox.pressSequentially("Глянь, @Тар");
        const suggestions = a.page.getByRole("listbox", { name: "Учасники для згадки" });
        const option = suggestions.getByRole("option", { name: new RegExp(`@${taras.username}`) });
        await option.waitFor();
        // Only members other than me are offered.
        expect(await suggestions.getByRole("option").count()).toBe(1);
        await option.click();
        await expect(aBox.inputValue()).resolves.toBe(`Глянь, @${taras.username} `);
        await aBox.pressSequentially("будь ласка");
        await aBox.press("Enter");
        await a.page.getByRole("log", { name: "Повідомлення" }).locator('.msg[data-state="sent"]').getByText("будь ласка").waitFor();

        // Тарас's list: the "@" badge and the unread count, in the list and the header.
        await bRow.getByText("Вас згадано").waitFor({ state: "attached" });
        await bRow.getByText("Непрочитаних: 1").waitFor({ state: "attached" });
        await b.page.getByRole("banner").getByRole("link", { name: /Чати.*непрочитаних: 1/, includeHidden: true }).waitFor({ state: "attached" });

        // He opens the chat: the message is marked as mentioning him, his @name highlighted.
        await bRow.click();
        const bLog = b.page.getByRole("log", { name: "Повідомлення" });
        const mentioned = bLog.locator(".msg[data-mentions-me]");
        await mentioned.waitFor();
        expect(await mentioned.locator(".mention[data-me]").textContent()).toBe(`@${taras.username}`);
        expect(await mentioned.locator(".msg-text").textContent()).toBe(`Глянь, @${taras.username} будь ласка`);
        // Read: the badge and the count go.
        await bRow.getByText("Вас згадано").waitFor({ state: "detached" });
        await b.page.getByRole("banner").getByRole("link", { name: /непрочитаних/, includeHidden: true }).waitFor({ state: "detached" });

        // He mutes the chat for 8 hours from its header, then goes back to the list.
        await b.page.getByRole("button", { name: "Сповіщення" }).click();
        await b.page.getByRole("button", { name: "Вимкнути на 8 годин" }).click();
        await b.page.getByRole("button", { name: "Сповіщення вимкнено" }).waitFor();
        await b.page.goto(`${server.url}/chats`);
        await bRow.waitFor();
        await bChats.locator(`a.chat-row[data-muted][href="/chats/${group.id}"]`).waitFor();

        // A new message: the chat's own count shows it, the header does not.
        const send = async (body: string) => {
          await aBox.fill(body);
          await aBox.press("Enter");
        };
        await send("ще одне, без згадки");
        await bRow.getByText("Непрочитаних: 1").waitFor({ state: "attached" });
        expect(await b.page.getByRole("banner").getByRole("link", { name: /непрочитаних/, includeHidden: true }).count()).toBe(0);

        // The tab is hidden; a mention in the muted chat counts: the title reads "(1) World IT".
        const titleBefore = await b.page.title();
        await b.page.evaluate(() => {
          Object.defineProperty(document, "visibilityState", { configurable: true, get: () => "hidden" });
          document.dispatchEvent(new Event("visibilitychange"));
        });
        await send(`@${taras.username} а це тобі`);
        await bRow.getByText("Непрочитаних: 2").waitFor({ state: "attached" });
        await bRow.getByText("Вас згадано").waitFor({ state: "attached" });
        await b.page.waitForFunction(() => document.title === "(1) World IT");
        await b.page.getByRole("banner").getByRole("link", { name: /Чати.*непрочитаних: 1/, includeHidden: true }).waitFor({ state: "attached" });

        // Shown again: the page's own title comes back.
        await b.page.evaluate(() => {
          Object.defineProperty(document, "visibilityState", { configurable: true, get: () => "visible" });
          document.dispatchEvent(new Event("visibilitychange"));
        });
        await b.page.waitForFunction((t) => document.title === t, titleBefore);
      });
    } finally {
      await a.context.close();
      await b.context.close();
    }
  },
  120_000,
);
