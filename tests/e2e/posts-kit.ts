/** Helpers of the posts browser tests (posts.e2e.test.ts). */
import { expect } from "bun:test";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page, WebSocket } from "playwright-core";
import { makePng } from "../fixtures/images.ts";

const files = mkdtempSync(join(tmpdir(), "wit-posts-e2e-"));

export function pngFile(name: string, width: number, height: number): string {
  const path = join(files, name);
  writeFileSync(path, makePng(width, height));
  return path;
}

/** Resolves once the page's websocket has sent a frame matching `match` (e.g. feed.watch on). */
export function frameSent(page: Page, match: (frame: Record<string, unknown>) => boolean): Promise<void> {
  return new Promise((resolve) => {
    const watch = (ws: WebSocket) =>
      ws.on("framesent", ({ payload }) => {
        try {
          if (match(JSON.parse(String(payload)) as Record<string, unknown>)) resolve();
        } catch {
          // not JSON
        }
      });
    page.on("websocket", watch);
  });
}

export const post = (page: Page, title: string) => page.locator("article.post").filter({ has: page.getByRole("heading", { name: title, exact: true }) });
export const count = async (page: Page, title: string, what: "likes" | "comments" | "views") =>
  Number(await post(page, title).locator(what === "likes" ? ".like-count" : `.post-${what}`).getAttribute("data-count"));

export const IMG = "<img src=x onerror=window.__xss=1>";
export const SCRIPT = "<script>window.__xss=2</script>";

/** Nothing injected ran or exists on the page: no flag set, no such element, link or handler. */
export async function noInjection(page: Page): Promise<void> {
  const found = await page.evaluate(() => ({
    xss: (window as unknown as { __xss?: unknown }).__xss,
    imgX: document.querySelectorAll('img[src="x"]').length,
    scripts: [...document.querySelectorAll("script")].filter((s) => s.textContent?.includes("__xss")).length,
    badLinks: [...document.querySelectorAll<HTMLAnchorElement>("a[href]")].filter((a) => !/^(https?|mailto):$/.test(a.protocol)).length,
    handlers: [...document.querySelectorAll("*")].filter((el) => [...el.attributes].some((at) => at.name.startsWith("on"))).length,
  }));
  expect(found).toEqual({ xss: undefined, imgX: 0, scripts: 0, badLinks: 0, handlers: 0 });
}
