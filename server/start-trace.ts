/**
 * START_TRACE=<file>: where a start spends its time (bench:start, ADR 0029). Nothing is written
 * until the last stage; then one JSON line goes to the file: per stage, the milliseconds since the
 * process began (wall; `timeOrigin` + that is the epoch time) and the process's CPU milliseconds
 * so far (every thread: the JIT and the collector too). Imported first by main.ts, so "modules" is the evaluation of everything
 * main.ts imports. Without the variable it does nothing.
 */
export type StartTrace = (stage: string, last?: boolean) => void;

const file = process.env.START_TRACE;
const cpuMs = () => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
};
const stages: { stage: string; wallMs: number; cpuMs: number }[] = file ? [{ stage: "runtime", wallMs: performance.now(), cpuMs: cpuMs() }] : [];

/** A recorder, or null when START_TRACE is unset. */
export function startTrace(): StartTrace | null {
  if (!file) return null;
  return (stage, last) => {
    stages.push({ stage, wallMs: performance.now(), cpuMs: cpuMs() });
    // node:fs only now: importing it costs every start a few ms before it listens.
    if (last) process.getBuiltinModule("node:fs").appendFileSync(file, `${JSON.stringify({ pid: process.pid, timeOrigin: performance.timeOrigin, stages })}\n`);
  };
}
