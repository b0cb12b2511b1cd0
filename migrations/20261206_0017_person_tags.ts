/**
 * How many of each person's posts carry each tag, kept in the transaction that writes the post's
 * tags (server/features/posts/posts.repository.ts). Recommendations read it: my most used tags,
 * and each tag's most prolific authors, are index ranges instead of a scan of every post with
 * that tag (ADR 0014). Also: the relations status indexes gain the other person's id, so friends
 * of friends and mutual friends are read from the index alone.
 */
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("person_tags")
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("tag", "text", (c) => c.notNull())
    .addColumn("posts", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("person_tags_pk", ["user_id", "tag"])
    .execute();
  await db.schema.createIndex("person_tags_tag_idx").on("person_tags").columns(["tag", "posts", "user_id"]).execute();
  for (const [name, side, other] of [
    ["relations_a_status_idx", "user_a", "user_b"],
    ["relations_b_status_idx", "user_b", "user_a"],
  ] as const) {
    await db.schema.dropIndex(name).execute();
    await db.schema.createIndex(name).on("relations").columns([side, "status", "updated_at", other]).execute();
  }
  await sql`insert into person_tags (user_id, tag, posts)
    select p.author_id, t.tag, count(*) from posts p join post_tags t on t.post_id = p.id group by p.author_id, t.tag`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const [name, side] of [
    ["relations_a_status_idx", "user_a"],
    ["relations_b_status_idx", "user_b"],
  ] as const) {
    await db.schema.dropIndex(name).execute();
    await db.schema.createIndex(name).on("relations").columns([side, "status", "updated_at"]).execute();
  }
  await db.schema.dropTable("person_tags").execute();
}
