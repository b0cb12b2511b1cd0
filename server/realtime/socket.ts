/**
 * The /ws endpoint: upgrade with cookie auth and an Origin check, server-decided topics,
 * zod-validated frames, and closing the sockets of revoked sessions on every instance.
 */
import type { Server, ServerWebSocket, WebSocketHandler } from "bun";
import { clientEvent, WS_CLOSE, WS_LIMITS, type ServerEvent } from "../../shared/events.ts";
import type { AuthService } from "../features/auth/auth.service.ts";
import type { Logger } from "../lib/log.ts";
import { isAllowedOrigin } from "../lib/origin.ts";
import type { Hub } from "./hub.ts";
import { topics } from "./topics.ts";

export interface SocketData {
  userId: string | null;
  sessionId: string | null;
}
type Socket = ServerWebSocket<SocketData>;

function send(ws: Socket, event: ServerEvent): void {
  ws.send(JSON.stringify(event));
}

export function createSocketLayer(deps: { auth: AuthService; hub: Hub; log: Logger; allowedOrigins: readonly string[] }) {
  const all = new Set<Socket>();
  const bySession = new Map<string, Set<Socket>>();
  const byUser = new Map<string, Set<Socket>>();
  const add = (map: Map<string, Set<Socket>>, key: string, ws: Socket) => {
    let set = map.get(key);
    if (!set) map.set(key, (set = new Set()));
    set.add(ws);
  };
  const remove = (map: Map<string, Set<Socket>>, key: string, ws: Socket) => {
    const set = map.get(key);
    set?.delete(ws);
    if (set && set.size === 0) map.delete(key);
  };

  deps.hub.onControl((event) => {
    if (event.kind === "sessions.revoked") {
      for (const id of event.sessionIds) {
        for (const ws of bySession.get(id) ?? []) ws.close(WS_CLOSE.sessionRevoked, "session revoked");
      }
    } else if (event.kind === "user.sessions.revoked") {
      for (const ws of byUser.get(event.userId) ?? []) {
        if (ws.data.sessionId !== event.exceptSessionId) ws.close(WS_CLOSE.sessionRevoked, "session revoked");
      }
    }
  });

  async function upgrade(req: Request, server: Server<SocketData>): Promise<Response | undefined> {
    if (!isAllowedOrigin(req, deps.allowedOrigins)) return new Response("Foreign origin", { status: 403 });
    const auth = await deps.auth.authenticate(deps.auth.readToken(req.headers.get("cookie")));
    const data: SocketData = { userId: auth?.user.id ?? null, sessionId: auth?.sessionId ?? null };
    if (server.upgrade(req, { data })) return undefined;
    return new Response("Expected a websocket upgrade", { status: 426 });
  }

  const handlers: WebSocketHandler<SocketData> = {
    maxPayloadLength: WS_LIMITS.maxFrameBytes,
    // Slow consumers: past this much unsent data Bun closes the socket instead of buffering forever.
    backpressureLimit: 1024 * 1024,
    closeOnBackpressureLimit: true,
    idleTimeout: 120,
    open(ws) {
      all.add(ws);
      ws.subscribe(topics.global);
      if (ws.data.userId) {
        ws.subscribe(topics.user(ws.data.userId));
        add(byUser, ws.data.userId, ws);
        add(bySession, ws.data.sessionId!, ws);
      }
      send(ws, { type: "hello", userId: ws.data.userId });
    },
    message(ws, raw) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(typeof raw === "string" ? raw : raw.toString());
      } catch {
        return send(ws, { type: "error", code: "BAD_FRAME", message: "Frame is not JSON" });
      }
      const frame = clientEvent.safeParse(parsed);
      if (!frame.success) return send(ws, { type: "error", code: "BAD_FRAME", message: "Unknown or invalid frame" });
      switch (frame.data.type) {
        case "ping":
          return send(ws, { type: "pong", at: frame.data.at });
      }
    },
    close(ws) {
      all.delete(ws);
      if (ws.data.userId) {
        remove(byUser, ws.data.userId, ws);
        remove(bySession, ws.data.sessionId!, ws);
      }
    },
  };

  return {
    upgrade,
    connections: () => all.size,
    handlers,
    /** Closes every socket (graceful shutdown). */
    closeAll(code: number, reason: string) {
      for (const ws of all) ws.close(code, reason);
    },
  };
}
