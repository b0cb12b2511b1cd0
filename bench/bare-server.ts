/**
 * The baseline of the chat benchmark: bare Bun.serve pub/sub with no auth and no persistence.
 * A client connects to /ws?room=N and is subscribed to `room:N`; a `chat.send` frame is published
 * to the whole room (server.publish: the sender gets it too, the same fan-out as the app's
 * chat:<id> topic) as a `chat.message` frame with a server-assigned per-room sequence number, so
 * the load generator can check order exactly as it does for the app's message ids. The mix's
 * `chat.typing` and `chat.react` frames are relayed to the room as they are (the app publishes
 * typing and reaction frames to the chat's topic).
 *
 *   HOST=127.0.0.1 PORT=4000 bun bench/bare-server.ts
 */
interface Data {
  room: string;
}

const seq = new Map<string, number>();
const hostname = process.env.HOST ?? "127.0.0.1";
const port = Number(process.env.PORT ?? 0);

const server = Bun.serve<Data>({
  hostname,
  port,
  fetch(req, srv) {
    const url = new URL(req.url);
    if (url.pathname === "/ws") {
      const room = url.searchParams.get("room") ?? "0";
      if (srv.upgrade(req, { data: { room } })) return undefined;
      return new Response("Expected a websocket upgrade", { status: 426 });
    }
    return new Response("bare pub/sub\n");
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
      // The mix (bench/load.ts): typing and reactions are relayed to the room, as the app publishes
      // chat.typing and chat.reactions frames to the chat's topic.
      if (frame.type === "chat.typing") return void server.publish(`room:${room}`, JSON.stringify({ type: "chat.typing", chatId: frame.chatId }));
      if (frame.type === "chat.react") {
        const f = frame as { messageId?: number; emoji?: string };
        return void server.publish(`room:${room}`, JSON.stringify({ type: "chat.reactions", chatId: frame.chatId, messageId: f.messageId, reactions: [{ emoji: f.emoji, count: 1 }] }));
      }
      if (frame.type !== "chat.send") return;
      const id = (seq.get(room) ?? 0) + 1;
      seq.set(room, id);
      const message = { id, chatId: frame.chatId, body: frame.body, createdAt: Date.now(), clientId: frame.clientId };
      server.publish(`room:${room}`, JSON.stringify({ type: "chat.message", message }));
    },
  },
});

process.on("SIGTERM", () => {
  server.stop(true);
  process.exit(0);
});
if (!process.env.QUIET) console.error(`bare pub/sub on http://${hostname}:${server.port}`);
