/**
 * Turning the chat benchmark's measurements into rows (app, bare, ratio, target verdict), a
 * console table, and the results section of BENCHMARKS.md (between markers, so the hand-written
 * notes around it survive a refresh).
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import type { IdleResult, PhaseResult } from "../load.ts";

export interface ChatRun {
  /** Per run (app and bare alternate, paired by index): the phases measured in it. */
  app: PhaseResult[][];
  bare: PhaseResult[][];
  appIdle: IdleResult | null;
  bareIdle: IdleResult | null;
}

export interface Row {
  label: string;
  app: string;
  bare: string;
  ratio: string;
  target: string;
  verdict: "PASS" | "FAIL" | "";
}

export const f = (x: number, digits = 0) => (Number.isFinite(x) ? x.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits }) : "—");
export const ms = (x: number) => (Number.isFinite(x) ? (x < 10 ? x.toFixed(2) : x.toFixed(1)) : "—");
export const times = (x: number) => (Number.isFinite(x) ? `${x.toFixed(2)}×` : "—");
export const verdict = (ok: boolean): Row["verdict"] => (ok ? "PASS" : "FAIL");
/** 1 KB = 1,000 bytes (the issue's unit); /proc reports KiB. */
const kb = (kib: number) => (kib * 1024) / 1000;

/** A figure over several runs: the median, and the range when there is more than one run. */
export interface Spread {
  median: number;
  min: number;
  max: number;
  n: number;
}
export const spread = (xs: number[]): Spread => {
  const s = xs.filter(Number.isFinite).sort((a, b) => a - b);
  return { median: s.length ? s[Math.floor((s.length - 1) / 2)]! : NaN, min: s[0] ?? NaN, max: s[s.length - 1] ?? NaN, n: s.length };
};
export const show = (x: Spread, fmt: (v: number) => string) => (x.n > 1 ? `${fmt(x.median)} (${fmt(x.min)}–${fmt(x.max)})` : fmt(x.median));

function faultText(ps: PhaseResult[]) {
  const sum = (k: "lost" | "duplicates" | "reorders" | "unacked" | "misrouted") => ps.reduce((n, p) => n + p[k], 0);
  const errors: Record<string, number> = {};
  for (const p of ps) for (const [k, v] of Object.entries(p.errors)) errors[k] = (errors[k] ?? 0) + v;
  const errs = Object.entries(errors).map(([k, v]) => `${k} ${v}`);
  const total = sum("lost") + sum("duplicates") + sum("reorders") + sum("unacked") + sum("misrouted") + errs.length;
  const text = `${sum("lost")}/${sum("duplicates")}/${sum("reorders")}${sum("unacked") ? `, ${sum("unacked")} unacked` : ""}${sum("misrouted") ? `, ${sum("misrouted")} misrouted` : ""}${errs.length ? `, errors: ${errs.join(", ")}` : ""}`;
  return { text, ok: total === 0 };
}

/** Per phase: the most server CPU per delivery may cost, as a multiple of bare's (the issue's targets). */
const CPU_TARGET: Record<string, number> = { paced: 1.5, throughput: 2, burst: 2.5 };

export function rows(run: ChatRun, opts: { clients: number; rate: number; maxRate: number; idle: number; burst?: { senders: number; inFlight: number } }): Row[] {
  const out: Row[] = [];
  const runs = run.app.length;
  const names = run.app[0]!.map((p) => p.name);
  for (const name of names) {
    const A = run.app.map((r) => r.find((p) => p.name === name)!);
    const B = run.bare.map((r) => r.find((p) => p.name === name)!);
    const a = (pick: (p: PhaseResult) => number) => spread(A.map(pick));
    const b = (pick: (p: PhaseResult) => number) => spread(B.map(pick));
    /** Paired ratio: app / bare of the same run, then the median over runs. */
    const r = (pick: (p: PhaseResult) => number) => spread(A.map((p, i) => pick(p) / pick(B[i]!)));
    const row = (label: string, pick: (p: PhaseResult) => number, fmt: (v: number) => string, withRatio = true): Row => ({
      label,
      app: show(a(pick), fmt),
      bare: show(b(pick), fmt),
      ratio: withRatio ? show(r(pick), times) : "",
      target: "",
      verdict: "",
    });
    const paced = name === "paced";
    const burst = name === "burst";
    const title = paced
      ? `${f(opts.rate)} msg/s offered`
      : burst
        ? `burst (${f(opts.burst?.senders ?? 0)} clients sending as fast as they are acknowledged, ≤ ${opts.burst?.inFlight ?? "?"} unacknowledged each)`
        : `throughput (${f(opts.maxRate)} msg/s offered)`;
    out.push({ label: `**${title}**, ${f(opts.clients)} clients${runs > 1 ? `, median (range) of ${runs} runs` : ""}`, app: "", bare: "", ratio: "", target: "", verdict: "" });
    out.push(row("messages sent/s", (p) => p.sentPerS, (v) => f(v)));
    const deliv = row("delivered messages/s (message × member)", (p) => p.deliveriesPerS, (v) => f(v));
    const cpuTarget = CPU_TARGET[name] ?? 2;
    if (!paced) Object.assign(deliv, { target: "≥ 0.50× bare", verdict: verdict(r((p) => p.deliveriesPerS).median >= 0.5) });
    out.push(deliv);
    out.push({
      ...row("server CPU, of which kernel (% of one core)", (p) => p.serverCpuPct, (v) => f(v, 1)),
      app: `${show(a((p) => p.serverCpuPct), (v) => f(v, 1))} [${f(a((p) => p.serverSystemPct).median, 1)}]`,
      bare: `${show(b((p) => p.serverCpuPct), (v) => f(v, 1))} [${f(b((p) => p.serverSystemPct).median, 1)}]`,
    });
    out.push(row("of which JIT compiler threads (% of one core)", (p) => p.serverJitPct, (v) => f(v, 1), false));
    out.push({
      ...row("server CPU per delivered message (µs)", (p) => p.serverCpuPerDeliveryUs, (v) => f(v, 2)),
      target: `≤ ${cpuTarget}× bare`,
      verdict: verdict(r((p) => p.serverCpuPerDeliveryUs).median <= cpuTarget),
    });
    out.push(row("load generator CPU (% of one core)", (p) => p.loadCpuPct, (v) => f(v, 1), false));
    out.push({
      label: "main thread waiting for a CPU: server / load gen (% of window)",
      app: `${f(a((p) => p.serverWaitPct).median, 1)} / ${f(a((p) => p.loadWaitPct).median, 1)}`,
      bare: `${f(b((p) => p.serverWaitPct).median, 1)} / ${f(b((p) => p.loadWaitPct).median, 1)}`,
      ratio: "",
      target: "",
      verdict: "",
    });
    out.push(row("CPU taken by the host from this VM, steal (% of one core)", (p) => p.stealPct, (v) => f(v, 1), false));
    out.push({
      label: "latency p50 / p95 / p99 (ms)",
      app: `${ms(a((p) => p.latencyMs.p50).median)} / ${ms(a((p) => p.latencyMs.p95).median)} / ${show(a((p) => p.latencyMs.p99), ms)}`,
      bare: `${ms(b((p) => p.latencyMs.p50).median)} / ${ms(b((p) => p.latencyMs.p95).median)} / ${show(b((p) => p.latencyMs.p99), ms)}`,
      ratio: "",
      target: paced ? "p50 < 1 ms, p99 < 10 ms" : "",
      verdict: paced ? verdict(a((p) => p.latencyMs.p50).median < 1 && a((p) => p.latencyMs.p99).median < 10) : "",
    });
    out.push({
      label: "ack latency p50 / p99 (ms)",
      app: `${ms(a((p) => p.ackMs.p50).median)} / ${ms(a((p) => p.ackMs.p99).median)}`,
      bare: `${ms(b((p) => p.ackMs.p50).median)} / ${ms(b((p) => p.ackMs.p99).median)}`,
      ratio: "",
      target: "",
      verdict: "",
    });
    out.push({
      label: "frames / bytes received per delivery",
      app: `${a((p) => p.framesPerDelivery).median.toFixed(2)} / ${f(a((p) => p.bytesPerDelivery).median)}`,
      bare: `${b((p) => p.framesPerDelivery).median.toFixed(2)} / ${f(b((p) => p.bytesPerDelivery).median)}`,
      ratio: "",
      target: "",
      verdict: "",
    });
    const fa = faultText(A);
    const fb = faultText(B);
    const sent = (ps: PhaseResult[]) => f(ps.reduce((n, p) => n + p.sent, 0));
    out.push({
      label: `lost / duplicated / reordered (of ${sent(A)} app, ${sent(B)} bare messages${runs > 1 ? ", all runs" : ""})`,
      app: fa.text,
      bare: fb.text,
      ratio: "",
      target: "all 0",
      verdict: verdict(fa.ok),
    });
  }
  if (run.appIdle && run.bareIdle) {
    const a = run.appIdle;
    const b = run.bareIdle;
    out.push({ label: `**${f(opts.idle)} idle connections** (app: signed in)`, app: "", bare: "", ratio: "", target: "", verdict: "" });
    out.push({ label: "connections open", app: `${f(a.connections)}${a.failed ? ` (${a.failed} failed)` : ""}${a.unauthenticated ? ` (${a.unauthenticated} not signed in)` : ""}`, bare: f(b.connections), ratio: "", target: "", verdict: "" });
    out.push({ label: "server RSS before → after (MB)", app: `${f(kb(a.rssBeforeKiB) / 1000, 1)} → ${f(kb(a.rssAfterKiB) / 1000, 1)}`, bare: `${f(kb(b.rssBeforeKiB) / 1000, 1)} → ${f(kb(b.rssAfterKiB) / 1000, 1)}`, ratio: "", target: "", verdict: "" });
    out.push({
      label: "server memory per idle connection (KB)",
      app: f(kb(a.perConnectionKiB), 2),
      bare: f(kb(b.perConnectionKiB), 2),
      ratio: times(a.perConnectionKiB / b.perConnectionKiB),
      target: "≤ 5 KB",
      verdict: verdict(a.failed === 0 && a.unauthenticated === 0 && kb(a.perConnectionKiB) <= 5),
    });
    out.push({ label: "time to open them all (s)", app: f(a.connectS, 1), bare: f(b.connectS, 1), ratio: "", target: "", verdict: "" });
  }
  return out;
}

export function consoleTable(rs: Row[]): string {
  const plain = (s: string) => s.replace(/\*\*/g, "");
  const cols = [
    rs.map((r) => plain(r.label)),
    rs.map((r) => r.app),
    rs.map((r) => r.bare),
    rs.map((r) => r.ratio),
    rs.map((r) => r.target),
    rs.map((r) => r.verdict),
  ];
  const heads = ["", "app", "bare", "app/bare", "target", ""];
  const widths = cols.map((c, i) => Math.max(heads[i]!.length, ...c.map((s) => s.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  const out = [line(heads)];
  rs.forEach((_, r) => {
    if (!rs[r]!.app && !rs[r]!.bare) out.push("", plain(rs[r]!.label));
    else out.push(line(cols.map((c) => c[r]!)));
  });
  return out.join("\n");
}

export function markdownTable(rs: Row[]): string {
  const out = ["| | app | bare Bun | app / bare | target | |", "|---|--:|--:|--:|---|---|"];
  for (const r of rs) out.push(`| ${r.label} | ${r.app} | ${r.bare} | ${r.ratio} | ${r.target} | ${r.verdict ? `**${r.verdict}**` : ""} |`);
  return out.join("\n");
}

/**
 * Replaces the `bench:<name>` results section of BENCHMARKS.md, between its markers (creating the
 * file, or appending the section under `heading` when its markers are missing).
 */
export function writeResults(file: string, name: string, section: string, heading = "") {
  const start = `<!-- bench:${name}:results:start -->`;
  const end = `<!-- bench:${name}:results:end -->`;
  const block = `${start}\n${section.trim()}\n${end}`;
  let text = existsSync(file) ? readFileSync(file, "utf8") : "# Benchmarks\n";
  const a = text.indexOf(start);
  const b = text.indexOf(end);
  if (a >= 0 && b > a) text = text.slice(0, a) + block + text.slice(b + end.length);
  else text = `${text.trimEnd()}\n\n${heading ? `${heading}\n\n` : ""}${block}\n`;
  writeFileSync(file, text);
}
