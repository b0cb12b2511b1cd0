/**
 * How the web client reaches a browser (issue 15: compression and first load), seen from Chromium:
 * its scripts and styles come as brotli; a page's code is fetched when that page is opened, with
 * "Loading…" only when it is slow to arrive; the English words only when English is chosen; the
 * Markdown renderer only for a post written in Markdown.
 */
import { expect, test } from "bun:test";
import type { Response } from "playwright-core";
import { skipBrowser, useBrowserSuite } from "../helpers/browser.ts";
import { browserPage, builtChunk, onFailure, signUp } from "./e2e-helpers.ts";

const suite = useBrowserSuite();

test.skipIf(skipBrowser)(
  "a first visit gets brotli-compressed scripts and styles, a page's code only when that page opens (\"Loading…\" while it is slow), and the English words only once English is chosen",
  async () => {
    const server = suite.srv;
    const { context, page } = await browserPage(suite.browser, server.url, null);
    const assets: Response[] = [];
    page.on("response", (res) => {
      if (new URL(res.url()).pathname.startsWith("/assets/")) assets.push(res);
    });
    const fetched = (...paths: string[]) => assets.filter((r) => paths.includes(new URL(r.url()).pathname));
    // Built files are named by their hash alone: the build's manifest says which is which.
    const app = builtChunk("app");
    const chats = builtChunk("src/features/chats/ChatsPages.tsx").path;
    const english = builtChunk("src/i18n/english.ts").path;
    try {
      await onFailure("web-delivery", [page], async () => {
        await page.goto(server.url);
        await page.getByRole("heading", { name: "Приєднуйся до World IT", level: 1 }).waitFor();

        // The shell and its CSS, as the build's brotli twins (Chromium accepts br).
        expect(app.css).toHaveLength(1);
        const shell = fetched(app.path, ...app.css);
        expect(shell).toHaveLength(2);
        for (const res of shell) {
          const headers = await res.allHeaders();
          expect({ url: res.url(), encoding: headers["content-encoding"] }).toEqual({ url: res.url(), encoding: "br" });
          expect(headers.vary).toBe("Accept-Encoding");
        }
        // Neither the chat's code nor the English words came with it.
        expect(fetched(chats)).toHaveLength(0);
        expect(fetched(english)).toHaveLength(0);

        // The chat's code arrives when the chat opens; while it is held back, the page says so.
        let release!: () => void;
        const held = new Promise<void>((resolve) => (release = resolve));
        await page.route((url) => url.pathname === chats, async (route) => {
          await held;
          await route.continue();
        });
        await page.getByRole("main").getByRole("link", { name: "Відкрити загальний чат" }).click();
        await page.waitForURL(`${server.url}/chat/global`);
        await page.getByRole("main").getByRole("status").filter({ hasText: "Завантаження…" }).waitFor();
        release();
        await page.getByRole("heading", { name: "Загальний чат", level: 1 }).waitFor();
        expect(fetched(chats).length).toBeGreaterThan(0);

        // English is fetched when chosen, and the page switches to it.
        await page.getByRole("button", { name: "ENG" }).click();
        await page.getByRole("heading", { name: "Public chat", level: 1 }).waitFor();
        expect(fetched(english)).toHaveLength(1);
      });
    } finally {
      await context.close();
    }
  },
  60_000,
);

test.skipIf(skipBrowser)(
  "a post of plain words shows its lines and link cards without fetching the Markdown renderer, which comes only for a post written in Markdown",
  async () => {
    const server = suite.srv;
    const olena = await signUp(server, "Олена", "Коваль", "webmd");
    const plain = await olena.client.trpc.posts.create.mutate({ title: "Звичайний допис", body: "Привіт усім!\nДругий рядок, без розмітки.", links: ["https://example.com/about"] });
    const marked = await olena.client.trpc.posts.create.mutate({ title: "Допис з розміткою", body: "Це **важливо**." });
    const renderer = builtChunk("src/lib/markdown.ts").path;
    const { context, page } = await browserPage(suite.browser, server.url, null);
    const requested: string[] = [];
    page.on("request", (req) => requested.push(new URL(req.url()).pathname));
    try {
      await onFailure("web-delivery-markdown", [page], async () => {
        await page.goto(`${server.url}/posts/${plain.id}`);
        const body = page.locator(".post-body");
        await body.getByText("Привіт усім!").waitFor();
        // One paragraph, its line break a <br>: what the renderer would have made of it.
        expect(await body.evaluate((el) => el.innerHTML)).toBe("<p>Привіт усім!<br>Другий рядок, без розмітки.</p>");
        const card = page.locator("a.link-card");
        expect(await card.getAttribute("href")).toBe("https://example.com/about");
        expect(await card.getAttribute("rel")).toBe("noopener noreferrer nofollow");
        expect(requested.filter((p) => p === renderer)).toEqual([]);

        await page.goto(`${server.url}/posts/${marked.id}`);
        await page.locator(".post-body strong").getByText("важливо").waitFor();
        expect(requested.filter((p) => p === renderer).length).toBeGreaterThan(0);
      });
    } finally {
      await context.close();
    }
  },
  60_000,
);
