/**
 * Browser tests for safety and privacy (issue #11). (a) Olena sets "chat from friends only" in
 * settings; a stranger cannot open a new personal chat with her, and Taras, who has one open
 * already, sends and sees the composer give way to the closed notice (the history stays; opened
 * afresh it is still closed). (b) Taras reports Olena's post and a comment through the dialog: the report
 * rows exist, and reporting again says kindly that he already did. (c) The feed's "Друзі" tab (in
 * the address, so a reload keeps it) shows a friend's post and not a stranger's, and its
 * "N new posts" pill counts friends' posts only. (d) In a personal chat Olena reports Taras's
 * message and blocks him from the header: both see the chat closed, Taras live; Olena unblocks him
 * in Settings → Blocked people and his composer comes back live. (e) These screens fit a 390 px
 * phone in the dark theme (screenshots in /tmp). No page is reloaded: a fresh tab stands in for a
 * reload, since a reload under load can trip playwright-core's in-process connection ("Cannot find
 * object to frameReceived"). Needs /usr/bin/chromium: without it the tests are skipped with a
 * note, except under CI=true.
 */
import { expect, test } from "bun:test";
import type { BrowserContext, Page } from "playwright-core";
import { skipBrowser, useBrowserSuite } from "../helpers/browser.ts";
import { rejection } from "../helpers/client.ts";
import { browserPage, onFailure, signUp, type Account } from "./e2e-helpers.ts";
import { post } from "./posts-kit.ts";

const suite = useBrowserSuite();

const CLOSED = "Ви не можете писати цій людині";

async function befriend(a: Account, b: Account) {
  await a.client.trpc.friends.request.mutate({ userId: b.id });
  await b.client.trpc.friends.accept.mutate({ userId: a.id });
}

/**
 * Closes browser contexts after leaving their pages (about:blank), so no app socket is open or
 * reconnecting while a context closes: playwright would otherwise report frames of a socket whose
 * page it has already dropped ("Cannot find object to frameReceived") into whichever test runs next.
 */
async function closeAll(...contexts: BrowserContext[]) {
  for (const context of contexts) {
    for (const page of context.pages()) await page.goto("about:blank").catch(() => {});
    await context.close();
  }
}

const composer = (page: Page) => page.getByRole("textbox", { name: "Повідомлення" });
const closedNotice = (page: Page) => page.getByRole("region", { name: CLOSED });

async function reportsBy(reporterId: string) {
  return suite.srv.deps.db.db
    .selectFrom("reports")
    .select(["target_kind", "target_key", "target_owner_id", "reason", "text"])
    .where("reporter_id", "=", reporterId)
    .orderBy("id")
    .execute();
}

test.skipIf(skipBrowser)(
  "'chat from friends only' set in settings refuses a stranger's new personal chat and closes an open one: the send comes back and the composer gives way to the notice, the history stays",
  async () => {
    const srv = suite.srv;
    const olena = await signUp(srv, "Олена", "Коваль", "safea");
    const taras = await signUp(srv, "Тарас", "Шевчук", "safeb");
    const petro = await signUp(srv, "Петро", "Мельник", "safec");
    const chat = await taras.client.trpc.chats.openPersonal.mutate({ userId: olena.id });
    const a = await browserPage(suite.browser, srv.url, olena.session);
    const b = await browserPage(suite.browser, srv.url, taras.session, { width: 375, height: 740 });
    const opened: BrowserContext[] = [];
    try {
      await onFailure("safety-chat-from", [a.page, b.page], async () => {
        // Taras has the chat open and writes while it is still open to him.
        await b.page.goto(`${srv.url}/chats/${chat.id}`);
        await composer(b.page).fill("Привіт, Олено!");
        await composer(b.page).press("Enter");
        const log = b.page.getByRole("log");
        await log.getByText("Привіт, Олено!").waitFor();
        await b.page.locator('.msg[data-state="sent"]').first().waitFor();

        // Olena: Settings → Privacy → "Лише друзі" for personal chats, saved.
        await a.page.goto(`${srv.url}/settings`);
        const privacy = a.page.getByRole("region", { name: "Приватність" });
        const chatFrom = privacy.getByRole("group", { name: "Хто може почати зі мною особистий чат" });
        await expect(chatFrom.getByRole("radio", { name: "Усі" }).isChecked()).resolves.toBe(true);
        await chatFrom.getByRole("radio", { name: "Лише друзі" }).check();
        await privacy.getByRole("button", { name: "Зберегти" }).click();
        await privacy.getByText("Налаштування приватності збережено.").waitFor();
        expect(await olena.client.trpc.privacy.get.query()).toEqual({ chatFrom: "friends", friendsListVisibleTo: "everyone" });

        // A stranger cannot start a personal chat with her now.
        const refused = await rejection(petro.client.trpc.chats.openPersonal.mutate({ userId: olena.id }));
        expect(refused.data).toMatchObject({ code: "FORBIDDEN", reason: "chats.personalClosed" });

        // Taras writes again: the server refuses, the notice replaces the composer, the history stays.
        await composer(b.page).fill("Ти тут?");
        await composer(b.page).press("Enter");
        const notice = closedNotice(b.page);
        await notice.waitFor();
        await notice.getByText("Ця людина приймає особисті повідомлення лише від друзів.").waitFor();
        await composer(b.page).waitFor({ state: "detached" });
        await log.getByText("Ви не можете писати цій людині.").waitFor(); // under the refused message
        await log.getByText("Привіт, Олено!").waitFor();

        // Opened afresh (another tab), the chat is still readable and still closed.
        const again = await browserPage(suite.browser, srv.url, taras.session, { width: 375, height: 740 });
        opened.push(again.context);
        await again.page.goto(`${srv.url}/chats/${chat.id}`);
        await closedNotice(again.page).getByText("Ця людина приймає особисті повідомлення лише від друзів.").waitFor();
        await again.page.getByRole("log").getByText("Привіт, Олено!").waitFor();
        await expect(composer(again.page).count()).resolves.toBe(0);

        // Back to everyone: the chat opens again (on a fresh load: no frame tells Taras).
        await chatFrom.getByRole("radio", { name: "Усі" }).check();
        await privacy.getByRole("button", { name: "Зберегти" }).click();
        await privacy.getByText("Налаштування приватності збережено.").waitFor();
        const later = await browserPage(suite.browser, srv.url, taras.session, { width: 375, height: 740 });
        opened.push(later.context);
        await later.page.goto(`${srv.url}/chats/${chat.id}`);
        await composer(later.page).waitFor();
      });
    } finally {
      await closeAll(a.context, b.context, ...opened);
    }
  },
);

test.skipIf(skipBrowser)(
  "a reader reports a post and a comment through the dialog; the reports are stored, and reporting again says kindly it was done",
  async () => {
    const srv = suite.srv;
    const olena = await signUp(srv, "Олена", "Коваль", "repa");
    const taras = await signUp(srv, "Тарас", "Шевчук", "repb");
    const written = await olena.client.trpc.posts.create.mutate({ title: "Купуйте мої курси", body: "Дуже дешево" });
    const comment = await olena.client.trpc.comments.create.mutate({ postId: written.id, body: "Пишіть у приват!" });
    const b = await browserPage(suite.browser, srv.url, taras.session);
    try {
      await onFailure("safety-report", [b.page], async () => {
        await b.page.goto(`${srv.url}/`);
        const card = post(b.page, "Купуйте мої курси");
        await card.waitFor();
        await card.getByRole("button", { name: "Поскаржитися на публікацію" }).click();
        const dialog = b.page.getByRole("dialog", { name: "Скарга на публікацію" });
        await dialog.waitFor();
        // No reason chosen: the dialog asks for one and sends nothing.
        await dialog.getByRole("button", { name: "Надіслати" }).click();
        await dialog.getByText("Виберіть причину.").waitFor();
        await dialog.getByRole("radio", { name: "Спам або реклама" }).check();
        await dialog.getByLabel("Подробиці (необов'язково)").fill("Реклама курсів");
        await dialog.getByText("14 / 1000").waitFor();
        await dialog.getByRole("button", { name: "Надіслати" }).click();
        await b.page.getByText("Скаргу надіслано").waitFor();
        await dialog.waitFor({ state: "hidden" });

        // Again: the server answers CONFLICT, the dialog says so kindly.
        await card.getByRole("button", { name: "Поскаржитися на публікацію" }).click();
        await dialog.getByRole("radio", { name: "Інше" }).check();
        await dialog.getByRole("button", { name: "Надіслати" }).click();
        await dialog.getByText("Ви вже надіслали скаргу на це. Дякуємо — модератори її розглянуть.").waitFor();
        await dialog.getByRole("button", { name: "Закрити" }).press("Enter");
        await dialog.waitFor({ state: "hidden" });

        // The comment: reported with the keyboard.
        await card.getByRole("button", { name: "Поскаржитися на коментар" }).focus();
        await b.page.keyboard.press("Enter");
        const about = b.page.getByRole("dialog", { name: "Скарга на коментар" });
        await about.getByRole("radio", { name: "Образи чи цькування" }).check();
        await about.getByRole("button", { name: "Надіслати" }).press("Enter");
        await about.waitFor({ state: "hidden" });

        await expect(reportsBy(taras.id)).resolves.toEqual([
          { target_kind: "post", target_key: String(written.id), target_owner_id: olena.id, reason: "spam", text: "Реклама курсів" },
          { target_kind: "comment", target_key: String(comment.id), target_owner_id: olena.id, reason: "harassment", text: "" },
        ]);
      });
    } finally {
      await closeAll(b.context);
    }
  },
);

test.skipIf(skipBrowser)(
  "the feed's Friends tab shows a friend's post and not a stranger's, is kept in the address, and counts new posts by friends only",
  async () => {
    const srv = suite.srv;
    const olena = await signUp(srv, "Олена", "Коваль", "tabsa");
    const taras = await signUp(srv, "Тарас", "Шевчук", "tabsb");
    const petro = await signUp(srv, "Петро", "Мельник", "tabsc");
    await befriend(olena, taras);
    await taras.client.trpc.posts.create.mutate({ title: "Тарас: новини дружби", body: "" });
    await petro.client.trpc.posts.create.mutate({ title: "Петро: чужі новини", body: "" });
    const a = await browserPage(suite.browser, srv.url, olena.session);
    try {
      await onFailure("safety-friends-tab", [a.page], async () => {
        await a.page.goto(`${srv.url}/`);
        const tabs = a.page.getByRole("navigation", { name: "Чиї публікації показати" });
        await expect(tabs.getByRole("link", { name: "Усі" }).getAttribute("aria-current")).resolves.toBe("page");
        await post(a.page, "Петро: чужі новини").waitFor();

        await tabs.getByRole("link", { name: "Друзі" }).click();
        await a.page.waitForURL(/\?tab=friends$/);
        await a.page.getByRole("region", { name: "Публікації друзів" }).waitFor();
        await post(a.page, "Тарас: новини дружби").waitFor();
        await expect(post(a.page, "Петро: чужі новини").count()).resolves.toBe(0);

        await tabs.getByRole("link", { name: "Усі" }).click();
        await a.page.waitForURL((url) => url.search === "");
        await post(a.page, "Петро: чужі новини").waitFor();
      });

      // Another tab opened at the Friends feed's address shows that tab (so a reload keeps it). A
      // friend's first new post shows the pill (so the feed is listening); a stranger's is not
      // counted (its author is checked first), a friend's is.
      const c = await browserPage(suite.browser, srv.url, olena.session);
      await onFailure("safety-friends-live", [c.page], async () => {
        await c.page.goto(`${srv.url}/?tab=friends`);
        await post(c.page, "Тарас: новини дружби").waitFor();
        const cTabs = c.page.getByRole("navigation", { name: "Чиї публікації показати" });
        await expect(cTabs.getByRole("link", { name: "Друзі" }).getAttribute("aria-current")).resolves.toBe("page");
        await expect(post(c.page, "Петро: чужі новини").count()).resolves.toBe(0);
        await taras.client.trpc.posts.create.mutate({ title: "Тарас: перше свіже", body: "" });
        await c.page.getByRole("button", { name: "1 нова публікація" }).waitFor();
        const petroChecked = c.page.waitForResponse((r) => r.url().includes("friends.status") && r.url().includes(petro.id));
        await petro.client.trpc.posts.create.mutate({ title: "Петро: ще чуже", body: "" });
        await petroChecked;
        await taras.client.trpc.posts.create.mutate({ title: "Тарас: друге свіже", body: "" });
        await c.page.getByRole("button", { name: "2 нові публікації" }).click();
        await post(c.page, "Тарас: друге свіже").waitFor();
        await post(c.page, "Тарас: перше свіже").waitFor();
        await expect(post(c.page, "Петро: ще чуже").count()).resolves.toBe(0);
      }).finally(() => closeAll(c.context));
    } finally {
      await closeAll(a.context);
    }
  },
);

test.skipIf(skipBrowser)(
  "in a personal chat a person reports a message and blocks the other from the header (both see it closed, the other live), unblocks from the closed chat and blocks again, then unblocks in settings and the chat opens again live",
  async () => {
    const srv = suite.srv;
    const olena = await signUp(srv, "Олена", "Коваль", "blocka");
    const taras = await signUp(srv, "Тарас", "Шевчук", "blockb");
    const chat = await olena.client.trpc.chats.openPersonal.mutate({ userId: taras.id });
    const a = await browserPage(suite.browser, srv.url, olena.session);
    const b = await browserPage(suite.browser, srv.url, taras.session);
    try {
      await onFailure("safety-block", [a.page, b.page], async () => {
        await a.page.goto(`${srv.url}/chats/${chat.id}`);
        await b.page.goto(`${srv.url}/chats/${chat.id}`);
        await composer(b.page).fill("Купи рекламу!");
        await composer(b.page).press("Enter");
        const message = a.page.getByRole("log").locator(".msg").filter({ hasText: "Купи рекламу!" });
        await message.waitFor();

        // Olena reports the message.
        await message.hover();
        await message.getByRole("button", { name: "Поскаржитися на повідомлення" }).click();
        const dialog = a.page.getByRole("dialog", { name: "Скарга на повідомлення" });
        await dialog.getByRole("radio", { name: "Спам або реклама" }).check();
        await dialog.getByRole("button", { name: "Надіслати" }).click();
        await dialog.waitFor({ state: "hidden" });
        const [reported] = await reportsBy(olena.id);
        expect(reported).toMatchObject({ target_kind: "message", target_owner_id: taras.id, reason: "spam" });
        expect(reported!.target_key).toStartWith(`${chat.id}:`);

        // Block from the header, after a confirmation.
        await a.page.locator(".chat-head").getByRole("button", { name: "Заблокувати" }).click();
        const confirm = a.page.getByRole("dialog", { name: "Заблокувати: Тарас Шевчук?" });
        await confirm.getByRole("button", { name: "Заблокувати" }).click();
        await closedNotice(a.page).getByText("Ви заблокували цю людину. Розблокуйте її, щоб знову листуватися.").waitFor();
        await a.page.locator(".chat-head").getByRole("button", { name: "Розблокувати" }).waitFor();
        await expect(composer(a.page).count()).resolves.toBe(0);
        // Unblock from the notice (it and the header's button share one unblock): the composer comes
        // back and the header offers Block again; then blocked again, from the header.
        await closedNotice(a.page).getByRole("button", { name: "Розблокувати" }).click();
        await composer(a.page).waitFor();
        await a.page.locator(".chat-head").getByRole("button", { name: "Заблокувати" }).click();
        await a.page.getByRole("dialog", { name: "Заблокувати: Тарас Шевчук?" }).getByRole("button", { name: "Заблокувати" }).click();
        await closedNotice(a.page).getByText("Ви заблокували цю людину. Розблокуйте її, щоб знову листуватися.").waitFor();
        // Taras, without a reload: closed, the history still there.
        await closedNotice(b.page).getByText("Листування з цією людиною закрите.").waitFor();
        await composer(b.page).waitFor({ state: "detached" });
        await b.page.getByRole("log").getByText("Купи рекламу!").waitFor();

        // Settings → Blocked people: Taras is there; Unblock; the list is empty.
        await a.page.goto(`${srv.url}/settings`);
        const blocked = a.page.getByRole("region", { name: "Заблоковані" });
        const list = blocked.getByRole("list", { name: "Заблоковані люди" });
        await list.getByRole("link", { name: "Тарас Шевчук" }).waitFor();
        await list.getByRole("button", { name: "Розблокувати: Тарас Шевчук" }).click();
        await blocked.getByText("Тарас Шевчук розблоковано.").waitFor();
        await blocked.getByText("Ви нікого не заблокували.").waitFor();
        expect(await olena.client.trpc.blocks.list.query()).toEqual([]);

        // Taras's chat opens again live.
        await composer(b.page).waitFor();
        await expect(closedNotice(b.page).count()).resolves.toBe(0);
      });
    } finally {
      await closeAll(a.context, b.context);
    }
  },
);

test.skipIf(skipBrowser)(
  "the safety screens fit a 390 px phone in the dark theme: feed tabs, the report dialog, privacy and blocked people in settings, a closed chat (screenshots in /tmp)",
  async () => {
    const srv = suite.srv;
    const olena = await signUp(srv, "Олена", "Коваль", "phonea");
    const taras = await signUp(srv, "Тарас", "Шевчук-Довгопризвищенко", "phoneb");
    await taras.client.trpc.posts.create.mutate({ title: "Публікація для скарги на телефоні", body: "" });
    const chat = await olena.client.trpc.chats.openPersonal.mutate({ userId: taras.id });
    await olena.client.trpc.blocks.add.mutate({ userId: taras.id });
    const viewport = { width: 390, height: 844 };
    const { context, page } = await browserPage(suite.browser, srv.url, olena.session, viewport);
    const fits = async (name: string) => {
      expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe("dark");
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);
      await page.screenshot({ path: `/tmp/world-it-safety-${name}.png` });
    };
    try {
      await onFailure("safety-phone", [page], async () => {
        await page.emulateMedia({ colorScheme: "dark" });
        await page.goto(`${srv.url}/`);
        await page.getByRole("navigation", { name: "Чиї публікації показати" }).waitFor();
        await fits("feed-tabs");

        await post(page, "Публікація для скарги на телефоні").getByRole("button", { name: "Поскаржитися на публікацію" }).click();
        await page.getByRole("dialog", { name: "Скарга на публікацію" }).waitFor();
        await fits("report-dialog");
        await page.keyboard.press("Escape");
        await page.getByRole("dialog").waitFor({ state: "hidden" });

        await page.goto(`${srv.url}/settings#settings-privacy`);
        await page.getByRole("region", { name: "Приватність" }).getByRole("radio", { name: "Лише друзі" }).first().waitFor();
        await page.getByRole("region", { name: "Заблоковані" }).getByRole("button", { name: /^Розблокувати/ }).waitFor();
        await page.getByRole("region", { name: "Приватність" }).scrollIntoViewIfNeeded();
        await fits("settings-privacy");
        await page.getByRole("region", { name: "Заблоковані" }).scrollIntoViewIfNeeded();
        await fits("settings-blocked");

        await page.goto(`${srv.url}/chats/${chat.id}`);
        await closedNotice(page).waitFor();
        await fits("chat-closed");
      });
    } finally {
      await closeAll(context);
    }
  },
);
