/**
 * Turning the chat benchmark's measurements into rows (app, bare, ratio, target verdict), a
 * console table, and the results section of BENCHMARKS.md (between markers, so the hand-written
 * notes around it survive a refresh).
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import type { IdleResult, PhaseResult } from "../load.ts";

export interface ChatRun {
  app: { phases: PhaseResult[]; connectS: number };
  bare: { phases: PhaseResult[]; connectS: number };
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

const f = (x: number, digits = 0) => (Number.isFinite(x) ? x.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits }) : "—");
const ms = (x: number) => (Number.isFinite(x) ? (x < 10 ? x.toFixed(2) : x.toFixed(1)) : "—");
const ratio = (a: number, b: number) => (Number.isFinite(a / b) ? `${(a / b).toFixed(2)}×` : "—");
const verdict = (ok: boolean): Row["verdict"] => (ok ? "PASS" : "FAIL");
const faults = (p: PhaseResult) => p.lost + p.duplicates + p.reorders + p.misrouted + p.unacked;
const faultText = (p: PhaseResult) => {
  const errs = Object.entries(p.errors).map(([k, v]) => `${k} ${v}`);
  return `${p.lost}/${p.duplicates}/${p.reorders}${p.unacked ? `, ${p.unacked} unacked` : ""}${p.misrouted ? `, ${p.misrouted} misrouted` : ""}${errs.length ? `, errors: ${errs.join(", ")}` : ""}`;
};
/** 1 KB = 1,000 bytes (the issue's unit); /proc reports KiB. */
const kb = (kib: number) => (kib * 1024) / 1000;

export function rows(run: ChatRun, opts: { clients: number; rate: number; maxRate: number; idle: number }): Row[] {
  const out: Row[] = [];
  const names = run.app.phases.map((p) => p.name);
  for (const name of names) {
    const a = run.app.phases.find((p) => p.name === name)!;
    const b = run.bare.phases.find((p) => p.name === name)!;
    const paced = name === "paced";
    const title = paced ? `${f(opts.rate)} msg/s offered` : `throughput (${f(opts.maxRate)} msg/s offered)`;
    out.push({ label: `**${title}**, ${f(opts.clients)} clients`, app: "", bare: "", ratio: "", target: "", verdict: "" });
    out.push({ label: "messages sent/s", app: f(a.sentPerS), bare: f(b.sentPerS), ratio: ratio(a.sentPerS, b.sentPerS), target: "", verdict: "" });
    const tputTarget = !paced;
    out.push({
      label: "delivered messages/s (message × member)",
      app: f(a.deliveriesPerS),
      bare: f(b.deliveriesPerS),
      ratio: ratio(a.deliveriesPerS, b.deliveriesPerS),
      target: tputTarget ? "≥ 0.50× bare" : "",
      verdict: tputTarget ? verdict(a.deliveriesPerS >= 0.5 * b.deliveriesPerS) : "",
    });
    out.push({ label: "server CPU (% of one core)", app: f(a.serverCpuPct, 1), bare: f(b.serverCpuPct, 1), ratio: ratio(a.serverCpuPct, b.serverCpuPct), target: "", verdict: "" });
    out.push({
      label: "server CPU per delivered message (µs)",
      app: f(a.serverCpuPerDeliveryUs, 2),
      bare: f(b.serverCpuPerDeliveryUs, 2),
      ratio: ratio(a.serverCpuPerDeliveryUs, b.serverCpuPerDeliveryUs),
      target: "≤ 2× bare",
      verdict: verdict(a.serverCpuPerDeliveryUs <= 2 * b.serverCpuPerDeliveryUs),
    });
    out.push({ label: "load generator CPU (% of one core)", app: f(a.loadCpuPct, 1), bare: f(b.loadCpuPct, 1), ratio: "", target: "", verdict: "" });
    out.push({
      label: "main thread waiting for a CPU: server / load gen (% of window)",
      app: `${f(a.serverWaitPct, 1)} / ${f(a.loadWaitPct, 1)}`,
      bare: `${f(b.serverWaitPct, 1)} / ${f(b.loadWaitPct, 1)}`,
      ratio: "",
      target: "",
      verdict: "",
    });
    out.push({
      label: "latency p50 / p95 / p99 (ms)",
      app: `${ms(a.latencyMs.p50)} / ${ms(a.latencyMs.p95)} / ${ms(a.latencyMs.p99)}`,
      bare: `${ms(b.latencyMs.p50)} / ${ms(b.latencyMs.p95)} / ${ms(b.latencyMs.p99)}`,
      ratio: ratio(a.latencyMs.p99, b.latencyMs.p99),
      target: paced ? "p99 < 100 ms" : "",
      verdict: paced ? verdict(a.latencyMs.p99 < 100) : "",
    });
    out.push({ label: "ack latency p50 / p99 (ms)", app: `${ms(a.ackMs.p50)} / ${ms(a.ackMs.p99)}`, bare: `${ms(b.ackMs.p50)} / ${ms(b.ackMs.p99)}`, ratio: "", target: "", verdict: "" });
    out.push({
      label: "frames / bytes received per delivery",
      app: `${a.framesPerDelivery.toFixed(2)} / ${f(a.bytesPerDelivery)}`,
      bare: `${b.framesPerDelivery.toFixed(2)} / ${f(b.bytesPerDelivery)}`,
      ratio: "",
      target: "",
      verdict: "",
    });
    out.push({
      label: `lost / duplicated / reordered (of ${f(a.sent)} app, ${f(b.sent)} bare msgs)`,
      app: faultText(a),
      bare: faultText(b),
      ratio: "",
      target: "all 0",
      verdict: verdict(faults(a) === 0 && Object.keys(a.errors).length === 0),
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
      ratio: ratio(a.perConnectionKiB, b.perConnectionKiB),
      target: "≤ 10 KB",
      verdict: verdict(a.failed === 0 && a.unauthenticated === 0 && kb(a.perConnectionKiB) <= 10),
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

const START = "<!-- bench:chat:results:start -->";
const END = "<!-- bench:chat:results:end -->";

/** Replaces the results section of BENCHMARKS.md (creating the file or the markers if needed). */
export function writeResults(file: string, section: string) {
  const block = `${START}\n${section.trim()}\n${END}`;
  let text = existsSync(file) ? readFileSync(file, "utf8") : "# Benchmarks\n";
  const a = text.indexOf(START);
  const b = text.indexOf(END);
  if (a >= 0 && b > a) text = text.slice(0, a) + block + text.slice(b + END.length);
  else text = `${text.trimEnd()}\n\n${block}\n`;
  writeFileSync(file, text);
}
