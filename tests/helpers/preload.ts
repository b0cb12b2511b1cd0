import { afterAll, setDefaultTimeout } from "bun:test";

/**
 * Integration, browser and binary tests start real servers, processes and browsers on a machine
 * that may be busy: a test that needs longer than this has hung.
 */
export const TEST_TIMEOUT_MS = 60_000;

/**
 * Sets TEST_TIMEOUT_MS as the default for the test file being loaded; call it before the file
 * registers its tests and hooks (testBackends(), redisBackend() and useBrowserSuite() do).
 *
 * Why each file: setDefaultTimeout() applies to "the current file" only, and Bun 1.4 resets it
 * after every file — a call here in the preload (which runs once per run) reaches just the first
 * file, every later one is back on 5 s (oven-sh/bun#43787). bunfig.toml has no timeout key, and
 * `bun test --timeout` would not be plain `bun test`.
 */
export function useTestTimeout() {
  setDefaultTimeout(TEST_TIMEOUT_MS);
}

useTestTimeout();

/**
 * Runs once, before the first test file. Under CI=true the Postgres and Redis variants are
 * mandatory: a missing TEST_DATABASE_URL or TEST_REDIS_URL fails the run instead of skipping.
 */
if (process.env.CI === "true") {
  const missing = ["TEST_DATABASE_URL", "TEST_REDIS_URL"].filter((k) => !process.env[k]);
  if (missing.length) throw new Error(`CI=true but ${missing.join(" and ")} not set: the Postgres/Redis suites must run in CI`);
}

/**
 * Failures recorded with their error (the browser tests' onFailure does), printed again after
 * the last file, just before bun's summary: a CI log that keeps only its tail still says why.
 */
const failures: string[] = [];

export function recordFailure(what: string, error: unknown) {
  // The message (for Playwright, with its call log), cut short, and where in a test file it was thrown.
  const message = error instanceof Error ? error.message.slice(0, 2000) : String(error);
  const at = error instanceof Error ? (error.stack ?? "").split("\n").filter((line) => line.includes(".test.ts")).slice(0, 3) : [];
  const text = [message, ...at].join("\n");
  failures.push(`${what}: ${text}`);
}

// Registered in the preload, this afterAll runs once, after the last file (before the summary).
afterAll(() => {
  if (!failures.length) return;
  console.error(`\n${failures.length} recorded failure(s), again at the end:`);
  for (const failure of failures) console.error(`- ${failure}`);
});
