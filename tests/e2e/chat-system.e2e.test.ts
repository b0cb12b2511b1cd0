/**
 * The browser test for system messages: Olena creates a group with Taras and adds Iryna through
 * the API; Taras, in the browser, sees the group on top of his list with the line as its preview
 * and nothing unread, opens it and sees the changes as centred, muted lines in the conversation
 * (names as plain text, never HTML), a rename arriving live, and — when Olena leaves — the line
 * about it followed by one saying Taras (the longest-standing member) is now the admin. Needs
 * /usr/bin/chromium: without
 * it the test is skipped with a note, except under CI=true.
 */
import { expect, test } from "bun:test";
import { useBrowserSuite, skipBrowser } from "../helpers/browser.ts";
import { browserPage, onFailure, signUp } from "./e2e-helpers.ts";

const suite = useBrowserSuite();

test.skipIf(skipBrowser)("group changes show as centred lines in the conversation and as the chat list's preview, live", async () => {
  const server = suite.srv;
  const [olena, taras, iryna] = await Promise.all([signUp(server, "Олена", "Коваль", "sys"), signUp(server, "Тарас", "Шевчук", "sys"), signUp(server, "Ірина", "Бойко", "sys")]);
  const group = await olena.client.trpc.chats.createGroup.mutate({ name: "Хакатон <b>", memberIds: [taras.id] });
  // Iryna joins later than Taras: he is the one the admin role passes to when Olena leaves.
  server.clock.advance(1_000);
  await olena.client.trpc.chats.addMembers.mutate({ chatId: group.id, userIds: [iryna.id] });

  const { context, page } = await browserPage(suite.browser, server.url, taras.session);
  try {
    await onFailure("chat-system", [page], async () => {
      await page.goto(`${server.url}/chats`);
      const list = page.getByRole("navigation", { name: "Ваші чати" });
      const row = list.getByRole("link", { name: /Хакатон <b>/ });
      // The preview names the actor as the conversation does (full name).
      await row.getByText("До групи додано: Ірина Бойко (Олена Коваль)").waitFor();
      // Not unread: no badge.
      expect(await row.getAttribute("data-unread")).toBeNull();

      await row.click();
      await page.waitForURL(new RegExp(`/chats/${group.id}$`));
      const log = page.getByRole("log", { name: "Повідомлення" });
      const created = log.locator(".msg-system").filter({ hasText: "Групу «Хакатон <b>» створено (Олена Коваль)" });
      const added = log.locator(".msg-system").filter({ hasText: "До групи додано: Ірина Бойко (Олена Коваль)" });
      await added.waitFor();
      await created.waitFor();
      // A line, not a bubble; centred and muted; the name stays text.
      expect(await log.locator(".msg").count()).toBe(0);
      const style = await added.evaluate((el) => ({ align: getComputedStyle(el).textAlign, color: getComputedStyle(el).color, body: getComputedStyle(document.body).color }));
      expect(style.align).toBe("center");
      expect(style.color).not.toBe(style.body);
      expect(await created.locator("b").count()).toBe(0);

      // Live: Olena renames the group while Taras has it open.
      await olena.client.trpc.chats.updateGroup.mutate({ chatId: group.id, name: "Хакатон 2026" });
      await log.locator(".msg-system").filter({ hasText: "Назву групи змінено на «Хакатон 2026» (Олена Коваль)" }).waitFor();
      // The list beside it (renamed, so found by its new name) shows the same line.
      await list.getByRole("link", { name: /Хакатон 2026/ }).getByText("Назву групи змінено на «Хакатон 2026» (Олена Коваль)").waitFor();

      // Live: Olena (the admin) leaves; the role passes to Taras, and a line says so, after hers.
      await olena.client.trpc.chats.leave.mutate({ chatId: group.id });
      await log.locator(".msg-system").filter({ hasText: "Тарас Шевчук тепер адмін групи" }).waitFor();
      expect((await log.locator(".msg-system").allTextContents()).slice(-2).map((x) => x.trim())).toEqual(["Олена Коваль більше не в групі", "Тарас Шевчук тепер адмін групи"]);
      await list.getByRole("link", { name: /Хакатон 2026/ }).getByText("Тарас Шевчук тепер адмін групи").waitFor();
    });
  } finally {
    await context.close();
  }
}, 60_000);
