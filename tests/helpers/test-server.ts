/**
 * Starts the real server (server/main.ts startServer → Bun.serve) on port 0 with a fresh migrated
 * database, real SMTP to a local inbox, and a clock the test can move.
 */
import { afterAll, beforeAll } from "bun:test";
import { parseEnv } from "../../server/env.ts";
import { createLogger, type Logger } from "../../server/lib/log.ts";
import { startServer, type RunningServer } from "../../server/main.ts";
import type { AppDeps } from "../../server/deps.ts";
import type { AssetMap } from "../../server/static/web-assets.ts";
import { testBackends, type Backend } from "./backends.ts";
import { startInbox, type TestInbox } from "./inbox.ts";

export interface TestClock {
  now(): number;
  advance(ms: number): void;
}

export interface TestServer {
  url: string;
  backend: string;
  mail: TestInbox;
  clock: TestClock;
  deps: AppDeps;
  running: RunningServer;
  stop(): Promise<void>;
}

export interface TestServerOptions {
  backend?: Backend;
  /** Another test server whose database, inbox and clock this one shares (a second instance). */
  shareWith?: TestServer;
  env?: Record<string, string>;
  /** Web client files to serve instead of dist/web, as the compiled binary embeds them. */
  assets?: AssetMap;
  /** The server's logger (to read what it logs); by default one at TEST_LOG_LEVEL. */
  log?: Logger;
}

interface Shared {
  databaseUrl?: string;
  dataDir: string;
  /** Each test deployment gets its own Redis namespace: counters left by other runs never leak in. */
  redisPrefix: string;
}
const sharedDb = new WeakMap<TestServer, Shared>();

export async function startTestServer(opts: TestServerOptions = {}): Promise<TestServer> {
  const backend = opts.backend ?? testBackends()[0]!;
  const owned = opts.shareWith ? null : await backend.createDatabase();
  const location: Shared = owned
    ? { ...owned, redisPrefix: `wit-test:${crypto.randomUUID().slice(0, 8)}:` }
    : sharedDb.get(opts.shareWith!)!;
  const mail = opts.shareWith?.mail ?? (await startInbox());
  let offset = 0;
  const clock: TestClock = opts.shareWith?.clock ?? { now: () => Date.now() + offset, advance: (ms) => void (offset += ms) };
  const env = parseEnv({
    NODE_ENV: "test",
    HOST: "127.0.0.1",
    PORT: "0",
    DATA_DIR: location.dataDir,
    DATABASE_URL: location.databaseUrl,
    REDIS_URL: backend.redisUrl,
    REDIS_PREFIX: location.redisPrefix,
    SMTP_URL: mail.url,
    DEV_OUTBOX: "false",
    TRUST_PROXY: "true",
    ARGON2_CONCURRENCY: "2",
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "silent",
    ...opts.env,
  });
  const running = await startServer({ env, clock: clock.now, log: opts.log ?? createLogger(env.LOG_LEVEL), countQueries: true, assets: opts.assets });
  const server: TestServer = {
    url: running.url,
    backend: backend.name,
    mail,
    clock,
    deps: running.deps,
    running,
    async stop() {
      await running.stop();
      if (owned) {
        await mail.close();
        await owned.drop();
      }
    },
  };
  sharedDb.set(server, location);
  return server;
}

/**
 * Two instances sharing one database and Redis, started before the suite's tests and stopped
 * after them (`servers.a` and `servers.b` are set once `beforeAll` ran). `backend` is
 * redisBackend()'s: without one the suite must be skipped (`describe.skipIf(!backend)`), so its
 * hooks never run; should they run anyway, they fail rather than let the tests pass empty.
 */
export function useInstancePair(backend: Backend | null): { a: TestServer; b: TestServer } {
  const servers = {} as { a: TestServer; b: TestServer };
  beforeAll(async () => {
    if (!backend) throw new Error("no Redis backend: skip this suite with describe.skipIf(!backend)");
    servers.a = await startTestServer({ backend });
    servers.b = await startTestServer({ backend, shareWith: servers.a });
  });
  afterAll(async () => {
    await servers.b?.stop();
    await servers.a?.stop();
  });
  return servers;
}
