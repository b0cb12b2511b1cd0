/**
 * `bun run bench:friends`: `friends.recommendations` and `people.search` through the real app
 * (tRPC over HTTP, signed in) against a bare Bun.serve handler running the same SQL on the same
 * database file, in the same run.
 *
 * 1. Seeds a fresh SQLite file through the app's migrations (bench/friends-seed.ts): 10,000
 *    people, 100,000 friendships plus pending requests, followers, blocks and dismissals, the
 *    people search index, 100,000 posts with tags (and person_tags, the per-person tag counts),
 *    recently active sessions; a session for each of 1,000 viewers. Makes the search queries:
 *    1–4 letters of real first names, last names and usernames (Ukrainian and Latin, as typed:
 *    capitalised or not), a few that match nobody.
 * 2. Starts both servers once and checks that they answer byte-identical JSON for a sample of
 *    requests — recommendations (first and second page, with a name filter; viewers with many
 *    friends, few, none) and searches (first and next pages) — and fails the run otherwise.
 * 3. Per run, each server alone, pinned to core 0 with the load generator (bench/friends-load.ts,
 *    a separate process) on core 1: each endpoint in a closed loop (requests/s), then each paced
 *    (default 100 req/s: latency). Runs alternate which server goes first.
 * 4. Prints app / bare / ratio with PASS/FAIL per target and refreshes the friends results section
 *    of BENCHMARKS.md.
 *
 * Options: --runs 1 --concurrency 16 --warmup 10 --duration 8 --rate 100 --paced-duration 10
 *          --max-in-flight 100 --users 10000 --friendships 100000 --posts 100000 --viewers 1000
 *          --quick --no-write --json <file> --data <dir> (seed there once and reuse it on later
 *          runs) --profile <dir> (the app writes a markdown CPU profile there; profiling costs CPU,
 *          so that run's ratios mean nothing) --app-root <dir> (run the app of another checkout
 *          against the same bare handler and data)
 */
import { friendsPath, type FriendsEndpoint, type FriendsPhaseConfig, type FriendsPhaseResult, type FriendsRequest } from "./friends-load.ts";
import { friendsRows } from "./friends-report.ts";
import { seedFriends, type FriendsSeedOptions, type Person } from "./friends-seed.ts";
import { parseFlags, runMain } from "./lib/common.ts";
import { compareApp, compareDefaults, compareFlags, type CompareOptions } from "./lib/http-compare.ts";
import { prng } from "./lib/seed-kit.ts";

/** Distinct search queries, and search requests in the load generator's rotation. */
const QUERIES = 400;
const SEARCHES = 4_000;
const LIMIT = 20;

interface Options extends CompareOptions, FriendsSeedOptions {
  maxInFlight: number;
}

function parseOptions(argv: string[]): Options {
  const o: Options = { ...compareDefaults(100), maxInFlight: 100, users: 10_000, friendships: 100_000, posts: 100_000, viewers: 1_000 };
  parseFlags(argv, {
    ...compareFlags(o),
    "--max-in-flight": (v) => (o.maxInFlight = Math.max(1, v.num())),
    "--users": (v) => (o.users = v.num()),
    "--friendships": (v) => (o.friendships = v.num()),
    "--posts": (v) => (o.posts = v.num()),
    "--viewers": (v) => (o.viewers = Math.max(1, v.num())),
  });
  if (o.users < 100) throw new Error("--users must be at least 100");
  if (o.friendships > (o.users * (o.users - 1)) / 8) throw new Error("--friendships: too many for --users");
  return o;
}

interface Viewer {
  token: string;
  id: string;
  newcomer: boolean;
  friends: number;
}
interface Prepared {
  viewers: Viewer[];
  queries: string[];
  searches: Array<{ viewer: number; query: string }>;
}

/**
 * What people type in the header search: the first 1–4 letters of a real first name, last name or
 * username, as typed (capitalised 40 % of the time), and one in twenty that matches nobody.
 */
function makeQueries(people: Person[], count: number): string[] {
  const r = prng(11);
  const out: string[] = [];
  for (let k = 0; k < count; k++) {
    const len = 1 + (k % 4);
    if (r.next() < 0.05) {
      out.push(Array.from({ length: len }, () => "qxzwj"[r.int(5)]).join(""));
      continue;
    }
    const p = r.pick(people);
    const roll = r.next();
    const field = roll < 0.45 ? p.first_name : roll < 0.85 ? p.last_name : p.username;
    const prefix = [...field].slice(0, len).join("");
    out.push(r.next() < 0.4 ? prefix : prefix.toLowerCase());
  }
  return out;
}

interface Page {
  items: Array<{ status: string; mutualFriends: number; sharedTags: number }>;
  nextCursor: string | null;
}

/**
 * The requests whose answers must be the same bytes: recommendations (first and second page, with
 * a name filter; viewers with many friends, few, none) and searches (first and next pages).
 */
async function checkIdentical(p: Prepared, same: (name: string, path: string, cookie: string | null) => Promise<string>): Promise<string> {
  const { viewers } = p;
  const byFriends = viewers.map((v, i) => ({ i, n: v.friends })).sort((a, b) => b.n - a.n);
  const newcomer = viewers.findIndex((v) => v.newcomer);
  const chosen = [...new Set([0, 1, 2, 3, byFriends[0]!.i, byFriends[Math.floor(byFriends.length / 2)]!.i, byFriends.at(-1)!.i, ...(newcomer >= 0 ? [newcomer] : [])])];
  const cases: Array<{ name: string; viewer: number; path: string; follow?: (cursor: string) => string }> = [];
  for (const v of chosen) {
    const note = `viewer ${v} (${viewers[v]!.friends} friends${viewers[v]!.newcomer ? ", new" : ""})`;
    cases.push({ name: `${note}: recommendations`, viewer: v, path: friendsPath("recommendations", { limit: LIMIT }) });
    cases.push({ name: `${note}: recommendations, page 2`, viewer: v, path: friendsPath("recommendations", { limit: LIMIT, cursor: String(LIMIT) }) });
  }
  for (const q of ["о", "a"]) cases.push({ name: `viewer 0: recommendations named "${q}…"`, viewer: 0, path: friendsPath("recommendations", { query: q, limit: LIMIT }) });
  for (const s of p.searches.slice(0, 40)) {
    cases.push({ name: `viewer ${s.viewer}: search "${s.query}"`, viewer: s.viewer, path: friendsPath("search", { query: s.query, limit: LIMIT }), follow: (cursor) => friendsPath("search", { query: s.query, cursor, limit: LIMIT }) });
  }
  const statuses: Record<string, number> = {};
  let recItems = 0;
  let withMutual = 0;
  let withTags = 0;
  const compare = async (name: string, viewer: number, path: string): Promise<Page> =>
    (JSON.parse(await same(name, path, `wit_session=${viewers[viewer]!.token}`)) as { result: { data: Page } }).result.data;
  for (const c of cases) {
    const page = await compare(c.name, c.viewer, c.path);
    if (c.path.startsWith("/trpc/friends.")) {
      recItems += page.items.length;
      withMutual += page.items.filter((i) => i.mutualFriends > 0).length;
      withTags += page.items.filter((i) => i.sharedTags > 0).length;
    } else for (const i of page.items) statuses[i.status] = (statuses[i.status] ?? 0) + 1;
    if (c.follow && page.nextCursor) await compare(`${c.name}, next page`, c.viewer, c.follow(page.nextCursor));
  }
  return `recommendations checked: ${recItems} people, ${withMutual} with mutual friends, ${withTags} with shared tags; search results' statuses: ${Object.entries(statuses).map(([k, v]) => `${k} ${v}`).join(", ")}`;
}

export async function benchFriends(argv: string[] = []): Promise<{ ok: boolean }> {
  const o = parseOptions(argv);
  const wanted: FriendsSeedOptions = { users: o.users, friendships: o.friendships, posts: o.posts, viewers: o.viewers };
  const phases: FriendsPhaseConfig[] = [
    { name: "closed-recommendations", mode: "closed", endpoint: "recommendations", concurrency: o.concurrency, warmupS: o.warmup, durationS: o.duration },
    { name: "closed-search", mode: "closed", endpoint: "search", concurrency: o.concurrency, warmupS: o.warmup, durationS: o.duration },
    { name: "paced-recommendations", mode: "paced", endpoint: "recommendations", rate: o.rate, warmupS: 2, durationS: o.pacedDuration },
    { name: "paced-search", mode: "paced", endpoint: "search", rate: o.rate, warmupS: 2, durationS: o.pacedDuration },
  ];
  return compareApp<Prepared, FriendsPhaseResult>({
    name: "friends",
    argv,
    o,
    seedOptions: wanted,
    seeding: `seeding ${o.users} people, ${o.friendships} friendships, ${o.posts} posts, ${o.viewers} signed-in viewers`,
    seed: async (dataDir) => {
      const seeded = await seedFriends(dataDir, wanted);
      const queries = makeQueries(seeded.people, QUERIES);
      const r = prng(12);
      const searches = Array.from({ length: SEARCHES }, (_, k) => ({ viewer: k % seeded.viewers.length, query: queries[r.int(queries.length)]! }));
      return { seconds: seeded.seconds, rows: seeded.rows, saved: { viewers: seeded.viewers, queries, searches } };
    },
    check: checkIdentical,
    load: (prepared) => ({
      tokens: prepared.viewers.map((v) => v.token),
      requests: {
        recommendations: prepared.viewers.map((_, viewer): FriendsRequest => ({ viewer, path: friendsPath("recommendations", { limit: LIMIT }) })),
        search: prepared.searches.map((s): FriendsRequest => ({ viewer: s.viewer, path: friendsPath("search", { query: s.query, limit: LIMIT }) })),
      } satisfies Record<FriendsEndpoint, FriendsRequest[]>,
      maxInFlight: o.maxInFlight,
      phases,
    }),
    rows: (run) => friendsRows(run, { concurrency: o.concurrency, rate: o.rate, maxInFlight: o.maxInFlight }),
    title: "Friends benchmark: friends.recommendations and people.search through the app vs a bare Bun.serve handler",
    data:
      `Data: ${o.users.toLocaleString("en-US")} people, ${o.friendships.toLocaleString("en-US")} friendships, ${o.posts.toLocaleString("en-US")} posts; pages of ${LIMIT}, ` +
      `requests rotating over ${o.viewers.toLocaleString("en-US")} signed-in viewers (searches: ${QUERIES} queries of 1–4 letters); `,
    heading: "## Friends",
  });
}

if (import.meta.main) await runMain(benchFriends);
