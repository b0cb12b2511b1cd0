/** All SQL of moderation: the reports queue, the audit log, roles and suspensions. First argument: db or trx. */
import { sql } from "kysely";
import type { ReportTargetKind } from "../../../shared/moderation.ts";
import type { Q } from "../posts/posts.repository.ts";

// ── audit log (append-only: the database refuses updates and deletes) ───────
export interface LogRow {
  actor_id: string;
  action: string;
  target_kind: string;
  target_key: string;
  target_owner_id: string | null;
  reason: string;
  details: Record<string, unknown>;
  created_at: number;
}

export async function appendLog(db: Q, row: LogRow): Promise<void> {
  await db
    .insertInto("moderation_log")
    .values({ ...row, details: JSON.stringify(row.details) })
    .execute();
}

export function logPage(
  db: Q,
  q: { beforeId: number | null; limit: number; action?: string | null; actorId?: string | null; targetKind?: string | null },
) {
  let query = db.selectFrom("moderation_log").selectAll();
  if (q.beforeId !== null) query = query.where("id", "<", q.beforeId);
  if (q.action) query = query.where("action", "=", q.action);
  if (q.actorId) query = query.where("actor_id", "=", q.actorId);
  if (q.targetKind) query = query.where("target_kind", "=", q.targetKind);
  return query.orderBy("id", "desc").limit(q.limit).execute();
}

// ── reports ──────────────────────────────────────────────────────────────────
export interface GroupRow {
  target_kind: string;
  target_key: string;
  n: number | string | bigint;
  first_at: number | string | bigint;
  last_at: number | string | bigint;
  last_id: number | string | bigint;
}

/**
 * Reported things with their report counts: newest reported first, or most reported first (then
 * newest). Keyset-paged after the last group of the page before (`after`): things resolved in
 * between do not shift the rest.
 */
export function reportGroups(
  db: Q,
  q: { status: "open" | "resolved"; sort: "newest" | "most"; kind?: ReportTargetKind | null; after: { n: number; lastId: number } | null; limit: number },
): Promise<GroupRow[]> {
  let query = db
    .selectFrom("reports")
    .select((eb) => [
      "target_kind",
      "target_key",
      eb.fn.countAll().as("n"),
      eb.fn.min("created_at").as("first_at"),
      eb.fn.max("created_at").as("last_at"),
      eb.fn.max("id").as("last_id"),
    ])
    .where("status", "=", q.status);
  if (q.kind) query = query.where("target_kind", "=", q.kind);
  query = query.groupBy(["target_kind", "target_key"]);
  const after = q.after;
  if (after && q.sort === "most") query = query.having(sql<boolean>`(count(*) < ${after.n} or (count(*) = ${after.n} and max(id) < ${after.lastId}))`);
  else if (after) query = query.having(sql<boolean>`max(id) < ${after.lastId}`);
  if (q.sort === "most") query = query.orderBy(sql`count(*)`, "desc");
  return query
    .orderBy(sql`max(id)`, "desc")
    .limit(q.limit)
    .execute() as Promise<GroupRow[]>;
}

export async function openTargets(db: Q): Promise<number> {
  const row = await db
    .selectFrom((eb) => eb.selectFrom("reports").select(["target_kind", "target_key"]).where("status", "=", "open").groupBy(["target_kind", "target_key"]).as("t"))
    .select((eb) => eb.fn.countAll().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The reports of these things in this status, oldest first, with their reporters. */
export function reportsOf(db: Q, status: "open" | "resolved", targets: Array<{ kind: string; key: string }>) {
  if (targets.length === 0) return Promise.resolve([]);
  return db
    .selectFrom("reports as r")
    .innerJoin("users as u", "u.id", "r.reporter_id")
    .select([
      "r.id",
      "r.target_kind",
      "r.target_key",
      "r.target_owner_id",
      "r.snapshot",
      "r.reason",
      "r.text",
      "r.created_at",
      "r.resolved_by",
      "r.resolved_at",
      "r.resolution",
      "r.resolution_note",
      "u.id as reporter_id",
      "u.username",
      "u.first_name",
      "u.last_name",
      "u.avatar_media_id",
    ])
    .where("r.status", "=", status)
    .where((eb) => eb.or(targets.map((t) => eb.and([eb("r.target_kind", "=", t.kind), eb("r.target_key", "=", t.key)]))))
    .orderBy("r.id")
    .execute();
}

/** Resolves every open report of the thing; returns their ids ([] when none was open). */
export async function resolveReports(
  db: Q,
  target: { kind: string; key: string },
  by: { actorId: string; at: number; resolution: string; note: string },
): Promise<number[]> {
  const rows = await db
    .updateTable("reports")
    .set({ status: "resolved", resolved_by: by.actorId, resolved_at: by.at, resolution: by.resolution, resolution_note: by.note })
    .where("status", "=", "open")
    .where("target_kind", "=", target.kind)
    .where("target_key", "=", target.key)
    .returning("id")
    .execute();
  return rows.map((r) => Number(r.id));
}

// ── people ───────────────────────────────────────────────────────────────────
export const personColumns = ["id", "username", "first_name", "last_name", "avatar_media_id"] as const;

export const peopleByIds = (db: Q, ids: string[]) =>
  ids.length === 0
    ? Promise.resolve([])
    : db.selectFrom("users").select([...personColumns, "role", "suspended_until"]).where("id", "in", ids).execute();

export const findPerson = (db: Q, id: string) =>
  db.selectFrom("users").select([...personColumns, "role", "suspended_until", "email"]).where("id", "=", id).executeTakeFirst();

export const findByEmail = (db: Q, email: string) =>
  db.selectFrom("users").select([...personColumns, "role", "email"]).where("email", "=", email).executeTakeFirst();

export const team = (db: Q) =>
  db
    .selectFrom("users")
    .select([...personColumns, "role", "email"])
    .where("role", "in", ["moderator", "admin"])
    .orderBy("role")
    .orderBy("username")
    .execute();

export const setRole = (db: Q, userId: string, role: string) => db.updateTable("users").set({ role }).where("id", "=", userId).execute();

export const setSuspendedUntil = (db: Q, userId: string, until: number | null) =>
  db.updateTable("users").set({ suspended_until: until }).where("id", "=", userId).execute();

// ── reported things as they are now ──────────────────────────────────────────
export const usersNow = (db: Q, ids: string[]) =>
  ids.length === 0
    ? Promise.resolve([])
    : db.selectFrom("users").select(["id", "username", "first_name", "last_name", "bio", "avatar_media_id", "suspended_until"]).where("id", "in", ids).execute();

export const postsNow = (db: Q, ids: number[]) =>
  ids.length === 0
    ? Promise.resolve([])
    : db.selectFrom("posts").select(["id", "author_id", "title", "topic", "body", "links", "created_at", "edited_at", "hidden_at", "hidden_reason"]).where("id", "in", ids).execute();

export const commentsNow = (db: Q, ids: number[]) =>
  ids.length === 0
    ? Promise.resolve([])
    : db.selectFrom("comments").select(["id", "post_id", "author_id", "body", "created_at", "hidden_at", "hidden_reason"]).where("id", "in", ids).execute();

export const messagesNow = (db: Q, ids: number[]) =>
  ids.length === 0
    ? Promise.resolve([])
    : db.selectFrom("messages").select(["id", "chat_id", "author_id", "body", "kind", "created_at", "edited_at", "deleted_at"]).where("id", "in", ids).execute();

export const chatsNow = (db: Q, ids: string[]) =>
  ids.length === 0
    ? Promise.resolve([])
    : db.selectFrom("chats").select(["id", "kind", "name", "avatar_media_id", "admin_id"]).where("id", "in", ids).execute();
