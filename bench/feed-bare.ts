/**
 * The baseline of the feed benchmark: a bare Bun.serve handler for `GET /trpc/posts.feed` on the
 * app's own SQLite file. Per request it does what the app must do and nothing else:
 *
 * - authenticates the `wit_session` cookie with the same SQL as the app (sessions ⋈ users by
 *   sha256(token); an unverified person's session is no session, an expired one is deleted;
 *   `last_active_at` touched at most once a minute, the expiry extended in the second half of
 *   its 30 days);
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
import { Database, type Statement } from "bun:sqlite";
import { join } from "node:path";

const list = (n: number) => (n === 1 ? "?" : `?${", ?".repeat(n - 1)}`);

const SESSION_SQL =
  'select "sessions"."expires_at", "sessions"."last_active_at", "users"."id", "users"."email", "users"."username", ' +
  '"users"."first_name", "users"."last_name", "users"."email_verified_at", "users"."avatar_media_id", "users"."role", "users"."suspended_until" ' +
  'from "sessions" inner join "users" on "users"."id" = "sessions"."user_id" where "sessions"."id" = ?';
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
const MEDIA_SQL = (n: number) => `select * from "media" where "id" in (${list(n)})`;

const DAY = 86_400_000;
const SESSION_MS = 30 * DAY;

interface SessionRow {
  id: string;
  expires_at: number;
  last_active_at: number;
  email_verified_at: number | null;
}
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
interface MediaRow {
  id: string;
  purpose: string;
  width: number;
  height: number;
  bytes: number;
  variants: string;
  created_at: number;
}

/** The handler, on the SQLite file in `dataDir` (exported for in-process comparisons). */
export function createBareFeed(dataDir: string): { fetch(req: Request): Response; close(): void } {
  const db = new Database(join(dataDir, "world-it.sqlite"), { strict: true });
  for (const pragma of ["journal_mode = WAL", "synchronous = NORMAL", "temp_store = MEMORY", "busy_timeout = 5000", "foreign_keys = ON"]) {
    db.exec(`PRAGMA ${pragma}`);
  }
  const statements = new Map<string, Statement>();
  const all = <T>(sql: string, params: unknown[]): T[] => {
    let s = statements.get(sql);
    if (!s) statements.set(sql, (s = db.prepare(sql)));
    return s.all(...(params as never[])) as T[];
  };

  function viewerOf(cookie: string | null): string | null {
    const m = cookie ? /(?:^|;\s*)wit_session=([^;]*)/.exec(cookie) : null;
    if (!m || !m[1]) return null;
    const id = new Bun.CryptoHasher("sha256").update(m[1]).digest("hex");
    const row = all<SessionRow>(SESSION_SQL, [id])[0];
    if (!row || row.email_verified_at === null) return null;
    const now = Date.now();
    if (row.expires_at <= now) {
      all('delete from "sessions" where "id" = ?', [id]);
      return null;
    }
    if (row.expires_at - SESSION_MS / 2 <= now) all('update "sessions" set "expires_at" = ? where "id" = ?', [now + SESSION_MS, id]);
    if (now - row.last_active_at > 60_000) all('update "sessions" set "last_active_at" = ? where "id" = ?', [now, id]);
    return row.id;
  }

  const person = (id: string, r: { username: string; first_name: string; last_name: string; avatar_media_id: string | null }) => ({
    id,
    username: r.username,
    firstName: r.first_name,
    lastName: r.last_name,
    avatarId: r.avatar_media_id,
  });

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
      if (imageRows.length) {
        const mediaIds = [...new Set(imageRows.map((i) => i.media_id))];
        for (const m of all<MediaRow>(MEDIA_SQL(mediaIds.length), mediaIds)) {
          const urls: Record<string, string> = {};
          for (const v of JSON.parse(m.variants) as Array<{ name: string }>) urls[v.name] = `/media/${m.id}/${v.name}.webp`;
          media.set(m.id, { id: m.id, purpose: m.purpose, width: m.width, height: m.height, bytes: m.bytes, urls, createdAt: m.created_at });
        }
      }
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

  const bad = () => new Response('{"error":"bad request"}', { status: 400, headers: { "content-type": "application/json" } });
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
      return new Response(JSON.stringify({ result: { data } }), { headers: { "content-type": "application/json" } });
    },
    close: () => db.close(),
  };
}

if (import.meta.main) {
  const hostname = process.env.HOST ?? "127.0.0.1";
  const bare = createBareFeed(process.env.DATA_DIR ?? "./data");
  const server = Bun.serve({ hostname, port: Number(process.env.PORT ?? 0), fetch: bare.fetch });
  process.on("SIGTERM", () => {
    server.stop(true);
    bare.close();
    process.exit(0);
  });
  if (!process.env.QUIET) console.error(`bare feed on http://${hostname}:${server.port}`);
}
