/**
 * Starting and stopping the processes of a benchmark: each one pinned to a core with `taskset`
 * and with the file-descriptor limit raised to the hard limit (10,000 sockets need 10,000 fds).
 * `exec` keeps the pid, so the pid we hold is the Bun process itself (what /proc is read for).
 */
import type { Subprocess } from "bun";

export const hasTaskset = Bun.which("taskset") !== null;

export interface Pinned {
  proc: Subprocess<"ignore", "pipe" | "inherit" | "ignore", "pipe" | "inherit">;
  pid: number;
}

/** Every process started here and still running: killed if the benchmark itself is interrupted. */
const live = new Set<Pinned>();
const cleanups = new Set<() => void>();
let trapped = false;

/** Runs `fn` if the benchmark is interrupted (after the processes are killed); returns an unregister. */
export function onInterrupt(fn: () => void): () => void {
  trapSignals();
  cleanups.add(fn);
  return () => cleanups.delete(fn);
}

function trapSignals() {
  if (trapped) return;
  trapped = true;
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      for (const p of live) p.proc.kill("SIGKILL");
      for (const fn of cleanups) {
        try {
          fn();
        } catch {}
      }
      process.exit(130);
    });
  }
}

export function spawnPinned(
  core: number | null,
  argv: string[],
  opts: { env?: Record<string, string | undefined>; stdout?: "pipe" | "inherit" | "ignore"; stderr?: "pipe" | "inherit"; cwd?: string } = {},
): Pinned {
  const pin = core !== null && hasTaskset ? `exec taskset -c ${core} "$@"` : `exec "$@"`;
  const script = `ulimit -n "$(ulimit -Hn)" 2>/dev/null; ${pin}`;
  const proc = Bun.spawn(["bash", "-c", script, "bench", ...argv], {
    env: { ...process.env, ...opts.env },
    stdin: "ignore",
    stdout: opts.stdout ?? "inherit",
    stderr: opts.stderr ?? "inherit",
    cwd: opts.cwd,
  });
  const pinned = { proc, pid: proc.pid };
  live.add(pinned);
  void proc.exited.then(() => live.delete(pinned));
  trapSignals();
  return pinned;
}

/** A loopback port nobody listens on right now. */
export function freePort(): number {
  const s = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => new Response() });
  const port = s.port!;
  s.stop(true);
  return port;
}

/** Polls `url` until it answers 2xx (bounded). */
export async function waitForHttp(url: string, proc: Pinned["proc"], ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (proc.exitCode !== null) throw new Error(`process exited (${proc.exitCode}) before ${url} answered`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {}
    await Bun.sleep(100);
  }
  throw new Error(`${url} did not answer within ${ms} ms`);
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves with the exit code. */
export async function stopProcess(p: Pinned, graceMs = 10_000): Promise<number | null> {
  if (p.proc.exitCode !== null) return p.proc.exitCode;
  p.proc.kill("SIGTERM");
  const timer = setTimeout(() => p.proc.kill("SIGKILL"), graceMs);
  const code = await p.proc.exited;
  clearTimeout(timer);
  return code;
}
