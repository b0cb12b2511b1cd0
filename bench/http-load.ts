/**
 * The load generator of `bun run bench:http`: a separate process (pinned to its own core by
 * bench/http.ts) that sends signed-in tRPC GET queries — the same requests to the app and to the
 * bare handler — and measures what comes back.
 *
 *   bun bench/http-load.ts <config.json>      prints one line `RESULT {json}` on stdout
 *
 * One phase per endpoint and mode (bench/lib/http-load.ts): a closed loop (requests/s), then paced
 * (latency from the moment a request was due). Requests rotate over a fixed list per endpoint,
 * each with its viewer's cookie. An answer that is not 200 with a tRPC result body is an error.
 */
import { eachPhase, fetchAnswer, loadMain, measurePhase, type LoadPhase, type Measured } from "./lib/http-load.ts";

export type HttpEndpoint = "profile" | "feed" | "chats";

export interface HttpPhaseConfig extends LoadPhase {
  endpoint: HttpEndpoint;
}

export interface HttpRequest {
  /** Path and query string, e.g. `/trpc/profiles.byUsername?input=…`. */
  path: string;
  /** Index into `tokens`. */
  viewer: number;
}

export interface HttpLoadConfig {
  target: "app" | "bare";
  url: string;
  serverPid: number;
  tokens: string[];
  requests: Record<HttpEndpoint, HttpRequest[]>;
  phases: HttpPhaseConfig[];
}

export type HttpPhaseResult = { name: string; mode: "closed" | "paced"; endpoint: HttpEndpoint } & Omit<Measured, "statuses" | "shed">;

const log = (msg: string) => console.error(`[http-load] ${msg}`);

async function run(cfg: HttpLoadConfig): Promise<HttpPhaseResult[]> {
  const headers = cfg.tokens.map((t) => ({ cookie: `wit_session=${t}` }));
  const next: Record<HttpEndpoint, number> = { profile: 0, feed: 0, chats: 0 };
  const request = (endpoint: HttpEndpoint) => {
    const list = cfg.requests[endpoint];
    const r = list[next[endpoint]++ % list.length]!;
    return fetchAnswer(cfg.url + r.path, headers[r.viewer]!, '{"result":{"data":');
  };
  return eachPhase(cfg.phases, async (p) => {
    log(`${cfg.target}: ${p.name} (${p.mode === "closed" ? `${p.concurrency} connections` : `${p.rate} req/s`}, ${p.warmupS}+${p.durationS} s)`);
    const { statuses, shed: _, ...m } = await measurePhase(p, () => request(p.endpoint), cfg.serverPid);
    log(`${cfg.target}: ${p.name}: ${m.requestsPerS.toFixed(0)} req/s, ${m.serverCpuPerRequestUs.toFixed(0)} µs CPU/request, p99 ${m.latencyMs.p99.toFixed(1)} ms${m.errors ? `, ${m.errors} errors ${JSON.stringify(statuses)}` : ""}`);
    return { name: p.name, mode: p.mode, endpoint: p.endpoint, ...m };
  });
}

if (import.meta.main) await loadMain("bench/http-load.ts", run);
