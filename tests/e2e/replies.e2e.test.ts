/**
 * The browser test for issue 13's replies, forwards and pins: Олена and Тарас in their personal
 * chat. Тарас asks something; Олена answers with "Відповісти" (the bar over the composer, Escape
 * cancels it once first) and both see the quote in the reply's bubble; a click on the quote opens
 * the chat at the original (`?m=`). Олена forwards Тарас's question into her group "Друзі" (the
 * chooser lists her chats), opens it from the dialog and sees "Переслано від: Тарас Шевчук"; as the
 * group's admin she pins it and the pinned bar shows, live for Тарас too and after his reload.
 * Needs /usr/bin/chromium: without it the test is skipped with a note, except under CI=true.
 */
import { expect, test } from "bun:test";
import { useBrowserSuite, skipBrowser } from "../helpers/browser.ts";
import { browserPage, onFailure, signUp } from "./e2e-helpers.ts";

const suite = useBrowserSuite();

test.skipIf(skipBrowser)(
  "a reply shows its quote to both people and jumps to the original; a forward lands in another chat with its author; a pin shows the bar live and after a reload",
  async () => {
    const server = suite.srv;
    const olena = await signUp(server, "Олена", "Коваль", "reply");
    const taras = await signUp(server, "Тарас", "Шевчук", "reply");
    const personal = await olena.client.trpc.chats.openPersonal.mutate({ userId: taras.id });
    const group = await olena.client.trpc.chats.createGroup.mutate({ name: "Друзі", memberIds: [taras.id] });
    const a = await browserPage(suite.browser, server.url, olena.session, { width: 1280, height: 800 });
    const b = await browserPage(suite.browser, server.url, taras.session, { width: 375, height: 740 });

    // The machine may be busy (other suites build and test beside this one): navigations get longer.
    for (const page of [a.page, b.page]) page.setDefaultNavigationTimeout(45_000);
    try {
      await onFailure("replies", [a.page, b.page], async () => {
        await Promise.all([a.page.goto(`${server.url}/chats/${personal.id}`), b.page.goto(`${server.url}/chats/${personal.id}`)]);
        const aLog = a.page.getByRole("log", { name: "Повідомлення" });
        const bLog = b.page.getByRole("log", { name: "Повідомлення" });
        const aBox = a.page.getByRole("textbox", { name: "Повідомлення" });
        const bBox = b.page.getByRole("textbox", { name: "Повідомлення" });
        await Promise.all([aBox.waitFor(), bBox.waitFor()]);

        await bBox.fill("Коли зустрічаємось?\nі де");
        await bBox.press("Enter");
        // The question itself (the reply's quote shows only its first line, so "і де" is the question's alone).
        const question = aLog.locator(".msg").filter({ hasText: "і де" });
        await question.waitFor();

        // "Відповісти": the bar names whom; Escape cancels it (and keeps the text box).
        await question.getByRole("button", { name: "Відповісти" }).click();
        const bar = a.page.locator(".reply-bar");
        await bar.getByText("Відповідь для: Тарас Шевчук").waitFor();
        await expect(aBox.evaluate((el) => el === document.activeElement)).resolves.toBe(true);
        await aBox.press("Escape");
        await bar.waitFor({ state: "detached" });
        await question.getByRole("button", { name: "Відповісти" }).click();
        await bar.waitFor();
        await aBox.fill("О сьомій, біля фонтана");
        await aBox.press("Enter");
        await bar.waitFor({ state: "detached" });

        // Both see the quote (first line only) in the reply's bubble.
        const aReply = aLog.locator('.msg[data-state="sent"]').filter({ hasText: "О сьомій" });
        await aReply.locator(".reply-quote").filter({ hasText: "Коли зустрічаємось?" }).waitFor();
        const bReply = bLog.locator(".msg").filter({ hasText: "О сьомій" });
        const bQuote = bReply.getByRole("button", { name: "Відповідь на повідомлення від Тарас Шевчук. Перейти до нього" });
        await bQuote.waitFor();
        expect(await bQuote.textContent()).not.toContain("і де");
        // A click on the quote opens the chat at the original.
        const questionId = await bLog.locator(".msg").filter({ hasText: "і де" }).getAttribute("data-message-id");
        await bQuote.click();
        await b.page.waitForURL(new RegExp(`[?&]m=${questionId}`));

        // Forward Тарас's question into "Друзі".
        await question.getByRole("button", { name: "Переслати" }).click();
        const dialog = a.page.getByRole("dialog", { name: "Переслати повідомлення" });
        await dialog.getByRole("button", { name: "Друзі" }).click();
        await dialog.getByText("Переслано: «Друзі»").waitFor();
        await dialog.getByRole("button", { name: "Відкрити чат" }).click();
        await a.page.waitForURL(new RegExp(`/chats/${group.id}$`));
        const forwarded = a.page.getByRole("log", { name: "Повідомлення" }).locator(".msg").filter({ hasText: "Переслано від: Тарас Шевчук" });
        await forwarded.filter({ hasText: "Коли зустрічаємось?" }).waitFor();

        // Тарас opens the group; Олена (its admin) pins the forwarded message: the bar shows for both, live.
        await b.page.goto(`${server.url}/chats/${group.id}`);
        await b.page.getByRole("log", { name: "Повідомлення" }).locator(".msg").filter({ hasText: "Переслано від: Тарас Шевчук" }).waitFor();
        expect(await b.page.locator(".pinned-bar").count()).toBe(0);
        await forwarded.getByRole("button", { name: "Закріпити" }).click();
        const aPinned = a.page.getByRole("region", { name: "Закріплене повідомлення" });
        await aPinned.getByText("Коли зустрічаємось?").waitFor();
        const bPinned = b.page.getByRole("region", { name: "Закріплене повідомлення" });
        await bPinned.getByText("Коли зустрічаємось?").waitFor();
        // Тарас is not the admin: no "Відкріпити" for him.
        expect(await bPinned.getByRole("button", { name: "Відкріпити" }).count()).toBe(0);
        await b.page.reload();
        await bPinned.getByText("Коли зустрічаємось?").waitFor();
        // The bar jumps to the pinned message.
        const pinnedId = await forwarded.first().getAttribute("data-message-id");
        await bPinned.getByRole("button", { name: /Перейти до нього/ }).click();
        await b.page.waitForURL(new RegExp(`[?&]m=${pinnedId}`));
        // Unpinned: gone for both.
        await aPinned.getByRole("button", { name: "Відкріпити" }).click();
        await Promise.all([aPinned.waitFor({ state: "detached" }), bPinned.waitFor({ state: "detached" })]);
      });
    } finally {
      await Promise.all([a.context.close(), b.context.close()]);
    }
  },
  90_000,
);
