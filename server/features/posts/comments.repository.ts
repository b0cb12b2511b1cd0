/** All SQL of comments. First argument: db or trx. */
import { runSql } from "../../db/hot-sql.ts";
import type { Q } from "./posts.repository.ts";

const commentColumns = [
  "c.id",
  "c.post_id",
  "c.author_id",
  "c.body",
  "c.created_at",
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
  username: string;
  first_name: string;
  last_name: string;
  avatar_media_id: string | null;
}

/** A page of a post's comments, newest first (ids below `beforeId`). */
export const commentsPage = (db: Q, postId: number, beforeId: number | null, limit: number): Promise<CommentRow[]> => {
  let q = db
    .selectFrom("comments as c")
    .innerJoin("users as u", "u.id", "c.author_id")
    .select(commentColumns)
    .where("c.post_id", "=", postId);
  if (beforeId !== null) q = q.where("c.id", "<", beforeId);
  return q.orderBy("c.id", "desc").limit(limit).execute();
};

const LATEST_PART = `select * from (
      select c.id, c.post_id, c.author_id, c.body, c.created_at, u.username, u.first_name, u.last_name, u.avatar_media_id
      from comments c join users u on u.id = c.author_id
      where c.post_id = ? order by c.id desc limit ?) as latest`;
/** The statement's text for n posts (n ≤ a feed page), built once per n. */
const latestText: string[] = [];

/**
 * The newest `perPost` comments of each of these posts, in one statement: a UNION ALL of one
 * index-ordered, limited select per post (a window over all comments would read every comment).
 * Hand-written SQL on the feed's hot path (posts.repository.ts, ADR 0013).
 */
export async function latestComments(db: Q, postIds: number[], perPost: number): Promise<CommentRow[]> {
  if (postIds.length === 0 || perPost === 0) return [];
  const n = postIds.length;
  const text = (latestText[n] ??= Array.from({ length: n }, () => LATEST_PART).join(" union all "));
  const params: number[] = [];
  for (const id of postIds) params.push(id, perPost);
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

/** Deletes the comment; the count says whether this caller did (a second delete is a no-op). */
export async function deleteComment(db: Q, id: number): Promise<boolean> {
  const r = await db.deleteFrom("comments").where("id", "=", id).executeTakeFirst();
  return r.numDeletedRows > 0n;
}

/** The ids of a post's comments (what goes when the post goes). */
export async function idsOf(db: Q, postId: number): Promise<number[]> {
  const rows = await db.selectFrom("comments").select("id").where("post_id", "=", postId).execute();
  return rows.map((r) => Number(r.id));
}
