/**
 * The feed benchmark's rows (app, bare, ratio, target verdict) and its results section of
 * BENCHMARKS.md (`writeResults(file, "feed", …)`; the tables and formatting are report.ts's).
 */
import type { FeedPhaseResult } from "../feed-load.ts";
import { blank, phaseRows, type CompareRun } from "./http-report.ts";
import { f, show, spread, times, verdict, type Row } from "./report.ts";

/** Per run (paired by index): the phases measured on each server. */
export type FeedRun = CompareRun<FeedPhaseResult>;

export const FEED_TARGETS = {
  /** App requests/s on the first page, as a share of the bare handler's (closed loop). */
  throughputRatio: 0.5,
  /** First page p99 at the paced rate (ms). */
  p99Ms: 50,
  /** Deep page requests/s as a share of the first page's, same server ("as fast", within noise). */
  deepRatio: 0.85,
};

export function feedRows(run: FeedRun, opts: { concurrency: number; rate: number }): Row[] {
  const { runs, rangeNote, A, B, of, paired, row, latencies, waits: waitsOf, sizes } = phaseRows(run);
  /** deep / first within each run of one server. */
  const deepOverFirst = (side: (n: string) => FeedPhaseResult[], kind: "closed" | "paced", pick: (p: FeedPhaseResult) => number) =>
    spread(side(`${kind}-deep`).map((p, i) => pick(p) / pick(side(`${kind}-first`)[i]!)));
  const waits = (name: string) => waitsOf("main thread waiting for a CPU: server / load gen (% of window)", name);
  const out: Row[] = [];

  out.push(blank(`**throughput**, ${opts.concurrency} connections in a closed loop${rangeNote}`));
  const first = row("first page: requests/s", "closed-first", (p) => p.requestsPerS, (v) => f(v));
  Object.assign(first, { target: `≥ ${FEED_TARGETS.throughputRatio.toFixed(2)}× bare`, verdict: verdict(paired("closed-first", (p) => p.requestsPerS).median >= FEED_TARGETS.throughputRatio) });
  out.push(first);
  out.push(row("deep page (cursor at post 90,000 of 100,000): requests/s", "closed-deep", (p) => p.requestsPerS, (v) => f(v)));
  const deepRatioA = deepOverFirst(A, "closed", (p) => p.requestsPerS);
  out.push({
    label: "deep page / first page, requests/s",
    app: show(deepRatioA, times),
    bare: show(deepOverFirst(B, "closed", (p) => p.requestsPerS), times),
    ratio: "",
    target: `app ≥ ${FEED_TARGETS.deepRatio.toFixed(2)}×`,
    verdict: verdict(deepRatioA.median >= FEED_TARGETS.deepRatio),
  });
  out.push(row("server CPU per request, first page (µs)", "closed-first", (p) => p.serverCpuPerRequestUs, (v) => f(v)));
  out.push(row("server CPU per request, deep page (µs)", "closed-deep", (p) => p.serverCpuPerRequestUs, (v) => f(v)));
  out.push(row("server CPU, first page (% of one core)", "closed-first", (p) => p.serverCpuPct, (v) => f(v, 1), false));
  out.push(row("load generator CPU, first page (% of one core)", "closed-first", (p) => p.loadCpuPct, (v) => f(v, 1), false));
  out.push(waits("closed-first"));
  out.push(row("CPU taken by the host from this VM, steal (% of one core)", "closed-first", (p) => p.stealPct, (v) => f(v, 1), false));
  out.push(latencies("first page latency at saturation p50 / p95 / p99 (ms)", "closed-first"));

  out.push(blank(`**${f(opts.rate)} requests/s paced**${rangeNote}`));
  const p99 = latencies("first page latency p50 / p95 / p99 (ms)", "paced-first");
  const appP99 = of(A("paced-first"), (p) => p.latencyMs.p99).median;
  Object.assign(p99, { target: `p99 < ${FEED_TARGETS.p99Ms} ms`, verdict: verdict(appP99 < FEED_TARGETS.p99Ms) });
  out.push(p99);
  const deepP99 = latencies("deep page latency p50 / p95 / p99 (ms)", "paced-deep");
  const appDeepP99 = of(A("paced-deep"), (p) => p.latencyMs.p99).median;
  Object.assign(deepP99, { target: `p99 < ${FEED_TARGETS.p99Ms} ms`, verdict: verdict(appDeepP99 < FEED_TARGETS.p99Ms) });
  out.push(deepP99);
  out.push(row("requests/s answered, first page", "paced-first", (p) => p.requestsPerS, (v) => f(v), false));
  out.push(row("server CPU, first page (% of one core)", "paced-first", (p) => p.serverCpuPct, (v) => f(v, 1), false));
  out.push(row("server CPU per request, first page (µs)", "paced-first", (p) => p.serverCpuPerRequestUs, (v) => f(v)));
  out.push(waits("paced-first"));

  out.push(blank("**answers**"));
  const all = (side: FeedPhaseResult[][]) => side.flat();
  const errs = (side: FeedPhaseResult[][]) => all(side).reduce((n, p) => n + p.errors, 0);
  const reqs = (side: FeedPhaseResult[][]) => all(side).reduce((n, p) => n + p.requests, 0);
  out.push({
    label: `errors (not 200 with a feed page), all phases${runs > 1 ? " and runs" : ""}`,
    app: `${f(errs(run.app))} of ${f(reqs(run.app))}`,
    bare: `${f(errs(run.bare))} of ${f(reqs(run.bare))}`,
    ratio: "",
    target: "0",
    verdict: verdict(errs(run.app) === 0 && errs(run.bare) === 0),
  });
  out.push(sizes("answer size, first / deep page (bytes, median)", "closed-first", "closed-deep"));
  return out;
}
