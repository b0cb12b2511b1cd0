/**
 * Set-up shared by the browser tests: the web client is built, the real server serves it, and
 * Debian's Chromium is driven by playwright-core (never a downloaded browser). Without
 * /usr/bin/chromium the suite is skipped with a note — except under CI=true, where it fails.
 */
import { afterAll, beforeAll } from "bun:test";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { chromium, type Browser } from "playwright-core";
import { useTestTimeout } from "./preload.ts";
import { startTestServer, type TestServer } from "./test-server.ts";

export const CHROMIUM = "/usr/bin/chromium";
const haveChromium = existsSync(CHROMIUM);

/** True when the browser tests cannot run here and are allowed to skip (not in CI). */
export const skipBrowser = !haveChromium && process.env.CI !== "true";
if (skipBrowser) console.warn(`[e2e] ${CHROMIUM} not found: the browser tests are skipped (install chromium to run them)`);

/** Flags for a headless Chromium on a closed network (see the machine notes). */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

let webBuilt = false;

/**
 * Builds the web client into dist/web once per test process (bun test runs the files one after
 * another in one process): every browser suite serves the same build, and none rebuilds it under
 * another's feet.
 */
function buildWebOnce() {
  if (webBuilt) return;
  const root = join(import.meta.dir, "../..");
  const build = Bun.spawnSync([process.execPath, "run", "build:web"], { cwd: root, stdout: "pipe", stderr: "pipe" });
  if (build.exitCode !== 0) {
    throw new Error(`bun run build:web failed (exit ${build.exitCode}):\n${build.stdout}\n${build.stderr}`);
  }
  webBuilt = true;
}

/**
 * Registers beforeAll/afterAll for one e2e file (call it before its tests: it also sets the
 * file's default timeout); the getters are valid inside its tests.
 */
export function useBrowserSuite(): { readonly srv: TestServer; readonly browser: Browser } {
  useTestTimeout();
  let srv: TestServer | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    if (skipBrowser) return;
    if (!haveChromium) throw new Error(`CI=true but ${CHROMIUM} is missing: the browser tests must run in CI`);
    buildWebOnce();
    srv = await startTestServer();
    // In process, not chromium.launchServer() + connect(): tried on 2026-12-07 against
    // playwright-core's "Cannot find object to frameReceived/frameSent" under busy loops, the
    // browser server made it more frequent (3 failing busy runs in 5 against 0 in 16):
    // connect() still relays every message through this process's in-process connection: it adds a
    // hop and removes none.
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await srv?.stop();
  });
  return {
    get srv() {
      if (!srv) throw new Error("the browser suite is not set up");
      return srv;
    },
    get browser() {
      if (!browser) throw new Error("the browser suite is not set up");
      return browser;
    },
  };
}
