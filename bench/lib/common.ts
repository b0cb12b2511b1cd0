/**
 * Pieces the benchmark drivers (chat.ts, feed.ts, soak.ts) share: the app's environment, one
 * server at a time, the load generator process, the header lines of a results section, and the
 * `import.meta.main` wrapper.
 */
import { writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { join } from "node:path";
import { freePort, spawnPinned, stopProcess, type Pinned } from "./procs.ts";

const ROOT = join(import.meta.dir, "../..");

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
