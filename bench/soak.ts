/**
 * `bun run bench:soak`: the messenger under a steady, moderate load for a long time. Not a test.
 *
 * 1. Starts the real app once on a fresh DATA_DIR (migrations), stops it, seeds users, sessions
 *    and group chats straight into SQLite (bench/seed.ts, as bench:chat does).
 * 2. App pinned to core 0 (with bench/soak-heap.ts preloaded: the live JS heap after a full GC
 *    every 15 s), the load generator (bench/soak-load.ts, a separate process) pinned to core 1:
 *    N signed-in sockets in group chats of 10 send `--rate` messages/s together for `--minutes`.
 * 3. Every `--sample-every` seconds: the app's RSS (/proc/<pid>/status VmRSS).
 * 4. Prints a table: messages sent / acknowledged / delivered, errors (error frames, sends never
 *    acknowledged, sockets closed under the run, misrouted deliveries), loss (an acknowledged
 *    message some member never got, or got twice, or out of order), and memory: RSS at the start
 *    and end and the least-squares slope over the samples after the warm-up, "flat" under
 *    `--threshold` MB per minute (BENCHMARKS.md, "Soak", says why 1 MB/min).
 *
 * Options: --clients 1000 --minutes 10 --rate 200 --sample-every 5 --warmup <s> (default: a fifth
 *          of the run, at most 60 s) --threshold 1 --markdown (the table for BENCHMARKS.md)
 * Exit code: 0 when there were no errors, no loss and the memory was flat (judged only with at
 * least 5 minutes after the warm-up); 1 otherwise; 2 if the soak itself could not run.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import type { SoakLoadConfig, SoakLoadResult } from "./soak-load.ts";
import { benchEnv, parseFlags, runMain } from "./lib/common.ts";
import { cpuSeconds, rssKiB, runQueueWaitSeconds, stealSeconds } from "./lib/proc.ts";
import { freePort, onInterrupt, spawnPinned, stopProcess, waitForHttp, type Pinned } from "./lib/procs.ts";
import { median } from "./lib/stats.ts";
import { seedSqlite } from "./seed.ts";

const ROOT = join(import.meta.dir, "..");
const PIN = cpus().length >= 2;
const MEMBERS_PER_CHAT = 10;
/** The memory verdict needs at least this much steady run after the warm-up; a shorter run only reports the slope. */
const MIN_JUDGED_MINUTES = 5;
const log = (msg: string) => console.error(`[bench:soak] ${msg}`);

interface Options {
  clients: number;
  minutes: number;
  rate: number;
  sampleEveryS: number;
  warmupS: number | null;
  thresholdMbPerMin: number;
  markdown: boolean;
}

function parseOptions(argv: string[]): Options {
  const o: Options = { clients: 1000, minutes: 10, rate: 200, sampleEveryS: 5, warmupS: null, thresholdMbPerMin: 1, markdown: false };
  const positive = true;
  parseFlags(
    argv,
    {
      "--clients": (v) => (o.clients = v.num()),
      "--minutes": (v) => (o.minutes = v.num()),
      "--rate": (v) => (o.rate = v.num()),
      "--sample-every": (v) => (o.sampleEveryS = v.num()),
      "--warmup": (v) => (o.warmupS = v.num()),
      "--threshold": (v) => (o.thresholdMbPerMin = v.num()),
      "--markdown": () => (o.markdown = true),
    },
    positive,
  );
  if (o.clients % MEMBERS_PER_CHAT !== 0) throw new Error(`--clients must be a multiple of ${MEMBERS_PER_CHAT}`);
  return o;
}

async function startApp(dataDir: string, heapFile: string, core: number | null): Promise<{ app: Pinned; url: string }> {
  const port = freePort();
  const argv = ["bun", "--preload", join(ROOT, "bench/soak-heap.ts"), join(ROOT, "server/main.ts")];
  const app = spawnPinned(core, argv, { env: benchEnv(port, dataDir, { SOAK_HEAP_FILE: heapFile }), stdout: "ignore", stderr: "inherit", cwd: ROOT });
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(`${url}/healthz`, app.proc, 60_000);
  return { app, url };
}

/** Least-squares line of y over x: its slope and the slope's standard error. */
export function fitLine(xs: number[], ys: number[]): { slope: number; se: number } {
  const n = xs.length;
  if (n < 3) return { slope: NaN, se: NaN };
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (xs[i]! - mx) * (ys[i]! - my);
    sxx += (xs[i]! - mx) ** 2;
  }
  const slope = sxy / sxx;
  let sse = 0;
  for (let i = 0; i < n; i++) sse += (ys[i]! - my - slope * (xs[i]! - mx)) ** 2;
  return { slope, se: Math.sqrt(sse / (n - 2) / sxx) };
}

interface Sample {
  at: number;
  rssMB: number;
}

const MB = (kib: number) => (kib * 1024) / 1e6;
const f = (x: number, digits = 0) => (Number.isFinite(x) ? x.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits }) : "—");
const loadAvg = () => readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");

/** Runs the load generator; samples the app while it runs. */
async function drive(cfg: SoakLoadConfig, tmp: string, app: Pinned, everyS: number) {
  const file = join(tmp, "soak-load.json");
  writeFileSync(file, JSON.stringify(cfg));
  const load = spawnPinned(PIN ? 1 : null, ["bun", join(ROOT, "bench/soak-load.ts"), file], { stdout: "pipe", stderr: "inherit", cwd: ROOT });
  let startedAt = 0;
  let result: SoakLoadResult | null = null;
  const reading = (async () => {
    let buf = "";
    for await (const chunk of load.proc.stdout as ReadableStream<Uint8Array>) {
      buf += new TextDecoder().decode(chunk);
      for (let nl = buf.indexOf("\n"); nl >= 0; nl = buf.indexOf("\n")) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        if (line.startsWith("STARTED ")) startedAt = Number(line.slice(8));
        else if (line.startsWith("RESULT ")) result = JSON.parse(line.slice(7));
        else if (line.startsWith("PROGRESS ")) log(`progress ${line.slice(9)} rss ${f(MB(rssKiB(app.pid)), 1)} MB`);
      }
    }
  })();
  const samples: Sample[] = [];
  let cpuAtStart = NaN;
  let stealAtStart = NaN;
  let waitAtStart = NaN;
  while (load.proc.exitCode === null) {
    if (app.proc.exitCode !== null) throw new Error(`the app died during the soak (exit ${app.proc.exitCode})`);
    if (startedAt && Number.isNaN(cpuAtStart)) {
      cpuAtStart = cpuSeconds(app.pid);
      stealAtStart = stealSeconds();
      waitAtStart = runQueueWaitSeconds(app.pid);
    }
    if (startedAt) samples.push({ at: Date.now(), rssMB: MB(rssKiB(app.pid)) });
    await Promise.race([load.proc.exited, Bun.sleep(startedAt ? everyS * 1000 : 200)]);
  }
  const endedAt = Date.now();
  const cpuS = cpuSeconds(app.pid) - cpuAtStart;
  const stealS = stealSeconds() - stealAtStart;
  const waitS = runQueueWaitSeconds(app.pid) - waitAtStart;
  samples.push({ at: endedAt, rssMB: MB(rssKiB(app.pid)) });
  await reading;
  if (load.proc.exitCode !== 0 || !result) throw new Error(`the load generator failed with exit code ${load.proc.exitCode}`);
  return { result: result as SoakLoadResult, samples, startedAt, endedAt, cpuS, stealS, waitS };
}

interface HeapSample extends Sample {
  /** Native memory held by JS objects (SQLite's prepared statements above all), MB. */
  extraMB: number;
  statements: number;
  gcMs: number;
}

/** The preload's heap lines in [from, to] (`rssMB` is the live heap here). */
function heapSamples(file: string, from: number, to: number): HeapSample[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { at: number; heapUsed: number; extra: number; statements: number; gcMs: number })
    .filter((s) => s.at >= from && s.at <= to)
    .map((s) => ({ at: s.at, rssMB: s.heapUsed / 1e6, extraMB: s.extra / 1e6, statements: s.statements, gcMs: s.gcMs }));
}

interface Row {
  label: string;
  value: string;
  target: string;
  verdict: string;
}

export async function benchSoak(argv: string[]): Promise<{ ok: boolean }> {
  const o = parseOptions(argv);
  const durationS = o.minutes * 60;
  const warmupS = o.warmupS ?? Math.min(60, durationS / 5);
  const chats = o.clients / MEMBERS_PER_CHAT;
  const tmp = mkdtempSync(join(tmpdir(), "world-it-soak-"));
  const unregister = onInterrupt(() => rmSync(tmp, { recursive: true, force: true }));
  const dataDir = join(tmp, "data");
  const heapFile = join(tmp, "heap.jsonl");
  const loadBefore = loadAvg();
  try {
    log("migrating a fresh database (starting the app once)");
    const first = await startApp(dataDir, join(tmp, "ignored.jsonl"), null);
    await stopProcess(first.app);
    const seeded = seedSqlite(join(dataDir, "world-it.sqlite"), { users: o.clients, chats, membersPerChat: MEMBERS_PER_CHAT });
    const clientsFile = join(tmp, "clients.json");
    writeFileSync(clientsFile, JSON.stringify({ members: seeded.members }));
    log(`seeded ${o.clients} users with sessions in ${chats} chats × ${MEMBERS_PER_CHAT}; ${o.rate} msg/s for ${o.minutes} min, warm-up ${warmupS} s`);

    const { app, url } = await startApp(dataDir, heapFile, PIN ? 0 : null);
    let run: Awaited<ReturnType<typeof drive>>;
    try {
      const cfg: SoakLoadConfig = {
        url,
        clientsFile,
        clients: o.clients,
        membersPerChat: MEMBERS_PER_CHAT,
        rate: o.rate,
        durationS,
        drainS: 15,
        bodyChars: 80,
        connectConcurrency: 100,
        progressEveryS: 60,
      };
      run = await drive(cfg, tmp, app, o.sampleEveryS);
    } finally {
      const code = await stopProcess(app);
      if (code !== 0) log(`the app exited with ${code} on SIGTERM`);
    }
    const { result: r, samples, startedAt, endedAt } = run;

    // Memory: the samples after the warm-up, time in minutes from the start of sending.
    const steady = samples.filter((s) => s.at >= startedAt + warmupS * 1000);
    const minutes = (s: Sample[]) => s.map((x) => (x.at - startedAt) / 60_000);
    const rssFit = fitLine(minutes(steady), steady.map((s) => s.rssMB));
    const rssSlope = rssFit.slope;
    const heap = heapSamples(heapFile, startedAt + warmupS * 1000, endedAt);
    const heapSlope = fitLine(minutes(heap), heap.map((s) => s.rssMB)).slope;
    const rssStart = samples[0]!.rssMB;
    const rssEnd = samples[samples.length - 1]!.rssMB;
    const steadyMin = Math.min(...steady.map((s) => s.rssMB));
    const steadyMax = Math.max(...steady.map((s) => s.rssMB));
    // Over a few minutes the allocator's and collector's sawtooth (several MB) outweighs any leak.
    const judged = steady.length > 1 && (steady[steady.length - 1]!.at - steady[0]!.at) / 60_000 >= MIN_JUDGED_MINUTES;
    const flat = Number.isFinite(rssSlope) && rssSlope < o.thresholdMbPerMin;

    const errorFrames = Object.values(r.errors).reduce((a, b) => a + b, 0);
    const errorCount = errorFrames + r.unacked + r.closedUnexpectedly + r.misrouted;
    const lossCount = r.lost + r.duplicates + r.reorders;
    const sendS = r.sendS;
    const rows: Row[] = [
      { label: "clients (signed in, in group chats of 10)", value: f(r.clients), target: "", verdict: "" },
      { label: "sending time (s); connect time (s)", value: `${f(sendS)}; ${f(r.connectS, 1)}`, target: "", verdict: "" },
      { label: "messages sent (offered msg/s)", value: `${f(r.sent)} (${f(o.rate)})`, target: "", verdict: "" },
      { label: "messages acknowledged", value: f(r.acked), target: "", verdict: "" },
      { label: "deliveries (message × member): received / expected", value: `${f(r.delivered)} / ${f(r.expectedDeliveries)}`, target: "", verdict: "" },
      { label: "ack latency p50 / p99 / max (ms)", value: `${f(r.ackMs.p50, 1)} / ${f(r.ackMs.p99, 1)} / ${f(r.ackMs.max, 0)}`, target: "", verdict: "" },
      {
        label: "errors: error frames / unacknowledged / sockets closed / misrouted",
        value: `${errorFrames}${errorFrames ? ` (${Object.entries(r.errors).map(([k, v]) => `${k} ${v}`).join(", ")})` : ""} / ${r.unacked} / ${r.closedUnexpectedly} / ${r.misrouted}`,
        target: "all 0",
        verdict: errorCount === 0 ? "PASS" : "FAIL",
      },
      { label: "lost / duplicated / reordered deliveries", value: `${r.lost} / ${r.duplicates} / ${r.reorders}`, target: "all 0", verdict: lossCount === 0 ? "PASS" : "FAIL" },
      { label: "server CPU while sending (% of one core); steal (% of one core)", value: `${f((100 * run.cpuS) / sendS, 1)}; ${f((100 * run.stealS) / sendS, 1)}`, target: "", verdict: "" },
      { label: "server main thread waiting for a CPU (% of the time; others share the machine)", value: f((100 * run.waitS) / sendS, 1), target: "", verdict: "" },
      { label: "server RSS at start → end of sending (MB)", value: `${f(rssStart, 1)} → ${f(rssEnd, 1)}`, target: "", verdict: "" },
      { label: `server RSS after the ${f(warmupS)} s warm-up: min – max (MB), samples`, value: `${f(steadyMin, 1)} – ${f(steadyMax, 1)}, ${steady.length}`, target: "", verdict: "" },
      {
        label: "server RSS slope after warm-up, ± standard error (MB/min; % of RSS per 10 min)",
        value: `${f(rssSlope, 2)} ± ${f(rssFit.se, 2)}; ${f((100 * rssSlope * 10) / rssEnd, 1)} %`,
        target: `< ${o.thresholdMbPerMin} MB/min`,
        verdict: !judged ? `not judged (< ${MIN_JUDGED_MINUTES} min after warm-up)` : flat ? "flat" : "GROWING",
      },
      {
        label: "live JS heap after a full GC, after warm-up: first → last (MB); slope (MB/min)",
        value: heap.length ? `${f(heap[0]!.rssMB, 1)} → ${f(heap[heap.length - 1]!.rssMB, 1)}; ${f(heapSlope, 2)}` : "—",
        target: "",
        verdict: "",
      },
      {
        label: "of which native memory held by JS objects (SQLite statements…), first → last (MB); prepared statements",
        value: heap.length ? `${f(heap[0]!.extraMB, 1)} → ${f(heap[heap.length - 1]!.extraMB, 1)}; ${heap[0]!.statements} → ${heap[heap.length - 1]!.statements}` : "—",
        target: "",
        verdict: "",
      },
      { label: "full GC of each heap sample: median / max (ms)", value: heap.length ? `${f(median(heap.map((h) => h.gcMs)), 1)} / ${f(Math.max(...heap.map((h) => h.gcMs)), 1)}` : "—", target: "", verdict: "" },
      { label: "load average (1/5/15 min) before → after", value: `${loadBefore} → ${loadAvg()}`, target: "", verdict: "" },
    ];
    console.log(`\nSoak: ${f(r.clients)} clients, ${f(o.rate)} msg/s, ${o.minutes} min (${PIN ? "server on core 0, load generator on core 1" : "not pinned"})\n`);
    console.log(o.markdown ? markdownTable(rows) : consoleTable(rows));
    const ok = errorCount === 0 && lossCount === 0 && (flat || !judged);
    console.log(`\n${ok ? `no errors, no loss${judged ? ", memory flat" : ""}` : "the soak FAILED"}`);
    return { ok };
  } finally {
    unregister();
    rmSync(tmp, { recursive: true, force: true });
  }
}

function consoleTable(rows: Row[]): string {
  const w = [0, 0, 0].map((_, i) => Math.max(...rows.map((r) => [r.label, r.value, r.target][i]!.length)));
  return rows.map((r) => `${r.label.padEnd(w[0]!)}  ${r.value.padStart(w[1]!)}  ${r.target.padEnd(w[2]!)}  ${r.verdict}`).join("\n");
}

function markdownTable(rows: Row[]): string {
  const out = ["| | value | target | |", "|---|--:|---|---|"];
  for (const r of rows) out.push(`| ${r.label} | ${r.value} | ${r.target} | ${r.verdict ? `**${r.verdict}**` : ""} |`);
  return out.join("\n");
}

if (import.meta.main) await runMain(benchSoak);
