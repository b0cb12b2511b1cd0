/**
 * The browser test of "Download my data" (#17): in Settings → My data the person starts an
 * export, sees its progress bar while it waits (the worker is held back for that moment, so the
 * step is seen every time), then the download link with the archive's size, and the download is a
 * ZIP holding profile.json. Needs /usr/bin/chromium: without it the test is skipped with a note,
 * except under CI=true.
 */
import { expect, test } from "bun:test";
import { readFile } from "node:fs/promises";
import { strFromU8, unzipSync } from "fflate";
import { skipBrowser, useBrowserSuite } from "../helpers/browser.ts";
import { browserPage, onFailure, signUp } from "./e2e-helpers.ts";

const suite = useBrowserSuite();
const LIVE = { timeout: 30_000 };

test.skipIf(skipBrowser)("the person starts an export, sees its progress, then downloads a ZIP with their profile", async () => {
  const srv = suite.srv;
  const olena = await signUp(srv, "Олена", "Коваль", "export");
  await olena.client.trpc.posts.create.mutate({ title: "Мій перший пост", body: "Привіт" });
  const { context, page } = await browserPage(suite.browser, srv.url, olena.session);
  const worker = srv.deps.services.dataExports;
  try {
    await onFailure("data-export", [page], async () => {
      await page.goto(`${srv.url}/settings`);
      const section = page.locator("#settings-data");
      // The table of contents leads to the section.
      await page.locator("nav.settings-toc").getByRole("link", { name: "Мої дані" }).click();
      await section.getByRole("heading", { name: "Мої дані" }).waitFor();
      await worker.stop();
      try {
        await section.getByRole("button", { name: "Завантажити мої дані" }).click();
        const bar = section.getByRole("progressbar", { name: "Підготовка архіву" });
        await bar.waitFor(LIVE);
        expect(await bar.getAttribute("aria-valuenow")).toBe("0");
      } finally {
        worker.start();
      }
      const link = section.getByRole("link", { name: "Завантажити архів" });
      await link.waitFor(LIVE);
      await expect(section.getByRole("progressbar").count()).resolves.toBe(0);
      await expect(section.getByText(/Архів готовий \(.+\)\. Доступний до/).count()).resolves.toBe(1);

      const [download] = await Promise.all([page.waitForEvent("download", LIVE), link.click()]);
      const date = new Date(srv.clock.now()).toISOString().slice(0, 10);
      expect(download.suggestedFilename()).toBe(`world-it-${olena.username}-${date}.zip`);
      const zip = unzipSync(new Uint8Array(await readFile((await download.path())!)));
      expect(JSON.parse(strFromU8(zip["profile.json"]!))).toMatchObject({ id: olena.id, username: olena.username });
      expect(JSON.parse(strFromU8(zip["posts.json"]!))).toEqual([expect.objectContaining({ title: "Мій перший пост" })]);
    });
  } finally {
    await page.goto("about:blank").catch(() => {});
    await context.close();
  }
});
