/**
 * The storage/fan-out variants every integration suite runs on: SQLite always; Postgres when
 * TEST_DATABASE_URL is set; Redis (rate limits + hub) when TEST_REDIS_URL is set. Without them
 * the variant says so and is left out — except under CI=true, where preload.ts fails the run.
 */
import { SQL } from "bun";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { useTestTimeout } from "./preload.ts";

export interface Backend {
  name: string;
  redisUrl?: string;
  /** A fresh, empty database for one test server; `drop` removes it afterwards. */
  createDatabase(): Promise<{ databaseUrl?: string; dataDir: string; drop(): Promise<void> }>;
}

const pgUrl = process.env.TEST_DATABASE_URL;
const redisUrl = process.env.TEST_REDIS_URL;

const sqlite = (redis?: string): Backend => ({
  name: redis ? "sqlite+redis" : "sqlite",
  redisUrl: redis,
  async createDatabase() {
    const dataDir = mkdtempSync(join(tmpdir(), "world-it-test-"));
    return { dataDir, drop: async () => rmSync(dataDir, { recursive: true, force: true }) };
  },
});

const postgres = (url: string, redis?: string): Backend => ({
  name: redis ? "postgres+redis" : "postgres",
  redisUrl: redis,
  async createDatabase() {
    const name = `wit_test_${crypto.randomUUID().replace(/-/g, "").slice(0, 16)}`;
    const admin = new SQL(url);
    await admin.unsafe(`create database ${name}`);
    await admin.close();
    const u = new URL(url);
    u.pathname = `/${name}`;
    const dataDir = mkdtempSync(join(tmpdir(), "world-it-test-"));
    return {
      databaseUrl: u.toString(),
      dataDir,
      async drop() {
        const a = new SQL(url);
        await a.unsafe(`drop database if exists ${name} with (force)`);
        await a.close();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  },
});

/** The variants to run this file's suites on; also gives the file the suite's test timeout. */
export function testBackends(): Backend[] {
  useTestTimeout();
  const list: Backend[] = [sqlite()];
  if (pgUrl) list.push(postgres(pgUrl));
  else console.warn("[tests] TEST_DATABASE_URL not set: the Postgres variant is skipped");
  if (redisUrl) list.push(pgUrl ? postgres(pgUrl, redisUrl) : sqlite(redisUrl));
  else console.warn("[tests] TEST_REDIS_URL not set: the Redis variant is skipped");
  return list;
}

/**
 * The Redis-backed variant, for suites that need two instances sharing fan-out; null without
 * TEST_REDIS_URL, after a note that `what` is skipped (wrap the suite in `describe.skipIf(!backend)`).
 * Under CI=true a missing TEST_REDIS_URL throws: the file fails instead of skipping.
 */
export function redisBackend(what: string): Backend | null {
  useTestTimeout();
  if (!redisUrl) {
    if (process.env.CI === "true") throw new Error(`CI=true but TEST_REDIS_URL is not set: ${what} must run in CI`);
    console.warn(`[tests] TEST_REDIS_URL not set: ${what} is skipped`);
    return null;
  }
  return pgUrl ? postgres(pgUrl, redisUrl) : sqlite(redisUrl);
}
