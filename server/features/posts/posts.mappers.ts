/** Rows → the shapes in shared/posts.ts. */
import type { MediaInfo } from "../../../shared/media.ts";
import { linkOf, type Comment, type Post, type PostPerson } from "../../../shared/posts.ts";
import { toMs } from "../../db/schema.ts";
import type { CommentRow } from "./comments.repository.ts";
import type { PostRow } from "./posts.repository.ts";

/** An author (rows with author_id) or a person (rows whose id is the user's). */
export const toPerson = (r: {
  id?: string | number;
  author_id?: string;
  username: string;
  first_name: string;
  last_name: string;
  avatar_media_id: string | null;
}): PostPerson => ({
  id: String(r.author_id ?? r.id),
  username: r.username,
  firstName: r.first_name,
  lastName: r.last_name,
  avatarId: r.avatar_media_id,
});

function linksOf(json: string): Post["links"] {
  try {
    const list = JSON.parse(json) as unknown;
    return Array.isArray(list) ? list.filter((u): u is string => typeof u === "string").map(linkOf) : [];
  } catch {
    return [];
  }
}

export function toPost(
  r: PostRow,
  extra: { tags: string[]; images: MediaInfo[]; liked: boolean; latestComments: Comment[] },
): Post {
  const post: Post = {
    id: Number(r.id),
    author: toPerson(r),
    title: r.title,
    topic: r.topic,
    body: r.body,
    tags: extra.tags,
    links: linksOf(r.links),
    images: extra.images,
    createdAt: toMs(r.created_at),
    likes: Number(r.likes_count),
    liked: extra.liked,
    views: Number(r.views_count),
    comments: Number(r.comments_count),
    latestComments: extra.latestComments,
  };
  if (r.edited_at != null) post.editedAt = toMs(r.edited_at);
  if (r.hidden_at != null) post.hidden = { reason: r.hidden_reason ?? "", at: toMs(r.hidden_at) };
  return post;
}

export function toComment(r: CommentRow): Comment {
  const comment: Comment = {
    id: Number(r.id),
    postId: Number(r.post_id),
    author: toPerson(r),
    body: r.body,
    createdAt: toMs(r.created_at),
  };
  if (r.hidden_at != null) comment.hidden = { reason: r.hidden_reason ?? "", at: toMs(r.hidden_at) };
  return comment;
}
