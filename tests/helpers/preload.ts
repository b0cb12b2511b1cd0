import { setDefaultTimeout } from "bun:test";

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
