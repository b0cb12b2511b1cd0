/**
 * Everything past the start (ADR 0029): the services, the Hono app, the websocket layer and the
 * background jobs. main.ts imports this module only once the server listens and answers
 * /healthz, so a start does not wait for the features' code; requests that arrive before it is
 * loaded wait for it (main.ts), none is refused.
 */
import type { RedisClient, Server } from "bun";
import { createApp } from "./app.ts";
import { createServices, type AppDeps } from "./deps.ts";
import { createPushPresence } from "./features/push/push.presence.ts";
import { createSocketLayer, type SocketData } from "./realtime/socket.ts";
import { createWebAssets, diskAssetsDir, type AssetMap } from "./static/web-assets.ts";
import { warmRouters } from "./trpc/router.ts";
import { WS_CLOSE } from "../shared/ws-rules.ts";

export interface AppRuntime {
  deps: AppDeps;
  /** Every request but those main.ts answers itself. */
  fetch(req: Request, server: Server<SocketData>): Response | undefined | Promise<Response | undefined>;
  websocket: ReturnType<typeof createSocketLayer>["handlers"];
  /** Loads the feature routers not loaded yet, awaiting `between()` after each (trpc/router.ts). */
  warmRouters(between: () => Promise<unknown>): Promise<unknown>;
  /** Closes the sockets (1001) as the server stops accepting. */
  closeSockets(): void;
  /** After the server stopped: background jobs, the socket layer, pending chat writes, timers. */
  stop(): Promise<void>;
}

export function createAppRuntime(base: Omit<AppDeps, "services">, opts: { redis: RedisClient | null; assets?: AssetMap }): AppRuntime {
  const { env, log, db, clock, hub } = base;
  const redis = opts.redis;
  const deps: AppDeps = { ...base, services: createServices(base) };
  const web = createWebAssets(opts.assets ? { embedded: opts.assets } : { dir: diskAssetsDir() });
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

  return {
    deps,
    fetch(req, srv) {
      if (new URL(req.url).pathname === "/ws") return sockets.upgrade(req, srv);
      return app.fetch(req, srv);
    },
    websocket: sockets.handlers,
    warmRouters,
    closeSockets: () => sockets.closeAll(WS_CLOSE.goingAway, "server shutting down"),
    async stop() {
      clearInterval(cleanup);
      clearTimeout(firstSweep);
      await deps.services.dataExports.stop();
      await sockets.close();
      // Messages already accepted into a batch are written before the database closes.
      await deps.services.chats.drain();
      // Pending bell frames: the sockets are closed; clients read the count when they reconnect.
      deps.services.notifications.stop();
      deps.services.push.stop();
    },
  };
}
