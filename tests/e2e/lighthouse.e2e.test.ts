/**
 * A Lighthouse-style check (issue 15, "Proof"): the pages a person uses — as a guest /, /login,
 * /register, /chat/global; signed in /, /publications, /chats, a chat, their profile, /friends,
 * /notifications, /settings — on a phone (390×844, touch) and a desktop, each in the light and the
 * dark theme, pass the audits of tests/e2e/audit.ts (document basics, alt texts, accessible names,
 * unique ids, on the phone no horizontal scroll and 24 px targets, installable, service worker
 * active, no console error, no failed request), and the browser's theme colour is the theme's,
 * and no page fetches the whole Ukrainian dictionary: its words come with its code (ADR 0035).
 * A first test shows each audit fails on a page broken on purpose. Chromium runs with a profile on
 * disk (an incognito-like context is never installable) and its service worker on.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { newClientId } from "../../shared/chats.ts";
import { makePng } from "../fixtures/images.ts";
import { upload } from "../fixtures/media-kit.ts";
import { CHROMIUM, CHROMIUM_ARGS, skipBrowser, useBrowserSuite } from "../helpers/browser.ts";
import { waitFor } from "../helpers/wait.ts";
import { auditPage, watch, type Finding } from "./audit.ts";
import { builtChunk, onFailure, signUp, type Account } from "./e2e-helpers.ts";
import { befriend } from "./friends-kit.ts";

const suite = useBrowserSuite();
let tmp = "";
let me: Account;
let chatId = "";
/** index.html's theme colours: what the browser must show in each theme. */
const themeColor = { light: "", dark: "" };
/** The chunk with every Ukrainian word (web/src/i18n/all-words.ts), fetched only for a key no loaded code names. */
let allWordsPath = "";

beforeAll(async () => {
  if (skipBrowser) return;
  tmp = mkdtempSync(join(tmpdir(), "wit-lighthouse-"));
  const html = readFileSync(join(import.meta.dir, "../../dist/web/index.html"), "utf8");
  themeColor.light = /<meta name="theme-color" media="\(prefers-color-scheme: light\)" content="([^"]+)"/.exec(html)?.[1] ?? "";
  themeColor.dark = /<meta name="theme-color" media="\(prefers-color-scheme: dark\)" content="([^"]+)"/.exec(html)?.[1] ?? "";
  allWordsPath = builtChunk("src/i18n/all-words.ts").path;

  // Something on every page: friends, a request, a post with a photo, its like and comment, a chat.
  const srv = suite.srv;
  me = await signUp(srv, "Олена", "Коваль", "lhme");
  const taras = await signUp(srv, "Тарас", "Бойко", "lhfr");
  const iryna = await signUp(srv, "Ірина", "Мельник", "lhrq");
  const avatar = await upload(srv, taras.client, "avatar", makePng(256, 256));
  await taras.client.trpc.avatars.add.mutate({ mediaId: avatar.id });
  await befriend(me, taras);
  await iryna.client.trpc.friends.request.mutate({ userId: me.id });
  const photo = await upload(srv, me.client, "post_image", makePng(640, 480));
  const post = await me.client.trpc.posts.create.mutate({ title: "Світанок на Говерлі", body: "Вийшли о четвертій ранку. #гори", tags: [], links: [], imageIds: [photo.id] });
  await taras.client.trpc.posts.like.mutate({ postId: post.id, on: true });
  await taras.client.trpc.comments.create.mutate({ postId: post.id, body: "Гарно!" });
  chatId = (await taras.client.trpc.chats.openPersonal.mutate({ userId: me.id })).id;
  await srv.deps.services.chats.send(taras.id, { chatId, clientId: newClientId(), body: "Привіт! Як похід?", imageIds: [] });
}, 120_000);

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };

async function openProfile(viewport: { width: number; height: number }, phone: boolean): Promise<{ context: BrowserContext; page: Page }> {
  const context = await chromium.launchPersistentContext(mkdtempSync(join(tmp, "profile-")), {
    executablePath: CHROMIUM,
    args: CHROMIUM_ARGS,
    viewport,
    isMobile: phone,
    hasTouch: phone,
    locale: "uk-UA",
    colorScheme: "light",
    serviceWorkers: "allow",
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(30_000);
  return { context, page };
}

/** Resolves once the page's service worker is activated (the first visit installs it). */
const workerActive = (page: Page) =>
  waitFor(async () => (await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.active?.state)) === "activated", "the service worker is active", 30_000);

/** The paths during whose visit the page fetched every Ukrainian word (the fallback of a missing key). */
function watchWordsFallback(page: Page): { at: (path: string) => void; take: () => string[] } {
  let current = "";
  const seen: string[] = [];
  page.on("request", (r) => {
    if (new URL(r.url()).pathname === allWordsPath) seen.push(current);
  });
  return { at: (path) => (current = path), take: () => seen.splice(0) };
}

/** The theme-color the browser uses: the first meta whose media matches. */
const effectiveThemeColor = (page: Page) =>
  page.evaluate(() => [...document.querySelectorAll<HTMLMetaElement>('meta[name="theme-color"]')].find((m) => !m.media || matchMedia(m.media).matches)?.content ?? null);

/**
 * Opens each path and audits it in the light theme, then (the system turning dark: the app
 * follows) in the dark one. Returns every finding as "<who> <theme> <path> <audit>: <detail>".
 */
async function walk(page: Page, who: string, paths: string[], phone: boolean): Promise<string[]> {
  const context = page.context();
  const cdp = await context.newCDPSession(page);
  const watcher = watch(context, page);
  const words = watchWordsFallback(page);
  const found: string[] = [];
  const note = (theme: string, path: string, list: Finding[]) => found.push(...list.map((f) => `${who} ${theme} ${path} ${f.audit}: ${f.detail}`));
  for (const path of paths) {
    words.at(path);
    await page.emulateMedia({ colorScheme: "light" });
    await page.goto(`${suite.srv.url}${path}`);
    await page.getByRole("main").getByRole("heading", { level: 1 }).first().waitFor();
    await page.waitForLoadState("networkidle");
    await workerActive(page);
    for (const theme of ["light", "dark"] as const) {
      if (theme === "dark") {
        await page.emulateMedia({ colorScheme: "dark" });
        await page.waitForFunction(() => document.documentElement.dataset.theme === "dark");
      }
      note(theme, path, await auditPage(page, cdp, { phone }));
      const color = await effectiveThemeColor(page);
      if (color !== themeColor[theme]) found.push(`${who} ${theme} ${path} theme-color: ${color}, not ${themeColor[theme]}`);
    }
    note("", path, watcher.take());
    for (const at of words.take()) found.push(`${who} ${at} words: the page fetched every Ukrainian word`);
  }
  await cdp.detach();
  return found;
}

const GUEST = ["/", "/login", "/register", "/chat/global"];
const signedIn = () => ["/", "/publications", "/chats", `/chats/${chatId}`, `/u/${me.username}`, "/friends", "/notifications", "/settings"];

for (const [name, viewport, phone] of [
  ["a phone (390×844)", PHONE, true],
  ["a desktop (1280×800)", DESKTOP, false],
] as const) {
  test.skipIf(skipBrowser)(
    `on ${name}, every main page a guest and a signed-in person use passes the Lighthouse-style audits in the light and the dark theme`,
    async () => {
      const { context, page } = await openProfile(viewport, phone);
      try {
        await onFailure(`lighthouse-${phone ? "phone" : "desktop"}`, [page], async () => {
          const found = await walk(page, "guest", GUEST, phone);
          await context.addCookies([{ name: "wit_session", value: me.session, url: suite.srv.url }]);
          found.push(...(await walk(page, "signed in", signedIn(), phone)));
          expect(found).toEqual([]);
        });
      } finally {
        await context.close();
      }
    },
    240_000,
  );
}

test.skipIf(skipBrowser)(
  "each audit fails on a page broken on purpose: no lang, title, viewport or theme colour, an image without alt, an unnamed button, a duplicate id, a wide element, a small target, a console error, a 404, no manifest, no service worker",
  async () => {
    const { context, page } = await openProfile(PHONE, true);
    try {
      await onFailure("lighthouse-broken", [page], async () => {
        const cdp = await context.newCDPSession(page);
        const watcher = watch(context, page);
        const words = watchWordsFallback(page);
        words.at("/login");
        await page.goto(`${suite.srv.url}/login`);
        await page.getByRole("main").getByRole("heading", { level: 1 }).first().waitFor();
        await workerActive(page);
        await page.waitForLoadState("networkidle");
        expect(await auditPage(page, cdp, { phone: true })).toEqual([]);
        expect(watcher.take()).toEqual([]);
        expect(words.take()).toEqual([]);
        // A page that falls back to every word is seen.
        await page.evaluate((path) => import(path), allWordsPath);
        expect(words.take()).toEqual(["/login"]);

        await page.evaluate(async () => {
          document.documentElement.removeAttribute("lang");
          document.title = "";
          document.querySelector('meta[name="viewport"]')!.setAttribute("content", "width=1024");
          for (const m of document.querySelectorAll('meta[name="theme-color"]')) m.remove();
          document.querySelector('link[rel="manifest"]')!.remove();
          const main = document.querySelector("main")!;
          main.insertAdjacentHTML(
            "beforeend",
            `<img src="/icons/icon-192.png" width="40" height="40">
             <button type="button" style="width:40px;height:40px"></button>
             <p id="twice">a</p><p id="twice">b</p>
             <div style="width:2000px;height:4px"></div>
             <div><a href="/" style="display:inline-block;width:10px;height:10px"></a><a href="/login" style="display:inline-block;width:10px;height:10px">x</a></div>`,
          );
          console.error("broken on purpose");
          await fetch("/no-such-file.json");
          await (await navigator.serviceWorker.getRegistration())!.unregister();
        });
        const audits = [...(await auditPage(page, cdp, { phone: true })), ...watcher.take()].map((f) => f.audit);
        expect([...new Set(audits)].sort()).toEqual(
          [
            "accessible-name",
            "console",
            "document-title",
            "duplicate-id",
            "horizontal-scroll",
            "html-lang",
            "image-alt",
            "installable",
            "meta-viewport",
            "network",
            "service-worker",
            "target-size",
            "theme-color",
          ].sort(),
        );
        await cdp.detach();
      });
    } finally {
      await context.close();
    }
  },
  120_000,
);
