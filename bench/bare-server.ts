/**
 * The baseline of the chat benchmark: bare Bun.serve pub/sub with no auth and no persistence
 * (bench/lib/bare-pubsub.ts). A client connects to /ws?room=N and is subscribed to `room:N`; a
 * `chat.send` frame is published to the whole room (the sender gets it too, the same fan-out as
 * the app's chat:<id> topic) as a `chat.message` frame with a server-assigned per-room sequence
 * number, so the load generator can check order exactly as it does for the app's message ids.
 * The mix's `chat.typing` and `chat.react` frames are relayed to the room as they are.
 *
 *   HOST=127.0.0.1 PORT=4000 bun bench/bare-server.ts
 */
import { serveBarePubSub } from "./lib/bare-pubsub.ts";

const seq = new Map<string, number>();

serveBarePubSub<{ room: string }>({
  name: "bare pub/sub",
  accept: (_req, room) => ({ room }),
  send(ws, frame, publish) {
    const room = ws.data.room;
    const id = (seq.get(room) ?? 0) + 1;
    seq.set(room, id);
    publish(room, { id, chatId: frame.chatId, body: frame.body, createdAt: Date.now(), clientId: frame.clientId });
  },
});
