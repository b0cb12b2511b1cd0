import type { Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("users").addColumn("bio", "text", (c) => c.notNull().defaultTo("")).execute();
  await db.schema.alterTable("users").addColumn("birth_date", "text").execute();
  await db.schema.alterTable("users").addColumn("show_birth_date", "integer", (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable("users").addColumn("pending_email", "text").execute();
  await db.schema
    .alterTable("users")
    .addColumn("avatar_media_id", "text", (c) => c.references("media.id").onDelete("set null"))
    .execute();
  await db.schema
    .alterTable("users")
    .addColumn("signature_media_id", "text", (c) => c.references("media.id").onDelete("set null"))
    .execute();

  await db.schema
    .createTable("avatars")
    .addColumn("media_id", "text", (c) => c.primaryKey().references("media.id").onDelete("cascade"))
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("avatars_user_created_idx").on("avatars").columns(["user_id", "created_at"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("avatars").execute();
  for (const column of ["signature_media_id", "avatar_media_id", "pending_email", "show_birth_date", "birth_date", "bio"]) {
    await db.schema.alterTable("users").dropColumn(column).execute();
  }
}
