/** Reading another process's CPU time and memory from /proc (Linux only). */
import { readFileSync } from "node:fs";

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

/** utime and stime (user and kernel CPU) of the process, in seconds. */
export function cpuTimes(pid: number): { user: number; system: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // The command name (field 2) may contain spaces: count fields after its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // fields[0] is field 3 (state); utime is field 14, stime field 15.
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return { user: utime / ticksPerSecond(), system: stime / ticksPerSecond() };
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
