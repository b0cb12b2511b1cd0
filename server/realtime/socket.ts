/**
 * The /ws endpoint: upgrade with cookie auth and an Origin check, server-decided topics,
 * zod-validated frames with a per-connection rate limit, the online count, and closing the
 * sockets of revoked sessions on every instance. Chat frames are handled in chat-frames.ts.
 */
import type { RedisClient, Server, WebSocketHandler } from "bun";
import type { Kysely } from "kysely";
import { clientEvent, WS_CLOSE, WS_LIMITS, type ServerEvent } from "../../shared/events.ts";
import { isDatabaseUnavailable } from "../db/db-errors.ts";
import type { AuthService } from "../features/auth/auth.service.ts";
import type { ChatsService } from "../features/chats/chats.service.ts";
import type { Database } from "../db/schema.ts";
import type { Clock } from "../lib/clock.ts";
import type { Logger } from "../lib/log.ts";
import { clientIp, isAllowedOrigin } from "../lib/origin.ts";
import { createChatFrames, sendFrame } from "./chat-frames.ts";
import { createConnections, type Socket, type SocketData } from "./connections.ts";
import type { Hub } from "./hub.ts";
import { createOnlineCounter } from "./online.ts";
import { createPresence, type PresenceOptions } from "./presence.ts";
import { watchFeed, watchPosts } from "./post-frames.ts";
import { takeToken } from "./token-bucket.ts";
import { topics } from "./topics.ts";

export type { SocketData } from "./connections.ts";

const badFrame = (message: string, context: { clientId?: string; chatId?: string } = {}): ServerEvent => ({
  type: "error",
  code: "BAD_FRAME",
  message,
  reason: "errors.badFrame",
  ...context,
});

type FrameContext = { clientId?: string; chatId?: string; ref?: string };
const CONTEXT_KEYS = ["clientId", "chatId", "ref"] as const;
const CONTEXT_PATTERNS = CONTEXT_KEYS.map((key) => [key, new RegExp(`"${key}"\\s*:\\s*"([^"\\\\]{1,64})"`)] as const);

/** The clientId/chatId/ref of a frame that failed validation, so the client knows which request it was. */
function contextOf(parsed: unknown): FrameContext {
  if (typeof parsed !== "object" || parsed === null) return {};
  const out: FrameContext = {};
  for (const key of CONTEXT_KEYS) {
    const value = (parsed as Record<string, unknown>)[key];
    if (typeof value === "string" && value.length <= 64) out[key] = value;
  }
  return out;
}

/**
 * The same ids for a frame refused before parsing (flood, oversize): a bounded regex over its
 * first 512 characters, so refusing stays cheap.
 */
function contextOfRaw(raw: string | Buffer): FrameContext {
  const head = (typeof raw === "string" ? raw.slice(0, 512) : raw.subarray(0, 512).toString());
  const out: FrameContext = {};
  for (const [key, pattern] of CONTEXT_PATTERNS) {
    const value = pattern.exec(head)?.[1];
    if (value) out[key] = value;
  }
  return out;
}

export function createSocketLayer(deps: {
  auth: AuthService;
  chats: ChatsService;
  hub: Hub;
  log: Logger;
  allowedOrigins: readonly string[];
  /** TRUST_PROXY: how many proxies of ours stand in front (for the client IP). */
  proxyHops: number;
  /** Shares the online count across instances. */
  redis?: RedisClient | null;
  redisPrefix?: string;
  onlineDebounceMs?: number;
  /** Each socket's token bucket for client frames (env WS_FRAMES_PER_SECOND / WS_FRAME_BURST). */
  frameLimit?: { perSecond: number; burst: number };
  /** Presence and last seen (realtime/presence.ts). */
  db: Kysely<Database>;
  clock: Clock;
  presence?: PresenceOptions;
}) {
  const frameLimit = deps.frameLimit ?? { perSecond: WS_LIMITS.framesPerSecond, burst: WS_LIMITS.frameBurst };
  const conns = createConnections();
  const chatFrames = createChatFrames({ chats: deps.chats, hub: deps.hub, conns, log: deps.log });
  const online = createOnlineCounter({
    people: conns.people,
    peopleCount: conns.peopleCount,
    guests: conns.guests,
    hub: deps.hub,
    redis: deps.redis ?? null,
    redisPrefix: deps.redisPrefix ?? "wit:",
    log: deps.log,
    debounceMs: deps.onlineDebounceMs,
  });
  const presence = createPresence({
    db: deps.db,
    clock: deps.clock,
    hub: deps.hub,
    conns,
    redis: deps.redis ?? null,
    redisPrefix: deps.redisPrefix ?? "wit:",
    log: deps.log,
    options: deps.presence,
  });

  // A person's frames go straight to their sockets here (a few at most): a topic per person would
  // cost every idle socket a topic of its own in Bun's topic tree (BENCHMARKS.md, memory per socket).
  deps.hub.route(topics.user(""), (userId, payload) => {
    for (const ws of conns.ofUser(userId)) ws.sendText(payload);
  });

  deps.hub.onControl((event) => {
    if (event.kind === "sessions.revoked") {
      for (const id of event.sessionIds) {
        for (const ws of conns.ofSession(id)) ws.close(WS_CLOSE.sessionRevoked, "session revoked");
      }
    } else if (event.kind === "user.sessions.revoked") {
      for (const ws of conns.ofUser(event.userId)) {
        if (ws.data.sessionId !== event.exceptSessionId) ws.close(WS_CLOSE.sessionRevoked, "session revoked");
      }
    } else if (event.kind === "hub.resync") {
      // Frames from other instances were lost: each socket reconnects and resumes from the database.
      for (const ws of conns.all()) ws.close(WS_CLOSE.resync, "resync");
    } else {
      chatFrames.onControl(event);
      presence.onControl(event);
    }
  });

  async function upgrade(req: Request, server: Server<SocketData>): Promise<Response | undefined> {
    if (!isAllowedOrigin(req, deps.allowedOrigins)) return new Response("Foreign origin", { status: 403 });
    let auth: Awaited<ReturnType<typeof deps.auth.authenticate>>;
    try {
      auth = await deps.auth.authenticate(deps.auth.readToken(req.headers.get("cookie")));
      // The person's presence and receipt settings, read once per socket (realtime/presence.ts).
      if (auth) await presence.load(auth.user.id);
    } catch (error) {
      // The session lookup needs the database: while it is unreachable the client's reconnect backoff retries.
      if (isDatabaseUnavailable(error)) return new Response("Database unavailable, try again", { status: 503 });
      throw error;
    }
    const data: SocketData = {
      userId: auth?.user.id ?? null,
      sessionId: auth?.sessionId ?? null,
      ip: clientIp(req, server.requestIP(req)?.address, deps.proxyHops),
      tokens: frameLimit.burst,
      tokensAt: performance.now(),
      openChats: null,
      watchedPosts: null,
    };
    if (server.upgrade(req, { data })) return undefined;
    return new Response("Expected a websocket upgrade", { status: 426 });
  }

  function message(ws: Socket, raw: string | Buffer) {
    if (!conns.has(ws)) return; // refused in open() and closing
    if (!takeToken(ws.data, frameLimit.perSecond, frameLimit.burst)) {
      return sendFrame(ws, { type: "error", code: "RATE_LIMITED", message: "Too many frames", reason: "errors.rateLimited", ...contextOfRaw(raw) });
    }
    if (raw.length > WS_LIMITS.maxParsedFrameBytes) {
      return sendFrame(ws, { type: "error", code: "TOO_LARGE", message: "Frame too large", reason: "errors.payloadTooLarge", ...contextOfRaw(raw) });
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(typeof raw === "string" ? raw : raw.toString());
    } catch {
      return sendFrame(ws, badFrame("Frame is not JSON"));
    }
    const result = clientEvent.safeParse(parsed);
    if (!result.success) {
      const reason = result.error.issues.find((i) => /^[a-z]+\.[A-Za-z]+$/.test(i.message))?.message;
      return sendFrame(ws, { ...badFrame("Unknown or invalid frame", contextOf(parsed)), ...(reason && { reason }) } as ServerEvent);
    }
    const frame = result.data;
    switch (frame.type) {
      case "ping":
        return sendFrame(ws, { type: "pong", at: frame.at });
      case "chat.open":
        return void chatFrames.open(ws, frame);
      case "chat.close":
        return chatFrames.close(ws, frame);
      case "chat.send":
        return void chatFrames.send(ws, frame);
      case "chat.typing":
        return chatFrames.typing(ws, frame);
      case "post.watch":
        return watchPosts(ws, frame);
      case "feed.watch":
        return watchFeed(ws, frame);
      case "presence.watch":
        return presence.watch(ws, frame);
      case "presence.set":
        return presence.set(ws, frame);
    }
  }

  const handlers: WebSocketHandler<SocketData> = {
    maxPayloadLength: WS_LIMITS.maxFrameBytes,
    // Slow consumers: past this much unsent data Bun closes the socket instead of buffering forever.
    backpressureLimit: 1024 * 1024,
    closeOnBackpressureLimit: true,
    idleTimeout: 120,
    open(ws) {
      // Capped here, not at the upgrade: a browser sees a close code, never an HTTP status.
      const full = ws.data.userId
        ? conns.ofUser(ws.data.userId).length >= WS_LIMITS.socketsPerPerson
        : conns.guestsFrom(ws.data.ip) >= WS_LIMITS.guestSocketsPerIp;
      if (full) return ws.close(WS_CLOSE.tooManySockets, "too many connections");
      if (conns.add(ws)) online.personArrived(ws.data.userId!);
      ws.subscribe(topics.global); // user:<id> frames reach it through conns (hub.route above)
      sendFrame(ws, { type: "hello", userId: ws.data.userId });
      sendFrame(ws, { type: "online", count: online.current() });
      online.changed();
      presence.opened(ws);
    },
    message,
    close(ws) {
      if (!conns.has(ws)) return; // refused in open(): never counted
      if (conns.remove(ws)) online.personLeft(ws.data.userId!);
      online.changed();
      presence.closed(ws);
    },
  };

  return {
    upgrade,
    connections: () => conns.all().size,
    /** Whether this person has a socket on this instance (web push skips people who do). */
    connectedHere: (userId: string) => conns.ofUser(userId).length > 0,
    handlers,
    /** Closes every socket (graceful shutdown). */
    closeAll(code: number, reason: string) {
      for (const ws of conns.all()) ws.close(code, reason);
    },
    /** Stops the online counter (removes this instance from the shared count). */
    close: () => Promise.all([online.close(), presence.close()]).then(() => undefined),
  };
}
