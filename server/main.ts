/**
 * The only place that calls Bun.serve: read env, open and migrate the database, build the app
 * and the websocket layer, listen, and drain on SIGTERM/SIGINT.
 */
import type { Server } from "bun";
import { createApp } from "./app.ts";
import { createDb, isSqliteUrl, sqliteFileOf } from "./db/create-db.ts";
import { seedFromTemplate } from "./db/sqlite-template.ts";
import { migrateToLatest } from "./db/migrate.ts";
import { createServices, type AppDeps } from "./deps.ts";
import { EnvError, parseEnv, type Env } from "./env.ts";
import { systemClock, type Clock } from "./lib/clock.ts";
import { createLogger, type Logger } from "./lib/log.ts";
import { createMailer } from "./lib/mail.ts";
import { createMemoryRateLimiter, createRedisRateLimiter } from "./lib/rate-limit.ts";
import { createRedisLinks } from "./lib/redis.ts";
import { createHub } from "./realtime/hub.ts";
import { createSocketLayer, type SocketData } from "./realtime/socket.ts";
import { createPushPresence } from "./features/push/push.presence.ts";
import { WS_CLOSE } from "../shared/events.ts";
import { createWebAssets, diskAssetsDir, type AssetMap } from "./static/web-assets.ts";

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

export async function startServer(options: StartOptions = {}): Promise<RunningServer> {
  const env = options.env ?? parseEnv(process.env);
  const log = options.log ?? createLogger(env.LOG_LEVEL);
  const clock = options.clock ?? systemClock;
  // A new SQLite database starts as a copy of the embedded template (compiled binary only).
  if (options.sqliteTemplate && isSqliteUrl(env.DATABASE_URL)) {
    await seedFromTemplate(sqliteFileOf(env.DATABASE_URL, env.DATA_DIR), options.sqliteTemplate);
  }
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
  });
  const applied = await migrateToLatest(db.db);
  if (applied.length) log.info(`migrations applied: ${applied.join(", ")}`);

  // Every Redis connection reconnects on its own; an outage is logged once (lib/redis.ts, ADR 0019).
  const redisLinks = env.REDIS_URL ? createRedisLinks(env.REDIS_URL, log) : null;
  const redis = redisLinks ? await redisLinks.open("app") : null;
  const hub = await createHub({ redis: redisLinks, redisPrefix: env.REDIS_PREFIX, log });
  const base = {
    env,
    db,
    clock,
    log,
    hub,
    mailer: createMailer({ smtpUrl: env.SMTP_URL, from: env.MAIL_FROM, devOutbox: env.DEV_OUTBOX, log }),
    limiter: redis ? createRedisRateLimiter(redis, clock, `${env.REDIS_PREFIX}rl:`) : createMemoryRateLimiter(clock),
  };
  const deps: AppDeps = { ...base, services: createServices(base) };
  const web = createWebAssets(options.assets ? { embedded: options.assets } : { dir: diskAssetsDir() });
  const app = createApp(deps, web);
  const sockets = createSocketLayer({
    auth: deps.services.auth,
    chats: deps.services.chats,
    hub,
    log,
    allowedOrigins: env.allowedOrigins,
    proxyHops: env.TRUST_PROXY,
    redis,
    redisPrefix: env.REDIS_PREFIX,
    frameLimit: { perSecond: env.WS_FRAMES_PER_SECOND, burst: env.WS_FRAME_BURST },
    db: db.db,
    clock,
    presence: { heartbeatMs: env.PRESENCE_HEARTBEAT_MS, coalesceMs: env.PRESENCE_COALESCE_MS, lastSeenWriteMs: env.LAST_SEEN_WRITE_MS },
  });
  // Web push goes to people with no socket here nor on another instance (issue 15).
  deps.services.push.usePresence(createPushPresence({ connectedHere: sockets.connectedHere, redis, redisPrefix: env.REDIS_PREFIX, log }));

  const server = Bun.serve<SocketData>({
    hostname: env.HOST,
    port: env.PORT,
    // No cap of Bun's own: its refusal is a bare 413 before the app sees the request. Every route
    // that reads a body caps it while streaming and answers the documented JSON error instead
    // (/trpc: BODY_LIMIT_BYTES; /api/media: MEDIA_MAX_BYTES); nothing else reads one.
    maxRequestBodySize: Number.MAX_SAFE_INTEGER,
    fetch(req, srv) {
      if (new URL(req.url).pathname === "/ws") return sockets.upgrade(req, srv);
      return app.fetch(req, srv);
    },
    websocket: sockets.handlers,
    error(error) {
      log.error("unhandled server error", { error });
      return new Response("Internal server error", { status: 500 });
    },
  });
  hub.attach(server);
  // Exports left queued or running by a stopped instance are picked up again.
  deps.services.dataExports.start();

  const sweepMedia = () => void deps.services.media.sweepOrphans().catch((error) => log.error("media sweep failed", { error }));
  // The first sweep waits a minute: it lists the media folder, which is no work for start-up.
  const firstSweep = setTimeout(sweepMedia, 60_000);
  firstSweep.unref();
  const cleanup = setInterval(() => {
    deps.services.auth.deleteExpired().catch((error) => log.error("session cleanup failed", { error }));
    deps.services.accountDeletion.sweep().catch((error) => log.error("account deletion sweep failed", { error }));
    sweepMedia();
  }, 60 * 60_000);
  cleanup.unref();

  const url = `http://localhost:${server.port}`;
  log.info(`World IT listening on ${url} (${db.describe}${redis ? ", redis" : ""}${env.DEV_OUTBOX ? ", dev outbox at /dev/outbox" : ""})`);
  if (env.DEV_OUTBOX && env.NODE_ENV === "production") log.warn("DEV_OUTBOX is on in production: anyone can read mail at /dev/outbox");

  let stopping: Promise<void> | null = null;
  const stop = () =>
    (stopping ??= (async () => {
      clearInterval(cleanup);
      clearTimeout(firstSweep);
      const draining = server.stop();
      sockets.closeAll(WS_CLOSE.goingAway, "server shutting down");
      await draining;
      await deps.services.dataExports.stop();
      await sockets.close();
      // Messages already accepted into a batch are written before the database closes.
      await deps.services.chats.drain();
      // Pending bell frames: the sockets are closed; clients read the count when they reconnect.
      deps.services.notifications.stop();
      deps.services.push.stop();
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
