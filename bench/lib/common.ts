/**
 * Pieces the benchmark drivers (bell.ts, chat.ts, feed.ts, friends.ts, soak.ts) share: their
 * command-line options, the cores, a temporary directory, the app's environment, one server at a
 * time, the load generator process, the results (console table, --json, the BENCHMARKS.md
 * section), and the `import.meta.main` wrapper.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { freePort, hasTaskset, onInterrupt, spawnPinned, stopProcess, waitForHttp, type Pinned } from "./procs.ts";
import { consoleTable, markdownTable, writeResults, type Row } from "./report.ts";

const ROOT = join(import.meta.dir, "../..");

// Server on core 0, load generator on core 1 (unpinned on a single-core machine).
export const PIN = cpus().length >= 2;
export const SERVER_CORE = PIN ? 0 : null;
export const LOAD_CORE = PIN ? 1 : null;
/** "server on core 0, load generator on core 1", or "not pinned". */
export const pinning = PIN ? `server on core ${SERVER_CORE}, load generator on core ${LOAD_CORE}` : "not pinned";

/** Says when the figures will mean less: no taskset, or one core for the server and the load generator. */
export function warnPinning(log: (msg: string) => void) {
  if (!hasTaskset) log("taskset not found: processes are NOT pinned to cores; figures are less meaningful");
  if (!PIN) log("fewer than 2 cores: server and load generator share one (not pinned)");
}

/** How an option reads its value: a number (finite, at least 0 — more than 0 for `positive`) or a string. */
export interface OptionValue {
  num(): number;
  str(): string | null;
}
export type Flags = Record<string, (value: OptionValue) => void>;

/** Reads `argv` option by option, each through its handler in `flags`; an unknown option throws. */
export function parseFlags(argv: string[], flags: Flags, positive = false): void {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!Object.hasOwn(flags, a)) throw new Error(`unknown option ${a}`);
    flags[a]!({
      num: () => {
        const v = Number(argv[++i]);
        if (!Number.isFinite(v) || (positive ? v <= 0 : v < 0)) throw new Error(`${a} needs a ${positive ? "positive " : ""}number`);
        return v;
      },
      str: () => argv[++i] ?? null,
    });
  }
}

/** The options every chat load (bench:chat, bench:scale) takes, as parseFlags handlers writing into `o`. */
export interface ChatLoadOptions {
  clients: number;
  chats: number;
  rate: number;
  maxRate: number;
  duration: number;
  maxDuration: number;
  /**
   * Seconds of load before the first (paced) window. A fresh server is still JIT-compiling its
   * hot code for the first ~20 s: that is a start-up cost, not a cost per delivery.
   */
  warmup: number;
  /** Before the throughput window (the same server, already warm). */
  maxWarmup: number;
  write: boolean;
  json: string | null;
}
export function chatLoadFlags(o: ChatLoadOptions): Flags {
  return {
    "--clients": (v) => (o.clients = v.num()),
    "--chats": (v) => (o.chats = v.num()),
    "--rate": (v) => (o.rate = v.num()),
    "--max-rate": (v) => (o.maxRate = v.num()),
    "--duration": (v) => (o.duration = v.num()),
    "--max-duration": (v) => (o.maxDuration = v.num()),
    "--warmup": (v) => (o.warmup = v.num()),
    "--max-warmup": (v) => (o.maxWarmup = v.num()),
    "--no-write": () => (o.write = false),
    "--json": (v) => (o.json = v.str()),
  };
}

/** Runs `fn` with a fresh temporary directory, removed afterwards (and if the benchmark is interrupted). */
export async function inTmpDir<T>(prefix: string, fn: (tmp: string) => Promise<T>): Promise<T> {
  const tmp = mkdtempSync(join(tmpdir(), prefix));
  const removeTmp = () => rmSync(tmp, { recursive: true, force: true });
  const unregister = onInterrupt(removeTmp);
  try {
    return await fn(tmp);
  } finally {
    unregister();
    removeTmp();
  }
}

/** Environment of the app process: production mode, SQLite under dataDir, nothing shared. */
export function benchEnv(port: number, dataDir: string, extra: Record<string, string> = {}): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = { ...process.env };
  for (const k of ["DATABASE_URL", "REDIS_URL", "SMTP_URL", "S3_BUCKET", "ALLOWED_ORIGINS", "TRUST_PROXY"]) delete env[k];
  return {
    ...env,
    NODE_ENV: "production",
    HOST: "127.0.0.1",
    PORT: String(port),
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    DATA_DIR: dataDir,
    DEV_OUTBOX: "false",
    LOG_LEVEL: "warn",
    ...extra,
  };
}

/** "2 × <cpu model>, Linux <release>, Bun <version>, <database>". */
export function machineDescription(database: string): string {
  return `${cpus().length} × ${cpus()[0]?.model.trim() ?? "?"}, Linux ${Bun.spawnSync(["uname", "-r"]).stdout.toString().trim()}, Bun ${Bun.version}, ${database}`;
}

/**
 * The first two lines of a results section: when, the command as someone would retype it
 * (without `--no-write` and without the `hidden` options and their values), duration, tree, machine.
 */
export function runHeader(script: string, argv: string[], hidden: string[], seconds: number, machine: string): string[] {
  const shown = argv.filter((a, i) => !hidden.includes(a) && !hidden.includes(argv[i - 1]!) && a !== "--no-write");
  const command = `bun run ${script}${shown.length ? ` ${shown.join(" ")}` : ""}`;
  const git = Bun.spawnSync(["git", "describe", "--always", "--dirty"], { cwd: ROOT }).stdout.toString().trim() || "unknown";
  return [
    `Last run: **${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC**, \`${command}\`, ${seconds.toFixed(0)} s, tree \`${git}\`.  `,
    `Machine: ${machine}.  `,
  ];
}

/**
 * The end of an app-vs-bare benchmark: prints `title` and the table with the verdict, writes
 * `--json` ({options, machine, seconds, run}) and, with `write`, the `bench:<name>` section of
 * BENCHMARKS.md (the run's header, the `data` line, the table; under `heading` when its markers
 * are missing). True when no row failed.
 */
export function publishResults(r: {
  name: string;
  title: string;
  table: Row[];
  seconds: number;
  database: string;
  argv: string[];
  /** Options left out of the command shown in BENCHMARKS.md (with their values). */
  hidden: string[];
  options: { json: string | null; write: boolean };
  run: unknown;
  data: string;
  heading?: string;
  log: (msg: string) => void;
}): boolean {
  const ok = r.table.every((row) => row.verdict !== "FAIL");
  console.log(`\n${r.title} (${pinning})\n`);
  console.log(consoleTable(r.table));
  console.log(`\n${ok ? "all targets PASS" : "some targets FAIL"} — ${r.seconds.toFixed(0)} s`);
  const machine = machineDescription(r.database);
  if (r.options.json) writeFileSync(r.options.json, JSON.stringify({ options: r.options, machine, seconds: r.seconds, run: r.run }, null, 2));
  if (r.options.write) {
    const section = [...runHeader(`bench:${r.name}`, r.argv, r.hidden, r.seconds, machine), r.data, "", markdownTable(r.table)].join("\n");
    writeResults(join(ROOT, "BENCHMARKS.md"), r.name, section, r.heading);
    r.log("BENCHMARKS.md updated");
  }
  return ok;
}

/** Runs a benchmark as a script: exit 0 when every target passed, 1 when one failed, 2 when it could not run. */
export async function runMain(bench: (argv: string[]) => Promise<{ ok: boolean }>): Promise<never> {
  try {
    const { ok } = await bench(Bun.argv.slice(2));
    process.exit(ok ? 0 : 1);
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(2);
  }
}

/** Starts a server on a free port, runs `fn` against it and stops it (failing if it died meanwhile). */
export async function withServer<T>(kind: string, start: (port: number) => Promise<Pinned>, fn: (url: string, pid: number) => Promise<T>): Promise<T> {
  const port = freePort();
  const server = await start(port);
  try {
    const result = await fn(`http://127.0.0.1:${port}`, server.pid);
    if (server.proc.exitCode !== null) throw new Error(`${kind} server died during the run (exit ${server.proc.exitCode})`);
    return result;
  } finally {
    await stopProcess(server);
  }
}

/**
 * One server of an app-vs-bare benchmark, pinned to the server core: the app (`server/main.ts` of
 * `appRoot`, this checkout by default; with `profile`, writing a markdown CPU profile there when it
 * stops) or the bare handler `bare` (a script path from the root, on the same DATA_DIR); started on
 * a free port, `fn` run against it, stopped.
 */
export function withAppOrBare<T>(
  kind: "app" | "bare",
  dataDir: string,
  servers: { bare: string; appRoot?: string; appEnv?: Record<string, string>; bareEnv?: Record<string, string> },
  fn: (url: string, pid: number) => Promise<T>,
  profile: string | null = null,
): Promise<T> {
  const start = async (port: number): Promise<Pinned> => {
    const profiling = kind === "app" && profile ? ["--cpu-prof-md", "--cpu-prof-interval=200", `--cpu-prof-dir=${profile}`] : [];
    const argv = kind === "app" ? ["bun", ...profiling, join(servers.appRoot ?? ROOT, "server/main.ts")] : ["bun", join(ROOT, servers.bare)];
    const env = kind === "app" ? benchEnv(port, dataDir, servers.appEnv) : { HOST: "127.0.0.1", PORT: String(port), DATA_DIR: dataDir, QUIET: "1", ...servers.bareEnv };
    const p = spawnPinned(SERVER_CORE, argv, { env, stdout: "ignore", stderr: "inherit", cwd: ROOT });
    await waitForHttp(`http://127.0.0.1:${port}${kind === "app" ? "/healthz" : "/"}`, p.proc);
    return p;
  };
  return withServer(kind, start, fn);
}

/** Runs a load generator (`bun <script> <file>`, its config written to `file`) on `core`; returns its `RESULT ` line, parsed. */
export async function runLoadGenerator<T>(core: number | null, script: string, file: string, cfg: unknown, what: string): Promise<T> {
  writeFileSync(file, JSON.stringify(cfg));
  const p = spawnPinned(core, ["bun", join(ROOT, script), file], { stdout: "pipe", stderr: "inherit", cwd: ROOT });
  const out = await new Response(p.proc.stdout as ReadableStream).text();
  const code = await p.proc.exited;
  const line = out.split("\n").find((l) => l.startsWith("RESULT "));
  if (code !== 0 || !line) throw new Error(`load generator (${what}) failed with exit code ${code}`);
  return JSON.parse(line.slice("RESULT ".length)) as T;
}
