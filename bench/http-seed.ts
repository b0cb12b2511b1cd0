/**
 * Bench-only seeding for `bun run bench:http`: bench/feed-seed.ts's people, posts, likes,
 * comments and viewers' sessions, plus what a profile shows — friendships, pending requests and
 * follows (`relations`, user_a < user_b), a few blocks, albums of each visibility — so that
 * `profiles.byUsername` reads every kind of relation, count and setting (messages or the friends
 * list from friends only, a birthday shown or not). Deterministic (a seeded PRNG).
 */
import { Database } from "bun:sqlite";
import { join } from "node:path";
import { seedFeed, type FeedSeedOptions } from "./feed-seed.ts";
import { DAY, hexId, prng } from "./lib/seed-kit.ts";

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
  const rows: Record<string, number> = { ...feed.rows, relations: 0, blocks: 0, albums: 0 };
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
  db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
  db.close();
  // Who the viewers visit: the viewers themselves (their own profile: isOwner), the people they
  // blocked or are related to, and strangers; deterministic.
  const usernames: string[] = [];
  for (let k = 0; k < 400; k++) usernames.push(username(k % 4 === 0 ? k % viewers : k % 4 === 1 ? viewers + (k % viewers) : r.int(opts.users)));
  return { tokens: feed.tokens, usernames, rows, seconds: (performance.now() - started) / 1000 };
}
