/**
 * The browser test for a moderator's tools in the public chat (issue #16), whose code a member's
 * visit never loads (the slow-mode choice and the delete dialogs are chunks of their own): a
 * moderator picks "30 с" in the header's slow-mode choice and a member's composer says so live;
 * the member sends, and the line counts down. The moderator deletes the member's message with a
 * reason and both see "Повідомлення видалено" in its place. Needs /usr/bin/chromium: without it
 * the test is skipped with a note, except under CI=true.
 */
import { test } from "bun:test";
import { useBrowserSuite, skipBrowser } from "../helpers/browser.ts";
import { browserPage, onFailure, signUp } from "./e2e-helpers.ts";
import { closeAll, LIVE, setRole } from "./moderation-kit.ts";

const suite = useBrowserSuite();

test.skipIf(skipBrowser)(
  "a moderator turns slow mode on from the public chat's header and a member's composer says so live; the moderator deletes the member's message with a reason and both see it deleted",
  async () => {
    const server = suite.srv;
    const moderator = await signUp(server, "Ірина", "Гнатюк", "chatmod");
    const member = await signUp(server, "Богдан", "Лисенко", "chatmod");
    await setRole(server, moderator.id, "moderator");
    const m = await browserPage(suite.browser, server.url, moderator.session);
    const p = await browserPage(suite.browser, server.url, member.session);

    try {
      await onFailure("chat-moderation", [m.page, p.page], async () => {
        await m.page.goto(`${server.url}/chat/global`);
        await p.page.goto(`${server.url}/chat/global`);
        const pBox = p.page.getByRole("textbox", { name: "Повідомлення" });
        await pBox.waitFor();
        // A member has no slow-mode choice.
        await p.page.getByRole("button", { name: "Сповістити всіх" }).waitFor();
        if ((await p.page.getByRole("combobox", { name: "Повільний режим" }).count()) !== 0) throw new Error("a member got the slow-mode choice");

        // The moderator's choice: off at first; 30 s reaches the member's composer live.
        const choice = m.page.getByRole("combobox", { name: "Повільний режим" });
        await choice.waitFor();
        await choice.selectOption({ label: "30 с" });
        await p.page.locator(".composer-slow").getByText("Повільний режим: 30 с", { exact: true }).waitFor(LIVE);

        // The member sends; the line counts down to the next message.
        await pBox.fill("Усім привіт у загальному чаті");
        await pBox.press("Enter");
        const pLog = p.page.getByRole("log", { name: "Повідомлення" });
        await pLog.locator('.msg[data-state="sent"]').getByText("Усім привіт у загальному чаті").waitFor(LIVE);
        await p.page.locator(".composer-slow[data-waiting]").getByText(/^Наступне повідомлення — через \d+ с$/).waitFor(LIVE);

        // The moderator deletes it, with a reason for the log.
        const mLog = m.page.getByRole("log", { name: "Повідомлення" });
        const message = mLog.locator(".msg").filter({ hasText: "Усім привіт у загальному чаті" });
        await message.waitFor(LIVE);
        await message.getByRole("button", { name: "Видалити як модератор" }).click();
        const dialog = m.page.getByRole("dialog", { name: "Видалити повідомлення в загальному чаті?" });
        await dialog.waitFor();
        await dialog.getByRole("textbox", { name: "Причина" }).fill("Перевірка інструментів модератора");
        await dialog.getByRole("button", { name: "Видалити", exact: true }).click();
        await dialog.waitFor({ state: "detached" });
        await mLog.getByText("Повідомлення видалено").waitFor(LIVE);
        await pLog.getByText("Повідомлення видалено").waitFor(LIVE);

        // Off again (the public chat is this file's server's only one).
        await choice.selectOption({ label: "Вимкнено" });
        await p.page.locator(".composer-slow").waitFor({ state: "detached", ...LIVE });
      });
    } finally {
      await closeAll(m.context, p.context);
    }
  },
);
