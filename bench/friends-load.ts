/**
 * The friends benchmark's load generator: a separate process (pinned to its own core by
 * bench/friends.ts) that sends `GET /trpc/friends.recommendations?input=…` and
 * `GET /trpc/people.search?input=…` with a viewer's `wit_session` cookie — the same requests, in
 * the same order, to the app and to the bare handler — and measures what comes back.
 *
 *   bun bench/friends-load.ts <config.json>      prints one line `RESULT {json}` on stdout
 *
 * Phases, one after the other, each a warm-up then a measured window:
 * - "closed": `concurrency` loops, each sending its next request when the previous one answered
 *   (the server sets the pace): requests/s;
 * - "paced": `rate` requests/s on a 1 ms timer, whatever the answers do (no coordinated
 *   omission): latency from the moment a request was due to its last byte. A server slower than
 *   the rate would collect an ever longer queue, so at most `maxInFlight` requests are
 *   outstanding: a request due beyond that is not sent and counted as **shed** (the row fails).
 * Requests rotate over a fixed list per endpoint (recommendations: one per viewer; search: viewer
 * k mod viewers with a query of 1–4 letters). An answer that is not 200 with a tRPC result body
 * counts as an error, by status. Server CPU comes from /proc/<pid>/stat at the window's edges,
 * like bench/load.ts.
 */
import { readFileSync } from "node:fs";
import { cpuTimes, runQueueWaitSeconds, stealSeconds } from "./lib/proc.ts";
import { percentiles } from "./lib/stats.ts";

export type FriendsEndpoint = "recommendations" | "search";

export interface FriendsPhaseConfig {
  name: string;
  mode: "closed" | "paced";
  endpoint: FriendsEndpoint;
  /** closed: parallel request loops. */
  concurrency?: number;
  /** paced: requests per second. */
  rate?: number;
  warmupS: number;
  durationS: number;
}

export interface FriendsRequest {
  /** Path and query string, e.g. `/trpc/people.search?input=…`. */
  path: string;
  /** Index into `tokens`. */
  viewer: number;
}

export interface FriendsLoadConfig {
  target: "app" | "bare";
  url: string;
  serverPid: number;
  tokens: string[];
  requests: Record<FriendsEndpoint, FriendsRequest[]>;
  maxInFlight: number;
  phases: FriendsPhaseConfig[];
}

export interface FriendsPhaseResult {
  name: string;
  mode: "closed" | "paced";
  endpoint: FriendsEndpoint;
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
const log = (msg: string) => console.error(`[friends-load] ${msg}`);

const PATHS: Record<FriendsEndpoint, string> = { recommendations: "/trpc/friends.recommendations", search: "/trpc/people.search" };
/** The path of one tRPC GET query. */
export const friendsPath = (endpoint: FriendsEndpoint, input: Record<string, unknown>) => `${PATHS[endpoint]}?input=${encodeURIComponent(JSON.stringify(input))}`;

async function run(cfg: FriendsLoadConfig): Promise<FriendsPhaseResult[]> {
  const headers = cfg.tokens.map((t) => ({ cookie: `wit_session=${t}` }));
  const prefix = '{"result":{"data":{"items":';
  const next: Record<FriendsEndpoint, number> = { recommendations: 0, search: 0 };

  /** One request; resolves with its answer's size, or a status (string) when it is not a page. */
  async function request(endpoint: FriendsEndpoint): Promise<number | string> {
    const list = cfg.requests[endpoint];
    const r = list[next[endpoint]++ % list.length]!;
    try {
      const res = await fetch(cfg.url + r.path, { headers: headers[r.viewer]! });
      const text = await res.text();
      return res.status === 200 && text.startsWith(prefix) ? text.length : String(res.status);
    } catch {
      return "fetch";
    }
  }

  async function phase(p: FriendsPhaseConfig): Promise<FriendsPhaseResult> {
    const capacity = Math.max(1_000_000, Math.ceil((p.rate ?? 0) * (p.durationS + p.warmupS) * 2));
    const lat = new Float64Array(capacity);
    const sizes = new Float64Array(capacity);
    let n = 0;
    let errors = 0;
    let shed = 0;
    const statuses: Record<string, number> = {};
    let measuring = false;
    let stop = false;
    const record = (due: number, answer: number | string) => {
      if (!measuring) return;
      if (typeof answer === "string") {
        errors++;
        statuses[answer] = (statuses[answer] ?? 0) + 1;
      } else if (n < capacity) {
        lat[n] = now() - due;
        sizes[n++] = answer;
      }
    };
    const snap = () => ({ t: now(), cpu: cpuTimes(cfg.serverPid), wait: runQueueWaitSeconds(cfg.serverPid), steal: stealSeconds(), load: process.cpuUsage(), loadWait: runQueueWaitSeconds(process.pid) });

    let loops: Promise<void>[] = [];
    let timer: ReturnType<typeof setInterval> | null = null;
    if (p.mode === "closed") {
      loops = Array.from({ length: p.concurrency ?? 16 }, async () => {
        while (!stop) {
          const t = now();
          record(t, await request(p.endpoint));
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
          if (inflight.size >= cfg.maxInFlight) {
            if (measuring) shed++;
            continue;
          }
          const pr: Promise<void> = request(p.endpoint).then((answer) => {
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
      name: p.name,
      mode: p.mode,
      endpoint: p.endpoint,
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

  const results: FriendsPhaseResult[] = [];
  for (const p of cfg.phases) {
    log(`${cfg.target}: ${p.name} (${p.mode === "closed" ? `${p.concurrency} connections` : `${p.rate} req/s, at most ${cfg.maxInFlight} outstanding`}, ${p.warmupS}+${p.durationS} s)`);
    const r = await phase(p);
    log(`${cfg.target}: ${p.name}: ${r.requestsPerS.toFixed(0)} req/s, p99 ${r.latencyMs.p99.toFixed(1)} ms${r.errors ? `, ${r.errors} errors` : ""}${r.shed ? `, ${r.shed} shed` : ""}`);
    results.push(r);
    // A pause between phases, so one's tail does not spill into the next one's window.
    await Bun.sleep(500);
  }
  return results;
}

if (import.meta.main) {
  const file = process.argv[2];
  if (!file) {
    console.error("usage: bun bench/friends-load.ts <config.json>");
    process.exit(2);
  }
  const cfg = JSON.parse(readFileSync(file, "utf8")) as FriendsLoadConfig;
  const phases = await run(cfg);
  console.log(`RESULT ${JSON.stringify({ phases })}`);
  process.exit(0);
}
