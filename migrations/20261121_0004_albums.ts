import type { Kysely } from "kysely";

/** Photo albums and their photos. Each photo is one `album_photo` media, in at most one album. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("albums")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("owner_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("theme", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("year", "integer")
    .addColumn("visibility", "text", (c) => c.notNull())
    // No foreign key: a cover that no longer belongs to the album falls back to the first photo.
    .addColumn("cover_photo_id", "text")
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .addColumn("updated_at", "bigint", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("albums_owner_created_idx").on("albums").columns(["owner_id", "created_at"]).execute();

  await db.schema
    .createTable("album_photos")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("album_id", "text", (c) => c.notNull().references("albums.id").onDelete("cascade"))
    .addColumn("media_id", "text", (c) => c.notNull().unique().references("media.id").onDelete("cascade"))
    .addColumn("caption", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("album_photos_album_position_idx").on("album_photos").columns(["album_id", "position"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("album_photos").execute();
  await db.schema.dropTable("albums").execute();
}
