/**
 * An HTTP endpoint of the real app (tRPC over HTTP, signed in) against a bare Bun.serve handler
 * running the same SQL on the same database file, in the same run: what bench:feed and
 * bench:friends share.
 *
 * 1. Seeds a fresh SQLite file (or reuses the one `--data` names, when it was seeded with the
 *    same options).
 * 2. Starts both servers once and sends both the same requests: every answer must be the same
 *    bytes (fails the run otherwise).
 * 3. Per run, each server alone, pinned to core 0 with the load generator (bench/<name>-load.ts, a
 *    separate process) on core 1. Runs alternate which server goes first.
 * 4. Prints app / bare / ratio with PASS/FAIL per target and refreshes the `bench:<name>` results
 *    section of BENCHMARKS.md.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { inTmpDir, LOAD_CORE, publishResults, runLoadGenerator, warnPinning, withAppOrBare, type Flags } from "./common.ts";
import type { CompareRun } from "./http-report.ts";
import type { Row } from "./report.ts";

const ROOT = join(import.meta.dir, "../..");

/** The options every app-vs-bare HTTP benchmark takes. */
export interface CompareOptions {
  runs: number;
  concurrency: number;
  /** Closed-loop load before the first measured window: a fresh server JIT-compiles its hot code first. */
  warmup: number;
  duration: number;
  rate: number;
  pacedDuration: number;
  write: boolean;
  json: string | null;
  /** Seed there once and reuse it on later runs. */
  data: string | null;
  /** The app writes a markdown CPU profile there (profiling costs CPU: that run's ratios mean nothing). */
  profile: string | null;
  /** The checkout whose app runs (an older tree against the same bare handler and data). */
  appRoot: string;
}

export const compareDefaults = (rate: number): CompareOptions => ({
  runs: 1,
  concurrency: 16,
  warmup: 10,
  duration: 8,
  rate,
  pacedDuration: 10,
  write: true,
  json: null,
  data: null,
  profile: null,
  appRoot: ROOT,
});

/** --runs --concurrency --warmup --duration --rate --paced-duration --no-write --json --data --app-root --profile --quick. */
export function compareFlags(o: CompareOptions): Flags {
  return {
    "--runs": (v) => (o.runs = Math.max(1, Math.floor(v.num()))),
    "--concurrency": (v) => (o.concurrency = Math.max(1, v.num())),
    "--warmup": (v) => (o.warmup = v.num()),
    "--duration": (v) => (o.duration = v.num()),
    "--rate": (v) => (o.rate = v.num()),
    "--paced-duration": (v) => (o.pacedDuration = v.num()),
    "--no-write": () => (o.write = false),
    "--json": (v) => (o.json = v.str()),
    "--data": (v) => (o.data = v.str()),
    "--app-root": (v) => (o.appRoot = v.str() ?? ROOT),
    "--profile": (v) => Object.assign(o, { profile: v.str(), write: false }),
    "--quick": () => Object.assign(o, { warmup: 3, duration: 3, pacedDuration: 3, write: false }),
  };
}

/** Sends the same GET (`path`, with `cookie`) to both servers: the body when both answer 200 with the same bytes; throws otherwise. */
export type SameAnswer = (name: string, path: string, cookie: string | null) => Promise<string>;

export interface Comparison<D extends object, P> {
  /** `bench:<name>`: its log prefix, bench/<name>-bare.ts, bench/<name>-load.ts, its BENCHMARKS.md section. */
  name: string;
  argv: string[];
  o: CompareOptions;
  /** What the seeded data depends on: a saved seed (`--data`) made with other options is made again. */
  seedOptions: object;
  /** The log line before seeding. */
  seeding: string;
  /** Seeds a fresh database in `dataDir`; `saved` is kept next to it (reused with `--data`). */
  seed(dataDir: string): Promise<{ seconds: number; rows: Record<string, number>; saved: D }>;
  /** With both servers up: the requests whose answers must be the same bytes. Returns a line for the log. */
  check(data: D, same: SameAnswer): Promise<string | void>;
  /** The load generator's config (but target, url and serverPid). */
  load(data: D): object;
  rows(run: CompareRun<P>): Row[];
  /** The console table's title. */
  title: string;
  /** The start of the section's "Data:" line (the warm-up, the windows and the runs follow). */
  data: string;
  /** The section's heading in BENCHMARKS.md (used only when its markers are missing). */
  heading: string;
}

export async function compareApp<D extends object, P>(c: Comparison<D, P>): Promise<{ ok: boolean }> {
  const { name, o } = c;
  const log = (msg: string) => console.error(`[bench:${name}] ${msg}`);
  const servers = { bare: `bench/${name}-bare.ts`, appRoot: o.appRoot };
  const started = Date.now();
  return inTmpDir(`world-it-bench-${name}-`, async (tmp) => {
    warnPinning(log);
    const { dataDir, data } = await prepare(c, tmp, log);

    let compared = 0;
    const note = await withAppOrBare("app", dataDir, servers, (appUrl) =>
      withAppOrBare("bare", dataDir, servers, (bareUrl) =>
        c.check(data, async (what, path, cookie) => {
          const get = async (base: string) => {
            const res = await fetch(base + path, { headers: cookie ? { cookie } : {} });
            return { status: res.status, body: await res.text() };
          };
          const [a, b] = [await get(appUrl), await get(bareUrl)];
          compared++;
          if (a.status !== 200 || b.status !== 200) throw new Error(`${what}: app answered ${a.status}, bare ${b.status} (${a.body.slice(0, 200)})`);
          if (a.body !== b.body) {
            const at = [...a.body].findIndex((ch, k) => ch !== b.body[k]);
            throw new Error(`${what}: the app and the bare handler answer different JSON (first difference at character ${at}: app …${a.body.slice(Math.max(0, at - 60), at + 60)}… bare …${b.body.slice(Math.max(0, at - 60), at + 60)}…)`);
          }
          return a.body;
        }),
      ),
    );
    log(`the app and the bare handler answer byte-identical JSON (${compared} requests)`);
    if (note) log(note);

    const cfg = c.load(data);
    const measure = (target: "app" | "bare") =>
      withAppOrBare(
        target,
        dataDir,
        servers,
        async (url, serverPid) => {
          const file = join(tmp, `${name}-load-${target}.json`);
          return (await runLoadGenerator<{ phases: P[] }>(LOAD_CORE, `bench/${name}-load.ts`, file, { target, url, serverPid, ...cfg }, target)).phases;
        },
        target === "app" ? o.profile : null,
      );
    const run: CompareRun<P> = { app: [], bare: [] };
    for (let i = 0; i < o.runs; i++) {
      if (o.runs > 1) log(`run ${i + 1} of ${o.runs}`);
      // Alternate which goes first, so a drift of the host's load does not favour one side.
      for (const target of i % 2 === 0 ? (["app", "bare"] as const) : (["bare", "app"] as const)) run[target].push(await measure(target));
    }
    const seconds = (Date.now() - started) / 1000;

    const ok = publishResults({
      name,
      title: c.title,
      table: c.rows(run),
      seconds,
      database: "SQLite",
      argv: c.argv,
      hidden: ["--json", "--data", "--app-root"],
      options: o,
      run,
      data:
        `${c.data}warm-up ${o.warmup} s, closed-loop windows ${o.duration} s, paced windows ${o.pacedDuration} s` +
        `${o.runs > 1 ? `; ${o.runs} runs, the servers alternating, medians (range), ratios paired per run` : ""}.`,
      heading: c.heading,
      log,
    });
    return { ok };
  });
}

/** Seeds (or reuses `--data`): the data directory and what the seeding saved. */
async function prepare<D extends object, P>(c: Comparison<D, P>, tmp: string, log: (msg: string) => void): Promise<{ dataDir: string; data: D }> {
  const root = c.o.data ?? tmp;
  const dataDir = join(root, "data");
  const meta = join(root, `${c.name}-seed.json`);
  if (existsSync(meta)) {
    const { options, ...saved } = JSON.parse(readFileSync(meta, "utf8")) as { options: object } & D;
    if (JSON.stringify(options) === JSON.stringify(c.seedOptions)) {
      log(`reusing the seeded database in ${dataDir}`);
      return { dataDir, data: saved as unknown as D };
    }
  }
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  log(c.seeding);
  const seeded = await c.seed(dataDir);
  log(`seeded in ${seeded.seconds.toFixed(1)} s: ${Object.entries(seeded.rows).map(([k, v]) => `${v} ${k}`).join(", ")}`);
  writeFileSync(meta, JSON.stringify({ options: c.seedOptions, ...seeded.saved }));
  return { dataDir, data: seeded.saved };
}
