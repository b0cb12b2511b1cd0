/**
 * Posts, their tags, images, likes, views and comments. Ids grow with time (SQLite
 * `integer primary key autoincrement`, Postgres `bigserial`), so the feed's keyset cursor is the
 * id alone. Counters (likes, views, comments) live on the post and change in the transaction that
 * adds or removes their row, so a feed page reads them without counting.
 */
import { PostgresAdapter, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  const serial = (c: any) => (postgres ? c.primaryKey() : c.primaryKey().autoIncrement());

  await db.schema
    .createTable("posts")
    .addColumn("id", postgres ? "bigserial" : "integer", serial)
    .addColumn("author_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("topic", "text")
    .addColumn("body", "text", (c) => c.notNull())
    /** JSON array of URLs (at most five; read with the post, never queried by). */
    .addColumn("links", "text", (c) => c.notNull().defaultTo("[]"))
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .addColumn("edited_at", "bigint")
    .addColumn("likes_count", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("views_count", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("comments_count", "integer", (c) => c.notNull().defaultTo(0))
    .execute();
  // A person's posts (profile, /publications), newest first.
  await db.schema.createIndex("posts_author_idx").on("posts").columns(["author_id", "id"]).execute();

  await db.schema
    .createTable("post_tags")
    .addColumn("post_id", "bigint", (c) => c.notNull().references("posts.id").onDelete("cascade"))
    .addColumn("tag", "text", (c) => c.notNull())
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .addPrimaryKeyConstraint("post_tags_pk", ["post_id", "tag"])
    .execute();
  // A tag's posts newest first; prefix search for suggestions.
  await db.schema.createIndex("post_tags_tag_idx").on("post_tags").columns(["tag", "post_id"]).execute();
  // Popular tags of the last days.
  await db.schema.createIndex("post_tags_created_idx").on("post_tags").columns(["created_at", "tag"]).execute();

  await db.schema
    .createTable("post_images")
    .addColumn("post_id", "bigint", (c) => c.notNull().references("posts.id").onDelete("cascade"))
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("media_id", "text", (c) => c.notNull().unique())
    .addPrimaryKeyConstraint("post_images_pk", ["post_id", "position"])
    .execute();

  await db.schema
    .createTable("post_likes")
    .addColumn("post_id", "bigint", (c) => c.notNull().references("posts.id").onDelete("cascade"))
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .addPrimaryKeyConstraint("post_likes_pk", ["post_id", "user_id"])
    .execute();
  await db.schema.createIndex("post_likes_user_idx").on("post_likes").columns(["user_id", "post_id"]).execute();

  await db.schema
    .createTable("post_views")
    .addColumn("post_id", "bigint", (c) => c.notNull().references("posts.id").onDelete("cascade"))
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .addPrimaryKeyConstraint("post_views_pk", ["post_id", "user_id"])
    .execute();

  await db.schema
    .createTable("comments")
    .addColumn("id", postgres ? "bigserial" : "integer", serial)
    .addColumn("post_id", "bigint", (c) => c.notNull().references("posts.id").onDelete("cascade"))
    .addColumn("author_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("comments_post_idx").on("comments").columns(["post_id", "id"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ["comments", "post_views", "post_likes", "post_images", "post_tags", "posts"]) {
    await db.schema.dropTable(table).execute();
  }
}
