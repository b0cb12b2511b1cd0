/**
 * The browser test for issue 15's messenger on a phone (390×844, touch): messages carry no action
 * buttons until a tap or a long-press opens the action sheet (quick reactions, Reply, Edit,
 * Delete…; Escape, Cancel and a tap outside dismiss it, focus goes back to the message); an open
 * chat is full screen (no site header, no tab bar; ← back to the list); the bottom tab bar shows
 * the unread count, the incoming requests and the bell's count and navigates. On a 1280 px
 * desktop: no tab bar, a message's actions show on hover and when the keyboard reaches it. A
 * "notify everyone" toast on a phone sits above the tab bar. A chat opened from a link on a phone
 * does not fetch the chat list's code until ← back shows the list.
 * Screenshots (chat, sheet, feed, profile; light and dark) go to /tmp/phone-shots.
 * Needs /usr/bin/chromium: without it the test is skipped with a note, except under CI=true.
 */
import { expect, test } from "bun:test";
import { mkdirSync } from "node:fs";
import type { Browser, Locator, Page } from "playwright-core";
import { connect, sendOk } from "../helpers/chat.ts";
import { useBrowserSuite, skipBrowser } from "../helpers/browser.ts";
import { browserPage, builtChunk, onFailure, signUp } from "./e2e-helpers.ts";

const suite = useBrowserSuite();
const SHOTS = "/tmp/phone-shots";

async function phonePage(browser: Browser, url: string, session: string) {
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
    locale: "uk-UA",
    serviceWorkers: "block",
  });
  await context.addCookies([{ name: "wit_session", value: session, url }]);
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  page.setDefaultNavigationTimeout(45_000);
  return { context, page };
}

/** A long-press: a touch held (through the Chrome DevTools protocol) until the sheet shows, then lifted. */
async function longPress(page: Page, target: Locator, sheet: Locator) {
  const box = (await target.boundingBox())!;
  const point = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Input.dispatchTouchEvent", { type: "touchStart", touchPoints: [point] });
  await sheet.waitFor();
  await cdp.send("Input.dispatchTouchEvent", { type: "touchEnd", touchPoints: [] });
  await cdp.detach();
}

const isFocused = (l: Locator) => l.evaluate((el) => el === document.activeElement);

async function shoot(page: Page, name: string) {
  mkdirSync(SHOTS, { recursive: true });
  for (const dark of [false, true]) {
    await page.emulateMedia({ colorScheme: dark ? "dark" : "light" });
    await page.waitForFunction((d) => document.documentElement.dataset.theme === (d ? "dark" : "light"), dark);
    await page.screenshot({ path: `${SHOTS}/${name}-${dark ? "dark" : "light"}.png` });
  }
  await page.emulateMedia({ colorScheme: "light" });
}

test.skipIf(skipBrowser)(
  "on a phone a message's actions open in a sheet by a tap or a long-press, an open chat is full screen with its own back button, and the tab bar shows the counts and navigates",
  async () => {
    const server = suite.srv;
    const [olena, taras, ivanna] = await Promise.all([
      signUp(server, "Олена", "Коваль", "phone"),
      signUp(server, "Тарас", "Шевчук", "phone"),
      signUp(server, "Іванна", "Бондар", "phone"),
    ]);
    const chat = await taras.client.trpc.chats.openPersonal.mutate({ userId: olena.id });
    const tarasSock = await connect(server, taras.client);
    await sendOk(tarasSock, chat.id, "Привіт! Як ти?");
    await sendOk(tarasSock, chat.id, "Підемо на каву?");
    await ivanna.client.trpc.friends.request.mutate({ userId: olena.id });

    const { context, page } = await phonePage(suite.browser, server.url, olena.session);
    try {
      await onFailure("phone-chat", [page], async () => {
        // The feed: the tab bar at the bottom with two unread messages, one request, the bell's count.
        await page.goto(`${server.url}/`);
        const tabs = page.getByRole("navigation", { name: "Основні розділи" });
        await tabs.getByRole("link", { name: "Чати (непрочитаних: 2)" }).waitFor();
        await tabs.getByRole("link", { name: "Друзі (запитів у друзі: 1)" }).waitFor();
        await tabs.getByRole("link", { name: /^Сповіщення \(нових: \d+\)$/ }).waitFor();
        expect(await tabs.locator('[data-tab="chats"] .tab-bar-badge').textContent()).toBe("2");
        const bar = (await tabs.boundingBox())!;
        expect(Math.round(bar.y + bar.height)).toBe(844);
        await shoot(page, "feed");

        // A "notify everyone" toast sits above the tab bar, not over it.
        await taras.client.trpc.chats.notifyEveryone.mutate({ text: "Збір о шостій" });
        const toast = page.locator(".toast").filter({ hasText: "Збір о шостій" });
        await toast.waitFor();
        // Focus on it pauses its timer while its box is measured.
        await toast.getByRole("button", { name: "Закрити сповіщення" }).focus();
        await toast.evaluate((el) => Promise.all(el.getAnimations().map((a) => a.finished)));
        const toastBox = (await toast.boundingBox())!;
        expect(toastBox.y + toastBox.height).toBeLessThanOrEqual(bar.y);
        await toast.getByRole("button", { name: "Закрити сповіщення" }).tap();
        await toast.waitFor({ state: "detached" });

        // Chats tab → the list (site header and tab bar still there) → the chat, full screen.
        await tabs.getByRole("link", { name: /^Чати/ }).click();
        await page.waitForURL(/\/chats$/);
        const list = page.getByRole("navigation", { name: "Ваші чати" });
        await list.getByRole("link", { name: /Тарас Шевчук/ }).waitFor();
        await shoot(page, "list");
        await list.getByRole("link", { name: /Тарас Шевчук/ }).click();
        await page.waitForURL(new RegExp(`/chats/${chat.id}$`));
        const log = page.getByRole("log", { name: "Повідомлення" });
        const box = page.getByRole("textbox", { name: "Повідомлення" });
        await box.waitFor();
        await page.getByRole("banner").waitFor({ state: "hidden" });
        await tabs.waitFor({ state: "hidden" });
        await page.locator(".chat-head").getByRole("link", { name: "До списку чатів" }).waitFor();

        await box.fill("Так, о третій");
        await box.press("Enter");
        const sent = log.locator('.msg[data-state="sent"]').filter({ hasText: "Так, о третій" });
        await sent.waitFor();
        // By its id: its text changes below.
        const mine = log.locator(`.msg[data-message-id="${await sent.getAttribute("data-message-id")}"]`);
        const question = log.locator(".msg").filter({ hasText: "Підемо на каву?" }).first();
        // No action buttons beside any message.
        expect(await log.locator(".msg-action:visible").count()).toBe(0);
        expect(await log.getByRole("button", { name: "Відповісти" }).count()).toBe(0);
        await shoot(page, "chat");

        // A tap on Тарас's message: the sheet, with the first reaction focused; 👍 reacts.
        const sheet = page.getByRole("dialog", { name: "Дії з повідомленням" });
        await question.locator(".msg-text").tap();
        await sheet.waitFor();
        await sheet.getByText("Підемо на каву?").waitFor();
        expect(await isFocused(sheet.getByRole("button", { name: "Реакція 👍" }))).toBe(true);
        await shoot(page, "sheet");
        await sheet.getByRole("button", { name: "Реакція 👍" }).tap();
        await sheet.waitFor({ state: "hidden" });
        await question.locator('.msg-reaction[aria-pressed="true"]').filter({ hasText: "👍" }).waitFor();

        // Escape, Cancel and a tap outside each close it; focus goes back to the message.
        for (const dismiss of ["Escape", "Cancel", "outside"] as const) {
          await question.locator(".msg-text").tap();
          await sheet.waitFor();
          if (dismiss === "Escape") await page.keyboard.press("Escape");
          else if (dismiss === "Cancel") await sheet.getByRole("button", { name: "Скасувати" }).tap();
          else await page.touchscreen.tap(195, 60);
          await sheet.waitFor({ state: "hidden" });
          await page.waitForFunction(() => document.activeElement?.matches("article.msg") && document.activeElement.textContent?.includes("Підемо на каву?"));
        }
        // Focus stays inside while it is open: Tab from the last control (Cancel) comes back to the first.
        await question.locator(".msg-text").tap();
        await sheet.waitFor();
        await sheet.getByRole("button", { name: "Скасувати" }).focus();
        await page.keyboard.press("Tab");
        expect(await isFocused(sheet.getByRole("button", { name: "Реакція 👍" }))).toBe(true);

        // Reply from the sheet: the reply bar over the composer, the quote in the sent reply.
        await sheet.getByRole("button", { name: "Відповісти" }).tap();
        await sheet.waitFor({ state: "hidden" });
        await page.locator(".reply-bar").getByText("Відповідь для: Тарас Шевчук").waitFor();
        await box.fill("Звісно!");
        await box.press("Enter");
        await log.locator('.msg[data-state="sent"]').filter({ hasText: "Звісно!" }).locator(".reply-quote").filter({ hasText: "Підемо на каву?" }).waitFor();

        // A long-press on my message: Edit (Тарас's messages offer none), then Delete.
        await longPress(page, mine.locator(".msg-text"), sheet);
        expect(await sheet.getByRole("button", { name: "Видалити повідомлення" }).count()).toBe(1);
        await sheet.getByRole("button", { name: "Редагувати" }).tap();
        await page.locator(".composer-editing").getByText("Редагування повідомлення").waitFor();
        await box.fill("Так, о четвертій");
        await box.press("Enter");
        await mine.getByText("змінено", { exact: true }).waitFor();
        await mine.locator(".msg-text").tap();
        await sheet.getByRole("button", { name: "Видалити повідомлення" }).tap();
        const confirm = page.getByRole("dialog", { name: "Видалити повідомлення?" });
        await confirm.getByRole("button", { name: "Видалити", exact: true }).tap();
        await log.locator(".msg").filter({ hasText: "Повідомлення видалено" }).waitFor();
        await question.locator(".msg-text").tap();
        await sheet.waitFor();
        expect(await sheet.getByRole("button", { name: "Редагувати" }).count()).toBe(0);
        await page.keyboard.press("Escape");
        await sheet.waitFor({ state: "hidden" });

        // ← back: the list, the site header and the tab bar return.
        await page.locator(".chat-head").getByRole("link", { name: "До списку чатів" }).tap();
        await page.waitForURL(/\/chats$/);
        await page.getByRole("banner").waitFor();
        await tabs.waitFor();

        // The tab bar navigates: Friends, Profile, Feed.
        await tabs.getByRole("link", { name: /^Друзі/ }).tap();
        await page.waitForURL(/\/friends$/);
        await tabs.getByRole("link", { name: "Профіль" }).tap();
        await page.waitForURL(new RegExp(`/u/${olena.username}$`));
        await page.getByRole("heading", { name: "Олена Коваль", level: 1 }).waitFor();
        expect(await tabs.getByRole("link", { name: "Профіль" }).getAttribute("aria-current")).toBe("page");
        await shoot(page, "profile");
        await tabs.getByRole("link", { name: "Стрічка" }).tap();
        await page.waitForURL(`${server.url}/`);

        // A chat opened straight from a link fills the screen without the list's code; ← back fetches it and shows the list.
        const [chatView, chatListPanel] = [builtChunk("chat-view").path, builtChunk("chat-list-panel").path];
        const fresh = await context.newPage();
        const assets: string[] = [];
        fresh.on("request", (req) => assets.push(new URL(req.url()).pathname));
        await fresh.goto(`${server.url}/chats/${chat.id}`);
        await fresh.getByRole("log", { name: "Повідомлення" }).locator(".msg").filter({ hasText: "Підемо на каву?" }).first().waitFor();
        expect(assets.filter((p) => p === chatView).length).toBeGreaterThan(0);
        expect(assets.filter((p) => p === chatListPanel)).toEqual([]);
        await fresh.locator(".chat-head").getByRole("link", { name: "До списку чатів" }).tap();
        await fresh.getByRole("navigation", { name: "Ваші чати" }).getByRole("link", { name: /Тарас Шевчук/ }).waitFor();
        expect(assets.filter((p) => p === chatListPanel).length).toBeGreaterThan(0);
        await fresh.close();
      });
    } finally {
      tarasSock.ws.close();
      await context.close();
    }
  },
  150_000,
);

test.skipIf(skipBrowser)(
  "on a desktop there is no tab bar and a message's actions show on hover and when the keyboard reaches the message",
  async () => {
    const server = suite.srv;
    const [olena, taras] = await Promise.all([signUp(server, "Олена", "Коваль", "desk"), signUp(server, "Тарас", "Шевчук", "desk")]);
    const chat = await taras.client.trpc.chats.openPersonal.mutate({ userId: olena.id });
    const tarasSock = await connect(server, taras.client);
    await sendOk(tarasSock, chat.id, "Перше");
    await sendOk(tarasSock, chat.id, "Друге");
    const { context, page } = await browserPage(suite.browser, server.url, olena.session, { width: 1280, height: 800 });
    page.setDefaultNavigationTimeout(45_000);
    try {
      await onFailure("phone-chat-desktop", [page], async () => {
        await page.goto(`${server.url}/chats/${chat.id}`);
        const log = page.getByRole("log", { name: "Повідомлення" });
        const first = log.locator(".msg").filter({ hasText: "Перше" });
        const second = log.locator(".msg").filter({ hasText: "Друге" });
        await second.waitFor();
        await page.getByRole("banner").waitFor();
        expect(await page.getByRole("navigation", { name: "Основні розділи" }).count()).toBe(0);
        // Beside the chat: my list, its code fetched after the chat's.
        await page.getByRole("navigation", { name: "Ваші чати" }).getByRole("link", { name: /Тарас Шевчук/ }).waitFor();
        const opacity = (l: Locator) => l.evaluate((el) => getComputedStyle(el).opacity);
        const reply = (m: Locator) => m.getByRole("button", { name: "Відповісти" });
        expect(await opacity(reply(first))).toBe("0");

        // Hover shows them; a click on the message opens no sheet.
        await second.locator(".msg-text").hover();
        await page.waitForFunction(() => [...document.querySelectorAll("article.msg")].some((m) => m.textContent?.includes("Друге") && getComputedStyle(m.querySelector(".msg-reply")!).opacity === "1"));
        await second.locator(".msg-text").click();
        expect(await page.getByRole("dialog", { name: "Дії з повідомленням" }).count()).toBe(0);
        await page.mouse.move(5, 5);

        // The keyboard: Tab from the chat's title reaches the first message, whose actions show; the next Tab is one of them.
        await page.locator("#chat-title").focus();
        for (let i = 0; i < 40 && !(await isFocused(first)); i++) await page.keyboard.press("Tab");
        expect(await isFocused(first)).toBe(true);
        await page.waitForFunction(() => {
          const m = document.activeElement;
          return !!m?.matches("article.msg") && getComputedStyle(m.querySelector(".msg-reply")!).opacity === "1";
        });
        await page.keyboard.press("Tab");
        expect(await page.evaluate(() => !!document.activeElement?.closest("article.msg")?.textContent?.includes("Перше") && document.activeElement?.matches("button"))).toBe(true);

        // Its "Add reaction" toolbar still works by keyboard there: arrows move, Escape gives focus back.
        const add = first.getByRole("button", { name: "Додати реакцію" });
        await add.focus();
        await add.press("Enter");
        const toolbar = page.getByRole("toolbar", { name: "Додати реакцію" });
        await toolbar.waitFor();
        await page.keyboard.press("ArrowRight");
        await page.waitForFunction(() => document.activeElement?.getAttribute("aria-label") === "Реакція ❤️");
        await page.keyboard.press("Escape");
        await toolbar.waitFor({ state: "detached" });
        expect(await isFocused(add)).toBe(true);
      });
    } finally {
      tarasSock.ws.close();
      await context.close();
    }
  },
  90_000,
);
