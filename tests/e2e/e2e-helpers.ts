/** Helpers shared by the browser tests: accounts with their own names, and a screenshot on failure. */
import { expect } from "bun:test";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Locator, Page } from "playwright-core";
import { chunkOf, readBuildManifest } from "../../web/build-manifest.ts";
import { createClient, defaultPassword, uniqueEmail, uniqueUsername, type TestClient } from "../helpers/client.ts";
import { recordFailure } from "../helpers/preload.ts";
import type { TestServer } from "../helpers/test-server.ts";

export interface Account {
  client: TestClient;
  id: string;
  username: string;
  firstName: string;
  fullName: string;
  /** The wit_session cookie's value, for a browser context. */
  session: string;
}

/**
 * A built chunk of dist/web (which useBrowserSuite builds), by its entry module
 * ("src/i18n/all-words.ts") or by the name of a group the build config makes ("chat-view"): the
 * URL paths of its script and of its styles (web/build-manifest.ts; files are named by their hash).
 */
export function builtChunk(srcOrName: string): { path: string; css: string[] } {
  const chunk = chunkOf(readBuildManifest(join(import.meta.dir, "../../dist/web")), srcOrName);
  if (!chunk) throw new Error(`no chunk ${srcOrName} in dist/web/.vite/manifest.json`);
  return { path: `/${chunk.file}`, css: (chunk.css ?? []).map((f) => `/${f}`) };
}

/** A confirmed account with its own name (registerAndVerify gives everyone the same one). */
export async function signUp(server: TestServer, firstName: string, lastName: string, label: string): Promise<Account> {
  const client = createClient(server);
  const email = uniqueEmail(label);
  const username = uniqueUsername(label);
  await client.trpc.auth.register.mutate({ email, username, firstName, lastName, password: defaultPassword });
  await client.trpc.auth.verifyEmail.mutate({ email, code: await server.mail.codeFor(email) });
  const session = client.jar.get("wit_session");
  expect(session).toBeTruthy();
  const me = await client.trpc.auth.me.query();
  return { client, id: me!.id, username, firstName, fullName: `${firstName} ${lastName}`, session: session! };
}

/** Runs `run`; if it fails, saves a screenshot of each page (paths on stderr) and rethrows. */
export async function onFailure<T>(name: string, pages: Page[], run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    const where: string[] = [];
    for (const [i, page] of pages.entries()) {
      const shot = join(tmpdir(), `world-it-e2e-${name}-failure-${Date.now()}-${i}.png`);
      await page.screenshot({ path: shot, fullPage: true }).catch(() => {});
      console.error(`[e2e] failed; page ${i} at ${page.url()}; screenshot: ${shot}`);
      where.push(`page ${i} at ${page.url()}`);
    }
    recordFailure(`e2e "${name}" (${where.join("; ")})`, error);
    throw error;
  }
}

/**
 * A new browser context and page in Ukrainian, signed in with `session` (the wit_session cookie's
 * value; null: a guest), waiting at most 15 s for any one step.
 */
export async function browserPage(browser: Browser, serverUrl: string, session: string | null, viewport = { width: 1280, height: 800 }) {
  // No service worker (web/service-worker.js): with one, a second page.goto would be answered by it,
  // out of page.route's reach. Its own suite (tests/e2e/pwa.e2e.test.ts) lets it run.
  const context = await browser.newContext({ viewport, locale: "uk-UA", serviceWorkers: "block" });
  if (session) await context.addCookies([{ name: "wit_session", value: session, url: serverUrl }]);
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  return { context, page };
}

/** Pastes text into an element the way a browser does on Ctrl+V: a paste event with clipboard data (the emailed code, say). */
export async function pasteInto(target: Locator, text: string): Promise<void> {
  await target.evaluate((el, value) => {
    const data = new DataTransfer();
    data.setData("text/plain", value);
    el.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
  }, text);
}
