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
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { friendsPath, type FriendsLoadConfig, type FriendsPhaseConfig, type FriendsPhaseResult, type FriendsRequest } from "./friends-load.ts";
import { friendsRows, type FriendsRun } from "./friends-report.ts";
import { prng, seedFriends, type FriendsSeedOptions, type Person } from "./friends-seed.ts";
import { benchEnv, machineDescription, runHeader, runLoadGenerator, runMain, withServer as withPort } from "./lib/common.ts";
import { hasTaskset, onInterrupt, spawnPinned, waitForHttp, type Pinned } from "./lib/procs.ts";
import { consoleTable, markdownTable, writeResults } from "./lib/report.ts";

const ROOT = join(import.meta.dir, "..");
const PIN = cpus().length >= 2;
const SERVER_CORE = PIN ? 0 : null;
const LOAD_CORE = PIN ? 1 : null;
/** Distinct search queries, and search requests in the load generator's rotation. */
const QUERIES = 400;
const SEARCHES = 4_000;
const LIMIT = 20;

interface Options extends FriendsSeedOptions {
  runs: number;
  concurrency: number;
  /** Closed-loop load before each closed-loop window: a fresh server JIT-compiles its hot code first. */
  warmup: number;
  duration: number;
  rate: number;
  pacedDuration: number;
  maxInFlight: number;
  write: boolean;
  json: string | null;
  data: string | null;
  profile: string | null;
  appRoot: string;
}

function parseOptions(argv: string[]): Options {
  const o: Options = {
    runs: 1,
    concurrency: 16,
    warmup: 10,
    duration: 8,
    rate: 100,
    pacedDuration: 10,
    maxInFlight: 100,
    users: 10_000,
    friendships: 100_000,
    posts: 100_000,
    viewers: 1_000,
    write: true,
    json: null,
    data: null,
    profile: null,
    appRoot: ROOT,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const num = () => {
      const v = Number(argv[++i]);
      if (!Number.isFinite(v) || v < 0) throw new Error(`${a} needs a number`);
      return v;
    };
    if (a === "--runs") o.runs = Math.max(1, Math.floor(num()));
    else if (a === "--concurrency") o.concurrency = Math.max(1, num());
    else if (a === "--warmup") o.warmup = num();
    else if (a === "--duration") o.duration = num();
    else if (a === "--rate") o.rate = num();
    else if (a === "--paced-duration") o.pacedDuration = num();
    else if (a === "--max-in-flight") o.maxInFlight = Math.max(1, num());
    else if (a === "--users") o.users = num();
    else if (a === "--friendships") o.friendships = num();
    else if (a === "--posts") o.posts = num();
    else if (a === "--viewers") o.viewers = Math.max(1, num());
    else if (a === "--no-write") o.write = false;
    else if (a === "--json") o.json = argv[++i] ?? null;
    else if (a === "--data") o.data = argv[++i] ?? null;
    else if (a === "--app-root") o.appRoot = argv[++i] ?? ROOT;
    else if (a === "--profile") Object.assign(o, { profile: argv[++i] ?? null, write: false });
    else if (a === "--quick") Object.assign(o, { warmup: 3, duration: 3, pacedDuration: 3, write: false });
    else throw new Error(`unknown option ${a}`);
  }
  if (o.users < 100) throw new Error("--users must be at least 100");
  if (o.friendships > (o.users * (o.users - 1)) / 8) throw new Error("--friendships: too many for --users");
  return o;
}

const log = (msg: string) => console.error(`[bench:friends] ${msg}`);

let appRoot = ROOT;

async function startServer(kind: "app" | "bare", port: number, dataDir: string, profile: string | null): Promise<Pinned> {
  const profiling = kind === "app" && profile ? ["--cpu-prof-md", "--cpu-prof-interval=200", `--cpu-prof-dir=${profile}`] : [];
  const argv = kind === "app" ? ["bun", ...profiling, join(appRoot, "server/main.ts")] : ["bun", join(ROOT, "bench/friends-bare.ts")];
  const env = kind === "app" ? benchEnv(port, dataDir) : { HOST: "127.0.0.1", PORT: String(port), DATA_DIR: dataDir, QUIET: "1" };
  const p = spawnPinned(SERVER_CORE, argv, { env, stdout: "ignore", stderr: "inherit", cwd: ROOT });
  await waitForHttp(`http://127.0.0.1:${port}${kind === "app" ? "/healthz" : "/"}`, p.proc);
  return p;
}

function withServer<T>(kind: "app" | "bare", dataDir: string, fn: (url: string, pid: number) => Promise<T>, profile: string | null = null): Promise<T> {
  return withPort(kind, (port) => startServer(kind, port, dataDir, profile), fn);
}

interface Viewer {
  token: string;
  id: string;
  newcomer: boolean;
  friends: number;
}
interface Prepared {
  dataDir: string;
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

/** Seeds (or reuses `--data`): the data directory, the viewers' session tokens, the searches. */
async function prepareData(o: Options, tmp: string): Promise<Prepared> {
  const root = o.data ?? tmp;
  const dataDir = join(root, "data");
  const meta = join(root, "friends-seed.json");
  const wanted: FriendsSeedOptions = { users: o.users, friendships: o.friendships, posts: o.posts, viewers: o.viewers };
  if (existsSync(meta)) {
    const saved = JSON.parse(readFileSync(meta, "utf8")) as { options: FriendsSeedOptions } & Omit<Prepared, "dataDir">;
    if (JSON.stringify(saved.options) === JSON.stringify(wanted)) {
      log(`reusing the seeded database in ${dataDir}`);
      return { dataDir, viewers: saved.viewers, queries: saved.queries, searches: saved.searches };
    }
  }
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  log(`seeding ${o.users} people, ${o.friendships} friendships, ${o.posts} posts, ${o.viewers} signed-in viewers`);
  const seeded = await seedFriends(dataDir, wanted);
  log(`seeded in ${seeded.seconds.toFixed(1)} s: ${Object.entries(seeded.rows).map(([k, v]) => `${v} ${k}`).join(", ")}`);
  const queries = makeQueries(seeded.people, QUERIES);
  const r = prng(12);
  const searches = Array.from({ length: SEARCHES }, (_, k) => ({ viewer: k % seeded.viewers.length, query: queries[r.int(queries.length)]! }));
  const prepared = { viewers: seeded.viewers, queries, searches };
  writeFileSync(meta, JSON.stringify({ options: wanted, ...prepared }));
  return { dataDir, ...prepared };
}

interface Page {
  items: Array<{ status: string; mutualFriends: number; sharedTags: number }>;
  nextCursor: string | null;
}

/** Both servers at once, the same requests: every answer must be the same bytes. */
async function checkIdentical(p: Prepared): Promise<number> {
  return withServer("app", p.dataDir, (appUrl) =>
    withServer("bare", p.dataDir, async (bareUrl) => {
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
      let compared = 0;
      const compare = async (name: string, viewer: number, path: string): Promise<Page> => {
        const get = async (base: string) => {
          const res = await fetch(base + path, { headers: { cookie: `wit_session=${viewers[viewer]!.token}` } });
          return { status: res.status, body: await res.text() };
        };
        const [a, b] = [await get(appUrl), await get(bareUrl)];
        compared++;
        if (a.status !== 200 || b.status !== 200) throw new Error(`${name}: app answered ${a.status}, bare ${b.status} (${a.body.slice(0, 200)})`);
        if (a.body !== b.body) {
          const at = [...a.body].findIndex((ch, k) => ch !== b.body[k]);
          throw new Error(`${name}: the app and the bare handler answer different JSON (first difference at character ${at}: app …${a.body.slice(Math.max(0, at - 60), at + 60)}… bare …${b.body.slice(Math.max(0, at - 60), at + 60)}…)`);
        }
        return (JSON.parse(a.body) as { result: { data: Page } }).result.data;
      };
      for (const c of cases) {
        const page = await compare(c.name, c.viewer, c.path);
        if (c.path.startsWith("/trpc/friends.")) {
          recItems += page.items.length;
          withMutual += page.items.filter((i) => i.mutualFriends > 0).length;
          withTags += page.items.filter((i) => i.sharedTags > 0).length;
        } else for (const i of page.items) statuses[i.status] = (statuses[i.status] ?? 0) + 1;
        if (c.follow && page.nextCursor) await compare(`${c.name}, next page`, c.viewer, c.follow(page.nextCursor));
      }
      log(`the app and the bare handler answer byte-identical JSON (${compared} requests)`);
      log(`recommendations checked: ${recItems} people, ${withMutual} with mutual friends, ${withTags} with shared tags; search results' statuses: ${Object.entries(statuses).map(([k, v]) => `${k} ${v}`).join(", ")}`);
      return compared;
    }),
  );
}

async function runLoad(cfg: FriendsLoadConfig, tmp: string): Promise<FriendsPhaseResult[]> {
  const file = join(tmp, `friends-load-${cfg.target}.json`);
  return (await runLoadGenerator<{ phases: FriendsPhaseResult[] }>(LOAD_CORE, "bench/friends-load.ts", file, cfg, cfg.target)).phases;
}

export async function benchFriends(argv: string[] = []): Promise<{ ok: boolean }> {
  const o = parseOptions(argv);
  appRoot = o.appRoot;
  const started = Date.now();
  const tmp = mkdtempSync(join(tmpdir(), "world-it-bench-friends-"));
  const removeTmp = () => rmSync(tmp, { recursive: true, force: true });
  const unregister = onInterrupt(removeTmp);
  try {
    if (!hasTaskset) log("taskset not found: processes are NOT pinned to cores; figures are less meaningful");
    if (!PIN) log("fewer than 2 cores: server and load generator share one (not pinned)");
    const prepared = await prepareData(o, tmp);
    await checkIdentical(prepared);

    const requests: FriendsLoadConfig["requests"] = {
      recommendations: prepared.viewers.map((_, viewer): FriendsRequest => ({ viewer, path: friendsPath("recommendations", { limit: LIMIT }) })),
      search: prepared.searches.map((s): FriendsRequest => ({ viewer: s.viewer, path: friendsPath("search", { query: s.query, limit: LIMIT }) })),
    };
    const phases: FriendsPhaseConfig[] = [
      { name: "closed-recommendations", mode: "closed", endpoint: "recommendations", concurrency: o.concurrency, warmupS: o.warmup, durationS: o.duration },
      { name: "closed-search", mode: "closed", endpoint: "search", concurrency: o.concurrency, warmupS: o.warmup, durationS: o.duration },
      { name: "paced-recommendations", mode: "paced", endpoint: "recommendations", rate: o.rate, warmupS: 2, durationS: o.pacedDuration },
      { name: "paced-search", mode: "paced", endpoint: "search", rate: o.rate, warmupS: 2, durationS: o.pacedDuration },
    ];
    const tokens = prepared.viewers.map((v) => v.token);
    const measure = (target: "app" | "bare") =>
      withServer(
        target,
        prepared.dataDir,
        (url, serverPid) => runLoad({ target, url, serverPid, tokens, requests, maxInFlight: o.maxInFlight, phases }, tmp),
        target === "app" ? o.profile : null,
      );
    const run: FriendsRun = { app: [], bare: [] };
    for (let i = 0; i < o.runs; i++) {
      if (o.runs > 1) log(`run ${i + 1} of ${o.runs}`);
      // Alternate which goes first, so a drift of the host's load does not favour one side.
      for (const target of i % 2 === 0 ? (["app", "bare"] as const) : (["bare", "app"] as const)) run[target].push(await measure(target));
    }
    const seconds = (Date.now() - started) / 1000;

    const table = friendsRows(run, { concurrency: o.concurrency, rate: o.rate, maxInFlight: o.maxInFlight });
    const ok = table.every((r) => r.verdict !== "FAIL");
    console.log(`\nFriends benchmark: friends.recommendations and people.search through the app vs a bare Bun.serve handler (${PIN ? `server on core ${SERVER_CORE}, load generator on core ${LOAD_CORE}` : "not pinned"})\n`);
    console.log(consoleTable(table));
    console.log(`\n${ok ? "all targets PASS" : "some targets FAIL"} — ${seconds.toFixed(0)} s`);

    const machine = machineDescription("SQLite");
    if (o.json) writeFileSync(o.json, JSON.stringify({ options: o, machine, seconds, run }, null, 2));
    if (o.write) {
      const section = [
        ...runHeader("bench:friends", argv, ["--json", "--data", "--app-root"], seconds, machine),
        `Data: ${o.users.toLocaleString("en-US")} people, ${o.friendships.toLocaleString("en-US")} friendships, ${o.posts.toLocaleString("en-US")} posts; pages of ${LIMIT}, ` +
          `requests rotating over ${o.viewers.toLocaleString("en-US")} signed-in viewers (searches: ${QUERIES} queries of 1–4 letters); ` +
          `warm-up ${o.warmup} s, closed-loop windows ${o.duration} s, paced windows ${o.pacedDuration} s${o.runs > 1 ? `; ${o.runs} runs, the servers alternating, medians (range), ratios paired per run` : ""}.`,
        "",
        markdownTable(table),
      ].join("\n");
      writeResults(join(ROOT, "BENCHMARKS.md"), "friends", section, "## Friends");
      log("BENCHMARKS.md updated");
    }
    return { ok };
  } finally {
    unregister();
    removeTmp();
  }
}

if (import.meta.main) await runMain(benchFriends);
