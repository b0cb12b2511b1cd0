/**
 * Bench-only seeding for `bun run bench:http`: bench/feed-seed.ts's people, posts, likes,
 * comments and viewers' sessions, plus what a profile shows — friendships, pending requests and
 * follows (`relations`, user_a < user_b), a few blocks, albums of each visibility — so that
 * `profiles.byUsername` reads every kind of relation, count and setting (messages or the friends
 * list from friends only, a birthday shown or not); and what a chat list shows (`seedChats`):
 * personal and group chats with messages, unread ones and mentions, mutes, read receipts shared
 * or not. Deterministic (a seeded PRNG).
 */
import { Database } from "bun:sqlite";
import { join } from "node:path";
import { seedFeed, type FeedSeedOptions } from "./feed-seed.ts";
import { DAY, hexId, prng, WORDS_EN, WORDS_UK, type Rng } from "./lib/seed-kit.ts";

export interface HttpSeedOptions extends FeedSeedOptions {
  /** Relation rows (friends, pending, following) between random people, the viewers among them. */
  relations: number;
}

export interface HttpSeeded {
  tokens: string[];
  /** Usernames whose profiles the viewers open (rotating): people with and without relations to them. */
  usernames: string[];
  rows: Record<string, number>;
  seconds: number;
}

const userId = (i: number) => hexId("f0", i);
const username = (i: number) => `feed_${String(i).padStart(5, "0")}`;

export async function seedHttp(dataDir: string, opts: HttpSeedOptions): Promise<HttpSeeded> {
  const started = performance.now();
  const feed = await seedFeed(dataDir, opts);
  const db = new Database(join(dataDir, "world-it.sqlite"), { strict: true });
  const r = prng(20261207);
  const now = Date.now();
  const rows: Record<string, number> = { ...feed.rows, relations: 0, blocks: 0, albums: 0, chats: 0, chat_members: 0, messages: 0, message_mentions: 0 };
  const relation = db.prepare(
    `insert or ignore into relations (user_a, user_b, status, requested_by, created_at, updated_at) values ($a, $b, $status, $by, $t, $t)`,
  );
  const block = db.prepare(`insert or ignore into blocks (blocker_id, blocked_id, created_at) values ($x, $y, $t)`);
  const album = db.prepare(
    `insert into albums (id, owner_id, title, theme, year, visibility, cover_photo_id, created_at, updated_at) values ($id, $owner, $title, '', null, $v, null, $t, $t)`,
  );
  const viewers = Math.min(opts.viewers, opts.users);
  db.transaction(() => {
    for (let k = 0; k < opts.relations; k++) {
      // Half of the rows touch a viewer, so a viewer's own profile visits meet every status.
      const x = r.next() < 0.5 ? r.int(viewers) : r.int(opts.users);
      const y = r.int(opts.users);
      if (x === y) continue;
      const [a, b] = userId(x) < userId(y) ? [userId(x), userId(y)] : [userId(y), userId(x)];
      const roll = r.next();
      const status = roll < 0.7 ? "friends" : roll < 0.85 ? "pending" : "following";
      rows.relations! += relation.run({ a, b, status, by: r.next() < 0.5 ? a : b, t: now - r.int(300) * DAY }).changes;
    }
    // Viewer v visits person viewers + v on every fourth visit (bench/http.ts): every tenth blocked them.
    for (let v = 1; v < viewers; v += 10) rows.blocks! += block.run({ x: userId(v), y: userId(viewers + v), t: now }).changes;
    // Profile settings a visit reads: messages and the friends list from friends only, a shown birthday.
    const settings = db.prepare(`update users set chat_from = $chat, friends_list_visible_to = $list, birth_date = $birth, show_birth_date = $show where id = $id`);
    for (let i = 0; i < opts.users; i++) {
      const chat = i % 5 === 1 ? "friends" : "everyone";
      const list = i % 7 === 2 ? "friends" : "everyone";
      const birth = i % 3 === 0 ? `19${70 + (i % 30)}-0${1 + (i % 9)}-1${i % 10}` : null;
      if (chat !== "everyone" || list !== "everyone" || birth) settings.run({ chat, list, birth, show: i % 2, id: userId(i) });
    }
    for (let i = 0; i < opts.users; i += 2) {
      for (let k = 0; k < 1 + r.int(3); k++) {
        album.run({ id: hexId("fa", rows.albums!), owner: userId(i), title: `Album ${k}`, v: r.pick(["everyone", "friends", "only_me"]), t: now - r.int(300) * DAY });
        rows.albums!++;
      }
    }
  })();
  db.transaction(() => seedChats(db, opts, viewers, now, rows))();
  db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
  db.close();
  // Who the viewers visit: the viewers themselves (their own profile: isOwner), the people they
  // blocked or are related to, and strangers; deterministic.
  const usernames: string[] = [];
  for (let k = 0; k < 400; k++) usernames.push(username(k % 4 === 0 ? k % viewers : k % 4 === 1 ? viewers + (k % viewers) : r.int(opts.users)));
  return { tokens: feed.tokens, usernames, rows, seconds: (performance.now() - started) / 1000 };
}

/** MUTE_FOREVER of shared/mention-rules.ts (muted for good). */
const MUTE_FOREVER = 253_402_300_799_999;
/** Personal chats of each viewer, with people no other viewer chats with (so, a first page of 30 and more). */
const PERSONAL_PER_VIEWER = 36;

function text(r: Rng, n: number) {
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(r.next() < 0.4 ? r.pick(WORDS_UK) : r.pick(WORDS_EN));
  // Now and then an emoji (the preview cuts by code points, not UTF-16 units).
  if (r.next() < 0.2) out.splice(r.int(out.length), 0, "👍");
  return out.join(" ");
}

/**
 * What `chats.list` shows, for the viewers: 36 personal chats each and ~9 groups (3 × viewers
 * groups of 3–40 members, three viewers in each, a third with an avatar, every 15th with its name
 * cleared, every 10th without an admin), 3–27 messages per chat (long ones cut by the preview,
 * emoji, images, a deleted last message now and then, groups' system lines — "created" first, a
 * rename or an addition last on some), mentions of the viewers in groups, read markers anywhere
 * from nothing read to all read, mutes (for good, for hours, expired) and every sixth person not
 * sharing read receipts. The chats' last activity spreads over 60 days.
 */
function seedChats(db: Database, opts: HttpSeedOptions, viewers: number, now: number, rows: Record<string, number>) {
  const r = prng(20261208);
  const others = opts.users - viewers;
  const chat = db.prepare(
    `insert into chats (id, kind, name, avatar_media_id, admin_id, pair_key, last_message_id, last_activity_at, created_at) values ($id, $kind, $name, $avatar, $admin, $pair, null, $t, $t)`,
  );
  const setLast = db.prepare(`update chats set last_message_id = $m, last_activity_at = $t where id = $id`);
  const member = db.prepare(`insert into chat_members (chat_id, user_id, joined_at, last_read_id, muted_until) values ($chat, $user, $joined, $read, $muted)`);
  const message = db.prepare(
    `insert into messages (chat_id, author_id, client_id, body, image_count, created_at, deleted_at, kind) values ($chat, $author, $client, $body, $images, $t, $deleted, $kind)`,
  );
  const mention = db.prepare(`insert or ignore into message_mentions (message_id, user_id, chat_id) values ($m, $u, $chat)`);
  const media = db.prepare(
    `insert into media (id, owner_id, purpose, width, height, bytes, variants, created_at) values ($id, $owner, 'chat_image', 512, 512, 40000, $variants, $t)`,
  );
  const nameOf = db.prepare<{ first_name: string; last_name: string }, { id: string }>(`select first_name, last_name from users where id = $id`);
  let seq = 0;
  const makeChat = (kind: "personal" | "group", people: string[], admin: string | null, name: string | null, avatar: string | null) => {
    const id = hexId("c5", rows.chats!++);
    const created = now - 60 * DAY + r.int(30 * DAY);
    chat.run({ id, kind, name, avatar, admin, pair: kind === "personal" ? (people[0]! < people[1]! ? `${people[0]}:${people[1]}` : `${people[1]}:${people[0]}`) : null, t: created });
    const ids: number[] = [];
    let t = created;
    const say = (author: string, body: string, kind: "text" | "system", images = 0, deleted: number | null = null) => {
      t += 1 + r.int(DAY);
      const m = Number(message.run({ chat: id, author, client: `bench-${seq++}`, body, images, t, deleted, kind }).lastInsertRowid);
      ids.push(m);
      rows.messages!++;
      return m;
    };
    if (kind === "group") say(admin ?? people[0]!, JSON.stringify({ event: "created", name: name ?? "Група" }), "system");
    const n = 3 + r.int(25);
    for (let k = 0; k < n; k++) {
      const author = r.pick(people);
      const last = k === n - 1;
      if (last && kind === "group" && r.next() < 0.15) {
        const p = people[1 + r.int(people.length - 1)]!;
        const who = nameOf.get({ id: p })!;
        say(author, JSON.stringify(r.next() < 0.5 ? { event: "renamed", name: `${name ?? "Група"} 2` } : { event: "added", users: [{ id: p, name: `${who.first_name} ${who.last_name}` }] }), "system");
        continue;
      }
      const roll = r.next();
      const body = roll < 0.2 ? text(r, 30 + r.int(40)) : roll < 0.3 ? "" : text(r, 1 + r.int(12));
      // A deleted message keeps no words and no images (messages.repository's tombstone).
      const deleted = last && r.next() < 0.06;
      const images = body === "" || r.next() < 0.1 ? 1 + r.int(3) : 0;
      const m = say(author, deleted ? "" : body, "text", deleted ? 0 : images, deleted ? t + 1000 : null);
      // Mentions of the viewers among the members, in groups.
      if (kind === "group" && r.next() < 0.15) {
        const target = r.pick(people);
        if (target !== author && Number.parseInt(target.slice(2), 16) < viewers) rows.message_mentions! += mention.run({ m, u: target, chat: id }).changes;
      }
    }
    setLast.run({ m: ids.at(-1)!, t, id });
    people.forEach((user, k) => {
      const roll = r.next();
      // Everything read, part of it, nothing yet.
      const read = roll < 0.5 ? ids.at(-1)! : roll < 0.8 ? ids[r.int(ids.length)]! : 0;
      const m = r.next();
      const muted = m < 0.1 ? MUTE_FOREVER : m < 0.2 ? now + 8 * 3_600_000 : m < 0.25 ? now - 3_600_000 : null;
      member.run({ chat: id, user, joined: created + k, read, muted });
      rows.chat_members!++;
    });
  };
  for (let v = 0; v < viewers; v++) {
    for (let k = 0; k < PERSONAL_PER_VIEWER; k++) makeChat("personal", [hexId("f0", v), hexId("f0", viewers + ((v * PERSONAL_PER_VIEWER + k) % others))], null, null, null);
  }
  for (let g = 0; g < viewers * 3; g++) {
    const people = [...new Set([g % viewers, (g * 7 + 3) % viewers, (g * 13 + 5) % viewers, ...Array.from({ length: r.int(38) }, () => viewers + r.int(others))])].map((i) => hexId("f0", i));
    const admin = g % 10 === 9 ? null : people[0]!;
    let avatar: string | null = null;
    if (g % 3 === 0) {
      avatar = hexId("c6", g);
      media.run({ id: avatar, owner: people[0]!, variants: JSON.stringify([{ name: "full", width: 512, height: 512, bytes: 40_000, etag: `"${avatar.slice(0, 16)}f"` }, { name: "thumb", width: 128, height: 128, bytes: 6_000, etag: `"${avatar.slice(0, 16)}t"` }]), t: now - 60 * DAY });
    }
    makeChat("group", people, admin, g % 15 === 7 ? null : `Група ${g} ${r.pick(WORDS_UK)}`, avatar);
  }
  const noReceipts = db.prepare(`update users set read_receipts = 0 where id = $id`);
  for (let i = 3; i < opts.users; i += 6) noReceipts.run({ id: hexId("f0", i) });
  // The search index as the app leaves it (message-search/search-index.ts), so no backlog waits for the first send.
  db.exec("insert into messages_fts (rowid, body) select id, body from messages where kind = 'text' and deleted_at is null");
  db.exec("update message_search_progress set indexed_upto = (select max(id) from messages) where id = 1");
}
