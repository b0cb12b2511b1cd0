/**
 * What the chat benchmark's baselines share (bench/bare-server.ts, bench/floor-server.ts): Bun.serve
 * with websockets at /ws?room=N, each socket subscribed to `room:N`; the mix's `chat.typing` and
 * `chat.react` frames relayed to the room as they are (the app publishes typing and reaction frames
 * to the chat's topic); a `chat.send` frame handed to `send`, which publishes its `chat.message`
 * to the room (the sender gets it too, like the app's chat:<id> topic). HOST, PORT and QUIET from
 * the environment; SIGTERM stops it after `stop`.
 */
import type { Server, ServerWebSocket } from "bun";

export interface SendFrame {
  chatId: string;
  clientId: string;
  body: string;
}
export type Publish = (room: string, message: { id: number; chatId: string; body: string; createdAt: number; clientId: string }) => void;

export function serveBarePubSub<D extends { room: string }>(opts: {
  name: string;
  /** The socket's data for an upgrade to /ws (its room from `?room=`), or a Response refusing it. */
  accept(req: Request, room: string): D | Response;
  send(ws: ServerWebSocket<D>, frame: SendFrame, publish: Publish): void;
  stop?(): Promise<void> | void;
}): Server<D> {
  const hostname = process.env.HOST ?? "127.0.0.1";
  const port = Number(process.env.PORT ?? 0);
  const publish: Publish = (room, message) => void server.publish(`room:${room}`, JSON.stringify({ type: "chat.message", message }));
  const server = Bun.serve<D>({
    hostname,
    port,
    fetch(req, srv) {
      const url = new URL(req.url);
      if (url.pathname === "/ws") {
        const data = opts.accept(req, url.searchParams.get("room") ?? "0");
        if (data instanceof Response) return data;
        // `as never`: upgrade's options type is conditional on D, which TypeScript cannot resolve for a generic D.
        if (srv.upgrade(req, { data } as never)) return undefined;
        return new Response("Expected a websocket upgrade", { status: 426 });
      }
      return new Response(`${opts.name}\n`);
    },
    websocket: {
      maxPayloadLength: 64 * 1024,
      idleTimeout: 120,
      open(ws) {
        ws.subscribe(`room:${ws.data.room}`);
      },
      message(ws, raw) {
        let frame: { type?: string; chatId?: string; clientId?: string; body?: string };
        try {
          frame = JSON.parse(typeof raw === "string" ? raw : raw.toString());
        } catch {
          return;
        }
        const room = ws.data.room;
        if (frame.type === "chat.typing") return void server.publish(`room:${room}`, JSON.stringify({ type: "chat.typing", chatId: frame.chatId }));
        if (frame.type === "chat.react") {
          const f = frame as { messageId?: number; emoji?: string };
          return void server.publish(`room:${room}`, JSON.stringify({ type: "chat.reactions", chatId: frame.chatId, messageId: f.messageId, reactions: [{ emoji: f.emoji, count: 1 }] }));
        }
        if (frame.type !== "chat.send" || typeof frame.chatId !== "string" || typeof frame.clientId !== "string" || typeof frame.body !== "string") return;
        opts.send(ws, { chatId: frame.chatId, clientId: frame.clientId, body: frame.body }, publish);
      },
    },
  });
  process.on("SIGTERM", async () => {
    server.stop(true);
    await opts.stop?.();
    process.exit(0);
  });
  if (!process.env.QUIET) console.error(`${opts.name} on http://${hostname}:${server.port}`);
  return server;
}
