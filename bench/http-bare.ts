/**
 * The baseline of `bun run bench:http`: a bare Bun.serve handler for the signed-in tRPC queries
 * the benchmark drives, on the app's own SQLite file. Per request it does what the app must do
 * and nothing else: authenticates the `wit_session` cookie with the app's statement and rules
 * (bench/lib/bare-sqlite.ts), runs the statements the app's services run — the same texts, each
 * prepared once — and answers byte-identical JSON in tRPC's `{"result":{"data":…}}` envelope
 * (bench/http.ts checks that against the app before measuring).
 *
 * - `GET /trpc/profiles.byUsername`: the person (users by username), their pictures (media), my
 *   relation with them (relations, blocks, their settings: profiles.service.ts → friends'
 *   `relation` → social-policy.ts `relationOf`), the counts (friends and followers, posts,
 *   albums I may see: `visibleLevels` → `canSeeFriendsContent`). The same statements, as often as
 *   the app runs them (twelve for a signed-in visit to someone else's profile, session included).
 * - `GET /trpc/posts.feed`: bench/feed-bare.ts's handler on the same file.
 * - `GET /trpc/chats.list`: bench/chats-bare.ts's handler on the same file (my chats, their last
 *   messages, unread counts and mentions, members, group avatars: five statements with the session).
 *
 * No router, no middleware, no validation library, no error model.
 *
 *   DATA_DIR=<dir> HOST=127.0.0.1 PORT=4000 bun bench/http-bare.ts
 */
import { createBareChats } from "./chats-bare.ts";
import { createBareFeed } from "./feed-bare.ts";
import { json, list, openBare, readMedia, serveBare } from "./lib/bare-sqlite.ts";

// The texts the app sends (profiles.repository.ts, media.repository.ts, relations.repository.ts,
// social-policy.ts, posts.repository.ts, albums.repository.ts, relations countsOf).
const PROFILE_COLUMNS = ["id", "email", "username", "first_name", "last_name", "bio", "birth_date", "show_birth_date", "pending_email", "avatar_media_id", "signature_media_id", "password_hash", "role", "suspended_until"];
const BY_USERNAME = `select ${PROFILE_COLUMNS.map((c) => `"${c}"`).join(", ")} from "users" where "username" = ? and "email_verified_at" is not null`;
const RELATION = 'select * from "relations" where "user_a" = ? and "user_b" = ?';
const BLOCKS = (n: number) => `select "blocker_id", "blocked_id" from "blocks" where (("blocker_id" = ? and "blocked_id" in (${list(n)})) or ("blocked_id" = ? and "blocker_id" in (${list(n)})))`;
const AUDIENCE = 'select "chat_from", "friends_list_visible_to" from "users" where "id" = ?';
const PEOPLE = (n: number) => `select "id", "username", "first_name", "last_name", "avatar_media_id" from "users" where "id" in (${list(n)}) and "email_verified_at" is not null`;
const POSTS_COUNT = 'select count(*) as "n" from "posts" where "author_id" = ? and "hidden_at" is null';
const ALBUMS_COUNT = (n: number) => `select count(*) as "n" from "albums" where "owner_id" = ? and "visibility" in (${list(n)})`;
const COUNTS_OF = `
    select status, mine, count(*) as n from (
      select status, case when requested_by = ? then 1 else 0 end as mine from relations where user_a = ?
      union all
      select status, case when requested_by = ? then 1 else 0 end as mine from relations where user_b = ?) t
    group by status, mine`;

interface ProfileRow {
  id: string;
  username: string;
  first_name: string;
  last_name: string;
  bio: string;
  birth_date: string | null;
  show_birth_date: number;
  avatar_media_id: string | null;
  signature_media_id: string | null;
  role: string;
  suspended_until: number | null;
}
interface RelationRow {
  status: string;
  requested_by: string;
}
const ROLES = ["member", "moderator", "admin"];

/** The handler, on the SQLite file in `dataDir` (exported for in-process comparisons). */
export function createBareHttp(dataDir: string): { fetch(req: Request): Response; close(): void } {
  const { all, sessionOf, close } = openBare(dataDir);
  const feed = createBareFeed(dataDir);
  const chats = createBareChats(dataDir);

  /** social-policy.ts `between`: the pair's row and the blocks either way. */
  function between(me: string, other: string) {
    const [a, b] = me < other ? [me, other] : [other, me];
    const row = all<RelationRow>(RELATION, [a, b])[0];
    let blockedByMe = false;
    let blockedByThem = false;
    for (const r of all<{ blocker_id: string; blocked_id: string }>(BLOCKS(1), [me, other, me, other])) {
      if (r.blocker_id === me) blockedByMe = true;
      else blockedByThem = true;
    }
    return { row, blockedByMe, blockedByThem };
  }
  const isFriends = (b: ReturnType<typeof between>) => b.row?.status === "friends" && !b.blockedByMe && !b.blockedByThem;

  function profile(username: string, viewer: { id: string; role: string } | null): unknown {
    const row = all<ProfileRow>(BY_USERNAME, [username])[0];
    if (!row) return null;
    const viewerId = viewer?.id ?? null;
    const isOwner = viewerId === row.id;
    const ids = [row.avatar_media_id, row.signature_media_id].filter((x): x is string => !!x);
    const media = new Map<string, unknown>();
    readMedia(all, [...new Set(ids)], media);
    // Albums I may see: all (mine), friends' too (their friend), else everyone's.
    const levels = isOwner ? ["everyone", "friends", "only_me"] : viewerId !== null && isFriends(between(viewerId, row.id)) ? ["everyone", "friends"] : ["everyone"];
    const albums = all<{ n: number }>(ALBUMS_COUNT(levels.length), [row.id, ...levels])[0]!.n;
    const posts = all<{ n: number }>(POSTS_COUNT, [row.id])[0]!.n;
    const people = { friends: 0, followers: 0 };
    for (const c of all<{ status: string; mine: number; n: number }>(COUNTS_OF, [row.id, row.id, row.id, row.id])) {
      if (c.status === "friends") people.friends += c.n;
      else if (c.status === "following" && c.mine !== 1) people.followers += c.n;
    }
    let relation: unknown = null;
    if (viewerId !== null && !isOwner) {
      all(PEOPLE(1), [row.id]);
      const b = between(viewerId, row.id);
      const settings = all<{ chat_from: string; friends_list_visible_to: string }>(AUDIENCE, [row.id])[0];
      const blocked = b.blockedByMe || b.blockedByThem;
      const friends = isFriends(b);
      const status = blocked
        ? "blocked"
        : !b.row
          ? "none"
          : b.row.status === "friends"
            ? "friends"
            : b.row.status === "pending"
              ? b.row.requested_by === viewerId ? "requested" : "incoming"
              : b.row.requested_by === viewerId ? "following" : "follower";
      relation = {
        status,
        blockedByMe: b.blockedByMe,
        canMessage: !blocked && (settings?.chat_from !== "friends" || friends),
        canSeeFriends: !blocked && (settings?.friends_list_visible_to !== "friends" || friends),
      };
    }
    const staff = viewer !== null && !isOwner && ROLES.indexOf(viewer.role) >= ROLES.indexOf("moderator");
    const now = Date.now();
    return {
      id: row.id,
      username: row.username,
      firstName: row.first_name,
      lastName: row.last_name,
      bio: row.bio,
      birthDate: isOwner || row.show_birth_date ? row.birth_date : null,
      avatar: row.avatar_media_id ? (media.get(row.avatar_media_id) ?? null) : null,
      signature: row.signature_media_id ? (media.get(row.signature_media_id) ?? null) : null,
      counts: { friends: people.friends, followers: people.followers, posts, albums },
      isOwner,
      relation,
      staffView: staff ? { role: row.role, suspendedUntil: row.suspended_until !== null && row.suspended_until > now ? row.suspended_until : null } : null,
    };
  }

  const bad = () => json(400, '{"error":"bad request"}');
  return {
    fetch(req) {
      const url = new URL(req.url);
      if (url.pathname === "/") return new Response("bare http\n");
      if (req.method !== "GET") return new Response("not found", { status: 404 });
      if (url.pathname === "/trpc/posts.feed") return feed.fetch(req);
      if (url.pathname === "/trpc/chats.list") return chats.fetch(req);
      if (url.pathname !== "/trpc/profiles.byUsername") return new Response("not found", { status: 404 });
      let input: { username?: unknown };
      try {
        input = JSON.parse(url.searchParams.get("input") ?? "{}") ?? {};
      } catch {
        return bad();
      }
      if (typeof input.username !== "string" || !/^[a-z0-9_]{3,32}$/.test(input.username)) return bad();
      const data = profile(input.username, sessionOf(req.headers.get("cookie")));
      if (data === null) return json(404, '{"error":"not found"}');
      return json(200, JSON.stringify({ result: { data } }));
    },
    close() {
      feed.close();
      chats.close();
      close();
    },
  };
}

if (import.meta.main) serveBare("bare http", createBareHttp);
