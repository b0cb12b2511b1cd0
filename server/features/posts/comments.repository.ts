/** All SQL of comments. First argument: db or trx. */
import { runSql } from "../../db/hot-sql.ts";
import type { Q } from "./posts.repository.ts";

const commentColumns = [
  "c.id",
  "c.post_id",
  "c.author_id",
  "c.body",
  "c.created_at",
  "c.hidden_at",
  "c.hidden_reason",
  "u.username",
  "u.first_name",
  "u.last_name",
  "u.avatar_media_id",
] as const;

export interface CommentRow {
  id: number | string;
  post_id: number | string;
  author_id: string;
  body: string;
  created_at: number | string | bigint;
  hidden_at: number | string | bigint | null;
  hidden_reason: string | null;
  username: string;
  first_name: string;
  last_name: string;
  avatar_media_id: string | null;
}

/** Who reads, and when: hidden comments show only to their authors, a suspended person's to nobody else. */
export interface Viewing {
  viewerId: string | null;
  now: number;
}

/** A page of a post's comments, newest first (ids below `beforeId`). */
export const commentsPage = (db: Q, postId: number, beforeId: number | null, limit: number, v: Viewing): Promise<CommentRow[]> => {
  let q = db
    .selectFrom("comments as c")
    .innerJoin("users as u", "u.id", "c.author_id")
    .select(commentColumns)
    .where("c.post_id", "=", postId)
    .where((eb) => eb.or([eb("c.hidden_at", "is", null), ...(v.viewerId ? [eb("c.author_id", "=", v.viewerId)] : [])]))
    .where((eb) => eb.or([eb("u.suspended_until", "is", null), eb("u.suspended_until", "<=", v.now)]));
  if (beforeId !== null) q = q.where("c.id", "<", beforeId);
  return q.orderBy("c.id", "desc").limit(limit).execute();
};

const LATEST_PART = `select * from (
      select c.id, c.post_id, c.author_id, c.body, c.created_at, c.hidden_at, c.hidden_reason, u.username, u.first_name, u.last_name, u.avatar_media_id
      from comments c join users u on u.id = c.author_id
      where c.post_id = ? and (c.hidden_at is null or c.author_id = ?) and (u.suspended_until is null or u.suspended_until <= ?)
      order by c.id desc limit ?) as latest`;
/** The statement's text for n posts (n ≤ a feed page), built once per n. */
const latestText: string[] = [];

/**
 * The newest `perPost` comments of each of these posts, in one statement: a UNION ALL of one
 * index-ordered, limited select per post (a window over all comments would read every comment).
 * Hand-written SQL on the feed's hot path (posts.repository.ts, ADR 0013).
 */
export async function latestComments(db: Q, postIds: number[], perPost: number, v: Viewing): Promise<CommentRow[]> {
  if (postIds.length === 0 || perPost === 0) return [];
  const n = postIds.length;
  const text = (latestText[n] ??= Array.from({ length: n }, () => LATEST_PART).join(" union all "));
  const params: Array<number | string | null> = [];
  for (const id of postIds) params.push(id, v.viewerId, v.now, perPost);
  return runSql<CommentRow>(db, text, params);
}

export async function insertComment(db: Q, row: { post_id: number; author_id: string; body: string; created_at: number }) {
  const inserted = await db.insertInto("comments").values(row).returning("id").executeTakeFirstOrThrow();
  return Number(inserted.id);
}

export const commentById = (db: Q, id: number): Promise<CommentRow | undefined> =>
  db
    .selectFrom("comments as c")
    .innerJoin("users as u", "u.id", "c.author_id")
    .select(commentColumns)
    .where("c.id", "=", id)
    .executeTakeFirst();

/**
 * Deletes the comment; null when this caller did not (a second delete is a no-op), else whether it
 * was hidden as it went (the row as deleted: a moderator may have hidden it since it was read).
 */
export async function deleteComment(db: Q, id: number): Promise<{ hidden: boolean } | null> {
  const row = await db.deleteFrom("comments").where("id", "=", id).returning("hidden_at").executeTakeFirst();
  return row ? { hidden: row.hidden_at != null } : null;
}

/** Hides or shows the comment (a moderator's action); true when it changed. */
export async function setCommentHidden(db: Q, id: number, hidden: { at: number; reason: string } | null): Promise<boolean> {
  let q = db
    .updateTable("comments")
    .set({ hidden_at: hidden?.at ?? null, hidden_reason: hidden?.reason ?? null })
    .where("id", "=", id);
  q = hidden ? q.where("hidden_at", "is", null) : q.where("hidden_at", "is not", null);
  return (await q.executeTakeFirst()).numUpdatedRows > 0n;
}

/** The ids of a post's comments (what goes when the post goes). */
export async function idsOf(db: Q, postId: number): Promise<number[]> {
  const rows = await db.selectFrom("comments").select("id").where("post_id", "=", postId).execute();
  return rows.map((r) => Number(r.id));
}
