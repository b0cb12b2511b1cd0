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
 * 3. The app loads its features after it listens (ADR 0029), so /healthz is not the whole story:
 *    a third start on the migrated directory (seeded meanwhile with a person, a session and a few
 *    chats, bench/seed.ts) polls a signed-in `GET /trpc/chats.list` instead, every millisecond,
 *    until it answers 200 with the person's chats — the first real request, as early as it can
 *    come. The baseline's counterpart polls its one tRPC query. The app's starts also write
 *    START_TRACE (server/start-trace.ts): when it listened, when its features were loaded and
 *    when every router was (medians, ms after exec; informational).
 * 4. Reports median and range per case, the app's ratio to the baseline, and the targets:
 *    ≤ 150 ms from an empty directory, ≤ 100 ms on a migrated database (medians). Prints a table,
 *    refreshes the "Start" section of BENCHMARKS.md, exits 1 when a target fails.
 *
 * Options: --binary <path>, --runs <n>, --no-write, --json <file>
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseFlags, publishResults, runMain, SERVER_CORE, warnPinning } from "./lib/common.ts";
import { freePort, spawnPinned, stopProcess } from "./lib/procs.ts";
import { ms, show, spread, times, verdict, type Row, type Spread } from "./lib/report.ts";
import { seedSqlite } from "./seed.ts";

const ROOT = join(import.meta.dir, "..");
const TARGET_EMPTY_MS = 150;
const TARGET_MIGRATED_MS = 100;
/** The flags scripts/compile.ts builds with (the baseline gets the same). */
export const COMPILE_FLAGS = ["--compile", "--minify", "--sourcemap=none", "--bytecode", "--format=esm", "--splitting", "--no-compile-autoload-bunfig"];

/** What a start is polled with: /healthz, or a signed-in request that must also answer `ok(body)`. */
interface Probe {
  path: string;
  cookie?: string;
  ok?: (body: string) => boolean;
}
const HEALTHZ: Probe = { path: "/healthz" };

/** exec → the first 200 (that `probe.ok` accepts), in ms; and the START_TRACE stages when `trace` is a file. */
async function timeStart(binary: string, dataDir: string, probe: Probe = HEALTHZ, trace?: string): Promise<number> {
  const port = freePort();
  const url = `http://127.0.0.1:${port}${probe.path}`;
  const env: Record<string, string> = { HOST: "127.0.0.1", PORT: String(port), DATA_DIR: dataDir, NODE_ENV: "production", LOG_LEVEL: "error", PUBLIC_URL: `http://127.0.0.1:${port}` };
  if (trace) env.START_TRACE = trace;
  const headers: Record<string, string> = probe.cookie ? { cookie: probe.cookie } : {};
  const started = performance.now();
  const p = spawnPinned(SERVER_CORE, [binary], { env, stdout: "ignore", stderr: "inherit", cwd: dataDir });
  try {
    for (;;) {
      if (p.proc.exitCode !== null) throw new Error(`${binary} exited (${p.proc.exitCode}) before ${probe.path} answered`);
      if (performance.now() - started > 30_000) throw new Error(`${binary}: ${probe.path} did not answer within 30 s`);
      try {
        const res = await fetch(url, { headers });
        if (res.status === 200) {
          const at = performance.now() - started;
          if (!probe.ok || probe.ok(await res.text())) return at;
          throw new Error(`${binary}: ${probe.path} answered 200 with an unexpected body`);
        }
      } catch (error) {
        if (error instanceof Error && error.message.includes("unexpected body")) throw error;
      }
      await Bun.sleep(1);
    }
  } finally {
    if (trace) {
      // The trace is written once every router is loaded; give it a moment (it is informational).
      for (let i = 0; i < 2_000 && !existsSync(trace) && p.proc.exitCode === null; i++) await Bun.sleep(1);
    }
    await stopProcess(p);
  }
}

/** START_TRACE's stages as ms after exec (the trace counts from the process's own start). */
function traceStages(file: string): Record<string, number> {
  if (!existsSync(file)) return {};
  const { stages } = JSON.parse(readFileSync(file, "utf8").trim().split("\n")[0]!) as { stages: { stage: string; wallMs: number }[] };
  rmSync(file, { force: true });
  return Object.fromEntries(stages.map((s) => [s.stage, s.wallMs]));
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

    const runs = {
      app: { empty: [] as number[], migrated: [] as number[], firstCall: [] as number[] },
      baseline: { empty: [] as number[], migrated: [] as number[], firstCall: [] as number[] },
      /** The app's START_TRACE stages (ms after the process began), one record per start. */
      stages: { empty: [] as Record<string, number>[], migrated: [] as Record<string, number>[], firstCall: [] as Record<string, number>[] },
    };
    const tracePath = join(tmp, "start-trace.jsonl");
    const baselineProbe: Probe = { path: `/trpc/hello?input=${encodeURIComponent(JSON.stringify({ name: "bench" }))}`, ok: (body) => body.includes("hello bench") };
    for (let i = 0; i < o.runs; i++) {
      for (const [kind, binary] of [["app", app], ["baseline", baseline]] as const) {
        const dir = mkdtempSync(join(tmp, `${kind}-`));
        const trace = kind === "app" ? tracePath : undefined;
        runs[kind].empty.push(await timeStart(binary, dir, HEALTHZ, trace));
        if (trace) runs.stages.empty.push(traceStages(trace));
        runs[kind].migrated.push(await timeStart(binary, dir, HEALTHZ, trace));
        if (trace) runs.stages.migrated.push(traceStages(trace));
        let probe = baselineProbe;
        if (kind === "app") {
          // People with sessions in 5 group chats: the first call must list the first person's chat.
          const seeded = seedSqlite(join(dir, "world-it.sqlite"), { users: 15, chats: 5, membersPerChat: 3 });
          const member = seeded.members[0]!;
          probe = { path: "/trpc/chats.list", cookie: `wit_session=${member.token}`, ok: (body) => body.includes(member.chatId) };
        }
        runs[kind].firstCall.push(await timeStart(binary, dir, probe, trace));
        if (trace) runs.stages.firstCall.push(traceStages(trace));
        rmSync(dir, { recursive: true, force: true });
      }
      log(
        `run ${i + 1}/${o.runs}: app ${ms(runs.app.empty.at(-1)!)} / ${ms(runs.app.migrated.at(-1)!)} / first call ${ms(runs.app.firstCall.at(-1)!)} ms, ` +
          `baseline ${ms(runs.baseline.empty.at(-1)!)} / ${ms(runs.baseline.migrated.at(-1)!)} / first call ${ms(runs.baseline.firstCall.at(-1)!)} ms`,
      );
    }

    const row = (label: string, a: Spread, b: Spread, target: number): Row => ({
      label,
      app: `${show(a, ms)} ms`,
      bare: `${show(b, ms)} ms`,
      ratio: times(a.median / b.median),
      target: `≤ ${target} ms`,
      verdict: verdict(a.median <= target),
    });
    const info = (label: string, a: Spread, b: Spread | null): Row => ({
      label,
      app: `${show(a, ms)} ms`,
      bare: b ? `${show(b, ms)} ms` : "—",
      ratio: b ? times(a.median / b.median) : "—",
      target: "",
      verdict: "",
    });
    /** The median over the starts of one START_TRACE stage (ms after exec). */
    const stage = (starts: Record<string, number>[], name: string) => spread(starts.map((s) => s[name]).filter((x): x is number => x !== undefined));
    const table = [
      row("exec → 200 on /healthz, empty directory (migrations)", spread(runs.app.empty), spread(runs.baseline.empty), TARGET_EMPTY_MS),
      row("exec → 200 on /healthz, migrated database", spread(runs.app.migrated), spread(runs.baseline.migrated), TARGET_MIGRATED_MS),
      info("exec → 200 on the first signed-in `chats.list` (bare: its tRPC query), migrated database", spread(runs.app.firstCall), spread(runs.baseline.firstCall)),
      info("app, migrated database: listening (START_TRACE)", stage(runs.stages.migrated, "listen"), null),
      info("app, migrated database: features loaded (START_TRACE)", stage(runs.stages.migrated, "app"), null),
      info("app, migrated database: every router and argon2 loaded (START_TRACE)", stage(runs.stages.migrated, "warm"), null),
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
        data:
          `Medians of ${o.runs} starts each (range in brackets); app and baseline alternate; "bare" is bench/start-baseline.ts compiled with the same flags. ` +
          "The START_TRACE rows are the app's own clock (from its process start, so a few ms less than exec as timed from outside); they are not targets.",
        heading: "## Start: the compiled binary, exec to the first /healthz",
        log,
      }),
    };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

if (import.meta.main) await runMain(benchStart);
