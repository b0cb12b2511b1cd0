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
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { feedUrl, type FeedLoadConfig, type FeedPhaseConfig, type FeedPhaseResult } from "./feed-load.ts";
import { seedFeed, type FeedSeedOptions } from "./feed-seed.ts";
import { benchEnv, machineDescription, runHeader, runLoadGenerator, runMain, withServer as withPort } from "./lib/common.ts";
import { feedRows, type FeedRun } from "./lib/feed-report.ts";
import { hasTaskset, onInterrupt, spawnPinned, waitForHttp, type Pinned } from "./lib/procs.ts";
import { consoleTable, markdownTable, writeResults } from "./lib/report.ts";

const ROOT = join(import.meta.dir, "..");
const PIN = cpus().length >= 2;
const SERVER_CORE = PIN ? 0 : null;
const LOAD_CORE = PIN ? 1 : null;

interface Options extends FeedSeedOptions {
  runs: number;
  concurrency: number;
  /** Closed-loop load before the first measured window: a fresh server JIT-compiles its hot code first. */
  warmup: number;
  duration: number;
  rate: number;
  pacedDuration: number;
  limit: number;
  write: boolean;
  json: string | null;
  data: string | null;
  profile: string | null;
  appRoot: string;
}

function parseOptions(argv: string[]): Options {
  const o: Options = { runs: 1, concurrency: 16, warmup: 10, duration: 8, rate: 200, pacedDuration: 10, users: 10_000, posts: 100_000, viewers: 100, limit: 20, write: true, json: null, data: null, profile: null, appRoot: ROOT };
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
    else if (a === "--users") o.users = num();
    else if (a === "--posts") o.posts = num();
    else if (a === "--viewers") o.viewers = Math.max(1, num());
    else if (a === "--limit") o.limit = num();
    else if (a === "--no-write") o.write = false;
    else if (a === "--json") o.json = argv[++i] ?? null;
    else if (a === "--data") o.data = argv[++i] ?? null;
    else if (a === "--app-root") o.appRoot = argv[++i] ?? ROOT;
    else if (a === "--profile") Object.assign(o, { profile: argv[++i] ?? null, write: false });
    else if (a === "--quick") Object.assign(o, { warmup: 3, duration: 3, pacedDuration: 3, write: false });
    else throw new Error(`unknown option ${a}`);
  }
  if (o.posts < 1000) throw new Error("--posts must be at least 1000");
  return o;
}

const log = (msg: string) => console.error(`[bench:feed] ${msg}`);

let appRoot = ROOT;

async function startServer(kind: "app" | "bare", port: number, dataDir: string, profile: string | null): Promise<Pinned> {
  const profiling = kind === "app" && profile ? ["--cpu-prof-md", "--cpu-prof-interval=200", `--cpu-prof-dir=${profile}`] : [];
  const argv = kind === "app" ? ["bun", ...profiling, join(appRoot, "server/main.ts")] : ["bun", join(ROOT, "bench/feed-bare.ts")];
  const env = kind === "app" ? benchEnv(port, dataDir) : { HOST: "127.0.0.1", PORT: String(port), DATA_DIR: dataDir, QUIET: "1" };
  const p = spawnPinned(SERVER_CORE, argv, { env, stdout: "ignore", stderr: "inherit", cwd: ROOT });
  await waitForHttp(`http://127.0.0.1:${port}${kind === "app" ? "/healthz" : "/"}`, p.proc);
  return p;
}

function withServer<T>(kind: "app" | "bare", dataDir: string, fn: (url: string, pid: number) => Promise<T>, profile: string | null = null): Promise<T> {
  return withPort(kind, (port) => startServer(kind, port, dataDir, profile), fn);
}

async function runLoad(cfg: FeedLoadConfig, tmp: string): Promise<FeedPhaseResult[]> {
  const file = join(tmp, `feed-load-${cfg.target}.json`);
  return (await runLoadGenerator<{ phases: FeedPhaseResult[] }>(LOAD_CORE, "bench/feed-load.ts", file, cfg, cfg.target)).phases;
}

/** Seeds (or reuses `--data`): the data directory and the viewers' session tokens. */
async function prepareData(o: Options, tmp: string): Promise<{ dataDir: string; tokens: string[] }> {
  const root = o.data ?? tmp;
  const dataDir = join(root, "data");
  const meta = join(root, "feed-seed.json");
  const wanted = { users: o.users, posts: o.posts, viewers: o.viewers };
  if (existsSync(meta)) {
    const saved = JSON.parse(readFileSync(meta, "utf8")) as { options: FeedSeedOptions; tokens: string[] };
    if (JSON.stringify(saved.options) === JSON.stringify(wanted)) {
      log(`reusing the seeded database in ${dataDir}`);
      return { dataDir, tokens: saved.tokens };
    }
  }
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  log(`seeding ${o.users} users, ${o.posts} posts, ${o.viewers} signed-in viewers`);
  const seeded = await seedFeed(dataDir, wanted);
  log(`seeded in ${seeded.seconds.toFixed(1)} s: ${Object.entries(seeded.rows).map(([k, v]) => `${v} ${k}`).join(", ")}`);
  writeFileSync(meta, JSON.stringify({ options: wanted, tokens: seeded.tokens }));
  return { dataDir, tokens: seeded.tokens };
}

/** Both servers at once, the same requests: every answer must be the same bytes. */
async function checkIdentical(dataDir: string, tokens: string[], limit: number, deepCursor: string): Promise<number> {
  return withServer("app", dataDir, (appUrl) =>
    withServer("bare", dataDir, async (bareUrl) => {
      const cases: Array<{ name: string; cookie: string | null; cursor: string | null; limit: number }> = [{ name: "guest, first page", cookie: null, cursor: null, limit }];
      for (const i of [0, 1, Math.min(2, tokens.length - 1)]) {
        for (const [page, cursor] of [["first", null], ["deep", deepCursor]] as const) cases.push({ name: `viewer ${i}, ${page} page`, cookie: `wit_session=${tokens[i]}`, cursor, limit });
      }
      cases.push({ name: "viewer 0, 50 posts", cookie: `wit_session=${tokens[0]}`, cursor: String(Number(deepCursor) + 5_000), limit: 50 });
      for (const c of cases) {
        const get = async (base: string) => {
          const res = await fetch(feedUrl(base, c.limit, c.cursor), { headers: c.cookie ? { cookie: c.cookie } : {} });
          return { status: res.status, body: await res.text() };
        };
        const [a, b] = [await get(appUrl), await get(bareUrl)];
        if (a.status !== 200 || b.status !== 200) throw new Error(`${c.name}: app answered ${a.status}, bare ${b.status}`);
        if (a.body !== b.body) {
          const at = [...a.body].findIndex((ch, k) => ch !== b.body[k]);
          throw new Error(`${c.name}: the app and the bare handler answer different JSON (first difference at character ${at}: app …${a.body.slice(Math.max(0, at - 60), at + 60)}… bare …${b.body.slice(Math.max(0, at - 60), at + 60)}…)`);
        }
        if (!a.body.includes('"liked":true') && c.cookie && c.limit === 50) log(`note: ${c.name} has no liked post`);
      }
      log(`the app and the bare handler answer byte-identical JSON (${cases.length} requests)`);
      return cases.length;
    }),
  );
}

export async function benchFeed(argv: string[] = []): Promise<{ ok: boolean }> {
  const o = parseOptions(argv);
  appRoot = o.appRoot;
  const started = Date.now();
  const tmp = mkdtempSync(join(tmpdir(), "world-it-bench-feed-"));
  const removeTmp = () => rmSync(tmp, { recursive: true, force: true });
  const unregister = onInterrupt(removeTmp);
  try {
    if (!hasTaskset) log("taskset not found: processes are NOT pinned to cores; figures are less meaningful");
    if (!PIN) log("fewer than 2 cores: server and load generator share one (not pinned)");
    const { dataDir, tokens } = await prepareData(o, tmp);
    // Post ids are 1..posts, newest last: the page after this cursor starts 90 % of the way down.
    const deepCursor = String(Math.round(o.posts * 0.1) + 1);
    await checkIdentical(dataDir, tokens, o.limit, deepCursor);

    const phases: FeedPhaseConfig[] = [
      { name: "closed-first", mode: "closed", page: "first", concurrency: o.concurrency, warmupS: o.warmup, durationS: o.duration },
      { name: "closed-deep", mode: "closed", page: "deep", concurrency: o.concurrency, warmupS: 2, durationS: o.duration },
      { name: "paced-first", mode: "paced", page: "first", rate: o.rate, warmupS: 2, durationS: o.pacedDuration },
      { name: "paced-deep", mode: "paced", page: "deep", rate: o.rate, warmupS: 2, durationS: o.pacedDuration },
    ];
    const measure = (target: "app" | "bare") =>
      withServer(
        target,
        dataDir,
        (url, serverPid) => runLoad({ target, url, serverPid, tokens, deepCursor, limit: o.limit, phases }, tmp),
        target === "app" ? o.profile : null,
      );
    const run: FeedRun = { app: [], bare: [] };
    for (let i = 0; i < o.runs; i++) {
      if (o.runs > 1) log(`run ${i + 1} of ${o.runs}`);
      // Alternate which goes first, so a drift of the host's load does not favour one side.
      for (const target of i % 2 === 0 ? (["app", "bare"] as const) : (["bare", "app"] as const)) run[target].push(await measure(target));
    }
    const seconds = (Date.now() - started) / 1000;

    const table = feedRows(run, { concurrency: o.concurrency, rate: o.rate });
    const ok = table.every((r) => r.verdict !== "FAIL");
    console.log(`\nFeed benchmark: posts.feed through the app vs a bare Bun.serve handler (${PIN ? `server on core ${SERVER_CORE}, load generator on core ${LOAD_CORE}` : "not pinned"})\n`);
    console.log(consoleTable(table));
    console.log(`\n${ok ? "all targets PASS" : "some targets FAIL"} — ${seconds.toFixed(0)} s`);

    const machine = machineDescription("SQLite");
    if (o.json) writeFileSync(o.json, JSON.stringify({ options: o, machine, seconds, run }, null, 2));
    if (o.write) {
      const section = [
        ...runHeader("bench:feed", argv, ["--json", "--data", "--app-root"], seconds, machine),
        `Data: ${o.users.toLocaleString("en-US")} users, ${o.posts.toLocaleString("en-US")} posts; pages of ${o.limit}, requests rotating over ${o.viewers} signed-in viewers; ` +
          `warm-up ${o.warmup} s, closed-loop windows ${o.duration} s, paced windows ${o.pacedDuration} s${o.runs > 1 ? `; ${o.runs} runs, the servers alternating, medians (range), ratios paired per run` : ""}.`,
        "",
        markdownTable(table),
      ].join("\n");
      writeResults(join(ROOT, "BENCHMARKS.md"), "feed", section, "## Feed");
      log("BENCHMARKS.md updated");
    }
    return { ok };
  } finally {
    unregister();
    removeTmp();
  }
}

if (import.meta.main) await runMain(benchFeed);
