/**
 * Browser tests for three more rough edges a new user hit (issue #15: 5, 7, 9): a "notify
 * everyone" toast sits at the bottom, clear of the site header, the public chat's header buttons
 * and its composer (desktop and phone), and can be dismissed; an album owner gets one "…" menu per
 * photo instead of five buttons (keyboard: open, move, act, Escape, focus back on the button); a
 * finished upload row in settings goes by itself while a failed one stays until dismissed; a
 * personal chat shows no name (nor avatar) over the other person's messages while a group and the
 * public chat do; the chat list names a group's author as the conversation does (full name) and
 * shows a photo as an SVG icon with a name for screen readers, never the 📷 emoji. Needs
 * /usr/bin/chromium: without it the tests are skipped with a note, except under CI=true.
 */
import { expect, test } from "bun:test";
import type { Locator, Page } from "playwright-core";
import { GLOBAL_CHAT_ID } from "../../shared/chats.ts";
import { upload } from "../fixtures/media-kit.ts";
import { makePng } from "../fixtures/images.ts";
import { useBrowserSuite, skipBrowser } from "../helpers/browser.ts";
import { connect, sendOk } from "../helpers/chat.ts";
import { browserPage, onFailure, signUp } from "./e2e-helpers.ts";

const suite = useBrowserSuite();

type Box = { x: number; y: number; width: number; height: number };

const overlaps = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

async function boxOf(locator: Locator): Promise<Box> {
  const box = await locator.boundingBox();
  if (!box) throw new Error(`no bounding box for ${locator}`);
  return box;
}

/** The accessible name of the focused element (its aria-label, or its text). */
const focusedName = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    return el?.getAttribute("aria-label") ?? el?.textContent?.trim() ?? "";
  });

test.skipIf(skipBrowser)(
  "the notify-everyone toast shows at the bottom, clear of the header, the public chat's header buttons and its composer, on a desktop and a phone, and can be dismissed",
  async () => {
    const server = suite.srv;
    const [olena, taras] = await Promise.all([signUp(server, "Олена", "Коваль", "toast"), signUp(server, "Тарас", "Шевчук", "toast")]);
    const desktop = await browserPage(suite.browser, server.url, olena.session);
    const phone = await browserPage(suite.browser, server.url, taras.session, { width: 390, height: 844 });
    try {
      await onFailure("rough2-toast", [desktop.page, phone.page], async () => {
        for (const { page } of [desktop, phone]) {
          await page.goto(`${server.url}/chat/${GLOBAL_CHAT_ID}`);
          await page.getByRole("heading", { name: "Загальний чат", level: 1 }).waitFor();
          await page.getByRole("textbox", { name: "Повідомлення" }).waitFor();
        }

        // Olena notifies everyone from the chat's header; the toast reaches her and Taras.
        const { page } = desktop;
        await page.locator(".chat-head").getByRole("button", { name: "Сповістити всіх" }).click();
        const dialog = page.getByRole("dialog", { name: "Сповістити всіх" });
        await dialog.getByLabel("Текст сповіщення").fill("Зустріч о 18:00 у головній залі");
        await dialog.getByRole("button", { name: "Надіслати" }).click();
        await dialog.waitFor({ state: "hidden" });

        for (const [who, { page: p }] of [["desktop", desktop], ["phone", phone]] as const) {
          const toast = p.getByRole("region", { name: "Сповіщення" }).locator(".toast").filter({ hasText: "Зустріч о 18:00" });
          await toast.waitFor();
          // Pointer on it: its timer waits while the boxes are compared; the slide-in has ended.
          await toast.hover();
          await toast.evaluate((el) => Promise.all(el.getAnimations().map((a) => a.finished)));
          await toast.getByText("Олена Коваль сповіщає").waitFor();
          const box = await boxOf(toast);
          const viewport = p.viewportSize()!;
          expect(box.y + box.height).toBeLessThanOrEqual(viewport.height);
          expect(box.x + box.width).toBeLessThanOrEqual(viewport.width);

          // Clear of every control of the chat's header (and of the site header)…
          const controls = p.locator(".chat-head").locator("button:visible, a:visible");
          expect(await controls.count()).toBeGreaterThan(0);
          for (const control of await controls.all()) {
            const name = (await control.getAttribute("aria-label")) ?? (await control.textContent());
            expect({ who, control: name, overlaps: overlaps(box, await boxOf(control)) }).toEqual({ who, control: name, overlaps: false });
          }
          const banner = p.getByRole("banner");
          if (await banner.isVisible()) expect(overlaps(box, await boxOf(banner))).toBe(false);
          expect(overlaps(box, await boxOf(p.locator(".chat-head")))).toBe(false);
          // …and of the composer under the log: the toast sits above it.
          const composer = await boxOf(p.locator(".composer"));
          expect(box.y + box.height).toBeLessThanOrEqual(composer.y);
        }

        // Dismissible by its own button, on either screen.
        const toast = phone.page.locator(".toast").filter({ hasText: "Зустріч о 18:00" });
        await toast.getByRole("button", { name: "Закрити сповіщення" }).click();
        await toast.waitFor({ state: "detached" });
      });
    } finally {
      await Promise.all([desktop.context.close(), phone.context.close()]);
    }
  },
  90_000,
);

test.skipIf(skipBrowser)(
  "an album owner acts on a photo from its one menu with the keyboard: arrows move, Enter acts, Escape closes and focus returns to the menu button",
  async () => {
    const server = suite.srv;
    const olena = await signUp(server, "Олена", "Коваль", "photomenu");
    const album = await olena.client.trpc.albums.create.mutate({ title: "Карпати", theme: "гори", year: 2024, visibility: "everyone" });
    const media = [];
    for (const [w, h] of [[64, 48], [48, 64], [56, 56]] as const) media.push(await upload(server, olena.client, "album_photo", makePng(w, h)));
    await olena.client.trpc.albums.addPhotos.mutate({ albumId: album.id, mediaIds: media.map((m) => m.id) });

    const { context, page } = await browserPage(suite.browser, server.url, olena.session);
    try {
      await onFailure("rough2-photo-menu", [page], async () => {
        await page.goto(`${server.url}/albums/${album.id}`);
        await page.getByRole("heading", { name: "Карпати", level: 1 }).waitFor();
        const photos = page.getByRole("list", { name: "Фото альбому «Карпати»" }).getByRole("listitem");
        await photos.nth(2).waitFor();
        const srcOf = (i: number) => photos.nth(i).locator(".photo-open img").getAttribute("src");
        const second = await srcOf(1);

        // One menu button per photo, not five tools.
        for (let i = 0; i < 3; i++) expect(await photos.nth(i).getByRole("button").count()).toBe(2);
        expect(await page.locator(".photo-tools").count()).toBe(0);

        // Tab from photo 2 reaches its menu button; Enter opens the menu on its first item.
        await page.getByRole("button", { name: "Відкрити фото 2 з 3" }).focus();
        await page.keyboard.press("Tab");
        const button2 = page.getByRole("button", { name: "Дії з фото 2" });
        expect(await button2.evaluate((el) => el === document.activeElement)).toBe(true);
        expect(await button2.getAttribute("aria-haspopup")).toBe("menu");
        await page.keyboard.press("Enter");
        const menu = page.getByRole("menu", { name: "Дії з фото 2" });
        await menu.waitFor();
        expect(await button2.getAttribute("aria-expanded")).toBe("true");
        expect(await menu.getByRole("menuitem").allTextContents()).toEqual([
          "Перемістити ліворуч",
          "Перемістити праворуч",
          "Зробити обкладинкою",
          "Змінити підпис до фото",
          "Видалити фото",
        ]);
        expect(await focusedName(page)).toBe("Перемістити ліворуч");
        // Arrows wrap; Home and End jump.
        await page.keyboard.press("ArrowUp");
        expect(await focusedName(page)).toBe("Видалити фото");
        await page.keyboard.press("ArrowDown");
        expect(await focusedName(page)).toBe("Перемістити ліворуч");
        await page.keyboard.press("End");
        expect(await focusedName(page)).toBe("Видалити фото");
        await page.keyboard.press("Home");
        await page.keyboard.press("ArrowDown");
        await page.keyboard.press("ArrowDown");
        expect(await focusedName(page)).toBe("Зробити обкладинкою");

        // Enter acts: photo 2 becomes the cover; the menu closes and focus is back on its button.
        await page.keyboard.press("Enter");
        await page.getByText("Обкладинку змінено.").waitFor();
        await menu.waitFor({ state: "detached" });
        await photos.nth(1).getByText("Обкладинка", { exact: true }).waitFor();
        expect(await photos.nth(0).getByText("Обкладинка", { exact: true }).count()).toBe(0);
        expect(await button2.evaluate((el) => el === document.activeElement)).toBe(true);
        expect(await button2.getAttribute("aria-expanded")).toBe("false");

        // ArrowDown opens it too; the cover is no longer offered as the cover. Move it left:
        // it is photo 1 now, and focus follows it to its menu button.
        await page.keyboard.press("ArrowDown");
        await menu.waitFor();
        expect(await menu.getByRole("menuitem", { name: "Зробити обкладинкою" }).count()).toBe(0);
        expect(await focusedName(page)).toBe("Перемістити ліворуч");
        await page.keyboard.press("Enter");
        await page.getByText("Фото переміщено на місце 1 з 3.").waitFor();
        expect(await srcOf(0)).toBe(second);
        const button1 = page.getByRole("button", { name: "Дії з фото 1" });
        await page.waitForFunction(() => document.activeElement?.getAttribute("aria-label") === "Дії з фото 1");
        // The first photo cannot move left.
        await page.keyboard.press("Enter");
        const menu1 = page.getByRole("menu", { name: "Дії з фото 1" });
        await menu1.waitFor();
        expect(await menu1.getByRole("menuitem", { name: "Перемістити ліворуч" }).count()).toBe(0);

        // Escape closes it, focus back on the button.
        await page.keyboard.press("Escape");
        await menu1.waitFor({ state: "detached" });
        expect(await button1.evaluate((el) => el === document.activeElement)).toBe(true);

        // An item opening a dialog: closing the dialog brings focus back to the menu button too.
        await page.keyboard.press("Enter");
        await menu1.waitFor();
        await menu1.getByRole("menuitem", { name: "Змінити підпис до фото" }).click();
        const captionDialog = page.getByRole("dialog", { name: "Підпис до фото" });
        await captionDialog.waitFor();
        await page.keyboard.press("Escape");
        await captionDialog.waitFor({ state: "hidden" });
        expect(await button1.evaluate((el) => el === document.activeElement)).toBe(true);

        // A click elsewhere closes an open menu.
        await button1.click();
        await menu1.waitFor();
        await page.getByRole("heading", { name: "Карпати", level: 1 }).click();
        await menu1.waitFor({ state: "detached" });
      });
    } finally {
      await context.close();
    }
  },
  90_000,
);

test.skipIf(skipBrowser)("a finished upload row in settings goes by itself after a few seconds, while a failed one stays until dismissed", async () => {
  const server = suite.srv;
  const olena = await signUp(server, "Олена", "Коваль", "uprows");
  const { context, page } = await browserPage(suite.browser, server.url, olena.session);
  try {
    await onFailure("rough2-upload-rows", [page], async () => {
      await page.goto(`${server.url}/settings`);
      await page.getByRole("heading", { name: "Налаштування", level: 1 }).waitFor();
      // The pointer away from the list (a row under it would wait for it to leave).
      await page.mouse.move(0, 0);
      const rows = page.getByRole("list", { name: "Завантаження фото профілю" }).getByRole("listitem");
      const input = page.getByLabel("Файл фото профілю");

      // A file that is not an image fails, with its reason.
      await input.setInputFiles({ name: "notes.txt", mimeType: "text/plain", buffer: Buffer.from("not an image") });
      const failed = rows.filter({ hasText: "notes.txt" });
      await failed.getByText("Цей формат не підтримується", { exact: false }).waitFor();

      // A good one finishes: "Done" shows first, then the row goes by itself.
      await input.setInputFiles({ name: "me.png", mimeType: "image/png", buffer: Buffer.from(makePng(120, 90)) });
      const done = rows.filter({ hasText: "me.png" });
      await done.getByText("Готово").waitFor();
      await page.getByText("Фото профілю оновлено.").waitFor();
      await done.waitFor({ state: "detached", timeout: 20_000 });

      // The failed one is still there (older than the finished one was), until dismissed.
      expect(await failed.count()).toBe(1);
      expect(await failed.getByText("Цей формат не підтримується", { exact: false }).isVisible()).toBe(true);
      await failed.getByRole("button", { name: "Прибрати notes.txt зі списку" }).click();
      await failed.waitFor({ state: "detached" });
    });
  } finally {
    await context.close();
  }
}, 60_000);

test.skipIf(skipBrowser)(
  "a personal chat shows no author line over the other person's messages while a group and the public chat do; the list names the author as the conversation does and shows a photo as a named SVG icon",
  async () => {
    const server = suite.srv;
    const [olena, taras, iryna] = await Promise.all([
      signUp(server, "Олена", "Коваль", "authors"),
      signUp(server, "Тарас", "Шевчук", "authors"),
      signUp(server, "Ірина", "Бойко", "authors"),
    ]);
    const [tarasSock, irynaSock] = await Promise.all([connect(server, taras.client), connect(server, iryna.client)]);
    const personal = await olena.client.trpc.chats.openPersonal.mutate({ userId: taras.id });
    const group = await olena.client.trpc.chats.createGroup.mutate({ name: "Хакатон", memberIds: [taras.id, iryna.id] });
    const photo = async () => [(await upload(server, taras.client, "chat_image", makePng(40, 30))).id];

    // Personal: two runs by Taras (a reply of Olena's between them), the last a photo alone.
    await sendOk(tarasSock, personal.id, "Привіт!");
    const olenaSock = await connect(server, olena.client);
    await sendOk(olenaSock, personal.id, "Привіт, Тарасе");
    await sendOk(tarasSock, personal.id, "", { imageIds: await photo() });
    // Group: Iryna, then Taras with a photo and text (the list's preview).
    await sendOk(irynaSock, group.id, "Хто на хакатон?");
    await sendOk(tarasSock, group.id, "Я! Ось фото з минулого", { imageIds: await photo() });
    // Public chat: Taras.
    await sendOk(tarasSock, GLOBAL_CHAT_ID, "Всім привіт із загального чату");

    const { context, page } = await browserPage(suite.browser, server.url, olena.session);
    try {
      await onFailure("rough2-authors", [page], async () => {
        await page.goto(`${server.url}/chats`);
        const list = page.getByRole("navigation", { name: "Ваші чати" });

        // The group's preview: Taras's full name, a photo icon named "Фото" (an SVG, no emoji), the text.
        const groupRow = list.locator(`a.chat-row[href="/chats/${group.id}"]`);
        const groupPreview = groupRow.locator(".chat-row-preview");
        await groupPreview.getByText("Я! Ось фото з минулого", { exact: false }).waitFor();
        expect(await groupPreview.textContent()).toBe(`${taras.fullName}: Я! Ось фото з минулого`);
        const icon = groupPreview.getByRole("img", { name: "Фото" });
        expect(await icon.count()).toBe(1);
        expect(await icon.locator("svg").count()).toBe(1);
        expect(await groupRow.textContent()).not.toContain("📷");

        // The personal chat's preview: a photo alone is the icon and the word.
        const personalRow = list.locator(`a.chat-row[href="/chats/${personal.id}"]`);
        const personalPreview = personalRow.locator(".chat-row-preview");
        await personalPreview.getByText("Фото").waitFor();
        expect(await personalPreview.textContent()).toBe("Фото");
        expect(await personalPreview.locator("svg").count()).toBe(1);
        expect(await personalRow.textContent()).not.toContain("📷");

        // The conversation names Taras exactly as the preview did.
        await groupRow.click();
        await page.waitForURL(new RegExp(`/chats/${group.id}$`));
        const log = page.getByRole("log", { name: "Повідомлення" });
        await log.getByText("Я! Ось фото з минулого").waitFor();
        const authors = (await log.locator(".msg-author").allTextContents()).map((s) => s.trim());
        expect(authors).toEqual([iryna.fullName, taras.fullName]);
        const previewName = (await groupPreview.textContent())!.split(": ")[0];
        expect(authors).toContain(previewName!);
        expect(await log.locator(".msg-avatar a").count()).toBe(2);

        // The personal chat: no name and no avatar over Taras's runs; screen readers still hear who.
        await page.goto(`${server.url}/chats/${personal.id}`);
        await page.getByRole("heading", { name: taras.fullName, level: 1 }).waitFor();
        await log.getByText("Привіт, Тарасе").waitFor();
        const theirs = log.locator(".msg:not([data-mine])");
        await theirs.nth(1).waitFor();
        expect(await theirs.count()).toBe(2);
        // Two runs of his (Olena's reply between them), each without a name line.
        expect(await log.locator(".msg[data-head]:not([data-mine])").count()).toBe(2);
        expect(await log.locator(".msg-author").count()).toBe(0);
        expect(await log.locator(".msg-avatar").count()).toBe(0);
        expect((await theirs.locator(".msg-who").allTextContents()).map((s) => s.trim())).toEqual([`${taras.fullName}:`, `${taras.fullName}:`]);

        // The public chat keeps the author line.
        await page.goto(`${server.url}/chat/${GLOBAL_CHAT_ID}`);
        await log.getByText("Всім привіт із загального чату").waitFor();
        expect(await log.locator(".msg").filter({ hasText: "Всім привіт із загального чату" }).locator(".msg-author").textContent()).toBe(taras.fullName);
      });
    } finally {
      await context.close();
    }
  },
  90_000,
);
