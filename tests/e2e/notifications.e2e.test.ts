/**
 * The browser test of issue #19: Olena has a post and the app open; Taras likes it and comments
 * on it. Without a reload her bell goes to 2; she opens the list from the bell, sees both entries
 * with his name (marked new), and the bell goes to 0 once the list was seen; the like entry opens
 * the post's own page. At phone width, Serhii's bell stays in the header bar (outside the folded
 * menu): a friend request and a mention reach it, the keyboard opens the list, and the mention
 * opens the post at that comment. Needs /usr/bin/chromium: without it the tests are skipped with
 * a note, except under CI=true.
 */
import { expect, test } from "bun:test";
import type { Page } from "playwright-core";
import { skipBrowser, useBrowserSuite } from "../helpers/browser.ts";
import { browserPage, onFailure, signUp } from "./e2e-helpers.ts";

const suite = useBrowserSuite();

/** Live steps (a frame, then a read) on a busy machine get this long. */
const LIVE = { timeout: 30_000 };

/**
 * Opens `url` and resolves once the page has read the bell's count (which it does after the
 * socket's hello, so the socket is subscribed by then): from here on, only a frame can change it.
 * Marks the window, so `notReloaded` can tell the document was never reloaded.
 */
async function openSettled(page: Page, url: string): Promise<void> {
  const counted = page.waitForResponse((r) => new URL(r.url()).pathname === "/trpc/notifications.unseenCount" && r.ok(), LIVE);
  await page.goto(url);
  await counted;
  await page.evaluate(() => ((window as unknown as { __sameDocument?: boolean }).__sameDocument = true));
}

const notReloaded = (page: Page) => page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument === true);

/** The bell (the one shown: in the header bar at phone width, among the account links when wide). */
const bellOf = (page: Page) => page.getByRole("banner").getByRole("link", { name: /^Сповіщення/ });

/** The number on the bell, or null when it has none. */
const badgeOf = async (page: Page) => {
  const badge = page.getByRole("banner").locator(".bell:visible .bell-badge");
  return (await badge.count()) ? badge.textContent() : null;
};

test.skipIf(skipBrowser)(
  "a like and a comment by someone else bring the bell to 2 live; the list shows both with their name, the bell goes to 0, and the like opens the post's page",
  async () => {
    const srv = suite.srv;
    const olena = await signUp(srv, "Олена", "Коваль", "notifa");
    const taras = await signUp(srv, "Тарас", "Бойко", "notifb");
    const title = "Світанок на Говерлі";
    const post = await olena.client.trpc.posts.create.mutate({ title, body: "Вийшли о четвертій ранку.", tags: [], links: [], imageIds: [] });

    const a = await browserPage(suite.browser, srv.url, olena.session);
    try {
      await onFailure("notifications", [a.page], async () => {
        // Olena is on the feed with the bell's count read: nothing new yet.
        await openSettled(a.page, `${srv.url}/`);
        const bell = bellOf(a.page);
        expect(await bell.getAttribute("aria-label")).toBe("Сповіщення");
        expect(await badgeOf(a.page)).toBeNull();

        // Taras likes her post and comments on it.
        await taras.client.trpc.posts.like.mutate({ postId: post.id, on: true });
        await taras.client.trpc.comments.create.mutate({ postId: post.id, body: "Неймовірні кольори!" });

        // Her bell says 2, live, on the same document.
        await a.page.getByRole("banner").getByRole("link", { name: "Сповіщення: 2 нових" }).waitFor(LIVE);
        expect(await badgeOf(a.page)).toBe("2");
        expect(await notReloaded(a.page)).toBe(true);

        // The bell opens the list: both entries name Taras and are marked new.
        await bell.click();
        await a.page.waitForURL("**/notifications");
        await a.page.getByRole("heading", { name: "Сповіщення", level: 1 }).waitFor();
        const list = a.page.getByRole("region", { name: "Сповіщення, спершу найновіші" });
        const like = list.getByRole("link", { name: new RegExp(`^Нове: Тарас Бойко: вподобання вашої публікації «${title}»`) });
        const comment = list.getByRole("link", { name: new RegExp(`^Нове: Тарас Бойко: новий коментар до вашої публікації «${title}»`) });
        await like.waitFor(LIVE);
        await comment.waitFor();
        expect(await list.getByRole("link").count()).toBe(2);
        expect(await like.getAttribute("data-unseen")).toBe("");
        expect(await comment.getAttribute("href")).toBe(`/posts/${post.id}#comments`);

        // Seen once shown: the bell goes to 0 (the entries keep their mark for this visit).
        await a.page.getByRole("banner").getByRole("link", { name: "Сповіщення", exact: true }).waitFor(LIVE);
        expect(await badgeOf(a.page)).toBeNull();

        // The like entry opens the post's own page.
        await like.click();
        await a.page.waitForURL(`**/posts/${post.id}`);
        await a.page.getByRole("heading", { name: "Публікація", level: 1 }).waitFor();
        const card = a.page.locator(`article.post[data-post-id="${post.id}"]`);
        await card.getByRole("heading", { name: title, level: 2 }).waitFor();
        await card.getByText("Неймовірні кольори!").waitFor();
        expect(Number(await card.locator(".like-count").getAttribute("data-count"))).toBe(1);
        expect(await notReloaded(a.page)).toBe(true);

        // A new tab of hers: still 0 (the server was told), and the list has nothing new.
        const again = await a.context.newPage();
        await openSettled(again, `${srv.url}/notifications`);
        await again.getByRole("region", { name: "Сповіщення, спершу найновіші" }).getByRole("link", { name: /Тарас Бойко: вподобання/ }).waitFor(LIVE);
        expect(await bellOf(again).getAttribute("aria-label")).toBe("Сповіщення");
        expect(await again.locator(".notification[data-unseen]").count()).toBe(0);
      });
    } finally {
      await a.context.close();
    }
  },
  180_000,
);

test.skipIf(skipBrowser)(
  "at phone width the bell stays in the header bar: a friend request and a mention reach it live, the keyboard opens the list, and the mention opens the post at that comment",
  async () => {
    const srv = suite.srv;
    const serhii = await signUp(srv, "Сергій", "Мельник", "notifc");
    const ivanna = await signUp(srv, "Іванна", "Руденко", "notifd");
    const post = await ivanna.client.trpc.posts.create.mutate({ title: "Де поїсти у Львові", body: "Порадьте.", tags: [], links: [], imageIds: [] });
    // Enough comments that the mentioned one is not among the three a card shows at first.
    const mention = await ivanna.client.trpc.comments.create.mutate({ postId: post.id, body: `@${serhii.username} ти ж звідти, підкажи!` });
    for (let i = 1; i <= 4; i++) await ivanna.client.trpc.comments.create.mutate({ postId: post.id, body: `Ще коментар ${i}` });

    const c = await browserPage(suite.browser, srv.url, serhii.session, { width: 390, height: 844 });
    try {
      await onFailure("notifications-phone", [c.page], async () => {
        await openSettled(c.page, `${srv.url}/`);
        // The menu is folded, yet the bell is there, with the mention counted.
        expect(await c.page.getByRole("button", { name: "Відкрити меню" }).isVisible()).toBe(true);
        const bell = bellOf(c.page);
        await c.page.getByRole("banner").getByRole("link", { name: "Сповіщення: 1 нове" }).waitFor(LIVE);
        expect(await bell.isVisible()).toBe(true);
        const box = await bell.boundingBox();
        expect(box && box.x >= 0 && box.x + box.width <= 390 && box.y + box.height <= 120).toBe(true);

        // A friend request arrives live.
        await ivanna.client.trpc.friends.request.mutate({ userId: serhii.id });
        await c.page.getByRole("banner").getByRole("link", { name: "Сповіщення: 2 нових" }).waitFor(LIVE);
        expect(await badgeOf(c.page)).toBe("2");
        expect(await notReloaded(c.page)).toBe(true);

        // The keyboard opens the list.
        await bell.focus();
        await c.page.keyboard.press("Enter");
        await c.page.waitForURL("**/notifications");
        const list = c.page.getByRole("region", { name: "Сповіщення, спершу найновіші" });
        await list.getByRole("link", { name: /^Нове: Іванна Руденко хоче додати вас у друзі/ }).waitFor(LIVE);
        const mentioned = list.getByRole("link", { name: /^Нове: Іванна Руденко: згадка про вас у коментарі до публікації «Де поїсти у Львові»/ });
        await mentioned.waitFor();
        await mentioned.getByText(`«@${serhii.username} ти ж звідти, підкажи!»`).waitFor();
        // The newest first.
        expect(await list.locator(".notification").first().getAttribute("data-kind")).toBe("friend_request");

        // The mention opens the post at that comment (loaded, in view and focused).
        await mentioned.click();
        await c.page.waitForURL(`**/posts/${post.id}#comment-${mention.id}`);
        await c.page.waitForFunction((id) => document.activeElement?.id === `comment-${id}`, mention.id, LIVE);
        const target = c.page.locator(`#comment-${mention.id}`);
        expect(await target.isVisible()).toBe(true);
        expect(await target.getAttribute("data-target")).toBe("");
        await c.page.getByRole("banner").getByRole("link", { name: "Сповіщення", exact: true }).waitFor(LIVE);
      });
    } finally {
      await c.context.close();
    }
  },
  180_000,
);
