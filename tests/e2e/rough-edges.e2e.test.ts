/**
 * Browser tests for three rough edges a new user hit (issue #15): a guest finds the public chat
 * from the home page and the header (desktop, and the folded menu on a phone); the sessions page
 * tells alike sessions apart (this device, a coarse IP, first / last seen) and asks before signing
 * out all the others; an address with nothing behind it — an id that cannot be one, a record that
 * does not exist, an unknown route — shows the not-found page, while a real failure keeps "try
 * again". Needs /usr/bin/chromium: without it the tests are skipped with a note, except under CI=true.
 */
import { expect, test } from "bun:test";
import { createClient, defaultPassword } from "../helpers/client.ts";
import { useBrowserSuite, skipBrowser } from "../helpers/browser.ts";
import { browserPage, onFailure, signUp } from "./e2e-helpers.ts";

const suite = useBrowserSuite();

const CHROME = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36";

test.skipIf(skipBrowser)("a guest on the home page finds and opens the public chat from the page and from the header", async () => {
  const server = suite.srv;
  const desktop = await browserPage(suite.browser, server.url, null);
  const phone = await browserPage(suite.browser, server.url, null, { width: 390, height: 844 });
  const { page } = desktop;
  try {
    await onFailure("rough-public-chat", [desktop.page, phone.page], async () => {
      // The home page's call to action opens the public chat, which a guest reads but cannot write in.
      await page.goto(server.url);
      await page.getByRole("heading", { name: "Приєднуйся до World IT", level: 1 }).waitFor();
      await page.getByRole("main").getByRole("link", { name: "Відкрити загальний чат" }).click();
      await page.waitForURL(`${server.url}/chat/global`);
      await page.getByRole("heading", { name: "Загальний чат", level: 1 }).waitFor();
      const box = page.getByRole("textbox", { name: "Повідомлення" });
      await box.waitFor();
      expect(await box.isDisabled()).toBe(true);
      expect(await page.getByRole("main").getByRole("link", { name: "Увійти" }).count()).toBe(1);

      // The header offers it too, beside sign in and register.
      await page.goto(server.url);
      await page.getByRole("heading", { name: "Приєднуйся до World IT", level: 1 }).waitFor();
      const header = page.getByRole("banner");
      await header.getByRole("link", { name: "Увійти" }).waitFor();
      await header.getByRole("link", { name: "Загальний чат" }).click();
      await page.waitForURL(`${server.url}/chat/global`);
      await page.getByRole("heading", { name: "Загальний чат", level: 1 }).waitFor();

      // On a phone the header's link is in the folded menu.
      await phone.page.goto(server.url);
      await phone.page.getByRole("heading", { name: "Приєднуйся до World IT", level: 1 }).waitFor();
      await phone.page.getByRole("button", { name: "Відкрити меню" }).click();
      await phone.page.getByRole("banner").getByRole("link", { name: "Загальний чат" }).click();
      await phone.page.waitForURL(`${server.url}/chat/global`);
      await phone.page.getByRole("heading", { name: "Загальний чат", level: 1 }).waitFor();
    });
  } finally {
    await Promise.all([desktop.context.close(), phone.context.close()]);
  }
}, 90_000);

test.skipIf(skipBrowser)(
  "the sessions page marks this device, shows a coarse IP and first/last seen, and asks before signing out the others",
  async () => {
    const server = suite.srv;
    const account = await signUp(server, "Олена", "Сеансова", "sessions");
    const email = (await account.client.trpc.auth.me.query())!.email;
    // Both in the same browser: only the address tells them apart.
    const office = createClient(server, { ip: "203.0.113.57", userAgent: CHROME });
    const travel = createClient(server, { ip: "2001:db8:85a3::8a2e:370:7334", userAgent: CHROME });
    for (const other of [office, travel]) await other.trpc.auth.signIn.mutate({ email, password: defaultPassword });
    const mine = `${account.client.ip.split(".").slice(0, 3).join(".")}.x`;

    const { context, page } = await browserPage(suite.browser, server.url, account.session);
    try {
      await onFailure("rough-sessions", [page], async () => {
        await page.goto(`${server.url}/settings/sessions`);
        await page.getByRole("heading", { name: "Активні сеанси", level: 1 }).waitFor();
        const list = page.getByRole("list", { name: "Список сеансів" });
        const rows = list.getByRole("listitem");
        await rows.nth(2).waitFor();
        expect(await rows.count()).toBe(3);

        // This device first, marked, with its own coarse address; the others by theirs.
        const current = list.locator('li[aria-current="true"]');
        expect(await current.count()).toBe(1);
        expect(await current.getByText("Цей пристрій").isVisible()).toBe(true);
        expect(await current.locator(".session-ip").textContent()).toBe(mine);
        const ips = await list.locator(".session-ip").allTextContents();
        expect(ips.sort()).toEqual([mine, "203.0.113.x", "2001:db8:85a3…"].sort());
        const text = (await list.textContent()) ?? "";
        expect(text).not.toContain("203.0.113.57");
        expect(text).not.toContain("8a2e");
        for (const label of ["Перший вхід:", "Остання активність:", "IP-адреса:"]) {
          expect(await current.getByText(label).count()).toBe(1);
        }
        // Alike sessions are told apart to a screen reader too.
        await list.getByRole("button", { name: "Завершити сеанс: Chrome 156 · Linux, 203.0.113.x" }).waitFor();

        // "Sign out all other sessions" asks; cancelling keeps them.
        const revokeOthers = page.getByRole("button", { name: "Завершити всі інші сеанси" });
        await revokeOthers.click();
        const dialog = page.getByRole("dialog", { name: "Завершити всі інші сеанси?" });
        await dialog.waitFor();
        expect(await dialog.getByText("сеансів: 2").count()).toBe(1);
        await dialog.getByRole("button", { name: "Скасувати" }).click();
        await dialog.waitFor({ state: "hidden" });
        expect(await rows.count()).toBe(3);
        for (const other of [office, travel]) expect(await other.trpc.auth.me.query()).not.toBeNull();

        // Confirming signs them out: the list keeps only this device.
        await revokeOthers.click();
        await dialog.waitFor();
        await dialog.getByRole("button", { name: "Завершити інші" }).click();
        await page.getByRole("status").filter({ hasText: "Завершено інших сеансів: 2." }).waitFor();
        await dialog.waitFor({ state: "hidden" });
        await page.getByText("Інших активних сеансів немає.").waitFor();
        expect(await rows.count()).toBe(1);
        for (const other of [office, travel]) expect(await other.trpc.auth.me.query()).toBeNull();
        expect(await account.client.trpc.auth.me.query()).not.toBeNull();
      });
    } finally {
      await context.close();
    }
  },
  90_000,
);

test.skipIf(skipBrowser)(
  "an address with nothing behind it shows the not-found page, not a retry, and a real failure keeps the retry",
  async () => {
    const server = suite.srv;
    const account = await signUp(server, "Іван", "Адресний", "notfound");
    const guest = await browserPage(suite.browser, server.url, null);
    const member = await browserPage(suite.browser, server.url, account.session);
    try {
      await onFailure("rough-not-found", [guest.page, member.page], async () => {
        const expectNotFound = async (page: typeof guest.page, path: string, title: string, link = "На головну") => {
          await page.goto(`${server.url}${path}`);
          await page.getByRole("heading", { name: title }).waitFor();
          await page.getByRole("main").getByRole("link", { name: link }).waitFor();
          expect(await page.getByRole("button", { name: "Спробувати ще раз" }).count()).toBe(0);
          expect(await page.getByText("Не вдалося завантажити").count()).toBe(0);
        };
        const { page } = guest;
        await expectNotFound(page, "/albums/1", "Альбом не знайдено");
        await expectNotFound(page, "/albums/aaaaaaaaaaaaaaaaaaaaaaaa", "Альбом не знайдено");
        await expectNotFound(page, "/u/nobody-here", "Користувача не знайдено");
        await expectNotFound(page, "/chat/zzz", "Сторінку не знайдено");
        await expectNotFound(page, "/posts/999999", "Публікацію не знайдено");
        await expectNotFound(page, "/posts/abc", "Публікацію не знайдено");
        await expectNotFound(page, "/no-such-page", "Сторінку не знайдено");
        expect(await page.title()).toBe("Сторінку не знайдено · World IT");

        // Signed in, a chat that cannot be one or is not there: the chat's not-found, back to the list.
        await expectNotFound(member.page, "/chats/zzz", "Чат не знайдено", "До списку чатів");
        await expectNotFound(member.page, "/chats/aaaaaaaaaaaaaaaaaaaaaaaa", "Чат не знайдено", "До списку чатів");

        // A real failure (the request never arrives) is not "not found": the error and "try again".
        await page.route("**/trpc/albums.byId**", (route) => route.abort());
        await page.goto(`${server.url}/albums/bbbbbbbbbbbbbbbbbbbbbbbb`);
        await page.getByRole("button", { name: "Спробувати ще раз" }).waitFor();
        expect(await page.getByRole("heading", { name: "Не вдалося завантажити" }).count()).toBe(1);
        expect(await page.getByRole("heading", { name: "Альбом не знайдено" }).count()).toBe(0);
      });
    } finally {
      await Promise.all([guest.context.close(), member.context.close()]);
    }
  },
  90_000,
);
