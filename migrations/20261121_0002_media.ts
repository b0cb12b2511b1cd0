import type { Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("media")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("owner_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("purpose", "text", (c) => c.notNull())
    .addColumn("width", "integer", (c) => c.notNull())
    .addColumn("height", "integer", (c) => c.notNull())
    // All variants together: what counts against the owner's quota.
    .addColumn("bytes", "bigint", (c) => c.notNull())
    // JSON: [{ name, width, height, bytes, etag }] — one entry per stored WebP variant.
    .addColumn("variants", "text", (c) => c.notNull())
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("media_owner_id_idx").on("media").column("owner_id").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("media").execute();
}
