/**
 * `bun run bench:bell`: a viral post through the real app. One author's socket is open; N people
 * (default 1,000, each with their own session cookie) like the author's one post over S seconds
 * (default 10) through HTTP tRPC (`posts.like`), paced evenly. Measured: the `notification`
 * frames the author's socket receives (how many per second: max and mean), the likes/s the app
 * achieved, their latency and the server's CPU per like — with the bell's coalescing (at most one
 * frame per person per NOTIFICATION_LIMITS.frameIntervalMs) and, as the same run's baseline, with
 * it off (NOTIFICATION_FRAME_INTERVAL_MS=0: no interval; only likes landing in the same tick share a
 * frame). Then checks the author's
 * bell: one entry counting N people, one unseen.
 *
 * 1. Per mode, a fresh SQLite file migrated by the app's own code, then bulk inserts through
 *    bun:sqlite: the author, N verified likers with a session each (cookie tokens kept; the table
 *    stores sha256(token) like server/features/auth/lucia.ts) and the post.
 * 2. The app (`bun server/main.ts`, NODE_ENV=production) pinned to core 0; the load generator
 *    (bench/bell-load.ts, a separate process) on core 1. Modes alternate which goes first
 *    across runs.
 * 3. Prints a table with PASS/FAIL per target and refreshes the bell section of BENCHMARKS.md.
 *
 * Options: --likers 1000 --seconds 10 --runs 2 --no-write --json <file> --quick (200 likers in
 *          3 s, BENCHMARKS.md untouched)
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { benchEnv, LOAD_CORE, machineDescription, parseFlags, runHeader, runLoadGenerator, runMain, SERVER_CORE, withServer } from "./lib/common.ts";
import { spawnPinned, waitForHttp, type Pinned } from "./lib/procs.ts";
import { f, markdownTable, ms, spread, show, times, verdict, writeResults, type Row } from "./lib/report.ts";
import { DAY, insertSession, insertUser, newToken, openForSeeding, SESSION_DAYS, sha256Hex } from "./lib/seed-kit.ts";
import { TAIL_MS, type LoadConfig, type LoadResult } from "./bell-load.ts";

const ROOT = join(import.meta.dir, "..");
/** "At most a few frames per second" (issue 19): the coalesced mode's busiest second. */
const MAX_FRAMES_PER_S = 3;

type Mode = "coalesced" | "off";

interface Options {
  likers: number;
  seconds: number;
  runs: number;
  write: boolean;
  json: string | null;
}

function parseOptions(argv: string[]): Options {
  const o: Options = { likers: 1_000, seconds: 10, runs: 2, write: true, json: null };
  const positive = true;
  parseFlags(
    argv,
    {
      "--likers": (v) => (o.likers = Math.floor(v.num())),
      "--seconds": (v) => (o.seconds = v.num()),
      "--runs": (v) => (o.runs = Math.max(1, Math.floor(v.num()))),
      "--no-write": () => (o.write = false),
      "--json": (v) => (o.json = v.str()),
      "--quick": () => Object.assign(o, { likers: 200, seconds: 3, write: false }),
    },
    positive,
  );
  return o;
}

const log = (msg: string) => console.error(`[bench:bell] ${msg}`);
const personId = (n: number) => "be11" + n.toString(16).padStart(20, "0");

// ── seeding ──────────────────────────────────────────────────────────────────

interface Seeded {
  authorToken: string;
  likerTokens: string[];
  postId: number;
}

async function seed(dataDir: string, likers: number): Promise<Seeded> {
  const db = await openForSeeding(dataDir, false);
  const now = Date.now();
  const user = insertUser(db);
  const session = insertSession(db);
  const tokens: string[] = [];
  db.transaction(() => {
    for (let i = 0; i <= likers; i++) {
      const id = personId(i);
      user.run({ id, email: `bell${i}@bench.test`, username: i === 0 ? "bell_author" : `bell_liker${i}`, first: i === 0 ? "Олена" : "Тарас", last: `Коваль${i}`, hash: "-", t: now, avatar: null });
      const token = newToken();
      session.run({ id: sha256Hex(token), user: id, expires: now + SESSION_DAYS * DAY, created: now, active: now });
      tokens.push(token);
    }
    db.prepare(
      `insert into posts (id, author_id, title, topic, body, links, created_at, likes_count, views_count, comments_count)
       values (1, $author, 'Вірусний пост', null, 'Текст', '[]', $t, 0, 0, 0)`,
    ).run({ author: personId(0), t: now });
  })();
  db.close();
  return { authorToken: tokens[0]!, likerTokens: tokens.slice(1), postId: 1 };
}

// ── the driver ───────────────────────────────────────────────────────────────

async function startApp(port: number, dataDir: string, mode: Mode): Promise<Pinned> {
  const extra: Record<string, string> = mode === "off" ? { NOTIFICATION_FRAME_INTERVAL_MS: "0" } : {};
  const p = spawnPinned(SERVER_CORE, ["bun", join(ROOT, "server/main.ts")], { env: benchEnv(port, dataDir, extra), stdout: "ignore", stderr: "inherit", cwd: ROOT });
  await waitForHttp(`http://127.0.0.1:${port}/healthz`, p.proc);
  return p;
}

async function measure(mode: Mode, o: Options): Promise<LoadResult> {
  const dataDir = mkdtempSync(join(tmpdir(), `bench-bell-${mode}-`));
  try {
    const s = await seed(dataDir, o.likers);
    return await withServer(mode, (port) => startApp(port, dataDir, mode), (url, pid) => {
      const cfg: LoadConfig = { url, serverPid: pid, authorToken: s.authorToken, likerTokens: s.likerTokens, postId: s.postId, seconds: o.seconds };
      return runLoadGenerator<LoadResult>(LOAD_CORE, "bench/bell-load.ts", join(dataDir, "load.json"), cfg, `bell ${mode}`);
    });
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function table(runs: Array<Record<Mode, LoadResult>>, o: Options): { rows: Row[]; ok: boolean } {
  const pick = (mode: Mode, fn: (r: LoadResult) => number) => spread(runs.map((r) => fn(r[mode])));
  const ratio = (fn: (r: LoadResult) => number) => spread(runs.map((r) => fn(r.coalesced) / fn(r.off)));
  const maxPerS = (r: LoadResult) => Math.max(...r.perSecond);
  const meanPerS = (r: LoadResult) => r.frames / o.seconds;
  const many = runs.length > 1 ? `, median (range) of ${runs.length} runs` : "";
  const row = (label: string, fn: (r: LoadResult) => number, fmt: (v: number) => string, withRatio = true, target = "", ok?: boolean): Row => ({
    label,
    app: show(pick("coalesced", fn), fmt),
    bare: show(pick("off", fn), fmt),
    ratio: withRatio ? show(ratio(fn), times) : "",
    target,
    verdict: ok === undefined ? "" : verdict(ok),
  });
  const framesOk = runs.every((r) => maxPerS(r.coalesced) <= MAX_FRAMES_PER_S);
  const errorsOk = runs.every((r) => r.coalesced.errors === 0 && r.off.errors === 0);
  const bellOk = runs.every((r) => (["coalesced", "off"] as const).every((m) => r[m].bell.entries === 1 && r[m].bell.count === o.likers && r[m].bell.unseen === 1 && r[m].lastFrameUnseen === 1));
  const offered = o.likers / o.seconds;
  const rows: Row[] = [
    { label: `**${f(o.likers)} likes on one post in ${f(o.seconds)} s** (${f(offered)} likes/s offered), the author's one socket${many}`, app: "", bare: "", ratio: "", target: "", verdict: "" },
    row("frames to the author's socket, busiest second", maxPerS, (v) => f(v), true, `≤ ${MAX_FRAMES_PER_S}`, framesOk),
    row(`frames to the author's socket per second, mean over the ${f(o.seconds)} s`, meanPerS, (v) => f(v, 1)),
    row("frames in all (the burst and its trailing frame)", (r) => r.frames, (v) => f(v)),
    row("frames per like", (r) => r.frames / r.likes, (v) => f(v, 3)),
    row("likes/s achieved", (r) => r.likesPerS, (v) => f(v, 1), true, `≥ 0.95 × offered`, runs.every((r) => r.coalesced.likesPerS >= 0.95 * offered)),
    {
      label: "like latency p50 / p99 (ms)",
      app: `${show(pick("coalesced", (r) => r.latencyMs.p50), ms)} / ${show(pick("coalesced", (r) => r.latencyMs.p99), ms)}`,
      bare: `${show(pick("off", (r) => r.latencyMs.p50), ms)} / ${show(pick("off", (r) => r.latencyMs.p99), ms)}`,
      ratio: "",
      target: "",
      verdict: "",
    },
    row("server CPU per like (µs)", (r) => r.serverCpuPerLikeUs, (v) => f(v)),
    row("failed likes", (r) => r.errors, (v) => f(v), false, "0", errorsOk),
    {
      label: "the author's bell afterwards: entries / people in it / unseen; the last frame's count",
      app: runs.map((r) => `${r.coalesced.bell.entries} / ${f(r.coalesced.bell.count)} / ${r.coalesced.bell.unseen}; ${r.coalesced.lastFrameUnseen}`).join(", "),
      bare: runs.map((r) => `${r.off.bell.entries} / ${f(r.off.bell.count)} / ${r.off.bell.unseen}; ${r.off.lastFrameUnseen}`).join(", "),
      ratio: "",
      target: `1 / ${f(o.likers)} / 1; 1`,
      verdict: verdict(bellOk),
    },
  ];
  return { rows, ok: framesOk && errorsOk && bellOk };
}

function consoleRows(rs: Row[]): string {
  const plain = (s: string) => s.replace(/\*\*/g, "");
  const heads = ["", "coalesced", "off", "ratio", "target", ""];
  const cols = [rs.map((r) => plain(r.label)), rs.map((r) => r.app), rs.map((r) => r.bare), rs.map((r) => r.ratio), rs.map((r) => r.target), rs.map((r) => r.verdict)];
  const widths = cols.map((c, i) => Math.max(heads[i]!.length, ...c.map((s) => s.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  return [line(heads), ...rs.map((_, r) => line(cols.map((c) => c[r]!)))].join("\n");
}

export async function benchBell(argv: string[]): Promise<{ ok: boolean }> {
  const o = parseOptions(argv);
  const started = performance.now();
  const runs: Array<Record<Mode, LoadResult>> = [];
  for (let r = 0; r < o.runs; r++) {
    const order: Mode[] = r % 2 ? ["off", "coalesced"] : ["coalesced", "off"];
    const got = {} as Record<Mode, LoadResult>;
    for (const mode of order) {
      log(`run ${r + 1}/${o.runs}: ${mode}, ${o.likers} likes in ${o.seconds} s`);
      got[mode] = await measure(mode, o);
      log(`  ${got[mode].frames} frames (per second: ${got[mode].perSecond.join(" ")}), ${got[mode].likesPerS.toFixed(1)} likes/s, ${got[mode].errors} errors`);
    }
    runs.push(got);
  }
  const seconds = (performance.now() - started) / 1000;
  const { rows, ok } = table(runs, o);
  console.log(consoleRows(rows));
  const machine = machineDescription("SQLite");
  if (o.json) writeFileSync(o.json, JSON.stringify({ options: o, machine, seconds, runs }, null, 2));
  if (o.write) {
    const md = markdownTable(rows)
      .replace("| | app | bare Bun | app / bare | target | |", "| | coalesced (1 frame/s a person) | coalescing off | coalesced / off | target | |");
    const section = [
      ...runHeader("bench:bell", argv, ["--json"], seconds, machine),
      `Data: ${f(o.likers)} people with a session each like one post of the author's, paced evenly over ${f(o.seconds)} s through \`POST /trpc/posts.like\`; the author's socket counts \`notification\` frames until ${f(TAIL_MS / 1000, 1)} s after the last answer. Each mode on a fresh database; coalescing off is \`NOTIFICATION_FRAME_INTERVAL_MS=0\`.`,
      "",
      md,
    ].join("\n");
    // Only between the markers: the section's heading and notes are written by hand.
    const file = join(ROOT, "BENCHMARKS.md");
    if (!readFileSync(file, "utf8").includes("<!-- bench:bell:results:start -->")) throw new Error("BENCHMARKS.md has no bench:bell results markers");
    writeResults(file, "bell", section);
  }
  console.error(`[bench:bell] ${ok ? "every target passed" : "a target FAILED"} (${seconds.toFixed(0)} s)`);
  return { ok };
}

if (import.meta.main) await runMain(benchBell);
