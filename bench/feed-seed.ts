/**
 * Bench-only seeding for `bun run bench:feed`: a fresh SQLite file migrated by the app's own code
 * (server/db/create-db.ts + migrate.ts), then bulk inserts in one transaction straight through
 * bun:sqlite — no HTTP, no argon2 per account. Deterministic (a seeded PRNG): the same options
 * give the same rows, so two runs read the same feed.
 *
 * - users (verified, one shared precomputed argon2id hash; a third with an avatar), and a session
 *   for each of the first `viewers` (the cookie token is returned; the table stores sha256(token)
 *   like server/features/auth/lucia.ts);
 * - posts with a title, a topic on half, a Markdown body, links on a third, 1–4 tags from a
 *   vocabulary of 300 (a third Ukrainian), images (post_image media) on a tenth; ids grow with
 *   created_at, as the app's do;
 * - likes (rows; `likes_count` equals them) — half of them by the viewers, so "my likes" is not
 *   empty — and comments (rows; `comments_count` equals them).
 *
 *   bun bench/feed-seed.ts <dir> [users=10000] [posts=100000] [viewers=100]
 */
import { closeSeeded, DAY, hexId, insertSession, insertUser, newToken, openForSeeding, PASSWORD_HASH, prng, SESSION_DAYS, sha256Hex, TAGS, WORDS_EN, WORDS_UK, type Rng } from "./lib/seed-kit.ts";

export interface FeedSeedOptions {
  users: number;
  posts: number;
  /** Users with a session (the load generator's signed-in clients). */
  viewers: number;
}

export interface FeedSeeded {
  /** Session cookie tokens of the viewers (users 0..viewers-1). */
  tokens: string[];
  /** Ids of the seeded posts, oldest first: posts[i] has id i + 1. */
  posts: number;
  rows: Record<string, number>;
  seconds: number;
}

const FIRST = ["Олена", "Андрій", "Ірина", "Тарас", "Mark", "Anna", "Софія", "Dmytro", "Kate", "Богдан", "Леся", "John"];
const LAST = ["Шевченко", "Коваленко", "Smith", "Бондаренко", "Ткаченко", "Kowalski", "Мельник", "Brown", "Кравченко", "Лисенко"];
const DOMAINS = ["example.com", "www.bun.sh", "github.com", "uk.wikipedia.org", "news.example.org"];

function words(r: Rng, n: number) {
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(r.next() < 0.3 ? r.pick(WORDS_UK) : r.pick(WORDS_EN));
  return out.join(" ");
}

/** A Markdown body of 100–1,500 characters: paragraphs, some bold, a list now and then. */
function body(r: Rng) {
  const target = 100 + r.int(1400);
  const parts: string[] = [];
  let len = 0;
  while (len < target) {
    const roll = r.next();
    const p = roll < 0.15 ? `- ${words(r, 4)}\n- ${words(r, 5)}` : roll < 0.3 ? `**${words(r, 2)}** ${words(r, 10)}` : words(r, 8 + r.int(20));
    parts.push(p);
    len += p.length + 2;
  }
  return parts.join("\n\n");
}

function variants(mediaId: string) {
  return JSON.stringify([
    { name: "full", width: 1600, height: 1200, bytes: 180_000, etag: `"${mediaId.slice(0, 16)}f"` },
    { name: "thumb", width: 400, height: 300, bytes: 22_000, etag: `"${mediaId.slice(0, 16)}t"` },
  ]);
}

/** Migrates a fresh database in `dataDir` with the app's migrations, then seeds it. */
export async function seedFeed(dataDir: string, opts: FeedSeedOptions): Promise<FeedSeeded> {
  const started = performance.now();
  const db = await openForSeeding(dataDir);
  const r = prng(20261206);
  const now = Date.now();
  const start = now - 365 * DAY;
  const step = Math.floor((360 * DAY) / Math.max(1, opts.posts));
  const rows: Record<string, number> = { users: 0, sessions: 0, media: 0, posts: 0, post_tags: 0, post_images: 0, post_likes: 0, comments: 0 };
  const ins = (sql: string) => db.prepare(sql);
  const user = insertUser(db);
  const session = insertSession(db);
  const media = ins(`insert into media (id, owner_id, purpose, width, height, bytes, variants, created_at) values ($id, $owner, $purpose, 1600, 1200, 202000, $variants, $t)`);
  const post = ins(
    `insert into posts (id, author_id, title, topic, body, links, created_at, edited_at, likes_count, views_count, comments_count)
     values ($id, $author, $title, $topic, $body, $links, $t, $edited, $likes, 0, $comments)`,
  );
  const tag = ins(`insert into post_tags (post_id, tag, created_at) values ($post, $tag, $t)`);
  const image = ins(`insert into post_images (post_id, position, media_id) values ($post, $position, $media)`);
  const like = ins(`insert into post_likes (post_id, user_id, created_at) values ($post, $user, $t)`);
  const comment = ins(`insert into comments (post_id, author_id, body, created_at) values ($post, $author, $body, $t)`);

  const userId = (i: number) => hexId("f0", i);
  const tokens: string[] = [];
  let mediaSeq = 0;
  const newMedia = (owner: string, purpose: string, t: number) => {
    const id = hexId("fe", mediaSeq++);
    media.run({ id, owner, purpose, variants: variants(id), t });
    rows.media!++;
    return id;
  };

  db.transaction(() => {
    // Users first without avatars (media rows need their owner), then the avatars.
    for (let i = 0; i < opts.users; i++) {
      const n = String(i).padStart(5, "0");
      user.run({ id: userId(i), email: `feed${n}@bench.test`, username: `feed_${n}`, first: r.pick(FIRST), last: r.pick(LAST), hash: PASSWORD_HASH, t: start, avatar: null });
      rows.users!++;
    }
    const setAvatar = db.prepare(`update users set avatar_media_id = $m where id = $id`);
    for (let i = 0; i < opts.users; i += 3) setAvatar.run({ m: newMedia(userId(i), "avatar", start), id: userId(i) });
    for (let i = 0; i < Math.min(opts.viewers, opts.users); i++) {
      const token = newToken();
      session.run({ id: sha256Hex(token), user: userId(i), expires: now + SESSION_DAYS * DAY, created: now, active: now });
      tokens.push(token);
      rows.sessions!++;
    }

    const likers = new Set<number>();
    for (let p = 1; p <= opts.posts; p++) {
      const t = start + p * step;
      const author = userId(r.int(opts.users));
      const likes = r.next() < 0.1 ? 10 + r.int(60) : r.int(9);
      const comments = r.next() < 0.4 ? 0 : 1 + r.int(6);
      const links = r.next() < 0.33 ? Array.from({ length: 1 + r.int(2) }, (_, k) => `https://${r.pick(DOMAINS)}/${p}/${k}`) : [];
      post.run({
        id: p,
        author,
        title: words(r, 3 + r.int(6)),
        topic: r.next() < 0.5 ? r.pick(WORDS_EN) : null,
        body: body(r),
        links: JSON.stringify(links),
        t,
        edited: r.next() < 0.05 ? t + 3_600_000 : null,
        likes,
        comments,
      });
      rows.posts!++;
      const tags = new Set<string>();
      const nTags = 1 + r.int(4);
      while (tags.size < nTags) tags.add(r.pick(TAGS));
      for (const name of tags) tag.run({ post: p, tag: name, t });
      rows.post_tags! += tags.size;
      if (r.next() < 0.1) {
        const n = 1 + r.int(3);
        for (let k = 0; k < n; k++) image.run({ post: p, position: k, media: newMedia(author, "post_image", t) });
        rows.post_images! += n;
      }
      likers.clear();
      while (likers.size < likes) likers.add(r.next() < 0.5 ? r.int(Math.min(opts.viewers, opts.users)) : r.int(opts.users));
      for (const u of likers) like.run({ post: p, user: userId(u), t: t + 60_000 });
      rows.post_likes! += likes;
      for (let k = 0; k < comments; k++) {
        comment.run({ post: p, author: userId(r.int(opts.users)), body: words(r, 3 + r.int(30)), t: t + (k + 1) * 120_000 });
      }
      rows.comments! += comments;
    }
  })();
  closeSeeded(db);
  return { tokens, posts: opts.posts, rows, seconds: (performance.now() - started) / 1000 };
}

if (import.meta.main) {
  const [dir, users = "10000", posts = "100000", viewers = "100"] = process.argv.slice(2);
  if (!dir) {
    console.error("usage: bun bench/feed-seed.ts <dataDir> [users] [posts] [viewers]");
    process.exit(2);
  }
  const s = await seedFeed(dir, { users: Number(users), posts: Number(posts), viewers: Number(viewers) });
  console.log(JSON.stringify({ rows: s.rows, seconds: s.seconds }));
}
