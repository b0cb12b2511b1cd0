/**
 * The browser test for profiles and albums: a signed-in person (account made through the API,
 * its session cookie handed to the browser) sets an avatar on /settings, sees it in the header
 * and on the profile, creates an album, adds two photos in one pick and flips through them in
 * the full-screen viewer with the keyboard. Images are PNGs built at runtime. Needs
 * /usr/bin/chromium: without it the test is skipped with a note, except under CI=true.
 */
import { expect, test } from "bun:test";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Locator, type Page } from "playwright-core";
import { makePng } from "../fixtures/images.ts";
import { createClient, registerAndVerify } from "../helpers/client.ts";
import { useBrowserSuite, skipBrowser } from "../helpers/browser.ts";
import { browserPage } from "./e2e-helpers.ts";

const suite = useBrowserSuite();

const png = (name: string, width: number, height: number) => ({
  name,
  mimeType: "image/png",
  buffer: Buffer.from(makePng(width, height)),
});

/** True once an <img> has really decoded (a broken or missing image has naturalWidth 0). */
async function imageLoaded(img: Locator): Promise<boolean> {
  await img.waitFor();
  return img.evaluate(async (el: HTMLImageElement) => {
    if (!el.complete) await new Promise((resolve) => el.addEventListener("load", resolve, { once: true }));
    return el.naturalWidth > 0;
  });
}

const mediaUrl = (variant: string) => new RegExp(`^/media/[a-f0-9]{24}/${variant}\\.webp$`);

async function srcPath(img: Locator): Promise<string> {
  return new URL((await img.getAttribute("src")) ?? "", "http://x").pathname;
}

async function onFailure<T>(page: Page, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    const shot = join(tmpdir(), `world-it-e2e-failure-${Date.now()}.png`);
    await page.screenshot({ path: shot, fullPage: true }).catch(() => {});
    console.error(`[e2e] failed at ${page.url()}; screenshot: ${shot}`);
    throw error;
  }
}

test.skipIf(skipBrowser)(
  "a person sets an avatar, creates an album, adds two photos at once and flips through them in the viewer",
  async () => {
    const server = suite.srv;
    const client = createClient(server);
    const account = await registerAndVerify(server, client);
    const session = client.jar.get("wit_session");
    expect(session).toBeTruthy();

    const { context, page } = await browserPage(suite.browser, server.url, session!);
    const header = page.getByRole("banner");
    const fullName = `${account.firstName} ${account.lastName}`;

    try {
      await onFailure(page, async () => {
        // Settings: upload an avatar; its own progress bar runs to the end, then it is the current one.
        await page.goto(`${server.url}/settings`);
        await page.getByRole("heading", { name: "Налаштування", level: 1 }).waitFor();
        const headerAvatarResponse = page.waitForResponse((r) => mediaUrl("s96").test(new URL(r.url()).pathname));
        await page.getByLabel("Файл фото профілю").setInputFiles(png("me.png", 320, 240));
        const progress = page.getByRole("progressbar", { name: "Завантаження файлу me.png" });
        await progress.waitFor();
        await page.getByText("Фото профілю оновлено.").waitFor();
        expect(await progress.getAttribute("value")).toBe("100");

        // The header now shows the image (the 96px variant), served with 200 and decoded.
        const headerAvatar = header.locator("img.avatar");
        expect(await srcPath(headerAvatar)).toMatch(mediaUrl("s96"));
        expect((await headerAvatarResponse).status()).toBe(200);
        expect(await imageLoaded(headerAvatar)).toBe(true);

        // The profile shows the large variant.
        await header.getByRole("link", { name: "Профіль" }).click();
        await page.waitForURL(`**/u/${account.username}`);
        await page.getByRole("heading", { name: fullName, level: 1 }).waitFor();
        const profileAvatar = page.getByRole("img", { name: `Фото профілю: ${fullName}` });
        expect(await srcPath(profileAvatar)).toMatch(mediaUrl("s512"));
        expect(await imageLoaded(profileAvatar)).toBe(true);

        // A new album from the profile.
        await page.getByRole("link", { name: "Новий альбом" }).click();
        await page.waitForURL("**/albums/new");
        await page.getByLabel("Назва").fill("Хакатон у Львові");
        await page.getByLabel("Тема").fill("хакатон");
        await page.getByLabel("Рік").fill("2025");
        await page.getByRole("button", { name: "Створити альбом" }).click();
        await page.waitForURL(/\/albums\/[a-f0-9]{24}$/);
        await page.getByRole("heading", { name: "Хакатон у Львові", level: 1 }).waitFor();

        // Two photos in one pick: two thumbnails, in the order they were picked.
        await page
          .getByLabel("Файли фото для альбому")
          .setInputFiles([png("first.png", 640, 480), png("second.png", 480, 640)]);
        await page.getByText("Додано фото: 2.").waitFor();
        const photos = page.getByRole("list", { name: "Фото альбому «Хакатон у Львові»" }).getByRole("listitem");
        expect(await photos.count()).toBe(2);
        for (const item of await photos.all()) {
          const thumb = item.locator("img");
          expect(await srcPath(thumb)).toMatch(mediaUrl("thumb"));
          expect(await imageLoaded(thumb)).toBe(true);
        }
        const secondThumb = await srcPath(photos.nth(1).locator("img"));

        // The viewer: photo 1 of 2, ArrowRight moves to the second, Escape closes and returns focus.
        const opener = page.getByRole("button", { name: "Відкрити фото 1 з 2" });
        await opener.click();
        const viewer = page.getByRole("dialog", { name: "Хакатон у Львові" });
        await viewer.waitFor();
        await viewer.getByText("1 / 2").waitFor();
        const image = viewer.locator("img");
        expect(await srcPath(image)).toMatch(mediaUrl("full"));
        expect(await imageLoaded(image)).toBe(true);
        await page.keyboard.press("ArrowRight");
        await viewer.getByText("2 / 2").waitFor();
        expect(await srcPath(image)).toBe(secondThumb.replace(/thumb\.webp$/, "full.webp"));
        expect(await imageLoaded(image)).toBe(true);
        await page.keyboard.press("Escape");
        await viewer.waitFor({ state: "hidden" });
        expect(await opener.evaluate((el) => el === document.activeElement)).toBe(true);
      });
    } finally {
      await context.close();
    }
  },
  60_000,
);
