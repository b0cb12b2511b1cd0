/**
 * The friends benchmark's rows (app, bare, ratio, target verdict) for the console and its results
 * section of BENCHMARKS.md (the tables and formatting are bench/lib/report.ts's).
 */
import type { FriendsEndpoint, FriendsPhaseResult } from "./friends-load.ts";
import { blank, phaseRows, type CompareRun } from "./lib/http-report.ts";
import { f, show, verdict, type Row } from "./lib/report.ts";

/** Per run (paired by index): the phases measured on each server. */
export type FriendsRun = CompareRun<FriendsPhaseResult>;

export const FRIENDS_TARGETS = {
  /** App requests/s as a share of the bare handler's (closed loop), each endpoint. */
  throughputRatio: 0.5,
  /** p99 at the paced rate (ms), each endpoint, nothing shed. */
  p99Ms: 50,
};

const ENDPOINTS: Array<[FriendsEndpoint, string]> = [
  ["recommendations", "friends.recommendations"],
  ["search", "people.search"],
];

export function friendsRows(run: FriendsRun, opts: { concurrency: number; rate: number; maxInFlight: number }): Row[] {
  const { runs, rangeNote, A, B, of, paired, row, latencies, waits: waitsOf, sizes } = phaseRows(run);
  const waits = (name: string) => waitsOf(`main thread waiting for a CPU, ${name.split("-")[1] === "search" ? "search" : "recommendations"}: server / load gen (% of window)`, name);
  const out: Row[] = [];

  out.push(blank(`**throughput**, ${opts.concurrency} connections in a closed loop${rangeNote}`));
  for (const [endpoint, label] of ENDPOINTS) {
    const name = `closed-${endpoint}`;
    const r = row(`${label}: requests/s`, name, (p) => p.requestsPerS, (v) => f(v));
    Object.assign(r, { target: `≥ ${FRIENDS_TARGETS.throughputRatio.toFixed(2)}× bare`, verdict: verdict(paired(name, (p) => p.requestsPerS).median >= FRIENDS_TARGETS.throughputRatio) });
    out.push(r);
  }
  for (const [endpoint, label] of ENDPOINTS) out.push(row(`server CPU per request, ${label} (µs)`, `closed-${endpoint}`, (p) => p.serverCpuPerRequestUs, (v) => f(v)));
  for (const [endpoint, label] of ENDPOINTS) out.push(latencies(`${label} latency at saturation p50 / p95 / p99 (ms)`, `closed-${endpoint}`));
  out.push(row("server CPU, recommendations (% of one core)", "closed-recommendations", (p) => p.serverCpuPct, (v) => f(v, 1), false));
  out.push(row("load generator CPU, search (% of one core)", "closed-search", (p) => p.loadCpuPct, (v) => f(v, 1), false));
  out.push(waits("closed-recommendations"));
  out.push(waits("closed-search"));
  out.push(row("CPU taken by the host from this VM, steal (% of one core)", "closed-recommendations", (p) => p.stealPct, (v) => f(v, 1), false));

  out.push(blank(`**${f(opts.rate)} requests/s paced** (at most ${f(opts.maxInFlight)} outstanding; a request due beyond that is shed)${rangeNote}`));
  for (const [endpoint, label] of ENDPOINTS) {
    const name = `paced-${endpoint}`;
    const r = latencies(`${label} latency p50 / p95 / p99 (ms)`, name);
    const appP99 = of(A(name), (p) => p.latencyMs.p99).median;
    const appShed = A(name).reduce((n, p) => n + p.shed, 0);
    Object.assign(r, { target: `p99 < ${FRIENDS_TARGETS.p99Ms} ms, none shed`, verdict: verdict(appP99 < FRIENDS_TARGETS.p99Ms && appShed === 0) });
    out.push(r);
  }
  for (const [endpoint, label] of ENDPOINTS) {
    const name = `paced-${endpoint}`;
    const sh = (ps: FriendsPhaseResult[]) => f(ps.reduce((n, p) => n + p.shed, 0));
    out.push({ ...row(`${label}: requests/s answered; shed${runs > 1 ? " (all runs)" : ""}`, name, (p) => p.requestsPerS, (v) => f(v), false), app: `${show(of(A(name), (p) => p.requestsPerS), (v) => f(v))}; ${sh(A(name))}`, bare: `${show(of(B(name), (p) => p.requestsPerS), (v) => f(v))}; ${sh(B(name))}` });
  }
  for (const [endpoint, label] of ENDPOINTS) out.push(row(`server CPU per request, ${label} (µs)`, `paced-${endpoint}`, (p) => p.serverCpuPerRequestUs, (v) => f(v)));
  out.push(row("server CPU, search (% of one core)", "paced-search", (p) => p.serverCpuPct, (v) => f(v, 1), false));
  out.push(waits("paced-search"));

  out.push(blank("**answers**"));
  const all = (side: FriendsPhaseResult[][]) => side.flat();
  const errs = (side: FriendsPhaseResult[][]) => {
    const by: Record<string, number> = {};
    for (const p of all(side)) for (const [k, v] of Object.entries(p.statuses)) by[k] = (by[k] ?? 0) + v;
    const total = Object.values(by).reduce((a, b) => a + b, 0);
    const reqs = all(side).reduce((n, p) => n + p.requests, 0) + total;
    return { text: `${f(total)} of ${f(reqs)}${total ? ` (${Object.entries(by).map(([k, v]) => `${k}: ${f(v)}`).join(", ")})` : ""}`, total };
  };
  const ea = errs(run.app);
  const eb = errs(run.bare);
  out.push({ label: `errors (not 200 with a page), all phases${runs > 1 ? " and runs" : ""}`, app: ea.text, bare: eb.text, ratio: "", target: "0", verdict: verdict(ea.total === 0 && eb.total === 0) });
  out.push(sizes("answer size, recommendations / search (bytes, median)", "closed-recommendations", "closed-search"));
  return out;
}
