/** All SQL of profiles, settings, avatars and the signature. First argument: db or trx. */
import type { Kysely, Selectable, Transaction, Updateable } from "kysely";
import { runSql } from "../../db/hot-sql.ts";
import type { Database, UsersTable } from "../../db/schema.ts";

type Q = Kysely<Database> | Transaction<Database>;

const profileColumns = [
  "id",
  "email",
  "username",
  "first_name",
  "last_name",
  "bio",
  "birth_date",
  "show_birth_date",
  "pending_email",
  "avatar_media_id",
  "signature_media_id",
  "password_hash",
  "role",
  "suspended_until",
] as const;

/** Hand-written (a profile is read on every visit; BENCHMARKS.md "HTTP"): the text the query builder made. */
const BY_USERNAME = `select ${profileColumns.map((c) => `"${c}"`).join(", ")} from "users" where "username" = ? and "email_verified_at" is not null`;
export const findByUsername = async (db: Q, username: string) =>
  (await runSql<Pick<Selectable<UsersTable>, (typeof profileColumns)[number]>>(db, BY_USERNAME, [username]))[0];

export const findById = (db: Q, id: string) =>
  db.selectFrom("users").select(profileColumns).where("id", "=", id).executeTakeFirst();
export type ProfileRow = NonNullable<Awaited<ReturnType<typeof findById>>>;

export const usernameHolder = (db: Q, username: string) =>
  db.selectFrom("users").select("id").where("username", "=", username).executeTakeFirst();

export const emailHolder = (db: Q, email: string) =>
  db.selectFrom("users").select("id").where("email", "=", email).executeTakeFirst();

export const update = (db: Q, id: string, fields: Omit<Updateable<UsersTable>, "id">) =>
  db.updateTable("users").set(fields).where("id", "=", id).execute();

// ── avatars ──────────────────────────────────────────────────────────────────
export const listAvatars = (db: Q, userId: string) =>
  db.selectFrom("avatars").select(["media_id", "created_at"]).where("user_id", "=", userId).orderBy("created_at", "desc").orderBy("media_id", "desc").execute();

export const insertAvatar = (db: Q, row: { media_id: string; user_id: string; created_at: number }) =>
  db.insertInto("avatars").values(row).execute();

export const findAvatar = (db: Q, userId: string, mediaId: string) =>
  db.selectFrom("avatars").select("media_id").where("user_id", "=", userId).where("media_id", "=", mediaId).executeTakeFirst();

export const deleteAvatar = (db: Q, userId: string, mediaId: string) =>
  db.deleteFrom("avatars").where("user_id", "=", userId).where("media_id", "=", mediaId).execute();

export const newestAvatar = (db: Q, userId: string) =>
  db
    .selectFrom("avatars")
    .select("media_id")
    .where("user_id", "=", userId)
    .orderBy("created_at", "desc")
    .orderBy("media_id", "desc")
    .limit(1)
    .executeTakeFirst();
