/**
 * The baseline of the feed benchmark: a bare Bun.serve handler for `GET /trpc/posts.feed` on the
 * app's own SQLite file. Per request it does what the app must do and nothing else:
 *
 * - authenticates the `wit_session` cookie with the same SQL as the app (bench/lib/bare-sqlite.ts:
 *   sessions ⋈ users by sha256(token); an unverified person's session is no session, an expired
 *   one is deleted; `last_active_at` touched at most once a minute, the expiry extended in the
 *   second half of its 30 days);
 * - runs the same statements as the app's service for a page (posts + authors; tags; images; my
 *   likes; the latest 3 comments of each post; media rows when there are images), with the same
 *   SQLite pragmas, each statement prepared once;
 * - answers byte-identical JSON in tRPC's `{"result":{"data":…}}` envelope (bench/feed.ts checks
 *   that against the app before measuring).
 *
 * No router, no middleware, no validation library, no error model: `limit` and `cursor` only.
 *
 *   DATA_DIR=<dir> HOST=127.0.0.1 PORT=4000 bun bench/feed-bare.ts
 */
import { json, list, openBare, person, readMedia, serveBare } from "./lib/bare-sqlite.ts";

const POSTS_SQL = (cursor: boolean) =>
  'select "p"."id", "p"."author_id", "p"."title", "p"."topic", "p"."body", "p"."links", "p"."created_at", "p"."edited_at", "p"."likes_count", "p"."views_count", "p"."comments_count", "p"."hidden_at", "p"."hidden_reason", "u"."username", "u"."first_name", "u"."last_name", "u"."avatar_media_id", "u"."suspended_until" from "posts" as "p" inner join "users" as "u" on "u"."id" = "p"."author_id"' +
  ' where ("p"."hidden_at" is null or "p"."author_id" = ?) and ("u"."suspended_until" is null or "u"."suspended_until" <= ?)' +
  (cursor ? ' and "p"."id" < ?' : "") +
  ' order by "p"."id" desc limit ?';
const TAGS_SQL = (n: number) => `select "post_id", "tag" from "post_tags" where "post_id" in (${list(n)}) order by "tag"`;
const IMAGES_SQL = (n: number) => `select "post_id", "media_id", "position" from "post_images" where "post_id" in (${list(n)}) order by "post_id", "position"`;
const LIKES_SQL = (n: number) => `select "post_id" from "post_likes" where "user_id" = ? and "post_id" in (${list(n)})`;
const COMMENT_PART = `select * from (
      select c.id, c.post_id, c.author_id, c.body, c.created_at, c.hidden_at, c.hidden_reason, u.username, u.first_name, u.last_name, u.avatar_media_id
      from comments c join users u on u.id = c.author_id
      where c.post_id = ? and (c.hidden_at is null or c.author_id = ?) and (u.suspended_until is null or u.suspended_until <= ?)
      order by c.id desc limit ?) as latest`;
const COMMENTS_SQL = (n: number) => Array.from({ length: n }, () => COMMENT_PART).join(" union all ");

interface PostRow {
  id: number;
  author_id: string;
  title: string;
  topic: string | null;
  body: string;
  links: string;
  created_at: number;
  edited_at: number | null;
  likes_count: number;
  views_count: number;
  comments_count: number;
  username: string;
  first_name: string;
  last_name: string;
  avatar_media_id: string | null;
}
interface CommentRow {
  id: number;
  post_id: number;
  author_id: string;
  body: string;
  created_at: number;
  username: string;
  first_name: string;
  last_name: string;
  avatar_media_id: string | null;
}

/** The handler, on the SQLite file in `dataDir` (exported for in-process comparisons). */
export function createBareFeed(dataDir: string): { fetch(req: Request): Response; close(): void } {
  const { all, viewerOf, close } = openBare(dataDir);

  function feed(viewer: string | null, limit: number, cursor: number | null) {
    const now = Date.now();
    const rows = all<PostRow>(POSTS_SQL(cursor !== null), cursor !== null ? [viewer, now, cursor, limit + 1] : [viewer, now, limit + 1]);
    const page = rows.slice(0, limit);
    const ids = page.map((r) => r.id);
    const n = ids.length;
    const byPost = <T>() => new Map<number, T[]>();
    const add = <T>(m: Map<number, T[]>, k: number, v: T) => (m.get(k) ?? m.set(k, []).get(k)!).push(v);
    const tags = byPost<string>();
    const images = byPost<string>();
    const comments = byPost<CommentRow>();
    const liked = new Set<number>();
    const media = new Map<string, unknown>();
    if (n) {
      for (const t of all<{ post_id: number; tag: string }>(TAGS_SQL(n), ids)) add(tags, t.post_id, t.tag);
      const imageRows = all<{ post_id: number; media_id: string }>(IMAGES_SQL(n), ids);
      for (const i of imageRows) add(images, i.post_id, i.media_id);
      if (viewer) for (const l of all<{ post_id: number }>(LIKES_SQL(n), [viewer, ...ids])) liked.add(l.post_id);
      for (const c of all<CommentRow>(COMMENTS_SQL(n), ids.flatMap((id) => [id, viewer, now, 3]))) add(comments, c.post_id, c);
      readMedia(all, [...new Set(imageRows.map((i) => i.media_id))], media);
    }
    const items = page.map((r) => {
      const post: Record<string, unknown> = {
        id: r.id,
        author: person(r.author_id, r),
        title: r.title,
        topic: r.topic,
        body: r.body,
        tags: tags.get(r.id) ?? [],
        links: (JSON.parse(r.links) as string[]).map((url) => ({ url, domain: new URL(url).hostname.replace(/^www\./, "") })),
        images: (images.get(r.id) ?? []).flatMap((id) => media.get(id) ?? []),
        createdAt: r.created_at,
        likes: r.likes_count,
        liked: liked.has(r.id),
        views: r.views_count,
        comments: r.comments_count,
        latestComments: (comments.get(r.id) ?? [])
          .map((c) => ({ id: c.id, postId: c.post_id, author: person(c.author_id, c), body: c.body, createdAt: c.created_at }))
          .sort((a, b) => a.id - b.id),
      };
      if (r.edited_at !== null) post.editedAt = r.edited_at;
      return post;
    });
    return { items, nextCursor: rows.length > limit ? String(page.at(-1)!.id) : null };
  }

  const bad = () => json(400, '{"error":"bad request"}');
  return {
    fetch(req) {
      const url = new URL(req.url);
      if (url.pathname === "/") return new Response("bare feed\n");
      if (url.pathname !== "/trpc/posts.feed" || req.method !== "GET") return new Response("not found", { status: 404 });
      let input: { limit?: unknown; cursor?: unknown };
      try {
        input = JSON.parse(url.searchParams.get("input") ?? "{}") ?? {};
      } catch {
        return bad();
      }
      const limit = input.limit ?? 20;
      const cursor = input.cursor ?? null;
      if (typeof limit !== "number" || !Number.isInteger(limit) || limit < 1 || limit > 50) return bad();
      if (cursor !== null && (typeof cursor !== "string" || !/^\d{1,15}$/.test(cursor))) return bad();
      const viewer = viewerOf(req.headers.get("cookie"));
      const data = feed(viewer, limit, cursor === null ? null : Number(cursor));
      return json(200, JSON.stringify({ result: { data } }));
    },
    close,
  };
}

if (import.meta.main) serveBare("bare feed", createBareFeed);
