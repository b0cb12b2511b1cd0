/**
 * The row makers an app-vs-bare HTTP benchmark's table is built from (bench/lib/feed-report.ts,
 * bench/friends-report.ts): a figure of one phase on both servers (medians, with the range over
 * several runs), the app / bare ratio paired per run, latencies, CPU waits, answer sizes. The
 * tables and formatting are bench/lib/report.ts's.
 */
import type { Measured } from "./http-load.ts";
import { f, ms, show, spread, times, type Row } from "./report.ts";

/** Per run (paired by index): the phases measured on each server. */
export interface CompareRun<P> {
  app: P[][];
  bare: P[][];
}

/** What the rows read of a phase. */
export type PhaseFigures = { name: string } & Omit<Measured, "statuses" | "shed">;

/** A heading row (no figures). */
export const blank = (label: string): Row => ({ label, app: "", bare: "", ratio: "", target: "", verdict: "" });

export function phaseRows<P extends PhaseFigures>(run: CompareRun<P>) {
  const runs = run.app.length;
  const phase = (side: P[][], name: string) => side.map((r) => r.find((p) => p.name === name)!);
  /** The phase `name` of each run, on the app and on the bare handler. */
  const A = (name: string) => phase(run.app, name);
  const B = (name: string) => phase(run.bare, name);
  const of = (ps: P[], pick: (p: P) => number) => spread(ps.map(pick));
  /** app / bare within each run, then the median over runs. */
  const paired = (name: string, pick: (p: P) => number) => spread(A(name).map((p, i) => pick(p) / pick(B(name)[i]!)));
  const row = (label: string, name: string, pick: (p: P) => number, fmt: (v: number) => string, withRatio = true): Row => ({
    label,
    app: show(of(A(name), pick), fmt),
    bare: show(of(B(name), pick), fmt),
    ratio: withRatio ? show(paired(name, pick), times) : "",
    target: "",
    verdict: "",
  });
  const latencies = (label: string, name: string): Row => {
    const l = (ps: P[]) => `${ms(of(ps, (p) => p.latencyMs.p50).median)} / ${ms(of(ps, (p) => p.latencyMs.p95).median)} / ${show(of(ps, (p) => p.latencyMs.p99), ms)}`;
    return { label, app: l(A(name)), bare: l(B(name)), ratio: "", target: "", verdict: "" };
  };
  const waits = (label: string, name: string): Row => {
    const w = (ps: P[]) => `${f(of(ps, (p) => p.serverWaitPct).median, 1)} / ${f(of(ps, (p) => p.loadWaitPct).median, 1)}`;
    return { label, app: w(A(name)), bare: w(B(name)), ratio: "", target: "", verdict: "" };
  };
  /** The median answer size of two phases, "first / second". */
  const sizes = (label: string, first: string, second: string): Row => {
    const s = (side: (name: string) => P[]) => `${f(of(side(first), (p) => p.bytes).median)} / ${f(of(side(second), (p) => p.bytes).median)}`;
    return { label, app: s(A), bare: s(B), ratio: "", target: "", verdict: "" };
  };
  const rangeNote = runs > 1 ? `, median (range) of ${runs} runs` : "";
  return { runs, rangeNote, A, B, of, paired, row, latencies, waits, sizes };
}
