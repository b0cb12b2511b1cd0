/**
 * Chats, members, messages and message images. Message ids are a per-database increasing integer
 * (SQLite `integer primary key autoincrement`, Postgres `bigserial`); see the ADR "Messenger: group
 * commit and message ids" in docs/decisions. Media ids are not foreign keys:
 * the media table belongs to another feature, and a missing media is simply left out when read.
 */
import { PostgresAdapter, sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;

  await db.schema
    .createTable("chats")
    .addColumn("id", "text", (c) => c.primaryKey())
    // personal | group | public
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("name", "text")
    .addColumn("avatar_media_id", "text")
    .addColumn("admin_id", "text", (c) => c.references("users.id").onDelete("set null"))
    // "<smaller user id>:<larger user id>" for personal chats: one chat per pair.
    .addColumn("pair_key", "text", (c) => c.unique())
    .addColumn("last_message_id", "bigint")
    .addColumn("last_activity_at", "bigint", (c) => c.notNull())
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("chats_avatar_media_idx").on("chats").column("avatar_media_id").execute();

  await db.schema
    .createTable("chat_members")
    .addColumn("chat_id", "text", (c) => c.notNull().references("chats.id").onDelete("cascade"))
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("joined_at", "bigint", (c) => c.notNull())
    .addColumn("last_read_id", "bigint", (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint("chat_members_pk", ["chat_id", "user_id"])
    .execute();
  // "my chats" (chats.list) and the members of a chat in joining order.
  await db.schema.createIndex("chat_members_user_idx").on("chat_members").columns(["user_id", "chat_id"]).execute();
  await db.schema.createIndex("chat_members_joined_idx").on("chat_members").columns(["chat_id", "joined_at"]).execute();

  await db.schema
    .createTable("messages")
    .addColumn("id", postgres ? "bigserial" : "integer", (c) => (postgres ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn("chat_id", "text", (c) => c.notNull().references("chats.id").onDelete("cascade"))
    .addColumn("author_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("client_id", "text", (c) => c.notNull())
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("image_count", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .execute();
  // Idempotent sends: a retried clientId finds the original.
  await db.schema.createIndex("messages_author_client_uq").on("messages").columns(["author_id", "client_id"]).unique().execute();
  // History pages and unread counts: keyset on (chat_id, id).
  await db.schema.createIndex("messages_chat_id_idx").on("messages").columns(["chat_id", "id"]).execute();

  await db.schema
    .createTable("message_images")
    .addColumn("message_id", "bigint", (c) => c.notNull().references("messages.id").onDelete("cascade"))
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("media_id", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("message_images_pk", ["message_id", "position"])
    .execute();
  // The chat_image access policy looks images up by media id.
  await db.schema.createIndex("message_images_media_idx").on("message_images").column("media_id").execute();

  const now = Date.now();
  await sql`insert into chats (id, kind, name, last_activity_at, created_at) values ('global', 'public', 'global', ${now}, ${now})`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("message_images").execute();
  await db.schema.dropTable("messages").execute();
  await db.schema.dropTable("chat_members").execute();
  await db.schema.dropTable("chats").execute();
}
