/**
 * The browser test for presence (issue 13): A has a personal chat with B open; while B's tab is
 * open the header (and the chat list) says "у мережі"; B closes the tab and A's header turns,
 * live, into "востаннє в мережі щойно". Then B hides the last-seen time in Settings and A (after
 * a reload) sees "нещодавно в мережі". Needs /usr/bin/chromium: without it the test is skipped
 * with a note, except under CI=true.
 */
import { test } from "bun:test";
import { skipBrowser, useBrowserSuite } from "../helpers/browser.ts";
import { browserPage, onFailure, signUp } from "./e2e-helpers.ts";

const suite = useBrowserSuite();

test.skipIf(skipBrowser)(
  "a person's presence in a personal chat turns from online to 'last seen' when they close the tab, and to 'recently' once they hide it",
  async () => {
    const server = suite.srv;
    const olena = await signUp(server, "Олена", "Коваль", "presence");
    const taras = await signUp(server, "Тарас", "Шевчук", "presence");
    const chat = await olena.client.trpc.chats.openPersonal.mutate({ userId: taras.id });
    const a = await browserPage(suite.browser, server.url, olena.session);
    const b = await browserPage(suite.browser, server.url, taras.session);
    try {
      await onFailure("presence", [a.page, b.page], async () => {
        // B is on the chat list: online.
        await b.page.goto(`${server.url}/chats`);
        await b.page.getByRole("heading", { name: "Чати", level: 1 }).waitFor();

        await a.page.goto(`${server.url}/chats/${chat.id}`);
        await a.page.getByRole("heading", { name: taras.fullName, level: 1 }).waitFor();
        const header = a.page.locator(".chat-head");
        await header.getByTestId("presence").filter({ hasText: "у мережі" }).waitFor();
        // The chat list beside it says the same.
        const row = a.page.getByRole("navigation", { name: "Ваші чати" }).getByRole("link", { name: new RegExp(taras.fullName) });
        await row.getByTestId("presence").filter({ hasText: "у мережі" }).waitFor();

        // B closes the tab: A's header follows live.
        await b.page.close();
        await header.getByTestId("presence").filter({ hasText: "востаннє в мережі щойно" }).waitFor({ timeout: 30_000 });
        await row.getByTestId("presence").filter({ hasText: "востаннє в мережі" }).waitFor();

        // B comes back and hides the last-seen time in Settings.
        const b2 = await b.context.newPage();
        b2.setDefaultTimeout(15_000);
        await b2.goto(`${server.url}/settings`);
        const form = b2.getByRole("form", { name: "Присутність і прочитання" });
        await form.getByRole("checkbox", { name: /Показувати, коли я в мережі/ }).uncheck();
        await form.getByRole("button", { name: "Зберегти" }).click();
        await b2.getByText("Збережено").first().waitFor();
        // A's header turns coarse at once (the setting reaches A's socket), and stays so after a reload.
        await header.getByTestId("presence").filter({ hasText: "нещодавно в мережі" }).waitFor({ timeout: 30_000 });
        await a.page.reload();
        await a.page.locator(".chat-head").getByTestId("presence").filter({ hasText: "нещодавно в мережі" }).waitFor();
      });
    } finally {
      await a.context.close();
      await b.context.close();
    }
  },
  120_000,
);
