/**
 * `bun run bench:feed`: `posts.feed` through the real app (tRPC over HTTP, signed in) against a
 * bare Bun.serve handler running the same SQL on the same database file, in the same run.
 *
 * 1. Seeds a fresh SQLite file through the app's migrations (bench/feed-seed.ts): 10,000 users,
 *    100,000 posts with tags, likes, comments and some images; sessions for the viewers.
 * 2. Starts both servers once and checks that they answer byte-identical JSON for a few viewers,
 *    the first page, the deep page and a guest (fails the run otherwise).
 * 3. Per run, each server alone, pinned to core 0 with the load generator (bench/feed-load.ts, a
 *    separate process) on core 1: the first page and the deep page (cursor at post 90,000 of
 *    100,000, newest first) in a closed loop (requests/s), then each paced (default 200 req/s:
 *    latency). Runs alternate which server goes first.
 * 4. Prints app / bare / ratio with PASS/FAIL per target and refreshes the feed results section
 *    of BENCHMARKS.md.
 *
 * Options: --runs 1 --concurrency 16 --warmup 10 --duration 8 --rate 200 --paced-duration 10
 *          --users 10000 --posts 100000 --viewers 100 --limit 20 --quick --no-write --json <file>
 *          --data <dir> (seed there once and reuse it on later runs) --profile <dir> (the app
 *          writes a markdown CPU profile there; profiling costs CPU, so that run's ratios mean nothing)
 *          --app-root <dir> (run the app of another checkout, e.g. `git archive <commit> | tar -x -C
 *          <dir>` with node_modules linked: an older tree against the same bare handler and data)
 */
import { feedPath, type FeedPhaseConfig, type FeedPhaseResult } from "./feed-load.ts";
import { seedFeed, type FeedSeedOptions } from "./feed-seed.ts";
import { parseFlags, runMain } from "./lib/common.ts";
import { feedRows } from "./lib/feed-report.ts";
import { compareApp, compareDefaults, compareFlags, type CompareOptions } from "./lib/http-compare.ts";

interface Options extends CompareOptions, FeedSeedOptions {
  limit: number;
}

function parseOptions(argv: string[]): Options {
  const o: Options = { ...compareDefaults(200), users: 10_000, posts: 100_000, viewers: 100, limit: 20 };
  parseFlags(argv, {
    ...compareFlags(o),
    "--users": (v) => (o.users = v.num()),
    "--posts": (v) => (o.posts = v.num()),
    "--viewers": (v) => (o.viewers = Math.max(1, v.num())),
    "--limit": (v) => (o.limit = v.num()),
  });
  if (o.posts < 1000) throw new Error("--posts must be at least 1000");
  return o;
}

const log = (msg: string) => console.error(`[bench:feed] ${msg}`);

export async function benchFeed(argv: string[] = []): Promise<{ ok: boolean }> {
  const o = parseOptions(argv);
  const wanted: FeedSeedOptions = { users: o.users, posts: o.posts, viewers: o.viewers };
  // Post ids are 1..posts, newest last: the page after this cursor starts 90 % of the way down.
  const deepCursor = String(Math.round(o.posts * 0.1) + 1);
  const phases: FeedPhaseConfig[] = [
    { name: "closed-first", mode: "closed", page: "first", concurrency: o.concurrency, warmupS: o.warmup, durationS: o.duration },
    { name: "closed-deep", mode: "closed", page: "deep", concurrency: o.concurrency, warmupS: 2, durationS: o.duration },
    { name: "paced-first", mode: "paced", page: "first", rate: o.rate, warmupS: 2, durationS: o.pacedDuration },
    { name: "paced-deep", mode: "paced", page: "deep", rate: o.rate, warmupS: 2, durationS: o.pacedDuration },
  ];
  return compareApp<{ tokens: string[] }, FeedPhaseResult>({
    name: "feed",
    argv,
    o,
    seedOptions: wanted,
    seeding: `seeding ${o.users} users, ${o.posts} posts, ${o.viewers} signed-in viewers`,
    seed: async (dataDir) => {
      const seeded = await seedFeed(dataDir, wanted);
      return { seconds: seeded.seconds, rows: seeded.rows, saved: { tokens: seeded.tokens } };
    },
    // Every answer the same bytes: a guest, a few viewers on the first and the deep page, 50 posts.
    check: async ({ tokens }, same) => {
      const cases: Array<{ name: string; cookie: string | null; cursor: string | null; limit: number }> = [{ name: "guest, first page", cookie: null, cursor: null, limit: o.limit }];
      for (const i of [0, 1, Math.min(2, tokens.length - 1)]) {
        for (const [page, cursor] of [["first", null], ["deep", deepCursor]] as const) cases.push({ name: `viewer ${i}, ${page} page`, cookie: `wit_session=${tokens[i]}`, cursor, limit: o.limit });
      }
      cases.push({ name: "viewer 0, 50 posts", cookie: `wit_session=${tokens[0]}`, cursor: String(Number(deepCursor) + 5_000), limit: 50 });
      for (const c of cases) {
        const body = await same(c.name, feedPath(c.limit, c.cursor), c.cookie);
        if (!body.includes('"liked":true') && c.cookie && c.limit === 50) log(`note: ${c.name} has no liked post`);
      }
    },
    load: ({ tokens }) => ({ tokens, deepCursor, limit: o.limit, phases }),
    rows: (run) => feedRows(run, { concurrency: o.concurrency, rate: o.rate }),
    title: "Feed benchmark: posts.feed through the app vs a bare Bun.serve handler",
    data:
      `Data: ${o.users.toLocaleString("en-US")} users, ${o.posts.toLocaleString("en-US")} posts; pages of ${o.limit}, requests rotating over ${o.viewers} signed-in viewers; `,
    heading: "## Feed",
  });
}

if (import.meta.main) await runMain(benchFeed);
