/**
 * The feed benchmark's load generator: a separate process (pinned to its own core by
 * bench/feed.ts) that sends `GET /trpc/posts.feed?input=…` with a viewer's `wit_session` cookie —
 * the same requests to the app and to the bare handler — and measures what comes back.
 *
 *   bun bench/feed-load.ts <config.json>      prints one line `RESULT {json}` on stdout
 *
 * Phases, one after the other, each a warm-up then a measured window (bench/lib/http-load.ts):
 * closed loop (requests/s), then paced (latency, no coordinated omission). Requests rotate over
 * the viewers (each sees its own "liked" flags). An answer that is not 200 with a tRPC result
 * body counts as an error.
 */
import { eachPhase, fetchAnswer, loadMain, measurePhase, trpcPath, type LoadPhase, type Measured } from "./lib/http-load.ts";

export type FeedPageKind = "first" | "deep";

export interface FeedPhaseConfig extends LoadPhase {
  page: FeedPageKind;
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

export type FeedPhaseResult = { name: string; mode: "closed" | "paced"; page: FeedPageKind } & Omit<Measured, "statuses" | "shed">;

const log = (msg: string) => console.error(`[feed-load] ${msg}`);

/** The path of one feed page. */
export const feedPath = (limit: number, cursor: string | null) => trpcPath("posts.feed", cursor === null ? { limit } : { limit, cursor });

async function run(cfg: FeedLoadConfig): Promise<FeedPhaseResult[]> {
  const urls = { first: cfg.url + feedPath(cfg.limit, null), deep: cfg.url + feedPath(cfg.limit, cfg.deepCursor) };
  const headers = cfg.tokens.map((t) => ({ cookie: `wit_session=${t}` }));
  let next = 0;
  return eachPhase(cfg.phases, async (p) => {
    log(`${cfg.target}: ${p.name} (${p.mode === "closed" ? `${p.concurrency} connections` : `${p.rate} req/s`}, ${p.page} page, ${p.warmupS}+${p.durationS} s)`);
    const url = urls[p.page];
    const { statuses: _, shed: __, ...m } = await measurePhase(p, () => fetchAnswer(url, headers[next++ % headers.length]!, '{"result":{"data":'), cfg.serverPid);
    return { name: p.name, mode: p.mode, page: p.page, ...m };
  });
}

if (import.meta.main) await loadMain("bench/feed-load.ts", run);
