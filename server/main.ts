/**
 * The only place that calls Bun.serve: read env, open and migrate the database, listen, and drain
 * on SIGTERM/SIGINT. A start is two steps (ADR 0029): first what /healthz needs — the
 * configuration, the migrated database, the hub — then, once the server listens, everything else
 * (app-runtime.ts: services, routes, the websocket layer), imported in the background. A request
 * that arrives before that is loaded waits for it; /healthz answers at once.
 */
// First: it notes when module evaluation began (START_TRACE only).
import { startTrace } from "./start-trace.ts";
import type { Server } from "bun";
import type { AppRuntime } from "./app-runtime.ts";
import { createDb, isSqliteUrl, sqliteFileOf } from "./db/create-db.ts";
import { seedFromTemplate } from "./db/sqlite-template.ts";
import { migrateToLatest } from "./db/migrate.ts";
import type { AppDeps } from "./deps.ts";
import { EnvError, parseEnv, type Env } from "./env.ts";
import { healthResponse, securityHeaders } from "./health.ts";
import { systemClock, type Clock } from "./lib/clock.ts";
import { createLogger, type Logger } from "./lib/log.ts";
import { loadArgon2 } from "./lib/password.ts";
import { createMailer } from "./lib/mail.ts";
import { createMemoryRateLimiter, createRedisRateLimiter } from "./lib/rate-limit.ts";
import { createRedisLinks } from "./lib/redis.ts";
import { createHub } from "./realtime/hub.ts";
import type { SocketData } from "./realtime/socket.ts";
import type { AssetMap } from "./static/web-assets.ts";
import { LOAD_STEPS } from "./warm-up.ts";

export interface StartOptions {
  env?: Env;
  clock?: Clock;
  log?: Logger;
  /** Web client files embedded in the compiled binary. */
  assets?: AssetMap;
  /** A migrated empty SQLite database embedded in the compiled binary (db/sqlite-template.ts). */
  sqliteTemplate?: string;
  /** Install SIGTERM/SIGINT handlers (the real process does; tests do not). */
  handleSignals?: boolean;
  /** Count database statements in deps.db.stats (tests). */
  countQueries?: boolean;
}

export interface RunningServer {
  url: string;
  port: number;
  deps: AppDeps;
  server: Server<SocketData>;
  /** Graceful stop: no new connections, sockets closed with 1001, database closed. */
  stop(): Promise<void>;
}

/** The longest the router warm-up waits for requests in flight before it loads the next router. */
const WARM_PAUSE_MAX_MS = 50;

/**
 * Two turns of the event loop, so what is waiting runs first: a new connection is accepted in one
 * and its request read in the next (with one turn, a /healthz that arrives during a load step
 * waited for the step after it too: bench:start, 15–60 ms against ~10 ms after listening).
 */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(() => setImmediate(resolve)));

export async function startServer(options: StartOptions = {}): Promise<RunningServer> {
  const trace = startTrace();
  trace?.("modules");
  const env = options.env ?? parseEnv(process.env);
  const log = options.log ?? createLogger(env.LOG_LEVEL);
  const clock = options.clock ?? systemClock;
  // A new SQLite database starts as a copy of the embedded template (compiled binary only).
  if (options.sqliteTemplate && isSqliteUrl(env.DATABASE_URL)) {
    await seedFromTemplate(sqliteFileOf(env.DATABASE_URL, env.DATA_DIR), options.sqliteTemplate);
  }
  trace?.("template");
  const db = createDb({
    databaseUrl: env.DATABASE_URL,
    dataDir: env.DATA_DIR,
    countQueries: options.countQueries,
    postgres: {
      poolMax: env.DATABASE_POOL_MAX,
      statementTimeoutMs: env.DATABASE_STATEMENT_TIMEOUT_MS,
      connectTimeoutMs: env.DATABASE_CONNECT_TIMEOUT_MS,
    },
    log,
    // WAL checkpoints in a worker thread, not inside a commit on the event loop (ADR 0030).
    backgroundCheckpoints: {},
  });
  trace?.("open");
  const applied = await migrateToLatest(db.db);
  trace?.("migrate");
  if (applied.length) log.info(`migrations applied: ${applied.join(", ")}`);

  // Every Redis connection reconnects on its own; an outage is logged once (lib/redis.ts, ADR 0019).
  const redisLinks = env.REDIS_URL ? createRedisLinks(env.REDIS_URL, log) : null;
  const redis = redisLinks ? await redisLinks.open("app") : null;
  const hub = await createHub({ redis: redisLinks, redisPrefix: env.REDIS_PREFIX, log });
  const base: Omit<AppDeps, "services"> = {
    env,
    db,
    clock,
    log,
    hub,
    mailer: createMailer({ smtpUrl: env.SMTP_URL, from: env.MAIL_FROM, devOutbox: env.DEV_OUTBOX, log }),
    limiter: redis ? createRedisRateLimiter(redis, clock, `${env.REDIS_PREFIX}rl:`) : createMemoryRateLimiter(clock),
  };
  trace?.("hub");

  // Until the features are loaded (below) /healthz is answered here, as the app answers it, and
  // every other request waits for them.
  let runtime: AppRuntime | null = null;
  // While the routers warm up, the requests in flight (null afterwards: no bookkeeping per request).
  let busy: { count: number; idle: ReturnType<typeof Promise.withResolvers<void>> | null } | null = { count: 0, idle: null };
  const track = <T>(answer: T | Promise<T>): T | Promise<T> => {
    if (!(answer instanceof Promise) || !busy) return answer;
    const b = busy;
    b.count++;
    return answer.finally(() => {
      if (--b.count === 0) b.idle?.resolve();
    });
  };
  /**
   * The warm-up's pause between routers: until no request is in flight (they come first; a call
   * loads its own router on demand), but never longer than WARM_PAUSE_MAX_MS, so a server under
   * load from its first second still finishes warming (and stops counting requests).
   */
  const whenIdle = async () => {
    await nextTurn();
    if (!busy || busy.count === 0) return;
    busy.idle = Promise.withResolvers<void>();
    await Promise.race([busy.idle.promise, Bun.sleep(WARM_PAUSE_MAX_MS)]);
  };
  // A request is waiting for the features: load the rest without pausing between steps.
  let hurry = false;
  const between = () => (hurry ? Promise.resolve() : nextTurn());
  const loaded = Promise.withResolvers<AppRuntime>();
  const setSecurityHeaders = securityHeaders(env);
  const fetch = (req: Request, srv: Server<SocketData>) => {
    if (runtime) return busy === null ? runtime.fetch(req, srv) : track(runtime.fetch(req, srv));
    if ((req.method === "GET" || req.method === "HEAD") && new URL(req.url).pathname === "/healthz") {
      return healthResponse(db, log).then((res) => (setSecurityHeaders(res.headers), res));
    }
    hurry = true;
    return track(loaded.promise.then((r) => r.fetch(req, srv)));
  };
  const error = (error: Error) => {
    log.error("unhandled server error", { error });
    return new Response("Internal server error", { status: 500 });
  };
  const server = Bun.serve<SocketData>({
    hostname: env.HOST,
    port: env.PORT,
    // No cap of Bun's own: its refusal is a bare 413 before the app sees the request. Every route
    // that reads a body caps it while streaming and answers the documented JSON error instead
    // (/trpc: BODY_LIMIT_BYTES; /api/media: MEDIA_MAX_BYTES); nothing else reads one.
    maxRequestBodySize: Number.MAX_SAFE_INTEGER,
    fetch,
    // The socket layer's handlers replace this (server.reload below) before the first upgrade.
    websocket: { message() {} },
    error,
  });
  hub.attach(server);
  trace?.("listen");

  let loadedRuntime: AppRuntime;
  try {
    // One step per turn of the event loop (warm-up.ts): a /healthz that comes meanwhile waits
    // for one step at most, not for all of them.
    for (const step of LOAD_STEPS) {
      await between();
      await step();
    }
    await between();
    const { createAppRuntime } = await import("./app-runtime.ts");
    loadedRuntime = createAppRuntime(base, { redis, assets: options.assets });
    server.reload({ fetch, error, websocket: loadedRuntime.websocket });
    runtime = loadedRuntime;
    loaded.resolve(loadedRuntime);
  } catch (error) {
    loaded.reject(error);
    await server.stop(true);
    await hub.close();
    redisLinks?.close();
    await db.close();
    throw error;
  }
  trace?.("app");
  const deps = loadedRuntime.deps;
  // The features' routers (and their input schemas), one per turn of the event loop and only while
  // no request is in flight, so requests come first; a call that comes before its router is
  // loaded loads it itself (trpc/router.ts).
  const warming = loadedRuntime
    .warmRouters(whenIdle)
    .then(() => loadArgon2())
    .then(
      () => trace?.("warm", true),
      (error) => log.error("loading the API failed", { error }),
    )
    .finally(() => {
      busy = null;
    });

  const url = `http://localhost:${server.port}`;
  log.info(`World IT listening on ${url} (${db.describe}${redis ? ", redis" : ""}${env.DEV_OUTBOX ? ", dev outbox at /dev/outbox" : ""})`);
  if (env.DEV_OUTBOX && env.NODE_ENV === "production") log.warn("DEV_OUTBOX is on in production: anyone can read mail at /dev/outbox");

  let stopping: Promise<void> | null = null;
  const stop = () =>
    (stopping ??= (async () => {
      const draining = server.stop();
      loadedRuntime.closeSockets();
      await draining;
      await warming;
      await loadedRuntime.stop();
      await hub.close();
      base.limiter.close();
      base.mailer.close();
      redisLinks?.close();
      await db.close();
    })());

  if (options.handleSignals) {
    for (const signal of ["SIGTERM", "SIGINT"] as const) {
      process.on(signal, () => {
        log.info(`${signal}: draining`);
        stop().then(
          () => process.exit(0),
          (error) => {
            log.error("shutdown failed", { error });
            process.exit(1);
          },
        );
      });
    }
  }

  return { url, port: server.port ?? env.PORT, deps, server, stop };
}

export async function runFromCli(options: Omit<StartOptions, "handleSignals"> = {}) {
  const args = process.argv.slice(2);
  if (args[0] === "admin") {
    try {
      const { runAdminCommand } = await import("./cli/admin.ts");
      process.exit(await runAdminCommand(options.env ?? parseEnv(process.env), args.slice(1)));
    } catch (error) {
      console.error(error instanceof EnvError ? error.message : error);
      process.exit(1);
    }
  }
  try {
    await startServer({ ...options, handleSignals: true });
  } catch (error) {
    console.error(error instanceof EnvError ? error.message : error);
    process.exit(1);
  }
}

if (import.meta.main) await runFromCli();
