/**
 * The installable app (issue 15, PWA), seen from Chromium: the page links a valid web app manifest
 * whose icons are PNGs of the sizes it names, the service worker (web/service-worker.js, built as
 * /sw.js) becomes active for the whole origin and Chromium reports no installability error; once
 * it controls the page, the app opens offline and no API answer is ever in its caches; a new
 * deployment is offered as "A new version is available — Update", which reloads into it and drops
 * the old version's cache. The server serves the build from an asset map (as the compiled binary
 * does), so a test can deploy a changed /sw.js while it runs. The browser's theme colour follows
 * the theme picked in the app (the system's until one is picked). No console errors anywhere.
 * The page-by-page audit (lang, names, tap targets, installable on every main page) is
 * tests/e2e/lighthouse.e2e.test.ts.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import type { AssetMap } from "../../server/static/web-assets.ts";
import { CHROMIUM, CHROMIUM_ARGS, skipBrowser, useBrowserSuite } from "../helpers/browser.ts";
import { startTestServer, type TestServer } from "../helpers/test-server.ts";
import { onFailure, signUp } from "./e2e-helpers.ts";

const suite = useBrowserSuite();
const webDir = join(import.meta.dir, "../../dist/web");
const HOME_HEADING = "Приєднуйся до World IT";
/** index.html's theme colours (the header's surface in each theme). */
const LIGHT = "#ffffff";
const DARK = "#171a22";

let srv: TestServer;
let assets: AssetMap;
let tmp: string;

beforeAll(async () => {
  if (skipBrowser) return;
  // useBrowserSuite's beforeAll (registered first) has built dist/web.
  assets = {};
  for (const file of new Bun.Glob("**/*").scanSync({ cwd: webDir, onlyFiles: true, dot: true })) {
    const path = file.split("\\").join("/");
    if (!path.startsWith(".vite/")) assets[`/${path}`] = join(webDir, file);
  }
  tmp = mkdtempSync(join(tmpdir(), "wit-pwa-"));
  srv = await startTestServer({ assets });
}, 120_000);

afterAll(async () => {
  await srv?.stop();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

const VIEWPORT = { width: 1280, height: 800 };

/**
 * A context where service workers run (browserPage blocks them), with console errors collected
 * ("message (url)"). `persistent`: a browser profile on disk instead of the suite's incognito-like
 * context, where Chromium would refuse to install anything ("in-incognito").
 */
async function pwaPage(opts: { session?: string; persistent?: string } = {}): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = opts.persistent
    ? await chromium.launchPersistentContext(opts.persistent, { executablePath: CHROMIUM, args: CHROMIUM_ARGS, viewport: VIEWPORT, locale: "uk-UA", serviceWorkers: "allow" })
    : await suite.browser.newContext({ viewport: VIEWPORT, locale: "uk-UA", serviceWorkers: "allow" });
  if (opts.session) await context.addCookies([{ name: "wit_session", value: opts.session, url: srv.url }]);
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(15_000);
  const errors: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(`${m.text()} (${m.location().url})`);
  });
  page.on("pageerror", (e) => errors.push(`page error: ${e.message}`));
  return { context, page, errors };
}

/** The registration once its worker is active (state "activated"), as the page sees it. */
async function activeWorker(page: Page): Promise<{ scope: string; script: string }> {
  await page.waitForFunction(async () => (await navigator.serviceWorker.ready).active?.state === "activated", null, { timeout: 30_000 });
  return page.evaluate(async () => {
    const reg = await navigator.serviceWorker.ready;
    return { scope: reg.scope, script: reg.active!.scriptURL };
  });
}

/** Every cached request as [cache name, path]. */
function cachedPaths(page: Page): Promise<Array<[string, string]>> {
  return page.evaluate(async () => {
    const out: Array<[string, string]> = [];
    for (const name of await caches.keys()) {
      for (const req of await (await caches.open(name)).keys()) out.push([name, new URL(req.url).pathname]);
    }
    return out;
  });
}

/** Opens `/` again (not a reload): now the worker answers, and the page is controlled. */
async function openControlled(page: Page) {
  await page.goto(srv.url);
  await page.getByRole("heading", { name: HOME_HEADING, level: 1 }).waitFor();
  expect(await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL ?? null)).toBe(`${srv.url}/sw.js`);
}

test.skipIf(skipBrowser)(
  "the page links a valid web app manifest with 192 and 512 px PNG icons and theme colours for both schemes, the service worker is active for the whole site, and Chromium finds the app installable",
  async () => {
    const { context, page, errors } = await pwaPage({ persistent: mkdtempSync(join(tmp, "profile-")) });
    try {
      await onFailure("pwa-install", [page], async () => {
        await page.goto(srv.url);
        await page.getByRole("heading", { name: HOME_HEADING, level: 1 }).waitFor();

        const href = await page.locator('link[rel="manifest"]').getAttribute("href");
        expect(href).toBe("/manifest.webmanifest");
        const res = await fetch(new URL(href!, srv.url));
        expect(res.headers.get("content-type")).toBe("application/manifest+json");
        const manifest = (await res.json()) as {
          name: string;
          short_name: string;
          lang: string;
          start_url: string;
          scope: string;
          display: string;
          theme_color: string;
          background_color: string;
          icons: Array<{ src: string; sizes: string; type: string; purpose?: string }>;
        };
        expect(manifest).toMatchObject({ name: "World IT", lang: "uk", start_url: "/", scope: "/", display: "standalone" });
        expect(manifest.short_name.length).toBeGreaterThan(0);
        expect(manifest.theme_color).toMatch(/^#[0-9a-f]{6}$/i);
        expect(manifest.background_color).toMatch(/^#[0-9a-f]{6}$/i);
        const purposes: string[] = [];
        for (const icon of manifest.icons) {
          const png = await fetch(new URL(icon.src, srv.url));
          expect({ src: icon.src, status: png.status, type: png.headers.get("content-type") }).toEqual({ src: icon.src, status: 200, type: "image/png" });
          const meta = await new Bun.Image(await png.bytes()).metadata();
          expect({ src: icon.src, format: meta.format, sizes: `${meta.width}x${meta.height}` }).toEqual({ src: icon.src, format: "png", sizes: icon.sizes });
          purposes.push(`${icon.sizes} ${icon.purpose ?? "any"}`);
        }
        expect(purposes.sort()).toEqual(["192x192 any", "512x512 any", "512x512 maskable"]);
        const appleIcon = await page.locator('link[rel="apple-touch-icon"]').getAttribute("href");
        expect((await fetch(new URL(appleIcon!, srv.url))).headers.get("content-type")).toBe("image/png");
        const themes = await page.locator('meta[name="theme-color"]').evaluateAll((metas) => metas.map((m) => [m.getAttribute("media"), m.getAttribute("content")]));
        expect(themes).toEqual([
          ["(prefers-color-scheme: light)", LIGHT],
          ["(prefers-color-scheme: dark)", DARK],
        ]);
        // The manifest's colour (an installed app's splash screen, before the page says otherwise) is the light theme's.
        expect(manifest.theme_color).toBe(LIGHT);

        // The worker: /sw.js, for the whole origin, active; a first install offers no update.
        expect(await activeWorker(page)).toEqual({ scope: `${srv.url}/`, script: `${srv.url}/sw.js` });
        const sw = await fetch(`${srv.url}/sw.js`);
        expect(sw.headers.get("cache-control")).toBe("no-cache");
        expect(sw.headers.get("content-type")).toBe("text/javascript; charset=utf-8");

        // Chromium's own verdict (what its install prompt relies on), and its parse of the manifest.
        const cdp = await context.newCDPSession(page);
        const { installabilityErrors } = (await cdp.send("Page.getInstallabilityErrors")) as { installabilityErrors: Array<{ errorId: string }> };
        expect(installabilityErrors.map((e) => e.errorId)).toEqual([]);
        const parsed = (await cdp.send("Page.getAppManifest")) as { url: string; errors: Array<{ message: string }> };
        expect(parsed.url).toBe(`${srv.url}/manifest.webmanifest`);
        expect(parsed.errors.map((e) => e.message)).toEqual([]);

        expect(await page.getByText("Доступна нова версія").count()).toBe(0);
        expect(errors).toEqual([]);
      });
    } finally {
      await context.close();
    }
  },
  90_000,
);

test.skipIf(skipBrowser)(
  "once the service worker controls the page, a signed-in person's API answers are never cached, and the app still opens with the network gone",
  async () => {
    const olena = await signUp(srv, "Олена", "Коваль", "pwaoff");
    const { context, page, errors } = await pwaPage({ session: olena.session });
    const apiWhileControlled: string[] = [];
    try {
      await onFailure("pwa-offline", [page], async () => {
        await page.goto(`${srv.url}/settings`);
        await page.getByRole("heading", { name: "Налаштування", level: 1 }).waitFor();
        await activeWorker(page);

        // Controlled now: the API calls of the settings page go through the worker's fetch handler.
        page.on("request", (req) => {
          if (new URL(req.url()).pathname.startsWith("/trpc")) apiWhileControlled.push(req.url());
        });
        const answered = page.waitForResponse((res) => new URL(res.url()).pathname.startsWith("/trpc") && res.ok());
        await page.goto(`${srv.url}/settings`);
        await page.getByRole("heading", { name: "Налаштування", level: 1 }).waitFor();
        expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
        await answered;
        expect(apiWhileControlled.length).toBeGreaterThan(0);

        const cached = await cachedPaths(page);
        const names = [...new Set(cached.map(([name]) => name))];
        expect(names).toHaveLength(1);
        expect(names[0]).toMatch(/^world-it-[0-9a-f]{16}$/);
        const paths = cached.map(([, path]) => path);
        expect(paths).toContain("/");
        expect(paths).toContain("/manifest.webmanifest");
        expect(paths.filter((p) => p.startsWith("/assets/")).length).toBeGreaterThan(2);
        // Only the build's own files: never /trpc, /api, /media, /ws.
        expect(paths.filter((p) => !/^\/($|assets\/[^/]+$|icons\/[\w-]+\.png$|favicon\.svg$|manifest\.webmanifest$)/.test(p))).toEqual([]);

        expect(errors).toEqual([]);
        await context.setOffline(true);
        await page.goto(`${srv.url}/settings`);
        // The shell and every page's code come from the cache: the app starts, shows its header and
        // a page (which one, with the API out of reach, is the offline-reading work's to decide).
        await page.getByRole("banner").getByRole("link", { name: "World IT" }).first().waitFor();
        await page.getByRole("main").getByRole("heading", { level: 1 }).first().waitFor();
        await context.setOffline(false);
        // Offline, only what must go to the network failed: the API's requests and the socket.
        const network = /^(Failed to load resource: net::ERR_[A-Z_]+ \(https?:\/\/[^/]+\/trpc\/|WebSocket connection to '[^']+\/ws' failed)/;
        expect(errors.filter((e) => !network.test(e))).toEqual([]);
      });
    } finally {
      await context.close();
    }
  },
  90_000,
);

test.skipIf(skipBrowser)(
  "a new deployment is offered as \"A new version is available — Update\": updating reloads the page into it and the old version's cache is deleted",
  async () => {
    const { context, page, errors } = await pwaPage();
    const original = assets["/sw.js"]!;
    const twins = { br: assets["/sw.js.br"], gz: assets["/sw.js.gz"] };
    try {
      await onFailure("pwa-update", [page], async () => {
        await page.goto(srv.url);
        await page.getByRole("heading", { name: HOME_HEADING, level: 1 }).waitFor();
        await activeWorker(page);
        await openControlled(page);
        const before = [...new Set((await cachedPaths(page)).map(([name]) => name))];
        expect(before).toHaveLength(1);

        // Deploy: a /sw.js with another version (no compressed twins for it).
        const source = readFileSync(original, "utf8");
        const version = /const VERSION = "([0-9a-f]+)";/.exec(source)?.[1];
        expect(version).toBeDefined();
        const next = join(tmp, "sw.js");
        writeFileSync(next, source.replace(`const VERSION = "${version}";`, `const VERSION = "${version}-next";`));
        assets["/sw.js"] = next;
        delete assets["/sw.js.br"];
        delete assets["/sw.js.gz"];
        // What the app does hourly and when the tab returns to the front.
        await page.evaluate(async () => void (await navigator.serviceWorker.getRegistration())!.update());

        const prompt = page.getByRole("status").filter({ hasText: "Доступна нова версія" });
        await prompt.waitFor();
        await page.evaluate(() => ((window as unknown as { beforeUpdate: boolean }).beforeUpdate = true));
        const reloaded = page.waitForEvent("load", { timeout: 30_000 });
        await prompt.getByRole("button", { name: "Оновити" }).click();
        await reloaded;
        await page.getByRole("heading", { name: HOME_HEADING, level: 1 }).waitFor();
        expect(await page.evaluate(() => (window as unknown as { beforeUpdate?: boolean }).beforeUpdate ?? false)).toBe(false);
        expect(await page.getByText("Доступна нова версія").count()).toBe(0);

        // The new worker controls the page; only its cache is left.
        await page.waitForFunction(async () => {
          const keys = await caches.keys();
          return keys.length === 1 && keys[0]!.endsWith("-next");
        }, null, { timeout: 30_000 });
        expect(errors).toEqual([]);
      });
    } finally {
      assets["/sw.js"] = original;
      if (twins.br) assets["/sw.js.br"] = twins.br;
      if (twins.gz) assets["/sw.js.gz"] = twins.gz;
      await context.close();
    }
  },
  90_000,
);

/** The theme-color the browser uses: the first meta whose media matches; and every meta as [media, content]. */
const themeColor = (page: Page) =>
  page.evaluate(() => {
    const metas = [...document.querySelectorAll<HTMLMetaElement>('meta[name="theme-color"]')];
    return { effective: metas.find((m) => !m.media || matchMedia(m.media).matches)?.content ?? null, metas: metas.map((m) => [m.media, m.content]) };
  });

test.skipIf(skipBrowser)(
  "the browser's theme colour follows the theme picked in the app, over the system's and after a reload; with nothing picked it follows the system",
  async () => {
    const { context, page, errors } = await pwaPage();
    const MEDIA = ["(prefers-color-scheme: light)", "(prefers-color-scheme: dark)"] as const;
    try {
      await onFailure("pwa-theme-color", [page], async () => {
        await page.emulateMedia({ colorScheme: "light" });
        await page.goto(srv.url);
        await page.getByRole("heading", { name: HOME_HEADING, level: 1 }).waitFor();
        expect(await themeColor(page)).toEqual({ effective: LIGHT, metas: [[MEDIA[0], LIGHT], [MEDIA[1], DARK]] });

        // Dark picked on a light system: the browser shows the dark colour, whatever the scheme.
        const banner = page.getByRole("banner");
        await banner.getByRole("button", { name: "Увімкнути темну тему" }).click();
        await page.waitForFunction(() => document.documentElement.dataset.theme === "dark");
        expect(await themeColor(page)).toEqual({ effective: DARK, metas: [[MEDIA[0], DARK], [MEDIA[1], DARK]] });
        await page.reload();
        await page.getByRole("heading", { name: HOME_HEADING, level: 1 }).waitFor();
        expect(await themeColor(page)).toEqual({ effective: DARK, metas: [[MEDIA[0], DARK], [MEDIA[1], DARK]] });

        // Light picked, then the system turns dark: the pick still wins.
        await banner.getByRole("button", { name: "Увімкнути світлу тему" }).click();
        await page.waitForFunction(() => document.documentElement.dataset.theme === "light");
        expect((await themeColor(page)).effective).toBe(LIGHT);
        await page.emulateMedia({ colorScheme: "dark" });
        expect(await page.evaluate(() => matchMedia("(prefers-color-scheme: dark)").matches)).toBe(true);
        expect(await themeColor(page)).toEqual({ effective: LIGHT, metas: [[MEDIA[0], LIGHT], [MEDIA[1], LIGHT]] });
        await page.reload();
        await page.getByRole("heading", { name: HOME_HEADING, level: 1 }).waitFor();
        expect((await themeColor(page)).effective).toBe(LIGHT);

        // Nothing picked (a new visitor): each meta keeps its colour, and the system's scheme chooses, live.
        await page.evaluate(() => localStorage.clear());
        await page.reload();
        await page.getByRole("heading", { name: HOME_HEADING, level: 1 }).waitFor();
        expect(await themeColor(page)).toEqual({ effective: DARK, metas: [[MEDIA[0], LIGHT], [MEDIA[1], DARK]] });
        await page.emulateMedia({ colorScheme: "light" });
        await page.waitForFunction(() => document.documentElement.dataset.theme === "light");
        expect(await themeColor(page)).toEqual({ effective: LIGHT, metas: [[MEDIA[0], LIGHT], [MEDIA[1], DARK]] });
        expect(errors).toEqual([]);
      });
    } finally {
      await context.close();
    }
  },
  90_000,
);
