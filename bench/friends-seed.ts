/**
 * Bench-only seeding for `bun run bench:friends`: a fresh SQLite file migrated by the app's own
 * code (server/db/create-db.ts + migrate.ts), then bulk inserts in one transaction straight
 * through bun:sqlite — no HTTP, no argon2 per account. Deterministic (a seeded PRNG) except the
 * viewers' session tokens: the same options give the same graph, posts and names.
 *
 * The world (defaults):
 * - 10,000 verified people with Ukrainian (three quarters) and Latin names — accents, й, ї and є
 *   included —, usernames transliterated from them, a third with an avatar; their rows in
 *   people_search made by the app's own `searchTerms` (server/features/friends/people-search.ts);
 * - 97 % of them "established", in 100 communities (a town, a school, a workplace); the last 3 %
 *   joined this week and have no friends, no posts and no requests;
 * - each established person has a sociability weight (log-normal: most have a few friends, some
 *   hundreds); a relation picks its first person by weight and its second from the same community
 *   (65 %) or from anyone (35 %), by weight: so friends of friends share several friends;
 * - 100,000 friendships (`relations`, status 'friends', user_a < user_b, requested_by either side),
 *   12,000 pending requests and 8,000 "following" rows (declined requests) on other pairs;
 *   1,500 blocks on pairs with no relation row (blocking deletes it); 6,000 dismissed
 *   recommendations, mostly within the community;
 * - 100,000 posts by established people (an activity weight, log-normal), 1–4 tags each from a
 *   vocabulary of 300 (a third Ukrainian) with Zipf-like popularity: each person has 2–6 interests
 *   and three of four tags of their posts come from them; person_tags (each person's posts per
 *   tag, which the app keeps with the posts) filled from them;
 * - sessions: about half the established people have one or two (last active over the past
 *   weeks, most of them in the last few days: "recently active"), plus one session for each
 *   viewer (the cookie token is returned; the table stores sha256(token) like lucia.ts) —
 *   viewers are a deterministic sample of the people, 5 % of them newcomers.
 *
 *   bun bench/friends-seed.ts <dir> [users=10000] [friendships=100000] [posts=100000] [viewers=1000]
 */
import { searchTerms } from "../server/features/friends/people-search.ts";
import { closeSeeded, DAY, insertSession, insertUser, newToken, openForSeeding, PASSWORD_HASH, prng, SESSION_DAYS, sha256Hex, TAGS, WORDS_EN, WORDS_UK, type Rng } from "./lib/seed-kit.ts";

const COMMUNITIES = 100;
const NEWCOMERS = 0.03;

export interface FriendsSeedOptions {
  users: number;
  friendships: number;
  posts: number;
  /** People with a known session (the load generator's signed-in clients). */
  viewers: number;
}

export interface Person {
  id: string;
  username: string;
  first_name: string;
  last_name: string;
}

export interface FriendsSeeded {
  /** Session cookie tokens of the viewers, and who they are. */
  viewers: Array<{ token: string; id: string; newcomer: boolean; friends: number }>;
  /** Every person (for making search queries from real names). */
  people: Person[];
  rows: Record<string, number>;
  seconds: number;
}

/** 24 lowercase hex characters, like server/lib/crypto.ts randomId; the order of ids is the order of n. */
export const personId = (n: number) => "b0" + n.toString(16).padStart(22, "0");

const FIRST_UK = [
  "Олена", "Ірина", "Наталія", "Оксана", "Юлія", "Тетяна", "Світлана", "Марія", "Анна", "Катерина", "Ольга", "Софія", "Дарина",
  "Ярослава", "Леся", "Галина", "Зоряна", "Христина", "Євгенія", "Ївга", "Андрій", "Олександр", "Олексій", "Олег", "Дмитро",
  "Сергій", "Тарас", "Богдан", "Микола", "Іван", "Петро", "Юрій", "Василь", "Максим", "Ярослав", "Володимир", "Євген", "Назар",
  "Остап", "Степан", "Ґанна", "Аліна", "Вікторія", "Роман", "Артем",
];
const LAST_UK = [
  "Шевченко", "Коваленко", "Бондаренко", "Ткаченко", "Кравченко", "Олійник", "Шевчук", "Поліщук", "Бойко", "Ковальчук", "Лисенко",
  "Мельник", "Савченко", "Руденко", "Марченко", "Мороз", "Кравчук", "Павленко", "Гончаренко", "Литвиненко", "Юрченко", "Іваненко",
  "Семенюк", "Зайченко", "Єременко", "Їжакевич", "Левицький", "Гнатюк", "Костенко", "Ґудзь", "Осадчий", "Клименко", "Приходько",
  "Романюк", "Стельмах", "Дорошенко", "Федорчук", "Захарченко", "Остапчук", "Яковенко",
];
const FIRST_LATIN = ["Anna", "Mark", "John", "Kate", "Maria", "Peter", "Olivia", "Liam", "Emma", "Noah", "José", "André", "Zoë", "Renée", "Łukasz", "Søren", "Chloé", "Mateo", "Sofia", "David", "Oleh", "Olga"];
const LAST_LATIN = ["Smith", "Kowalski", "Brown", "Müller", "García", "Nowak", "Jensen", "Rossi", "Dubois", "Novák", "Johnson", "Lee", "Silva", "Schmidt", "Olsen", "Kovač", "Sánchez", "Wright"];

const TRANSLIT: Record<string, string> = {
  а: "a", б: "b", в: "v", г: "h", ґ: "g", д: "d", е: "e", є: "ie", ж: "zh", з: "z", и: "y", і: "i", ї: "i", й: "i", к: "k", л: "l", м: "m",
  н: "n", о: "o", п: "p", р: "r", с: "s", т: "t", у: "u", ф: "f", х: "kh", ц: "ts", ч: "ch", ш: "sh", щ: "shch", ь: "", ю: "iu", я: "ia",
  ł: "l", ø: "o",
};
/** "Олена" → "olena", "Søren" → "soren": what a person would pick as a username. */
const latin = (s: string) =>
  [...s.toLowerCase()]
    .map((ch) => TRANSLIT[ch] ?? ch)
    .join("")
    .normalize("NFD")
    .replace(/[^a-z]/g, "");

/** Picks an index with probability proportional to its weight (cumulative weights, binary search). */
function weighted(weights: number[]) {
  const cum = new Float64Array(weights.length);
  let sum = 0;
  weights.forEach((w, i) => (cum[i] = sum += w));
  return (r: Rng) => {
    const x = r.next() * sum;
    let lo = 0;
    let hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cum[mid]! > x) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
}

/** Migrates a fresh database in `dataDir` with the app's migrations, then seeds it. */
export async function seedFriends(dataDir: string, opts: FriendsSeedOptions): Promise<FriendsSeeded> {
  const started = performance.now();
  const db = await openForSeeding(dataDir);
  const r = prng(20261211);
  const now = Date.now();
  const rows: Record<string, number> = { users: 0, people_search: 0, media: 0, friends: 0, pending: 0, following: 0, blocks: 0, dismissals: 0, posts: 0, post_tags: 0, person_tags: 0, sessions: 0 };
  const ins = (sql: string) => db.prepare(sql);
  const user = insertUser(db);
  const term = ins(`insert into people_search (term, user_id) values ($term, $user)`);
  const media = ins(`insert into media (id, owner_id, purpose, width, height, bytes, variants, created_at) values ($id, $owner, 'avatar', 400, 400, 22000, $variants, $t)`);
  const setAvatar = ins(`update users set avatar_media_id = $m where id = $id`);
  const relation = ins(`insert into relations (user_a, user_b, status, requested_by, created_at, updated_at) values ($a, $b, $status, $by, $t, $u)`);
  const block = ins(`insert into blocks (blocker_id, blocked_id, created_at) values ($blocker, $blocked, $t)`);
  const dismissal = ins(`insert into recommendation_dismissals (user_id, dismissed_id, created_at) values ($user, $other, $t)`);
  const post = ins(`insert into posts (id, author_id, title, topic, body, links, created_at, likes_count, views_count, comments_count) values ($id, $author, $title, null, $body, '[]', $t, 0, 0, 0)`);
  const tag = ins(`insert into post_tags (post_id, tag, created_at) values ($post, $tag, $t)`);
  const session = insertSession(db);

  const n = opts.users;
  const established = Math.max(2, Math.round(n * (1 - NEWCOMERS)));
  const isNewcomer = (i: number) => i >= established;
  const people: Person[] = [];
  const community = Int32Array.from({ length: n }, () => r.int(COMMUNITIES));
  const social = Array.from({ length: established }, () => Math.exp(0.8 * r.normal()));
  const activity = Array.from({ length: established }, () => Math.exp(1.0 * r.normal()));
  const anyone = weighted(social);
  const members: number[][] = Array.from({ length: COMMUNITIES }, () => []);
  for (let i = 0; i < established; i++) members[community[i]!]!.push(i);
  const inCommunity = members.map((m) => (m.length ? weighted(m.map((i) => social[i]!)) : null));
  /** A second person for a relation of `a`: same community mostly, else anyone; by sociability. */
  const partner = (a: number, local = 0.65) => {
    const m = members[community[a]!]!;
    const pick = inCommunity[community[a]!];
    return r.next() < local && pick ? m[pick(r)]! : anyone(r);
  };

  const pairs = new Set<number>();
  const key = (x: number, y: number) => (x < y ? x * n + y : y * n + x);
  const viewers: FriendsSeeded["viewers"] = [];
  const degree = new Int32Array(n);

  db.transaction(() => {
    // People, their search terms, a third with an avatar.
    for (let i = 0; i < n; i++) {
      const uk = r.next() < 0.75;
      const first = uk ? r.pick(FIRST_UK) : r.pick(FIRST_LATIN);
      const last = uk ? r.pick(LAST_UK) : r.pick(LAST_LATIN);
      const style = r.int(3);
      const username = (style === 0 ? `${latin(first)}.${latin(last)}` : style === 1 ? `${latin(last)}_${latin(first).slice(0, 1)}` : latin(first)).slice(0, 22) + i;
      const joined = isNewcomer(i) ? now - r.int(7 * DAY) : now - 30 * DAY - r.int(700 * DAY);
      const p: Person = { id: personId(i), username, first_name: first, last_name: last };
      people.push(p);
      user.run({ id: p.id, email: `friends${i}@bench.test`, username, first, last, hash: PASSWORD_HASH, t: joined, avatar: null });
      rows.users!++;
      for (const t of searchTerms(p)) {
        term.run({ term: t, user: p.id });
        rows.people_search!++;
      }
      if (i % 3 === 0) {
        const m = personId(i).replace(/^b0/, "be");
        media.run({ id: m, owner: p.id, variants: JSON.stringify([{ name: "thumb", width: 200, height: 200, bytes: 9000, etag: `"${m.slice(0, 16)}t"` }]), t: joined });
        setAvatar.run({ m, id: p.id });
        rows.media!++;
      }
    }

    // Relations: friendships, then pending requests and followers on other pairs.
    const relate = (count: number, status: "friends" | "pending" | "following") => {
      let made = 0;
      while (made < count) {
        const a = anyone(r);
        const b = partner(a);
        if (a === b || pairs.has(key(a, b))) continue;
        pairs.add(key(a, b));
        const [x, y] = a < b ? [a, b] : [b, a];
        const t = now - r.int(365 * DAY);
        // friends: who asked first; pending: who asks; following: who follows.
        const by = r.next() < 0.5 ? x : y;
        relation.run({ a: personId(x), b: personId(y), status, by: personId(by), t, u: status === "pending" ? t : t + r.int(7 * DAY) });
        if (status === "friends") {
          degree[x]!++;
          degree[y]!++;
        }
        made++;
      }
      rows[status] = made;
    };
    relate(opts.friendships, "friends");
    relate(Math.round(opts.friendships * 0.12), "pending");
    relate(Math.round(opts.friendships * 0.08), "following");

    // Blocks on pairs with no relation row (a block deletes the pair's row).
    const blocked = new Set<number>();
    for (let made = 0; made < Math.round(opts.friendships * 0.015); ) {
      const a = anyone(r);
      const b = partner(a, 0.3);
      if (a === b || pairs.has(key(a, b)) || blocked.has(key(a, b))) continue;
      blocked.add(key(a, b));
      block.run({ blocker: personId(a), blocked: personId(b), t: now - r.int(365 * DAY) });
      made++;
    }
    rows.blocks = blocked.size;

    // Dismissed recommendations: people one saw suggested (mostly the same community).
    const dismissed = new Set<number>();
    for (let made = 0; made < Math.round(opts.friendships * 0.06); ) {
      const a = anyone(r);
      const b = partner(a, 0.8);
      if (a === b || dismissed.has(a * n + b)) continue;
      dismissed.add(a * n + b);
      dismissal.run({ user: personId(a), other: personId(b), t: now - r.int(180 * DAY) });
      made++;
    }
    rows.dismissals = dismissed.size;

    // Posts with tags: interests drawn by a tag's popularity (Zipf-like, exponent 0.8).
    const byPopularity = [...TAGS].sort(() => r.next() - 0.5);
    const popular = weighted(byPopularity.map((_, k) => 1 / (k + 1) ** 0.8));
    const interests = Array.from({ length: established }, () => {
      const s = new Set<string>();
      const want = 2 + r.int(5);
      while (s.size < want) s.add(byPopularity[popular(r)]!);
      return [...s];
    });
    const author = weighted(activity);
    const start = now - 365 * DAY;
    const step = Math.floor((360 * DAY) / Math.max(1, opts.posts));
    const tags = new Set<string>();
    for (let p = 1; p <= opts.posts; p++) {
      const a = author(r);
      const t = start + p * step;
      post.run({ id: p, author: personId(a), title: `${r.pick(WORDS_EN)} ${r.pick(WORDS_UK)} ${r.pick(WORDS_EN)}`, body: `${r.pick(WORDS_UK)} ${r.pick(WORDS_EN)}`, t });
      tags.clear();
      const want = 1 + r.int(4);
      for (let tries = 0; tags.size < want && tries < 20; tries++) tags.add(r.next() < 0.75 ? r.pick(interests[a]!) : byPopularity[popular(r)]!);
      for (const name of tags) tag.run({ post: p, tag: name, t });
      rows.posts!++;
      rows.post_tags! += tags.size;
    }
    // Each person's per-tag post counts, as posts.repository.ts keeps them (the migration's
    // back-fill ran before there were posts).
    rows.person_tags = db.run(`insert into person_tags (user_id, tag, posts)
      select p.author_id, t.tag, count(*) from posts p join post_tags t on t.post_id = p.id group by p.author_id, t.tag`).changes;

    // Sessions: recently active people (most in the last days, some weeks ago).
    let seq = 0;
    for (let i = 0; i < established; i++) {
      if (r.next() >= 0.5) continue;
      const count = r.next() < 0.2 ? 2 : 1;
      for (let k = 0; k < count; k++) {
        const active = now - Math.min(60 * DAY, Math.floor(-Math.log(1 - r.next()) * 4 * DAY)) - 120_000;
        session.run({ id: sha256Hex(`background-${seq++}`), user: personId(i), expires: active + SESSION_DAYS * DAY, created: active - r.int(SESSION_DAYS * DAY), active });
        rows.sessions!++;
      }
    }
    // The viewers: a deterministic sample of the people, 5 % of them newcomers.
    const wanted = Math.min(opts.viewers, n);
    const newcomers = Math.min(n - established, Math.round(wanted * 0.05));
    const order = Array.from({ length: established }, (_, i) => i).sort(() => r.next() - 0.5);
    const chosen = [...order.slice(0, wanted - newcomers), ...Array.from({ length: newcomers }, (_, k) => established + k)];
    for (const i of chosen) {
      const token = newToken();
      const active = now - 120_000 - r.int(2 * DAY);
      session.run({ id: sha256Hex(token), user: personId(i), expires: now + SESSION_DAYS * DAY, created: active - DAY, active });
      rows.sessions!++;
      viewers.push({ token, id: personId(i), newcomer: isNewcomer(i), friends: degree[i]! });
    }
  })();
  closeSeeded(db);
  return { viewers, people, rows, seconds: (performance.now() - started) / 1000 };
}

if (import.meta.main) {
  const [dir, users = "10000", friendships = "100000", posts = "100000", viewers = "1000"] = process.argv.slice(2);
  if (!dir) {
    console.error("usage: bun bench/friends-seed.ts <dataDir> [users] [friendships] [posts] [viewers]");
    process.exit(2);
  }
  const s = await seedFriends(dir, { users: Number(users), friendships: Number(friendships), posts: Number(posts), viewers: Number(viewers) });
  const degrees = s.viewers.map((v) => v.friends).sort((a, b) => a - b);
  console.log(JSON.stringify({ rows: s.rows, seconds: s.seconds, viewerFriends: { median: degrees[degrees.length >> 1], max: degrees.at(-1) } }));
}
