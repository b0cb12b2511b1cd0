/**
 * The friends benchmark's load generator: a separate process (pinned to its own core by
 * bench/friends.ts) that sends `GET /trpc/friends.recommendations?input=…` and
 * `GET /trpc/people.search?input=…` with a viewer's `wit_session` cookie — the same requests, in
 * the same order, to the app and to the bare handler — and measures what comes back.
 *
 *   bun bench/friends-load.ts <config.json>      prints one line `RESULT {json}` on stdout
 *
 * Phases, one after the other, each a warm-up then a measured window (bench/lib/http-load.ts):
 * closed loop (requests/s), then paced (latency, no coordinated omission), at most `maxInFlight`
 * requests outstanding: a request due beyond that is not sent and counted as **shed** (the row
 * fails). Requests rotate over a fixed list per endpoint (recommendations: one per viewer;
 * search: viewer k mod viewers with a query of 1–4 letters). An answer that is not 200 with a
 * tRPC result body counts as an error, by status.
 */
import { eachPhase, fetchAnswer, loadMain, measurePhase, trpcPath, type LoadPhase, type Measured } from "./lib/http-load.ts";

export type FriendsEndpoint = "recommendations" | "search";

export interface FriendsPhaseConfig extends LoadPhase {
  endpoint: FriendsEndpoint;
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

export type FriendsPhaseResult = { name: string; mode: "closed" | "paced"; endpoint: FriendsEndpoint } & Measured;

const log = (msg: string) => console.error(`[friends-load] ${msg}`);

const PROCEDURES: Record<FriendsEndpoint, string> = { recommendations: "friends.recommendations", search: "people.search" };
/** The path of one tRPC GET query. */
export const friendsPath = (endpoint: FriendsEndpoint, input: Record<string, unknown>) => trpcPath(PROCEDURES[endpoint], input);

async function run(cfg: FriendsLoadConfig): Promise<FriendsPhaseResult[]> {
  const headers = cfg.tokens.map((t) => ({ cookie: `wit_session=${t}` }));
  const next: Record<FriendsEndpoint, number> = { recommendations: 0, search: 0 };
  /** The endpoint's next request from its list. */
  const request = (endpoint: FriendsEndpoint) => {
    const list = cfg.requests[endpoint];
    const r = list[next[endpoint]++ % list.length]!;
    return fetchAnswer(cfg.url + r.path, headers[r.viewer]!, '{"result":{"data":{"items":');
  };
  return eachPhase(cfg.phases, async (p) => {
    log(`${cfg.target}: ${p.name} (${p.mode === "closed" ? `${p.concurrency} connections` : `${p.rate} req/s, at most ${cfg.maxInFlight} outstanding`}, ${p.warmupS}+${p.durationS} s)`);
    const r: FriendsPhaseResult = { name: p.name, mode: p.mode, endpoint: p.endpoint, ...(await measurePhase(p, () => request(p.endpoint), cfg.serverPid, cfg.maxInFlight)) };
    log(`${cfg.target}: ${p.name}: ${r.requestsPerS.toFixed(0)} req/s, p99 ${r.latencyMs.p99.toFixed(1)} ms${r.errors ? `, ${r.errors} errors` : ""}${r.shed ? `, ${r.shed} shed` : ""}`);
    return r;
  });
}

if (import.meta.main) await loadMain("bench/friends-load.ts", run);
