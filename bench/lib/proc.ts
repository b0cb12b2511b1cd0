/** Reading another process's CPU time and memory from /proc (Linux only). */
import { readdirSync, readFileSync } from "node:fs";

let clkTck: number | null = null;

/** Clock ticks per second of /proc/<pid>/stat (getconf CLK_TCK; 100 almost everywhere). */
export function ticksPerSecond(): number {
  if (clkTck !== null) return clkTck;
  try {
    const out = Bun.spawnSync(["getconf", "CLK_TCK"]).stdout.toString().trim();
    clkTck = Number(out) || 100;
  } catch {
    clkTck = 100;
  }
  return clkTck;
}

/** utime + stime of the process, in seconds. */
export function cpuSeconds(pid: number): number {
  const { user, system } = cpuTimes(pid);
  return user + system;
}

/** utime and stime, in clock ticks, of a /proc stat file (a process's, or one of its threads'). */
function statTicks(path: string): { utime: number; stime: number } {
  const stat = readFileSync(path, "utf8");
  // The command name (field 2) may contain spaces: count fields after its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // fields[0] is field 3 (state); utime is field 14, stime field 15.
  return { utime: Number(fields[11]), stime: Number(fields[12]) };
}

/** utime and stime (user and kernel CPU) of the process, in seconds. */
export function cpuTimes(pid: number): { user: number; system: number } {
  const { utime, stime } = statTicks(`/proc/${pid}/stat`);
  return { user: utime / ticksPerSecond(), system: stime / ticksPerSecond() };
}

/**
 * utime + stime of the process's main thread alone (its thread id is the pid), in seconds: not
 * the WAL checkpoint worker's or the garbage collector's helper threads', which run on their own
 * schedule. Counted in clock ticks (10 ms almost everywhere).
 */
export function mainThreadCpuSeconds(pid: number): number {
  const { utime, stime } = statTicks(`/proc/${pid}/task/${pid}/stat`);
  return (utime + stime) / ticksPerSecond();
}

/**
 * CPU seconds (utime + stime) of the process's threads whose name matches, e.g. JavaScriptCore's
 * JIT compiler threads ("JITWorker"): how much of the process's CPU was compiling code rather
 * than running it. A thread that ended before the second reading drops out of the difference.
 */
export function threadCpuSeconds(pid: number, name: RegExp): number {
  let ticks = 0;
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      if (!name.test(readFileSync(`/proc/${pid}/task/${tid}/comm`, "utf8").trim())) continue;
      const { utime, stime } = statTicks(`/proc/${pid}/task/${tid}/stat`);
      ticks += utime + stime;
    } catch {
      // The thread ended between the listing and the read.
    }
  }
  return ticks / ticksPerSecond();
}

/**
 * Seconds of CPU the hypervisor gave to someone else while this machine wanted it ("steal" in
 * /proc/stat, all CPUs together). On a shared virtual machine this is the noise: a window with a
 * lot of it ran on a busy host. NaN where /proc/stat has no steal column.
 */
export function stealSeconds(): number {
  try {
    const cpu = readFileSync("/proc/stat", "utf8").split("\n", 1)[0]!.trim().split(/\s+/);
    return Number(cpu[8]) / ticksPerSecond();
  } catch {
    return NaN;
  }
}

/** Resident set size of the process, in KiB (VmRSS). */
export function rssKiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
  if (!m) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(m[1]);
}

/**
 * Seconds the process's main thread spent runnable but waiting for a CPU (second field of
 * /proc/<pid>/schedstat). Other work on the same core shows up here: a large share of the window
 * means the figures (latency above all) were taken on a busy machine.
 */
export function runQueueWaitSeconds(pid: number): number {
  try {
    return Number(readFileSync(`/proc/${pid}/schedstat`, "utf8").split(" ")[1]) / 1e9;
  } catch {
    return NaN;
  }
}

/**
 * CPU seconds (utime + stime) of every process whose command line contains `match`, by pid: e.g.
 * the Postgres backends serving one database ("postgres: user dbname 127.0.0.1(…) idle" is their
 * process title) or "redis-server". Processes we may not read are skipped.
 */
export function cpuByCommandLine(match: string): Map<number, number> {
  const out = new Map<number, number>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmd = readFileSync(`/proc/${entry}/cmdline`, "utf8").replace(/\0/g, " ");
      if (!cmd.includes(match)) continue;
      out.set(Number(entry), cpuSeconds(Number(entry)));
    } catch {
      // The process ended between the listing and the read.
    }
  }
  return out;
}

/** CPU seconds the processes of `after` used since `before` (a process new in `after` counts from 0). */
export function cpuSince(before: Map<number, number>, after: Map<number, number>): number {
  let s = 0;
  for (const [pid, t] of after) s += t - (before.get(pid) ?? 0);
  return s;
}
