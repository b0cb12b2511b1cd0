/**
 * A second baseline of the chat benchmark (`bun bench/chat.ts --floor`): bench/bare-server.ts plus
 * the one thing no messenger that keeps its promises can skip — each message persisted before it
 * is published, the app's way, on the app's seeded SQLite database (DATA_DIR/world-it.sqlite): the
 * same pragmas (WAL, synchronous = NORMAL) and WAL checkpoints in a worker thread
 * (server/db/sqlite-checkpointer.ts, as server/main.ts runs them), the same `messages` table with
 * its indexes, the chat row's last message bumped, in one transaction per batch, with the app's group-commit policy
 * (the first send commits at the end of the event loop's turn, what arrives meanwhile goes in the
 * next). The author comes from the session cookie, read once per connection. Nothing else: no
 * zod, no rate limits, no membership check, no ack frame (the sender's own copy is its ack, as
 * with bare). So its CPU per delivery is a floor under the app's: what persistence alone costs
 * on this machine at this load.
 *
 *   HOST=127.0.0.1 PORT=4000 DATA_DIR=<seeded dir> bun bench/floor-server.ts
 */
import { Database } from "bun:sqlite";
import { createHash } from "node:crypto";
import { join } from "node:path";
import { startCheckpointer } from "../server/db/sqlite-checkpointer.ts";

interface Data {
  room: string;
  authorId: string;
}
interface Draft {
  ws: { data: Data };
  chatId: string;
  clientId: string;
  body: string;
}

const hostname = process.env.HOST ?? "127.0.0.1";
const port = Number(process.env.PORT ?? 0);
const sqlite = new Database(join(process.env.DATA_DIR ?? ".", "world-it.sqlite"));
sqlite.exec("PRAGMA journal_mode = WAL");
sqlite.exec("PRAGMA synchronous = NORMAL");
sqlite.exec("PRAGMA temp_store = MEMORY");
sqlite.exec("PRAGMA busy_timeout = 5000");
sqlite.exec("PRAGMA foreign_keys = ON");
const checkpointer = startCheckpointer(sqlite, join(process.env.DATA_DIR ?? ".", "world-it.sqlite"));
/**
 * FLOOR_TABLE=lean: a leaner store than the app's, to see how low persistence itself can go — a
 * table of its own with only the two indexes a messenger cannot do without (a retried clientId
 * finds its message; history pages by chat), ids without AUTOINCREMENT, no chat row to bump.
 */
const lean = process.env.FLOOR_TABLE === "lean";
if (lean) {
  sqlite.exec(`create table if not exists floor_messages (id integer primary key, chat_id text not null, author_id text not null, client_id text not null, body text not null, image_count integer not null, created_at integer not null)`);
  sqlite.exec("create unique index if not exists floor_messages_client_author_uq on floor_messages (client_id, author_id)");
  sqlite.exec("create index if not exists floor_messages_chat_id_idx on floor_messages (chat_id, id)");
}
const sessionUser = sqlite.query<{ user_id: string }, [string]>("select user_id from sessions where id = ?");
const insert = sqlite.query<{ id: number }, [string, string, string, string, number]>(
  `insert into ${lean ? "floor_messages" : "messages"} (chat_id, author_id, client_id, body, image_count, created_at) values (?, ?, ?, ?, 0, ?) on conflict (author_id, client_id) do nothing returning id`,
);
const bump = sqlite.query("update chats set last_message_id = ?, last_activity_at = ? where id = ?");
const writeBatch = sqlite.transaction((drafts: Draft[], now: number) =>
  drafts.map((d) => {
    const row = insert.get(d.chatId, d.ws.data.authorId, d.clientId, d.body, now);
    if (row && !lean) bump.run(row.id, now, d.chatId);
    return row?.id ?? null;
  }),
);

let queue: Draft[] = [];
let scheduled = false;
function commit() {
  scheduled = false;
  const batch = queue;
  queue = [];
  const now = Date.now();
  const ids = writeBatch(batch, now);
  batch.forEach((d, i) => {
    const id = ids[i];
    if (id == null) return;
    const message = { id, chatId: d.chatId, body: d.body, createdAt: now, clientId: d.clientId };
    server.publish(`room:${d.ws.data.room}`, JSON.stringify({ type: "chat.message", message }));
  });
}

const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");
const server = Bun.serve<Data>({
  hostname,
  port,
  fetch(req, srv) {
    const url = new URL(req.url);
    if (url.pathname === "/ws") {
      const token = /(?:^|;\s*)wit_session=([^;]+)/.exec(req.headers.get("cookie") ?? "")?.[1];
      const authorId = token ? sessionUser.get(sha256(token))?.user_id : undefined;
      if (!authorId) return new Response("no session", { status: 401 });
      if (srv.upgrade(req, { data: { room: url.searchParams.get("room") ?? "0", authorId } })) return undefined;
      return new Response("Expected a websocket upgrade", { status: 426 });
    }
    return new Response("bare pub/sub with SQLite\n");
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
      queue.push({ ws, chatId: frame.chatId, clientId: frame.clientId, body: frame.body });
      if (!scheduled) {
        scheduled = true;
        setImmediate(commit);
      }
    },
  },
});

process.on("SIGTERM", async () => {
  server.stop(true);
  await checkpointer.stop();
  sqlite.close();
  process.exit(0);
});
if (!process.env.QUIET) console.error(`bare pub/sub with SQLite on http://${hostname}:${server.port}`);
