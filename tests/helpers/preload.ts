import { setDefaultTimeout } from "bun:test";

/** Integration, browser and binary tests start real servers and browsers: allow 30 s per test. */
setDefaultTimeout(30_000);

/**
 * Runs before every test file. Under CI=true the Postgres and Redis variants are mandatory:
 * a missing TEST_DATABASE_URL or TEST_REDIS_URL fails the run instead of silently skipping.
 */
if (process.env.CI === "true") {
  const missing = ["TEST_DATABASE_URL", "TEST_REDIS_URL"].filter((k) => !process.env[k]);
  if (missing.length) throw new Error(`CI=true but ${missing.join(" and ")} not set: the Postgres/Redis suites must run in CI`);
}
