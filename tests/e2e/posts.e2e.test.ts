/**
 * Browser tests for posts and the feed. (a) Olena writes a post with two images (reordered before
 * posting), a tag and a link; Taras, already on the feed, sees "1 нова публікація" live, shows it,
 * likes it with the keyboard and comments; Olena sees the like, comment and view counts move and
 * the comment appear without reloading, and a toast about the comment; her edit and her deletion
 * reach Taras live. (b) Payloads in the title, topic, text, tag box, link and comment render as
 * text: no script runs, no injected element exists. (c) A draft survives a reload and is gone once
 * posted. (d) The feed at phone width, light and dark, has nothing wider than the screen
 * (screenshots in /tmp). (e) Showing new posts from the pill keeps the post I am reading in place.
 * (f) Scrolling down reads the next pages by cursor. (g) On /, text typed in the new-post box
 * before the composer's code arrives stays, with the focus, and a draft brings the composer back
 * open. Needs /usr/bin/chromium: without it the tests are skipped with a note, except under
 * CI=true.
 */
import { expect, test } from "bun:test";
import { makePng } from "../fixtures/images.ts";
import { upload } from "../fixtures/media-kit.ts";
import { skipBrowser, useBrowserSuite } from "../helpers/browser.ts";
import { waitFor } from "../helpers/wait.ts";
import { browserPage, onFailure, signUp } from "./e2e-helpers.ts";
import { count, frameSent, IMG, noInjection, pngFile, post, SCRIPT } from "./posts-kit.ts";

const suite = useBrowserSuite();
test.skipIf(skipBrowser)(
  "a post with two images, a tag and a link reaches a reader live as '1 нова публікація'; the reader's like and comment reach the author without a reload",
  async () => {
    const srv = suite.srv;
    const olena = await signUp(srv, "Олена", "Коваль", "postsa");
    const taras = await signUp(srv, "Тарас", "Шевчук", "postsb");
    const a = await browserPage(suite.browser, srv.url, olena.session);
    const b = await browserPage(suite.browser, srv.url, taras.session);
    try {
      await onFailure("posts-live", [a.page, b.page], async () => {
        const watching = frameSent(b.page, (f) => f.type === "feed.watch" && f.on === true);
        await b.page.goto(`${srv.url}/`);
        await b.page.getByRole("heading", { name: "Привіт, Тарас!", level: 1 }).waitFor();
        await a.page.goto(`${srv.url}/`);
        await a.page.getByRole("heading", { name: "Привіт, Олена!", level: 1 }).waitFor();

        const form = a.page.getByRole("form", { name: "Нова публікація" });
        await form.getByLabel("Заголовок").fill("Подорож до Карпат");
        await form.getByLabel("Текст", { exact: true }).fill("Перший день: **гори** і *туман*.");
        const tags = form.getByRole("combobox", { name: "Теги" });
        await tags.fill("#Карпати");
        await tags.press("Enter");
        await form.getByRole("list", { name: "Вибрані теги" }).getByText("#карпати").waitFor();
        await form.getByLabel("Посилання", { exact: true }).fill("https://www.example.com/karpaty");
        await form.getByLabel("Посилання", { exact: true }).press("Enter");
        await form.getByRole("list", { name: "Додані посилання" }).getByText("example.com", { exact: true }).waitFor();

        // Two images, each with its own progress; then the wide one moves after the tall one.
        await a.page.getByLabel("Файли зображень для публікації").setInputFiles([pngFile("wide.png", 640, 480), pngFile("tall.png", 300, 500)]);
        const tiles = form.getByRole("list", { name: "Зображення до публікації" }).locator(".image-tile");
        await a.page.waitForFunction(() => document.querySelectorAll('.image-tile[data-status="done"]').length === 2);
        const firstKey = await tiles.first().getAttribute("data-key");
        await tiles.first().getByRole("button", { name: "Перемістити праворуч" }).click();
        await a.page.waitForFunction((key) => document.querySelector(".image-tile:last-child")?.getAttribute("data-key") === key, firstKey);

        await watching; // Taras's feed listens before Olena publishes.
        await form.getByRole("button", { name: "Опублікувати" }).click();
        // Olena's own post is there at once, and the composer is empty again.
        const mine = post(a.page, "Подорож до Карпат");
        await mine.waitFor();
        await expect(form.getByLabel("Заголовок").inputValue()).resolves.toBe("");

        // Taras sees the pill live, shows the post, with its parts rendered.
        await b.page.getByRole("button", { name: "1 нова публікація" }).click();
        const theirs = post(b.page, "Подорож до Карпат");
        await theirs.waitFor();
        expect(await theirs.locator(".post-body strong").textContent()).toBe("гори");
        expect(await theirs.getByRole("link", { name: "#карпати" }).getAttribute("href")).toBe(`/tags/${encodeURIComponent("карпати")}`);
        const card = theirs.locator("a.link-card");
        expect(await card.getAttribute("href")).toBe("https://www.example.com/karpaty");
        expect(await card.getAttribute("rel")).toBe("noopener noreferrer nofollow");
        expect(await card.locator(".link-card-domain").textContent()).toBe("example.com");
        const images = theirs.locator(".post-images img");
        await expect(images.count()).resolves.toBe(2);
        expect(await images.evaluateAll((els) => els.map((el) => el.getAttribute("width")))).toEqual(["300", "640"]);
        await b.page.getByRole("button", { name: "1 нова публікація" }).waitFor({ state: "detached" });

        // The first image opens the albums' full-screen viewer.
        await theirs.getByRole("button", { name: "Відкрити фото 1 з 2" }).click();
        const viewer = b.page.getByRole("dialog", { name: "Подорож до Карпат" });
        await viewer.getByText("1 / 2").waitFor();
        await b.page.keyboard.press("Escape");
        await viewer.waitFor({ state: "hidden" });

        // Taras likes it with the keyboard and comments.
        const like = theirs.getByRole("button", { name: "Подобається", exact: true });
        await like.focus();
        await like.press("Enter");
        await b.page.waitForFunction(() => document.querySelector('.like-toggle[aria-pressed="true"]') !== null);
        const box = theirs.getByRole("textbox", { name: "Ваш коментар" });
        await box.fill("Гарно!\nЧекаю на другий день.");
        await theirs.getByRole("button", { name: "Надіслати коментар" }).click();
        await theirs.locator(".comment-text").getByText("Чекаю на другий день.").waitFor();

        // Olena sees both counts move, the comment and a toast, without reloading.
        await a.page.waitForFunction(() => document.querySelector(".like-count")?.getAttribute("data-count") === "1");
        await mine.locator(".comment-text").getByText("Чекаю на другий день.").waitFor();
        expect(await count(a.page, "Подорож до Карпат", "comments")).toBe(1);
        expect(await mine.locator(".comment-text").first().textContent()).toBe("Гарно!\nЧекаю на другий день.");
        await a.page.locator(".toast").getByText("Тарас Шевчук коментує «Подорож до Карпат»").waitFor();
        // Taras had the card on screen for more than a second: one view, live too.
        await a.page.waitForFunction(() => document.querySelector(".post-views")?.getAttribute("data-count") === "1", undefined, { timeout: 30_000 });
        expect(await count(a.page, "Подорож до Карпат", "likes")).toBe(1);

        // Who liked: Taras.
        await mine.locator(".like-count").click();
        const likers = a.page.getByRole("dialog", { name: "Кому подобається" });
        await likers.getByRole("link", { name: /Тарас Шевчук/ }).waitFor();
        await a.page.keyboard.press("Escape");
        await likers.waitFor({ state: "hidden" });

        // Olena edits the title in place: Taras sees it live, marked "змінено", his like kept.
        await mine.getByRole("button", { name: "Редагувати публікацію" }).click();
        const editForm = a.page.getByRole("form", { name: "Редагування публікації" });
        await editForm.getByLabel("Заголовок").fill("Подорож до Карпат, день 1");
        await editForm.getByRole("button", { name: "Зберегти" }).click();
        const edited = post(b.page, "Подорож до Карпат, день 1");
        await edited.locator(".post-edited").getByText("змінено").waitFor();
        expect(await edited.getByRole("button", { name: "Подобається", exact: true }).getAttribute("aria-pressed")).toBe("true");
        expect(await edited.locator(".post-images img").count()).toBe(2);

        // Olena deletes it after confirming: it is gone for Taras too, without a reload.
        await post(a.page, "Подорож до Карпат, день 1").getByRole("button", { name: "Видалити публікацію" }).click();
        await a.page.getByRole("dialog", { name: "Видалити публікацію?" }).getByRole("button", { name: "Видалити", exact: true }).click();
        await post(a.page, "Подорож до Карпат, день 1").waitFor({ state: "detached" });
        await edited.waitFor({ state: "detached" });
      });
    } finally {
      await a.context.close();
      await b.context.close();
    }
  },
  120_000,
);

test.skipIf(skipBrowser)(
  "markup in a post's title, topic, text, tag box, link and comment is shown as text: no script runs and no injected element exists",
  async () => {
    const srv = suite.srv;
    const author = await signUp(srv, "Ірина", "Бондар", "postsx");
    const reader = await signUp(srv, "Петро", "Мельник", "postsy");
    const a = await browserPage(suite.browser, srv.url, author.session);
    const b = await browserPage(suite.browser, srv.url, reader.session);
    const guest = await browserPage(suite.browser, srv.url, null);
    try {
      await onFailure("posts-xss", [a.page, b.page, guest.page], async () => {
        await a.page.goto(`${srv.url}/publications`);
        const form = a.page.getByRole("form", { name: "Нова публікація" });
        await form.getByLabel("Заголовок").fill(IMG);
        await form.getByLabel("Тема").fill(SCRIPT);
        const body = `${SCRIPT}\n\n${IMG}\n\n**${IMG}** [клік](javascript:window.__xss=3) <javascript:window.__xss=4> ![x](x)`;
        await form.getByLabel("Текст", { exact: true }).fill(body);
        // The tag box refuses markup with the server's own words; a plain tag goes in.
        const tags = form.getByRole("combobox", { name: "Теги" });
        await tags.fill(IMG);
        await tags.press("Enter");
        await form.getByText("Тег — це літери, цифри, _ і - без пробілів.").waitFor();
        await tags.fill("img-onerror");
        await tags.press("Enter");
        await form.getByRole("list", { name: "Вибрані теги" }).getByText("#img-onerror").waitFor();
        // A javascript: link is refused; an https link carrying markup is taken as it is.
        const link = form.getByLabel("Посилання", { exact: true });
        await link.fill("javascript:window.__xss=5");
        await link.press("Enter");
        await form.getByText("Потрібне посилання http:// або https://.").waitFor();
        await link.fill(`https://example.com/?q=${IMG}`);
        await link.press("Enter");
        await form.getByRole("list", { name: "Додані посилання" }).getByText("example.com", { exact: true }).waitFor();
        await form.getByRole("button", { name: "Опублікувати" }).click();
        await post(a.page, IMG).waitFor();

        // The reader opens the feed and comments with markup too.
        await b.page.goto(`${srv.url}/`);
        const theirs = post(b.page, IMG);
        await theirs.waitFor();
        await theirs.getByRole("textbox", { name: "Ваш коментар" }).fill(`${IMG}${SCRIPT}`);
        await theirs.getByRole("button", { name: "Надіслати коментар" }).click();
        await theirs.locator(".comment-text").getByText(`${IMG}${SCRIPT}`).waitFor();
        await post(a.page, IMG).locator(".comment-text").getByText(`${IMG}${SCRIPT}`).waitFor();

        // Everyone sees the payloads as text, live and after a fresh load (a guest too).
        await guest.page.goto(`${srv.url}/`);
        await post(guest.page, IMG).waitFor();
        await b.page.reload();
        await post(b.page, IMG).locator(".comment-text").waitFor();
        for (const page of [a.page, b.page, guest.page]) {
          const card = post(page, IMG);
          await card.locator(".comment-text").getByText(`${IMG}${SCRIPT}`).waitFor();
          await noInjection(page);
          expect(await card.locator(".post-title").textContent()).toBe(IMG);
          expect(await card.locator(".post-topic").textContent()).toBe(SCRIPT);
          const text = await card.locator(".post-body").innerText();
          for (const part of [SCRIPT, IMG, "клік", "javascript:window.__xss=4"]) expect(text).toContain(part);
          expect(await card.locator(".post-body strong").textContent()).toBe(IMG);
          expect(await card.locator(".link-card-url").textContent()).toBe(`https://example.com/?q=${IMG}`);
          expect(await card.locator(".post-body a").count()).toBe(0);
        }
      });
    } finally {
      await Promise.all([a.context.close(), b.context.close(), guest.context.close()]);
    }
  },
  120_000,
);

test.skipIf(skipBrowser)(
  "a post's draft (fields, tag, link and image) survives a reload and is gone once posted",
  async () => {
    const srv = suite.srv;
    const me = await signUp(srv, "Марія", "Ткач", "postsd");
    const { context, page } = await browserPage(suite.browser, srv.url, me.session);
    try {
      await onFailure("posts-draft", [page], async () => {
        await page.goto(`${srv.url}/publications`);
        const form = page.getByRole("form", { name: "Нова публікація" });
        await form.getByLabel("Заголовок").fill("Чернетка");
        await form.getByLabel("Текст", { exact: true }).fill("Рядок один\nрядок два");
        const tags = form.getByRole("combobox", { name: "Теги" });
        await tags.fill("Чернетки");
        await tags.press("Enter");
        await form.getByLabel("Посилання", { exact: true }).fill("https://example.org/draft");
        await form.getByLabel("Посилання", { exact: true }).press("Enter");
        await page.getByLabel("Файли зображень для публікації").setInputFiles(pngFile("draft.png", 200, 120));
        await page.waitForFunction((key) => {
          const draft = JSON.parse(localStorage.getItem(key) ?? "null") as { images?: unknown[]; links?: unknown[] } | null;
          return draft?.images?.length === 1 && draft.links?.length === 1;
        }, `world-it.post-draft.${me.id}`);

        await page.reload();
        await page.getByRole("status").getByText("Чернетку відновлено.").waitFor();
        await expect(form.getByLabel("Заголовок").inputValue()).resolves.toBe("Чернетка");
        await expect(form.getByLabel("Текст", { exact: true }).inputValue()).resolves.toBe("Рядок один\nрядок два");
        await form.getByRole("list", { name: "Вибрані теги" }).getByText("#чернетки").waitFor();
        await form.getByRole("list", { name: "Додані посилання" }).getByText("https://example.org/draft").waitFor();
        await form.locator('.image-tile[data-status="done"] img').waitFor();

        await form.getByRole("button", { name: "Опублікувати" }).click();
        const published = post(page, "Чернетка");
        await published.waitFor();
        expect(await published.locator(".post-images img").count()).toBe(1);
        expect(await published.locator(".post-body").innerText()).toBe("Рядок один\nрядок два");
        expect(await page.evaluate((key) => localStorage.getItem(key), `world-it.post-draft.${me.id}`)).toBeNull();
        await page.reload();
        await post(page, "Чернетка").waitFor();
        await expect(form.getByLabel("Заголовок").inputValue()).resolves.toBe("");
        expect(await page.getByText("Чернетку відновлено.").count()).toBe(0);
      });
    } finally {
      await context.close();
    }
  },
  120_000,
);

test.skipIf(skipBrowser)(
  "the feed fits a 390 px phone in light and dark themes, and a wide screen in dark (screenshots in /tmp)",
  async () => {
    const srv = suite.srv;
    const author = await signUp(srv, "Оксана", "Литвин", "postsp");
    const reader = await signUp(srv, "Богдан", "Гнатюк", "postsq");
    const imageIds = [];
    for (const [w, h] of [[800, 600], [600, 800], [640, 640]] as const) imageIds.push((await upload(srv, author.client, "post_image", makePng(w, h))).id);
    const made = await author.client.trpc.posts.create.mutate({
      title: "Дуже довгий заголовок публікації, щоб перевірити перенесення рядків на вузькому екрані телефона",
      topic: "Новини",
      body: "Абзац з **жирним**, *курсивом* і `кодом`.\n\n> Цитата\n\n- один\n- два\n\n```\nconst x = 1; // довгий рядок коду, що не має ламати сторінку на телефоні\n```",
      tags: ["подорожі", "фото", "carpathians", "дуже-довгий-тег-для-перевірки"],
      links: ["https://www.example.com/a/very/long/path/that/should/be/cut/with/an/ellipsis?and=query"],
      imageIds,
    });
    await reader.client.trpc.comments.create.mutate({ postId: made.id, body: "Чудово! Коментар у кілька слів, щоб побачити перенесення." });
    await reader.client.trpc.posts.like.mutate({ postId: made.id, on: true });

    for (const shot of [
      { name: "phone-light", dark: false, viewport: { width: 390, height: 844 } },
      { name: "phone-dark", dark: true, viewport: { width: 390, height: 844 } },
      { name: "desktop-dark", dark: true, viewport: { width: 1280, height: 900 } },
    ]) {
      const { context, page } = await browserPage(suite.browser, srv.url, reader.session, shot.viewport);
      try {
        await onFailure(`posts-${shot.name}`, [page], async () => {
          await page.emulateMedia({ colorScheme: shot.dark ? "dark" : "light" });
          await page.goto(`${srv.url}/`);
          const card = post(page, made.title);
          await card.waitFor();
          await page.waitForFunction(() => [...document.querySelectorAll<HTMLImageElement>(".post-images img")].slice(0, 3).every((img) => img.complete && img.naturalWidth > 0));
          expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe(shot.dark ? "dark" : "light");
          // Nothing sticks out sideways.
          expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(shot.viewport.width);
          await page.screenshot({ path: `/tmp/world-it-posts-${shot.name}.png` });
          await card.screenshot({ path: `/tmp/world-it-posts-${shot.name}-card.png` });
        });
      } finally {
        await context.close();
      }
    }
  },
  120_000,
);

test.skipIf(skipBrowser)(
  "showing new posts from the pill keeps the post I am reading where it is on the screen",
  async () => {
    const srv = suite.srv;
    const writer = await signUp(srv, "Юлія", "Савчук", "postsk");
    const reader = await signUp(srv, "Андрій", "Кравець", "postsl");
    const write = (title: string) => writer.client.trpc.posts.create.mutate({ title, body: "Абзац.\n\n".repeat(8), tags: [], links: [], imageIds: [] });
    for (let i = 1; i <= 6; i++) await write(`Старий допис ${i}`);
    const { context, page } = await browserPage(suite.browser, srv.url, reader.session, { width: 390, height: 844 });
    try {
      await onFailure("posts-keep-place", [page], async () => {
        const watching = frameSent(page, (f) => f.type === "feed.watch" && f.on === true);
        await page.goto(`${srv.url}/`);
        const reading = post(page, "Старий допис 3");
        await reading.waitFor();
        await watching;
        await reading.evaluate((el) => window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - 200));
        await page.waitForFunction(() => window.scrollY > 0);
        const before = await reading.evaluate((el) => el.getBoundingClientRect().top);

        await write("Новий допис згори");
        const pill = page.getByRole("button", { name: "1 нова публікація" });
        await pill.waitFor();
        // The pill floats below the header, in full view, and its coming moved nothing.
        const header = await page.locator(".site-header").evaluate((el) => el.getBoundingClientRect().bottom);
        expect(await pill.evaluate((el) => el.getBoundingClientRect().top)).toBeGreaterThanOrEqual(header);
        expect(await reading.evaluate((el) => el.getBoundingClientRect().top)).toBe(before);
        await pill.click();
        await post(page, "Новий допис згори").waitFor({ state: "attached" });
        expect(Math.abs((await reading.evaluate((el) => el.getBoundingClientRect().top)) - before)).toBeLessThanOrEqual(2);
        // The new post is the first of the list, above where I am.
        expect(await page.locator("article.post").first().locator(".post-title").textContent()).toBe("Новий допис згори");
        await pill.waitFor({ state: "detached" });
      });
    } finally {
      await context.close();
    }
  },
  120_000,
);

test.skipIf(skipBrowser)(
  "scrolling to the end of the feed reads the next page by its cursor, oldest posts last",
  async () => {
    const srv = suite.srv;
    const writers = [await signUp(srv, "Ніна", "Остапчук", "postsm"), await signUp(srv, "Олег", "Дячук", "postsn")];
    const reader = await signUp(srv, "Віра", "Заїка", "postso");
    for (let i = 1; i <= 45; i++) {
      await writers[i % 2]!.client.trpc.posts.create.mutate({ title: `Сторінка ${i}`, body: "", tags: [], links: [], imageIds: [] });
    }
    const { context, page } = await browserPage(suite.browser, srv.url, reader.session, { width: 390, height: 844 });
    try {
      await onFailure("posts-pages", [page], async () => {
        const pages: string[] = [];
        page.on("request", (r) => void (r.url().includes("posts.feed") && pages.push(new URL(r.url()).searchParams.get("input") ?? "")));
        await page.goto(`${srv.url}/`);
        await post(page, "Сторінка 45").waitFor();
        // The first page is 20 posts; nearing its end reads the next ones, until the oldest.
        for (let i = 0; i < 20 && (await post(page, "Сторінка 1").count()) === 0; i++) {
          // Counted before scrolling: a page read at once (before a count after the scroll) still counts.
          const shown = await page.locator("article.post").count();
          await page.locator(".feed-sentinel").scrollIntoViewIfNeeded();
          await page.waitForFunction((n) => document.querySelectorAll("article.post").length > n || !document.querySelector(".feed-more"), shown);
        }
        await post(page, "Сторінка 1").waitFor();
        const titles = await page.locator("article.post .post-title").allTextContents();
        const ours = titles.filter((t) => t.startsWith("Сторінка "));
        expect(ours).toEqual(Array.from({ length: 45 }, (_, i) => `Сторінка ${45 - i}`));
        expect(pages.some((input) => input.includes("cursor") && /"cursor":"\d+"/.test(input))).toBe(true);
      });
    } finally {
      await context.close();
    }
  },
  120_000,
);

test.skipIf(skipBrowser)(
  "on the home page, what I type before the composer's code arrives stays, with the focus, when the composer takes the box's place; a draft brings it back open",
  async () => {
    const srv = suite.srv;
    const me = await signUp(srv, "Ганна", "Мельник", "postsz");
    const { context, page } = await browserPage(suite.browser, srv.url, me.session);
    try {
      await onFailure("posts-new-box", [page], async () => {
        await page.goto(`${srv.url}/`);
        await page.getByRole("heading", { name: "Привіт, Ганна!", level: 1 }).waitFor();
        const form = page.getByRole("form", { name: "Нова публікація" });
        const title = form.getByLabel("Заголовок");
        await title.waitFor();
        // From now on, every script the page fetches waits until released: the composer's is one.
        let release!: () => void;
        const released = new Promise<void>((resolve) => (release = resolve));
        const held: string[] = [];
        await page.route(/\/assets\/[^?]+\.js$/, async (route) => {
          held.push(route.request().url());
          await released;
          await route.continue();
        });
        await title.click();
        await page.keyboard.type("Подорож");
        await waitFor(() => held.length > 0, "focusing the box to fetch a script", 15_000);
        // The light box is still there (no topic field yet), holding what was typed.
        expect(await form.getByLabel("Тема").count()).toBe(0);
        expect(await title.inputValue()).toBe("Подорож");
        release();
        await form.getByLabel("Тема").waitFor();
        expect(await title.inputValue()).toBe("Подорож");
        expect(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name)).toBe("title");
        await page.keyboard.type(" до Карпат");
        expect(await title.inputValue()).toBe("Подорож до Карпат");

        // Saved as a draft like anything typed in the composer; on / after a reload it is back, open.
        await page.waitForFunction((key) => JSON.parse(localStorage.getItem(key) ?? "null")?.title === "Подорож до Карпат", `world-it.post-draft.${me.id}`);
        await page.unroute(/\/assets\/[^?]+\.js$/);
        await page.reload();
        await page.getByRole("status").getByText("Чернетку відновлено.").waitFor();
        await expect(form.getByLabel("Заголовок").inputValue()).resolves.toBe("Подорож до Карпат");
        await form.getByLabel("Тема").waitFor();
      });
    } finally {
      await context.close();
    }
  },
  120_000,
);
