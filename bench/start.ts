/**
 * `bun run bench:start`: how soon the compiled binary answers after exec (issue 12).
 *
 * 1. Builds dist/world-it with `bun run compile` (or takes `--binary <path>`), and compiles the
 *    baseline (bench/start-baseline.ts: Hono + tRPC + Kysely on bun:sqlite, nothing else) with the
 *    same flags into a temporary folder.
 * 2. `--runs` times (10 by default), alternating app and baseline, each pinned to the server core:
 *    exec in an EMPTY data directory → the first 200 from /healthz (migrations included), then exec
 *    again on that now migrated directory → the first 200. The poller runs in this process on the
 *    other core and asks every millisecond.
 * 3. Reports median and range per case, the app's ratio to the baseline, and the targets:
 *    ≤ 150 ms from an empty directory, ≤ 100 ms on a migrated database (medians). Prints a table,
 *    refreshes the "Start" section of BENCHMARKS.md, exits 1 when a target fails.
 *
 * Options: --binary <path>, --runs <n>, --no-write, --json <file>
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseFlags, publishResults, runMain, SERVER_CORE, warnPinning } from "./lib/common.ts";
import { freePort, spawnPinned, stopProcess } from "./lib/procs.ts";
import { ms, show, spread, times, verdict, type Row, type Spread } from "./lib/report.ts";

const ROOT = join(import.meta.dir, "..");
const TARGET_EMPTY_MS = 150;
const TARGET_MIGRATED_MS = 100;
/** The flags scripts/compile.ts builds with (the baseline gets the same). */
export const COMPILE_FLAGS = ["--compile", "--minify", "--sourcemap=none", "--bytecode", "--format=esm", "--no-compile-autoload-bunfig"];

/** exec → first 200 from /healthz, in ms. */
async function timeStart(binary: string, dataDir: string): Promise<number> {
  const port = freePort();
  const url = `http://127.0.0.1:${port}/healthz`;
  const env = { HOST: "127.0.0.1", PORT: String(port), DATA_DIR: dataDir, NODE_ENV: "production", LOG_LEVEL: "error", PUBLIC_URL: `http://127.0.0.1:${port}` };
  const started = performance.now();
  const p = spawnPinned(SERVER_CORE, [binary], { env, stdout: "ignore", stderr: "inherit", cwd: dataDir });
  try {
    for (;;) {
      if (p.proc.exitCode !== null) throw new Error(`${binary} exited (${p.proc.exitCode}) before /healthz answered`);
      if (performance.now() - started > 30_000) throw new Error(`${binary}: /healthz did not answer within 30 s`);
      try {
        if ((await fetch(url)).status === 200) return performance.now() - started;
      } catch {}
      await Bun.sleep(1);
    }
  } finally {
    await stopProcess(p);
  }
}

export async function benchStart(argv: string[]): Promise<{ ok: boolean }> {
  const o = { binary: null as string | null, runs: 10, write: true, json: null as string | null };
  parseFlags(argv, {
    "--binary": (v) => (o.binary = v.str()),
    "--runs": (v) => (o.runs = v.num()),
    "--no-write": () => (o.write = false),
    "--json": (v) => (o.json = v.str()),
  });
  const log = (m: string) => console.error(`bench:start: ${m}`);
  warnPinning(log);
  const began = performance.now();
  const tmp = mkdtempSync(join(tmpdir(), "world-it-bench-start-"));
  try {
    const build = (label: string, cmd: string[]) => {
      log(`${label}: ${cmd.join(" ")}`);
      const r = Bun.spawnSync(cmd, { cwd: ROOT, stdout: "ignore", stderr: "inherit" });
      if (!r.success) throw new Error(`${label} failed (exit ${r.exitCode})`);
    };
    let app = o.binary;
    if (!app) {
      build("compile the app", ["bun", "run", "compile"]);
      app = join(ROOT, "dist/world-it");
    }
    const baseline = join(tmp, "baseline");
    build("compile the baseline", ["bun", "build", ...COMPILE_FLAGS, join(ROOT, "bench/start-baseline.ts"), "--outfile", baseline]);

    const runs = { app: { empty: [] as number[], migrated: [] as number[] }, baseline: { empty: [] as number[], migrated: [] as number[] } };
    for (let i = 0; i < o.runs; i++) {
      for (const [kind, binary] of [["app", app], ["baseline", baseline]] as const) {
        const dir = mkdtempSync(join(tmp, `${kind}-`));
        runs[kind].empty.push(await timeStart(binary, dir));
        runs[kind].migrated.push(await timeStart(binary, dir));
        rmSync(dir, { recursive: true, force: true });
      }
      log(`run ${i + 1}/${o.runs}: app ${ms(runs.app.empty.at(-1)!)} / ${ms(runs.app.migrated.at(-1)!)} ms, baseline ${ms(runs.baseline.empty.at(-1)!)} / ${ms(runs.baseline.migrated.at(-1)!)} ms`);
    }

    const row = (label: string, a: Spread, b: Spread, target: number): Row => ({
      label,
      app: `${show(a, ms)} ms`,
      bare: `${show(b, ms)} ms`,
      ratio: times(a.median / b.median),
      target: `≤ ${target} ms`,
      verdict: verdict(a.median <= target),
    });
    const table = [
      row("exec → 200 on /healthz, empty directory (migrations)", spread(runs.app.empty), spread(runs.baseline.empty), TARGET_EMPTY_MS),
      row("exec → 200 on /healthz, migrated database", spread(runs.app.migrated), spread(runs.baseline.migrated), TARGET_MIGRATED_MS),
    ];
    return {
      ok: publishResults({
        name: "start",
        title: "Start: the compiled binary (app) against a minimal Hono + tRPC + Kysely binary (bare)",
        table,
        seconds: (performance.now() - began) / 1000,
        database: "SQLite",
        argv,
        hidden: ["--binary", "--json"],
        options: { json: o.json, write: o.write },
        run: runs,
        data: `Medians of ${o.runs} starts each (range in brackets); app and baseline alternate; "bare" is bench/start-baseline.ts compiled with the same flags.`,
        heading: "## Start: the compiled binary, exec to the first /healthz",
        log,
      }),
    };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

if (import.meta.main) await runMain(benchStart);
