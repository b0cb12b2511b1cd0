/**
 * The browser test of issue #11: two people become friends through the UI. Andrii finds Bohdana
 * with the header's person search (keyboard only), opens her profile and adds her; Bohdana,
 * already on the feed, sees the badge on "Друзі" appear live and a toast, accepts on /friends,
 * and Andrii — still on her profile, never reloaded — sees "Ви друзі", a toast, and her
 * friends-only album appear; he opens it and sees its photo. Serhii, also her friend, finds her
 * in the search (at phone width) and sees the album — until she blocks him from his profile:
 * then he sees neither the album nor her in the search. Needs /usr/bin/chromium: without it the
 * test is skipped with a note, except under CI=true.
 */
import { expect, test } from "bun:test";
import { skipBrowser, useBrowserSuite } from "../helpers/browser.ts";
import { browserPage, onFailure, signUp } from "./e2e-helpers.ts";
import { befriend, card, friendsBadge, friendsOnlyAlbum, LIVE, notReloaded, openSettled, searchPeople } from "./friends-kit.ts";

const suite = useBrowserSuite();

test.skipIf(skipBrowser)(
  "search → request → the badge appears live for the other → accept → the first sees 'friends' without reloading and opens the friends-only album; a blocked third person sees neither the album nor her in search",
  async () => {
    const srv = suite.srv;
    const andrii = await signUp(srv, "Андрій", "Мельник", "frienda");
    const bohdana = await signUp(srv, "Богдана", "Ткачук", "friendb");
    const serhii = await signUp(srv, "Сергій", "Бондар", "friendc");
    const albumId = await friendsOnlyAlbum(srv, bohdana, "Тільки для друзів");
    await befriend(serhii, bohdana);

    const a = await browserPage(suite.browser, srv.url, andrii.session);
    const b = await browserPage(suite.browser, srv.url, bohdana.session);
    const c = await browserPage(suite.browser, srv.url, serhii.session, { width: 390, height: 844 });
    try {
      await onFailure("friends", [a.page, b.page, c.page], async () => {
        // Bohdana is on the feed with her counts read: no badge yet.
        await openSettled(b.page, `${srv.url}/`);
        expect(await friendsBadge(b.page)).toBeNull();

        // Andrii finds her by the start of her last name, in lower case, with the keyboard.
        await openSettled(a.page, `${srv.url}/`);
        await searchPeople(a.page, "ткач");
        const result = a.page.getByRole("option", { name: new RegExp(`Богдана Ткачук.*@${bohdana.username}`) });
        await result.waitFor(LIVE);
        const box = a.page.getByRole("combobox", { name: "Пошук людей" });
        await box.press("ArrowDown");
        expect(await result.getAttribute("aria-selected")).toBe("true");
        await box.press("Enter");
        await a.page.waitForURL(`**/u/${bohdana.username}`);
        await a.page.getByRole("heading", { name: "Богдана Ткачук", level: 1 }).waitFor();
        // Her friends-only album is not his to see yet.
        await a.page.locator(".profile-albums").getByText("Альбомів поки немає.").waitFor();
        expect(await a.page.getByRole("link", { name: /Тільки для друзів/ }).count()).toBe(0);

        await a.page.getByRole("button", { name: "Додати в друзі" }).click();
        await a.page.locator(".relation-state").getByText("Запит надіслано").waitFor(LIVE);
        await a.page.getByRole("button", { name: "Скасувати запит" }).waitFor();

        // Bohdana: the badge and a toast arrive live, on the same document.
        await b.page.waitForFunction(() => document.querySelector('[data-badge="friends"] [aria-hidden="true"]')?.textContent === "1", undefined, LIVE);
        await b.page.locator(".toast").getByText("Андрій Мельник хоче додати вас у друзі").waitFor(LIVE);
        expect(await notReloaded(b.page)).toBe(true);

        // She accepts on /friends.
        await b.page.getByRole("banner").getByRole("link", { name: /^Друзі/ }).click();
        await b.page.waitForURL("**/friends");
        const request = card(b.page.getByRole("list", { name: "Запити в друзі" }), "Андрій Мельник");
        await request.locator(".person-status").getByText("Хоче додати вас у друзі").waitFor(LIVE);
        await request.getByRole("button", { name: "Прийняти" }).click();
        await request.locator(".person-status").getByText("Ви друзі").waitFor(LIVE);
        await b.page.waitForFunction(() => document.querySelector('[data-badge="friends"]') === null, undefined, LIVE);

        // Andrii, still on her profile and never reloaded, sees the friendship, a toast and the album.
        await a.page.locator(".relation-state").getByText("Ви друзі").waitFor(LIVE);
        await a.page.getByRole("button", { name: "Видалити з друзів" }).waitFor();
        await a.page.locator(".toast").getByText("Богдана Ткачук приймає ваш запит у друзі").waitFor(LIVE);
        expect(await notReloaded(a.page)).toBe(true);
        const album = a.page.getByRole("link", { name: /Тільки для друзів/ });
        await album.waitFor(LIVE);
        await album.click();
        await a.page.waitForURL(`**/albums/${albumId}`);
        await a.page.getByRole("heading", { name: "Тільки для друзів", level: 1 }).waitFor();
        const thumb = a.page.getByRole("list", { name: "Фото альбому «Тільки для друзів»" }).locator("img");
        await thumb.waitFor();
        expect(await thumb.evaluate(async (el: HTMLImageElement) => {
          if (!el.complete) await new Promise((resolve) => el.addEventListener("load", resolve, { once: true }));
          return el.naturalWidth;
        })).toBeGreaterThan(0);

        // Serhii, her friend, at phone width: he finds her and sees the album.
        await openSettled(c.page, `${srv.url}/`);
        await searchPeople(c.page, "ткач");
        await c.page.getByRole("option", { name: /Богдана Ткачук/ }).waitFor(LIVE);
        await c.page.goto(`${srv.url}/albums/${albumId}`);
        await c.page.getByRole("heading", { name: "Тільки для друзів", level: 1 }).waitFor();

        // Bohdana blocks him from his profile (she is asked first).
        await b.page.goto(`${srv.url}/u/${serhii.username}`);
        await b.page.getByRole("heading", { name: "Сергій Бондар", level: 1 }).waitFor();
        await b.page.getByRole("button", { name: "Заблокувати" }).click();
        const confirm = b.page.getByRole("dialog", { name: "Заблокувати користувача?" });
        await confirm.getByRole("button", { name: "Заблокувати" }).click();
        await confirm.waitFor({ state: "hidden" });
        await b.page.locator(".relation-state").getByText("Заблоковано").waitFor(LIVE);
        await b.page.getByRole("button", { name: "Розблокувати" }).waitFor();

        // Now he sees neither the album nor her in the search.
        await c.page.reload();
        await c.page.getByRole("heading", { name: "Альбом не знайдено", level: 1 }).waitFor(LIVE);
        expect(await c.page.getByRole("heading", { name: "Тільки для друзів" }).count()).toBe(0);
        await searchPeople(c.page, "ткач");
        await c.page.locator(".people-search-note").getByText("Нікого не знайдено.").waitFor(LIVE);
        expect(await c.page.getByRole("option").count()).toBe(0);
      });
    } finally {
      await Promise.all([a.context.close(), b.context.close(), c.context.close()]);
    }
  },
  180_000,
);
