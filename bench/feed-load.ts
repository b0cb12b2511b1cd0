/**
 * The feed benchmark's load generator: a separate process (pinned to its own core by
 * bench/feed.ts) that sends `GET /trpc/posts.feed?input=…` with a viewer's `wit_session` cookie —
 * the same requests to the app and to the bare handler — and measures what comes back.
 *
 *   bun bench/feed-load.ts <config.json>      prints one line `RESULT {json}` on stdout
 *
 * Phases, one after the other, each a warm-up then a measured window:
 * - "closed": `concurrency` loops, each sending its next request when the previous one answered
 *   (the server sets the pace): requests/s;
 * - "paced": `rate` requests/s on a 1 ms timer, whatever the answers do (no coordinated
 *   omission): latency from the moment a request was due to its last byte.
 * Requests rotate over the viewers (each sees its own "liked" flags). An answer that is not 200
 * with a tRPC result body counts as an error. Server CPU comes from /proc/<pid>/stat at the
 * window's edges, like bench/load.ts.
 */
import { readFileSync } from "node:fs";
import { cpuTimes, runQueueWaitSeconds, stealSeconds } from "./lib/proc.ts";
import { percentiles } from "./lib/stats.ts";

export type FeedPageKind = "first" | "deep";

export interface FeedPhaseConfig {
  name: string;
  mode: "closed" | "paced";
  page: FeedPageKind;
  /** closed: parallel request loops. */
  concurrency?: number;
  /** paced: requests per second. */
  rate?: number;
  warmupS: number;
  durationS: number;
}

export interface FeedLoadConfig {
  target: "app" | "bare";
  url: string;
  serverPid: number;
  tokens: string[];
  /** Cursor of the deep page (the id after the first post it shows). */
  deepCursor: string;
  limit: number;
  phases: FeedPhaseConfig[];
}

export interface FeedPhaseResult {
  name: string;
  mode: "closed" | "paced";
  page: FeedPageKind;
  windowS: number;
  requests: number;
  requestsPerS: number;
  errors: number;
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
const log = (msg: string) => console.error(`[feed-load] ${msg}`);

export function feedUrl(base: string, limit: number, cursor: string | null): string {
  const input = cursor === null ? { limit } : { limit, cursor };
  return `${base}/trpc/posts.feed?input=${encodeURIComponent(JSON.stringify(input))}`;
}

async function run(cfg: FeedLoadConfig): Promise<FeedPhaseResult[]> {
  const urls = { first: feedUrl(cfg.url, cfg.limit, null), deep: feedUrl(cfg.url, cfg.limit, cfg.deepCursor) };
  const headers = cfg.tokens.map((t) => ({ cookie: `wit_session=${t}` }));
  let next = 0;
  const prefix = '{"result":{"data":';

  /** One request; resolves with its answer's size, or -1 when it is not a feed page. */
  async function request(url: string): Promise<number> {
    try {
      const res = await fetch(url, { headers: headers[next++ % headers.length]! });
      const text = await res.text();
      return res.status === 200 && text.startsWith(prefix) ? text.length : -1;
    } catch {
      return -1;
    }
  }

  async function phase(p: FeedPhaseConfig): Promise<FeedPhaseResult> {
    const url = urls[p.page];
    const capacity = Math.max(1_000_000, Math.ceil((p.rate ?? 0) * (p.durationS + p.warmupS) * 2));
    const lat = new Float64Array(capacity);
    const sizes = new Float64Array(capacity);
    let n = 0;
    let errors = 0;
    let measuring = false;
    let stop = false;
    const record = (due: number, size: number) => {
      if (!measuring) return;
      if (size < 0) errors++;
      else if (n < capacity) {
        lat[n] = now() - due;
        sizes[n++] = size;
      }
    };
    const snap = () => ({ t: now(), cpu: cpuTimes(cfg.serverPid), wait: runQueueWaitSeconds(cfg.serverPid), steal: stealSeconds(), load: process.cpuUsage(), loadWait: runQueueWaitSeconds(process.pid) });

    let loops: Promise<void>[] = [];
    let timer: ReturnType<typeof setInterval> | null = null;
    if (p.mode === "closed") {
      loops = Array.from({ length: p.concurrency ?? 16 }, async () => {
        while (!stop) {
          const t = now();
          record(t, await request(url));
        }
      });
    } else {
      const rate = p.rate ?? 200;
      const t0 = now();
      let sent = 0;
      const inflight = new Set<Promise<void>>();
      timer = setInterval(() => {
        const due = Math.floor(((now() - t0) / 1000) * rate);
        while (sent < due && !stop) {
          const at = t0 + (sent * 1000) / rate;
          sent++;
          const pr: Promise<void> = request(url).then((size) => {
            record(at, size);
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
      page: p.page,
      windowS,
      requests: n,
      requestsPerS: n / windowS,
      errors,
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

  const results: FeedPhaseResult[] = [];
  for (const p of cfg.phases) {
    log(`${cfg.target}: ${p.name} (${p.mode === "closed" ? `${p.concurrency} connections` : `${p.rate} req/s`}, ${p.page} page, ${p.warmupS}+${p.durationS} s)`);
    results.push(await phase(p));
    // A pause between phases, so one's tail does not spill into the next one's window.
    await Bun.sleep(500);
  }
  return results;
}

if (import.meta.main) {
  const file = process.argv[2];
  if (!file) {
    console.error("usage: bun bench/feed-load.ts <config.json>");
    process.exit(2);
  }
  const cfg = JSON.parse(readFileSync(file, "utf8")) as FeedLoadConfig;
  const phases = await run(cfg);
  console.log(`RESULT ${JSON.stringify({ phases })}`);
  process.exit(0);
}
