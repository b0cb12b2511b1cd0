/** For tests that spawn `bun server/main.ts` as a real process. */
import { join } from "node:path";

export const MAIN = join(import.meta.dir, "../../server/main.ts");

/** A port that was free a moment ago (the OS picks it). */
export function freePort(): number {
  const s = Bun.serve({ port: 0, fetch: () => new Response() });
  const port = s.port!;
  s.stop(true);
  return port;
}

/** Resolves once GET /healthz answers 2xx (a busy machine may take a while to start a process). */
export async function waitForHealth(url: string, ms = 30_000) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${url}/healthz`)).ok) return;
    } catch {}
    await Bun.sleep(50);
  }
  throw new Error(`server at ${url} did not become healthy`);
}
