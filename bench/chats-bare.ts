/**
 * `GET /trpc/chats.list` for bench/http-bare.ts: a page of my chats as a bare handler serves it
 * from the app's SQLite file. Per request it does what the app must do and nothing else:
 * authenticates the `wit_session` cookie (bench/lib/bare-sqlite.ts), runs the statements the
 * app's chats service runs for the list (server/features/chats/chats.service.ts `summaries` →
 * chats.repository.ts `listChatsOf`, `unreadCounts`, `membersOf`; media.repository.ts
 * `findMediaMany` for group avatars) — the same texts, with the same parameters, as often — and
 * answers byte-identical JSON in tRPC's `{"result":{"data":…}}` envelope: five statements with the
 * session for a page whose chats include a group with an avatar.
 *
 * The app's texts are the hand-written ones in chats.repository.ts (ADR 0025; before, what Kysely
 * compiled there); if that file's queries change, these must follow (bench/http.ts compares the bytes).
 */
import { json, list, openBare, readMedia } from "./lib/bare-sqlite.ts";

/** CHAT_LIMITS (shared/chat-rules.ts): a page, its largest, the members a page shows per chat. */
const LIST_PAGE = 30;
const LIST_PAGE_MAX = 100;
const MEMBERS_PREVIEW = 5;
/** PREVIEW_CHARS (shared/chat-preview.ts). */
const PREVIEW_CHARS = 120;

export const LIST_CHATS = (before: boolean) =>
  'select "c".*, "me"."last_read_id", "me"."muted_until", "m"."id" as "m_id", "m"."author_id" as "m_author_id", "m"."body" as "m_body", ' +
  '"m"."image_count" as "m_image_count", "m"."created_at" as "m_created_at", "m"."deleted_at" as "m_deleted_at", "m"."kind" as "m_kind", ' +
  '"a"."first_name" as "m_author_name", "a"."last_name" as "m_author_last_name", ' +
  '(select coalesce(max("o"."last_read_id"), 0) as "v" from "chat_members" as "o" where "o"."chat_id" = "me"."chat_id" and "o"."user_id" != "me"."user_id" ' +
  'and exists (select "ou"."id" from "users" as "ou" where "ou"."id" = "o"."user_id" and "ou"."read_receipts" = 1) ' +
  'and exists (select "mu"."id" from "users" as "mu" where "mu"."id" = "me"."user_id" and "mu"."read_receipts" = 1)) as "others_read_id" ' +
  'from "chat_members" as "me" inner join "chats" as "c" on "c"."id" = "me"."chat_id" left join "messages" as "m" on "m"."id" = "c"."last_message_id" ' +
  'left join "users" as "a" on "a"."id" = "m"."author_id" where "me"."user_id" = ?' +
  (before ? ' and ("c"."last_activity_at" < ? or ("c"."last_activity_at" = ? and "c"."id" < ?))' : "") +
  ' order by "c"."last_activity_at" desc, "c"."id" desc limit ?';
export const UNREAD =
  'select "me"."chat_id", "me"."muted_until", count(*) as "n", count("mm"."user_id") as "mentions" from "chat_members" as "me" ' +
  'inner join "messages" as "m" on "m"."chat_id" = "me"."chat_id" and "m"."id" > "me"."last_read_id" ' +
  'left join "message_mentions" as "mm" on "mm"."message_id" = "m"."id" and "mm"."user_id" = "me"."user_id" ' +
  'where "me"."user_id" = ? and "m"."author_id" != "me"."user_id" and "m"."deleted_at" is null and "m"."kind" != \'system\' group by "me"."chat_id", "me"."muted_until"';
export const MEMBERS = (n: number) =>
  'select * from (select "u"."id", "u"."username", "u"."first_name", "u"."last_name", "u"."avatar_media_id", "cm"."chat_id", "cm"."joined_at", ' +
  'row_number() over(partition by "cm"."chat_id" order by "cm"."joined_at", "cm"."user_id") as "rn", count(*) over(partition by "cm"."chat_id") as "member_count" ' +
  `from "chat_members" as "cm" inner join "users" as "u" on "u"."id" = "cm"."user_id" where "cm"."chat_id" in (${list(n)})) as "t" ` +
  'where "t"."rn" <= ? order by "t"."chat_id", "t"."rn"';

interface ChatRow {
  id: string;
  kind: string;
  name: string | null;
  avatar_media_id: string | null;
  admin_id: string | null;
  last_activity_at: number;
  last_read_id: number;
  muted_until: number | null;
  m_id: number | null;
  m_author_id: string | null;
  m_body: string | null;
  m_image_count: number | null;
  m_created_at: number | null;
  m_deleted_at: number | null;
  m_kind: string | null;
  m_author_name: string | null;
  m_author_last_name: string | null;
  others_read_id: number | null;
}
interface UnreadRow {
  chat_id: string;
  muted_until: number | null;
  n: number;
  mentions: number;
}
interface MemberRow {
  id: string;
  username: string;
  first_name: string;
  last_name: string;
  avatar_media_id: string | null;
  chat_id: string;
  joined_at: number;
  member_count: number;
}

const CHAT_ID = /^(global|[a-f0-9]{24})$/;
const isInt = (v: unknown): v is number => typeof v === "number" && Number.isInteger(v);
const preview = (body: string) => (body.length <= PREVIEW_CHARS ? body : [...body].slice(0, PREVIEW_CHARS).join(""));
const mutedUntilOf = (stored: number | null, now: number) => (stored != null && stored > now ? stored : null);

/** The handler, on the SQLite file in `dataDir` (exported for in-process comparisons). */
export function createBareChats(dataDir: string): { fetch(req: Request): Response; close(): void } {
  const { all, viewerOf, close } = openBare(dataDir);

  function page(userId: string, limit: number, before: { lastActivityAt: number; id: string } | undefined) {
    const now = Date.now();
    const rows = all<ChatRow>(LIST_CHATS(!!before), before ? [userId, before.lastActivityAt, before.lastActivityAt, before.id, limit + 1] : [userId, limit + 1]);
    const unread = all<UnreadRow>(UNREAD, [userId]);
    const members = new Map<string, { count: number; people: unknown[] }>();
    if (rows.length) {
      for (const m of all<MemberRow>(MEMBERS(rows.length), [...rows.map((c) => c.id), MEMBERS_PREVIEW])) {
        let entry = members.get(m.chat_id);
        if (!entry) members.set(m.chat_id, (entry = { count: m.member_count, people: [] }));
        entry.people.push({ id: m.id, username: m.username, firstName: m.first_name, lastName: m.last_name, avatarId: m.avatar_media_id, joinedAt: m.joined_at });
      }
    }
    const avatarIds = [...new Set(rows.flatMap((c) => (c.avatar_media_id ? [c.avatar_media_id] : [])))];
    const avatars = new Map<string, unknown>();
    readMedia(all, avatarIds, avatars);
    const unreadOf = new Map(unread.map((u) => [u.chat_id, u]));
    let totalUnread = 0;
    for (const u of unread) totalUnread += mutedUntilOf(u.muted_until, now) !== null ? u.mentions : u.n;
    const chats = rows.slice(0, limit).map((c) => {
      const m = members.get(c.id);
      const u = unreadOf.get(c.id);
      let lastMessage: Record<string, unknown> | null = null;
      if (c.m_id != null) {
        lastMessage = {
          id: c.m_id,
          authorId: c.m_author_id,
          authorName: `${c.m_author_name ?? ""} ${c.m_author_last_name ?? ""}`.trim(),
          text: c.m_kind === "system" ? "" : preview(c.m_body ?? ""),
          imageCount: c.m_image_count ?? 0,
          createdAt: c.m_created_at,
        };
        if (c.m_deleted_at != null) lastMessage.deleted = true;
        // The server wrote a system line's body: its JSON is the event.
        if (c.m_kind === "system") lastMessage.system = JSON.parse(c.m_body ?? "");
      }
      return {
        id: c.id,
        kind: c.kind,
        name: c.name,
        avatar: c.avatar_media_id ? (avatars.get(c.avatar_media_id) ?? null) : null,
        adminId: c.admin_id,
        memberCount: m?.count ?? 0,
        members: m?.people ?? [],
        lastMessage,
        unread: u?.n ?? 0,
        lastReadId: c.last_read_id,
        othersReadId: c.others_read_id ?? 0,
        lastActivityAt: c.last_activity_at,
        mentioned: (u?.mentions ?? 0) > 0,
        unreadMentions: u?.mentions ?? 0,
        mutedUntil: mutedUntilOf(c.muted_until, now),
      };
    });
    return { chats, totalUnread, hasMore: rows.length > limit };
  }

  const bad = () => json(400, '{"error":"bad request"}');
  return {
    fetch(req) {
      const url = new URL(req.url);
      if (url.pathname !== "/trpc/chats.list" || req.method !== "GET") return new Response("not found", { status: 404 });
      // chatListInput: absent, or { limit?: 1..100, before?: { lastActivityAt ≥ 0, id } }.
      let input: { limit?: unknown; before?: { lastActivityAt?: unknown; id?: unknown } } | undefined;
      try {
        const raw = url.searchParams.get("input");
        input = raw === null ? undefined : (JSON.parse(raw) ?? undefined);
      } catch {
        return bad();
      }
      if (input !== undefined && (typeof input !== "object" || Array.isArray(input))) return bad();
      const limit = input?.limit ?? LIST_PAGE;
      if (!isInt(limit) || limit < 1 || limit > LIST_PAGE_MAX) return bad();
      const b = input?.before;
      if (b !== undefined && (typeof b !== "object" || b === null || !isInt(b.lastActivityAt) || b.lastActivityAt < 0 || typeof b.id !== "string" || !CHAT_ID.test(b.id))) return bad();
      const viewer = viewerOf(req.headers.get("cookie"));
      if (viewer === null) return json(401, '{"error":"unauthorized"}');
      const data = page(viewer, limit, b as { lastActivityAt: number; id: string } | undefined);
      return json(200, JSON.stringify({ result: { data } }));
    },
    close,
  };
}
