/**
 * The engine of the HTTP load generators (bench/feed-load.ts, bench/friends-load.ts): separate
 * processes, pinned to their own core, that send tRPC GET queries with a viewer's `wit_session`
 * cookie — the same requests to the app and to the bare handler — and measure what comes back.
 *
 * A phase is a warm-up, then a measured window:
 * - "closed": `concurrency` loops, each sending its next request when the previous one answered
 *   (the server sets the pace): requests/s;
 * - "paced": `rate` requests/s on a 1 ms timer, whatever the answers do (no coordinated
 *   omission): latency from the moment a request was due to its last byte. With `maxInFlight`,
 *   a request due while that many are outstanding is not sent and counted as **shed** (a server
 *   slower than the rate would otherwise collect an ever longer queue).
 * An answer that is not 200 with the expected tRPC body counts as an error, by status. Server CPU
 * comes from /proc/<pid>/stat at the window's edges, like bench/load.ts.
 */
import { readFileSync } from "node:fs";
import { cpuTimes, runQueueWaitSeconds, stealSeconds } from "./proc.ts";
import { percentiles } from "./stats.ts";

export interface LoadPhase {
  name: string;
  mode: "closed" | "paced";
  /** closed: parallel request loops. */
  concurrency?: number;
  /** paced: requests per second. */
  rate?: number;
  warmupS: number;
  durationS: number;
}

/** What one request got: the answer's size in bytes, or what went wrong (its status, or "fetch"). */
export type Answer = number | string;

/** One phase's measured window. */
export interface Measured {
  windowS: number;
  requests: number;
  requestsPerS: number;
  errors: number;
  /** Non-200 answers (and "fetch" for failed connections) by status. */
  statuses: Record<string, number>;
  /** Paced only: requests due in the window but not sent (maxInFlight outstanding). */
  shed: number;
  /** Median answer size (bytes). */
  bytes: number;
  latencyMs: { p50: number; p95: number; p99: number; max: number };
  serverCpuPct: number;
  serverCpuPerRequestUs: number;
  loadCpuPct: number;
  serverWaitPct: number;
  loadWaitPct: number;
  stealPct: number;
}

const now = () => performance.now();

/** The path of one tRPC GET query. */
export const trpcPath = (procedure: string, input: unknown) => `/trpc/${procedure}?input=${encodeURIComponent(JSON.stringify(input))}`;

/**
 * One GET: the answer's size when it is 200 and starts with `prefix`, else its status ("fetch" when it failed).
 * Asked for without compression (`accept-encoding: identity`; fetch would offer gzip and br): the
 * bare handlers answer plain JSON, so both servers do the same work and send the same bytes. A
 * browser gets large answers compressed (issue 15), which costs the app CPU the bare one never spends.
 */
export async function fetchAnswer(url: string, headers: Record<string, string>, prefix: string): Promise<Answer> {
  try {
    const res = await fetch(url, { headers: { "accept-encoding": "identity", ...headers } });
    const text = await res.text();
    return res.status === 200 && text.startsWith(prefix) ? text.length : String(res.status);
  } catch {
    return "fetch";
  }
}

/** Runs one phase against the server `serverPid` with `request` (a new request per call). */
export async function measurePhase(p: LoadPhase, request: () => Promise<Answer>, serverPid: number, maxInFlight = Infinity): Promise<Measured> {
  const capacity = Math.max(1_000_000, Math.ceil((p.rate ?? 0) * (p.durationS + p.warmupS) * 2));
  const lat = new Float64Array(capacity);
  const sizes = new Float64Array(capacity);
  let n = 0;
  let errors = 0;
  let shed = 0;
  const statuses: Record<string, number> = {};
  let measuring = false;
  let stop = false;
  const record = (due: number, answer: Answer) => {
    if (!measuring) return;
    if (typeof answer === "string") {
      errors++;
      statuses[answer] = (statuses[answer] ?? 0) + 1;
    } else if (n < capacity) {
      lat[n] = now() - due;
      sizes[n++] = answer;
    }
  };
  const snap = () => ({ t: now(), cpu: cpuTimes(serverPid), wait: runQueueWaitSeconds(serverPid), steal: stealSeconds(), load: process.cpuUsage(), loadWait: runQueueWaitSeconds(process.pid) });

  let loops: Promise<void>[] = [];
  let timer: ReturnType<typeof setInterval> | null = null;
  if (p.mode === "closed") {
    loops = Array.from({ length: p.concurrency ?? 16 }, async () => {
      while (!stop) {
        const t = now();
        record(t, await request());
      }
    });
  } else {
    const rate = p.rate ?? 100;
    const t0 = now();
    let sent = 0;
    const inflight = new Set<Promise<void>>();
    timer = setInterval(() => {
      const due = Math.floor(((now() - t0) / 1000) * rate);
      while (sent < due && !stop) {
        const at = t0 + (sent * 1000) / rate;
        sent++;
        if (inflight.size >= maxInFlight) {
          if (measuring) shed++;
          continue;
        }
        const pr: Promise<void> = request().then((answer) => {
          record(at, answer);
          inflight.delete(pr);
        });
        inflight.add(pr);
      }
    }, 1);
    loops = [
      (async () => {
        while (!stop) await Bun.sleep(50);
        await Promise.all(inflight);
      })(),
    ];
  }
  await Bun.sleep(p.warmupS * 1000);
  const a = snap();
  measuring = true;
  await Bun.sleep(p.durationS * 1000);
  measuring = false;
  const b = snap();
  stop = true;
  if (timer) clearInterval(timer);
  await Promise.all(loops);

  const windowS = (b.t - a.t) / 1000;
  const cpuS = b.cpu.user + b.cpu.system - a.cpu.user - a.cpu.system;
  const [p50, p95, p99, max] = percentiles(lat, n, [50, 95, 99, 100]);
  const [bytes] = percentiles(sizes, n, [50]);
  return {
    windowS,
    requests: n,
    requestsPerS: n / windowS,
    errors,
    statuses,
    shed,
    bytes: bytes!,
    latencyMs: { p50: p50!, p95: p95!, p99: p99!, max: max! },
    serverCpuPct: (100 * cpuS) / windowS,
    serverCpuPerRequestUs: n ? (cpuS * 1e6) / n : NaN,
    loadCpuPct: (100 * (b.load.user - a.load.user + b.load.system - a.load.system)) / 1e6 / windowS,
    serverWaitPct: (100 * (b.wait - a.wait)) / windowS,
    loadWaitPct: (100 * (b.loadWait - a.loadWait)) / windowS,
    stealPct: (100 * (b.steal - a.steal)) / windowS,
  };
}

/** The phases one after the other, with a pause between them, so one's tail does not spill into the next one's window. */
export async function eachPhase<P, R>(phases: P[], one: (p: P) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (const p of phases) {
    results.push(await one(p));
    await Bun.sleep(500);
  }
  return results;
}

/** A load generator as a script, `bun <script> <config.json>`: prints one line `RESULT {"phases":[…]}` on stdout. */
export async function loadMain<C>(script: string, run: (cfg: C) => Promise<unknown[]>): Promise<never> {
  const file = process.argv[2];
  if (!file) {
    console.error(`usage: bun ${script} <config.json>`);
    process.exit(2);
  }
  const cfg = JSON.parse(readFileSync(file, "utf8")) as C;
  const phases = await run(cfg);
  console.log(`RESULT ${JSON.stringify({ phases })}`);
  process.exit(0);
}
