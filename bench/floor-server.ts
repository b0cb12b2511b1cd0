/**
 * A second baseline of the chat benchmark (`bun bench/chat.ts --floor`): bench/bare-server.ts plus
 * the one thing no messenger that keeps its promises can skip — each message persisted before it
 * is published, the app's way, on the app's seeded SQLite database (DATA_DIR/world-it.sqlite): the
 * app's pragmas (server/db/sqlite-pragmas.ts) and WAL checkpoints in a worker thread
 * (server/db/sqlite-checkpointer.ts, as server/main.ts runs them), the same `messages` table with
 * its indexes, the chat row's last message bumped, in one transaction per batch, through the app's
 * group commit (server/features/chats/group-commit.ts: the first send commits at the end of the
 * event loop's turn, what arrives meanwhile goes in the next). The author comes from the session cookie, read once per connection. Nothing else: no
 * zod, no rate limits, no membership check, no ack frame (the sender's own copy is its ack, as
 * with bare). So its CPU per delivery is a floor under the app's: what persistence alone costs
 * on this machine at this load.
 *
 *   HOST=127.0.0.1 PORT=4000 DATA_DIR=<seeded dir> bun bench/floor-server.ts
 */
import type { ServerWebSocket } from "bun";
import { Database } from "bun:sqlite";
import { createHash } from "node:crypto";
import { join } from "node:path";
import { startCheckpointer } from "../server/db/sqlite-checkpointer.ts";
import { applySqlitePragmas } from "../server/db/sqlite-pragmas.ts";
import { createGroupCommit, SEND_BATCH_MAX } from "../server/features/chats/group-commit.ts";
import { serveBarePubSub, type Publish, type SendFrame } from "./lib/bare-pubsub.ts";

interface Data {
  room: string;
  authorId: string;
}
interface Draft extends SendFrame {
  ws: ServerWebSocket<Data>;
  publish: Publish;
}

const file = join(process.env.DATA_DIR ?? ".", "world-it.sqlite");
const sqlite = new Database(file);
applySqlitePragmas(sqlite);
const checkpointer = startCheckpointer(sqlite, file);

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
const storeBatch = sqlite.transaction((drafts: Draft[], now: number) =>
  drafts.map((d) => {
    const row = insert.get(d.chatId, d.ws.data.authorId, d.clientId, d.body, now);
    if (row && !lean) bump.run(row.id, now, d.chatId);
    return row ? { id: row.id, createdAt: now } : new Error("already stored");
  }),
);

/** The app's group commit itself (server/features/chats/group-commit.ts), with the send path's batch cap. */
const writer = createGroupCommit<Draft, { id: number; createdAt: number }>({
  write: async (drafts) => storeBatch(drafts, Date.now()),
  committed: async (drafts, outcomes) =>
    drafts.forEach((d, i) => {
      const o = outcomes[i]!;
      if (!(o instanceof Error)) d.publish(d.ws.data.room, { id: o.id, chatId: d.chatId, body: d.body, createdAt: o.createdAt, clientId: d.clientId });
    }),
  maxBatch: SEND_BATCH_MAX,
  onError: (error) => console.error("floor batch failed", error),
});

const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");
serveBarePubSub<Data>({
  name: "bare pub/sub with SQLite",
  accept(req, room) {
    const token = /(?:^|;\s*)wit_session=([^;]+)/.exec(req.headers.get("cookie") ?? "")?.[1];
    const authorId = token ? sessionUser.get(sha256(token))?.user_id : undefined;
    return authorId ? { room, authorId } : new Response("no session", { status: 401 });
  },
  send(ws, frame, publish) {
    // A retried clientId is not published again (the app acks it without a new frame either).
    writer.submit({ ...frame, ws, publish }).catch(() => undefined);
  },
  async stop() {
    await checkpointer.stop();
    sqlite.close();
  },
});
