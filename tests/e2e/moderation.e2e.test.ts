/**
 * The browser test of issue #16. (a) Taras reports Olena's post through the report dialog; Marko, a
 * moderator (role set in the database), sees the header badge, opens /admin/reports, finds the
 * post as reported (markup in it stays text) with Taras's reason, and hides it with a reason from
 * the queue. Taras's and Iryna's open feeds drop it live; a fresh visit to the feed and to
 * /posts/<id> does not show it; Olena sees it marked "Приховано модератором: <reason>"; the log
 * shows the hiding and the resolution; the Resolved tab says who resolved it and how; restoring
 * it there brings it back for Iryna. (b) A member opening /admin/reports sees "no access" and
 * never asks the moderation API. (c) A moderator suspends a reported person for 7 days from the
 * queue: that person's sign-in says until when; suspended for good, it says "назавжди". (d) The
 * queue reads on past its first page without skipping an entry after one was resolved. (e) The
 * queue, the team and the log fit a 390 px phone in light and dark themes (screenshots in /tmp). Needs
 * /usr/bin/chromium: without it the tests are skipped with a note, except under CI=true.
 */
import { expect, test } from "bun:test";
import type { Page } from "playwright-core";
import type { Role } from "../../shared/moderation.ts";
import { skipBrowser, useBrowserSuite } from "../helpers/browser.ts";
import { defaultPassword } from "../helpers/client.ts";
import { browserPage, onFailure, signUp } from "./e2e-helpers.ts";
import { closeAll, LIVE, setRole as setRoleIn } from "./moderation-kit.ts";
import { frameSent, IMG, noInjection, post } from "./posts-kit.ts";

const suite = useBrowserSuite();
const setRole = (userId: string, role: Role) => setRoleIn(suite.srv, userId, role);

/** Opens the feed and resolves once its socket watches the feed (live drops can arrive from then on). */
async function openFeed(page: Page, url: string) {
  const watching = frameSent(page, (f) => f.type === "feed.watch" && f.on === true);
  await page.goto(`${url}/`);
  await watching;
}

const queueEntry = (page: Page, title: string) => page.locator("article.report-entry").filter({ has: page.getByRole("heading", { name: title, exact: true }) });
const moderationBadge = (page: Page) => page.getByRole("banner").locator('[data-badge="moderation"] [aria-hidden="true"]');

test.skipIf(skipBrowser)(
  "a reported post hidden from the queue leaves the reporter's and a third person's open feeds live, is gone on a fresh visit, shows its author the reason, and is in the audit log",
  async () => {
    const srv = suite.srv;
    const olena = await signUp(srv, "Олена", "Коваль", "moda");
    const taras = await signUp(srv, "Тарас", "Шевчук", "modb");
    const iryna = await signUp(srv, "Ірина", "Бондар", "modc");
    const marko = await signUp(srv, "Марко", "Лисенко", "modd");
    await setRole(marko.id, "moderator");
    const title = "Виграй мільйон у казино";
    const older = await olena.client.trpc.posts.create.mutate({ title: "Звичайна публікація", body: "Про погоду." });
    const bad = await olena.client.trpc.posts.create.mutate({ title, body: `Переходьте за посиланням ${IMG}` });

    const t = await browserPage(suite.browser, srv.url, taras.session);
    const i = await browserPage(suite.browser, srv.url, iryna.session);
    const m = await browserPage(suite.browser, srv.url, marko.session);
    const o = await browserPage(suite.browser, srv.url, olena.session);
    try {
      await onFailure("moderation-hide", [t.page, i.page, m.page, o.page], async () => {
        await openFeed(i.page, srv.url);
        await post(i.page, title).waitFor();
        await openFeed(t.page, srv.url);

        // Taras reports it through the dialog.
        const card = post(t.page, title);
        await card.getByRole("button", { name: "Поскаржитися на публікацію" }).click();
        const dialog = t.page.getByRole("dialog", { name: "Скарга на публікацію" });
        await dialog.getByRole("radio", { name: "Спам або реклама" }).check();
        await dialog.getByLabel("Подробиці (необов'язково)").fill("Реклама казино\nі шахрайство");
        await dialog.getByRole("button", { name: "Надіслати" }).click();
        await dialog.waitFor({ state: "hidden" });

        // Marko: the header link carries the count; the queue shows the post as reported.
        await m.page.goto(`${srv.url}/`);
        await moderationBadge(m.page).getByText("1", { exact: true }).waitFor(LIVE);
        await m.page.getByRole("banner").getByRole("link", { name: /^Модерація/ }).click();
        await m.page.waitForURL("**/admin/reports");
        await m.page.getByRole("heading", { name: "Скарги", level: 1 }).waitFor();
        const entry = queueEntry(m.page, title);
        await entry.waitFor();
        expect(await entry.locator(".report-count").textContent()).toBe("1 скарга");
        expect(await entry.getByRole("link", { name: "Відкрити публікацію" }).getAttribute("href")).toBe(`/posts/${bad.id}`);
        const then = entry.getByRole("region", { name: "Як було на момент скарги" });
        // The payload is text, in the snapshot as written.
        await then.getByText(`Переходьте за посиланням ${IMG}`).waitFor();
        await entry.getByRole("region", { name: "Як зараз" }).getByText("Без змін").waitFor();
        const reporters = entry.getByRole("region", { name: "Від кого скарги" });
        await reporters.getByRole("link", { name: "Тарас Шевчук" }).waitFor();
        await reporters.getByText("Спам або реклама").waitFor();
        expect(await reporters.locator(".report-reporter-text").textContent()).toBe("Реклама казино\nі шахрайство");
        await entry.getByText("Олена Коваль").waitFor();
        await noInjection(m.page);

        // Hide, with a reason (the dialog refuses an empty one).
        await entry.getByRole("button", { name: "Приховати", exact: true }).click();
        const hide = m.page.getByRole("dialog", { name: "Приховати публікацію" });
        await hide.getByRole("button", { name: "Приховати", exact: true }).click();
        await hide.getByText("Напишіть причину.").waitFor();
        await hide.getByLabel("Причина").fill("Реклама азартних ігор");
        await hide.getByRole("button", { name: "Приховати", exact: true }).click();
        await entry.waitFor({ state: "detached", ...LIVE });
        await m.page.getByText("Відкритих скарг немає.").waitFor();
        await moderationBadge(m.page).waitFor({ state: "detached", ...LIVE });

        // The reporter's and Iryna's open feeds drop it live.
        await post(t.page, title).waitFor({ state: "detached", ...LIVE });
        await post(i.page, title).waitFor({ state: "detached", ...LIVE });

        // A fresh visit: not in the feed, not at its address.
        await i.page.goto(`${srv.url}/`);
        await post(i.page, "Звичайна публікація").waitFor();
        expect(await post(i.page, title).count()).toBe(0);
        await t.page.goto(`${srv.url}/posts/${bad.id}`);
        await t.page.getByRole("heading", { name: "Публікацію не знайдено", level: 1 }).waitFor();

        // Olena sees it, marked with the reason.
        await o.page.goto(`${srv.url}/posts/${bad.id}`);
        const mine = post(o.page, title);
        await mine.getByRole("note").getByText("Приховано модератором: Реклама азартних ігор").waitFor();
        expect(await mine.getAttribute("data-hidden")).toBe("");
        await o.page.goto(`${srv.url}/`);
        await post(o.page, "Звичайна публікація").waitFor();
        await post(o.page, title).getByText("Приховано модератором: Реклама азартних ігор").waitFor();

        // The audit log: the hiding and the resolution, newest first.
        await m.page.getByRole("navigation", { name: "Розділи модерації" }).getByRole("link", { name: "Журнал" }).click();
        await m.page.getByRole("heading", { name: "Журнал модерації", level: 1 }).waitFor();
        const log = m.page.getByRole("region", { name: "Записи журналу" });
        const hidden = log.locator('[data-action="post.hide"]');
        await hidden.getByText("Приховано публікацію").waitFor();
        await hidden.getByText("Причина: Реклама азартних ігор").waitFor();
        await hidden.getByRole("link", { name: "Марко Лисенко" }).waitFor();
        expect(await hidden.getByRole("link", { name: `публікація №${bad.id}` }).getAttribute("href")).toBe(`/posts/${bad.id}`);
        const resolved = log.locator('[data-action="report.resolve"]');
        await resolved.getByText("Рішення: приховано · Скарг: 1").waitFor();
        expect(await log.locator(".log-entry").first().getAttribute("data-action")).toBe("report.resolve");
        // Filtered by action.
        await m.page.getByLabel("Дія", { exact: true }).selectOption("post.hide");
        await m.page.waitForURL("**/admin/log?action=post.hide");
        await log.locator('[data-action="report.resolve"]').waitFor({ state: "detached" });
        await hidden.waitFor();

        // Resolved: who, how and why; restoring brings it back.
        await m.page.goto(`${srv.url}/admin/reports?status=resolved`);
        const done = queueEntry(m.page, title);
        await done.getByText(/^Розглянуто .* · Марко Лисенко$/).waitFor();
        await done.getByText("Рішення: приховано").waitFor();
        await done.getByText("Пояснення: Реклама азартних ігор").waitFor();
        await done.getByRole("region", { name: "Як зараз" }).getByText("Приховано: Реклама азартних ігор").waitFor();
        await done.getByRole("button", { name: "Відновити" }).click();
        const restore = m.page.getByRole("dialog", { name: "Відновити" });
        await restore.getByLabel("Причина").fill("Помилка модерації");
        await restore.getByRole("button", { name: "Відновити" }).press("Enter");
        await restore.waitFor({ state: "hidden" });
        await done.getByRole("button", { name: "Відновити" }).waitFor({ state: "detached" });
        await i.page.goto(`${srv.url}/posts/${bad.id}`);
        await post(i.page, title).waitFor();
        expect(older.id).toBeLessThan(bad.id);
      });
    } finally {
      await closeAll(t.context, i.context, m.context, o.context);
    }
  },
  180_000,
);

test.skipIf(skipBrowser)("a member who opens /admin/reports sees 'no access', has no moderation link and never asks the moderation API", async () => {
  const srv = suite.srv;
  const member = await signUp(srv, "Софія", "Гринь", "mode");
  const { context, page } = await browserPage(suite.browser, srv.url, member.session);
  const asked: string[] = [];
  page.on("request", (r) => new URL(r.url()).pathname.includes("moderation.") && asked.push(r.url()));
  try {
    await onFailure("moderation-member", [page], async () => {
      await page.goto(`${srv.url}/admin/reports`);
      await page.getByRole("heading", { name: "Немає доступу", level: 1 }).waitFor();
      await page.getByText("Ця сторінка лише для модераторів та адміністраторів.").waitFor();
      await page.getByRole("banner").getByRole("link", { name: "Стрічка" }).waitFor();
      expect(await page.getByRole("banner").getByRole("link", { name: /^Модерація/ }).count()).toBe(0);
      await page.goto(`${srv.url}/admin/log`);
      await page.getByRole("heading", { name: "Немає доступу", level: 1 }).waitFor();
      expect(asked).toEqual([]);
      // The server says the same to a direct call.
      const refused = await member.client.trpc.moderation.reports.query({}).then(
        () => "answered",
        (e: { data?: { code?: string; reason?: string } }) => `${e.data?.code} ${e.data?.reason}`,
      );
      expect(refused).toBe("FORBIDDEN moderation.notAllowed");
    });
  } finally {
    await closeAll(context);
  }
});

test.skipIf(skipBrowser)(
  "a person suspended for 7 days from the queue is told at sign-in until when; suspended for good, 'назавжди'",
  async () => {
    const srv = suite.srv;
    const petro = await signUp(srv, "Петро", "Мельник", "modf");
    const reporter = await signUp(srv, "Оксана", "Литвин", "modg");
    const marko = await signUp(srv, "Марко", "Мороз", "modh");
    await setRole(marko.id, "moderator");
    await reporter.client.trpc.reports.create.mutate({ target: { kind: "user", id: petro.id }, reason: "fake", text: "Видає себе за іншу людину" });
    const email = (await srv.deps.db.db.selectFrom("users").select("email").where("id", "=", petro.id).executeTakeFirstOrThrow()).email;
    const m = await browserPage(suite.browser, srv.url, marko.session);
    const g = await browserPage(suite.browser, srv.url, null);
    const signIn = async () => {
      await g.page.goto(`${srv.url}/login`);
      await g.page.getByLabel("Електронна пошта").fill(email);
      await g.page.getByLabel("Пароль", { exact: true }).fill(defaultPassword);
      await g.page.getByRole("button", { name: "Увійти", exact: true }).click();
    };
    const until = async () => Number((await srv.deps.db.db.selectFrom("users").select("suspended_until").where("id", "=", petro.id).executeTakeFirstOrThrow()).suspended_until);
    try {
      await onFailure("moderation-suspend", [m.page, g.page], async () => {
        await m.page.goto(`${srv.url}/admin/reports?kind=user`);
        const entry = queueEntry(m.page, "Петро Мельник");
        await entry.getByText("Видає себе за іншу людину", { exact: true }).waitFor();
        await entry.getByRole("button", { name: "Призупинити обліковий запис" }).click();
        const dialog = m.page.getByRole("dialog", { name: "Призупинити обліковий запис: Петро Мельник" });
        await dialog.getByRole("radio", { name: "7 днів" }).check();
        await dialog.getByLabel("Причина").fill("Фейковий профіль");
        // Escape closes without doing anything; the entry stays.
        await m.page.keyboard.press("Escape");
        await dialog.waitFor({ state: "hidden" });
        expect(await until()).toBe(0);
        await entry.getByRole("button", { name: "Призупинити обліковий запис" }).click();
        await dialog.getByRole("radio", { name: "7 днів" }).check();
        await dialog.getByLabel("Причина").fill("Фейковий профіль");
        await dialog.getByRole("button", { name: "Призупинити обліковий запис" }).click();
        await entry.waitFor({ state: "detached", ...LIVE });
        const end = await until();
        expect(Math.round((end - Date.now()) / 86_400_000)).toBe(7);

        await signIn();
        const date = await g.page.evaluate((ms) => new Intl.DateTimeFormat("uk-UA", { dateStyle: "medium", timeStyle: "short" }).format(ms), end);
        await g.page.getByRole("alert").getByText(`Обліковий запис призупинено до ${date}.`).waitFor();

        // For good.
        await marko.client.trpc.moderation.suspend.mutate({ userId: petro.id, days: null, reason: "Повторно" });
        await signIn();
        await g.page.getByRole("alert").getByText("Обліковий запис призупинено назавжди.").waitFor();
        expect(g.page.url()).toEndWith("/login");
      });
    } finally {
      await closeAll(m.context, g.context);
    }
  },
  120_000,
);

test.skipIf(skipBrowser)(
  "the queue reads on past its first page, and an entry resolved on the open list does not make the next page skip one",
  async () => {
    const srv = suite.srv;
    const author = await signUp(srv, "Степан", "Гуменюк", "modl");
    const first = await signUp(srv, "Віра", "Кучер", "modm");
    const second = await signUp(srv, "Назар", "Онищенко", "modn");
    const marko = await signUp(srv, "Марко", "Савчук", "modo");
    await setRole(marko.id, "moderator");
    const titles: string[] = [];
    for (let n = 1; n <= 22; n++) {
      const made = await author.client.trpc.posts.create.mutate({ title: `Оголошення ${n}`, body: "Купуйте." });
      await (n <= 11 ? first : second).client.trpc.reports.create.mutate({ target: { kind: "post", id: made.id }, reason: "spam" });
      titles.push(made.title);
    }
    const { context, page } = await browserPage(suite.browser, srv.url, marko.session);
    try {
      await onFailure("moderation-pages", [page], async () => {
        await page.goto(`${srv.url}/admin/reports?kind=post`);
        const entries = page.locator("article.report-entry");
        // Newest first: the first page holds the 20 newest.
        await queueEntry(page, "Оголошення 22").waitFor();
        await page.waitForFunction(() => document.querySelectorAll("article.report-entry").length === 20);
        await queueEntry(page, "Оголошення 22").getByRole("button", { name: "Без дій" }).click();
        const dialog = page.getByRole("dialog", { name: "Закрити скарги без дій" });
        await dialog.getByLabel("Причина").fill("Не порушення");
        await dialog.getByRole("button", { name: "Без дій" }).click();
        await queueEntry(page, "Оголошення 22").waitFor({ state: "detached" });
        await page.getByRole("status").getByText("Скарги розглянуто.").waitFor();
        // The rest: "Показати ще" with the keyboard (focusing it scrolls near the end, which may read on by itself).
        const more = page.getByRole("button", { name: "Показати ще" });
        await more.focus();
        await page.keyboard.press("Enter");
        await queueEntry(page, "Оголошення 1").waitFor(LIVE);
        await more.waitFor({ state: "detached" });
        const shown = await entries.locator("h2.report-title").allTextContents();
        expect(shown).toEqual(titles.slice(0, 21).reverse());
      });
    } finally {
      await closeAll(context);
    }
  },
  120_000,
);

test.skipIf(skipBrowser)("the queue, the team and the log fit a 390 px phone in light and dark themes, and a wide screen (screenshots in /tmp)", async () => {
  const srv = suite.srv;
  const author = await signUp(srv, "Богдан", "Гнатюк", "modi");
  const reader = await signUp(srv, "Юлія", "Савчук", "modj");
  const marko = await signUp(srv, "Марко", "Дяченко", "modk");
  await setRole(marko.id, "admin");
  const long = "Дуже_довге_слово_без_пробілів_і_дефісів_щоб_перевірити_перенесення_на_вузькому_екрані";
  const made = await author.client.trpc.posts.create.mutate({ title: `Заголовок ${long}`, body: `Текст ${long}\n\nДругий абзац.` });
  await reader.client.trpc.reports.create.mutate({ target: { kind: "post", id: made.id }, reason: "other", text: `Подробиці ${long}` });
  for (const shot of [
    { name: "phone-light", dark: false, width: 390 },
    { name: "phone-dark", dark: true, width: 390 },
    { name: "desktop-light", dark: false, width: 1280 },
  ]) {
    const { context, page } = await browserPage(suite.browser, srv.url, marko.session, { width: shot.width, height: 844 });
    try {
      await onFailure(`moderation-${shot.name}`, [page], async () => {
        await page.emulateMedia({ colorScheme: shot.dark ? "dark" : "light" });
        await page.goto(`${srv.url}/admin/reports`);
        await queueEntry(page, `Заголовок ${long}`).waitFor();
        expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe(shot.dark ? "dark" : "light");
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(shot.width);
        await page.screenshot({ path: `/tmp/world-it-moderation-${shot.name}.png`, fullPage: true });
        await page.goto(`${srv.url}/admin/team`);
        await page.getByRole("heading", { name: "Команда модерації", level: 1 }).waitFor();
        await page.getByRole("region", { name: "Модератори та адміністратори" }).getByText("Марко Дяченко").waitFor();
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(shot.width);
        await page.screenshot({ path: `/tmp/world-it-moderation-team-${shot.name}.png`, fullPage: true });
        await page.goto(`${srv.url}/admin/log`);
        await page.getByRole("heading", { name: "Журнал модерації", level: 1 }).waitFor();
        await page.getByRole("region", { name: "Записи журналу" }).locator(".log-entry, .empty-note").first().waitFor();
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(shot.width);
        await page.screenshot({ path: `/tmp/world-it-moderation-log-${shot.name}.png`, fullPage: true });
      });
    } finally {
      await closeAll(context);
    }
  }
});
