/** A websocket test client that records every frame and how it closed. */
import type { ServerEvent } from "../../shared/events.ts";

export interface TestSocket {
  ws: WebSocket;
  frames: ServerEvent[];
  /**
   * Resolves with the next frame matching `pred` (already-received ones count; each frame is
   * handed out once). Waits up to `timeoutMs`: generous, since the machine may be busy.
   */
  next(pred?: (e: ServerEvent) => boolean, timeoutMs?: number): Promise<ServerEvent>;
  closed: Promise<{ code: number; reason: string }>;
  send(data: string): void;
}

/** How long next() waits for a frame by default. */
export const FRAME_TIMEOUT_MS = 15_000;

export async function openSocket(url: string, headers: Record<string, string> = {}): Promise<TestSocket> {
  const ws = new WebSocket(url.replace(/^http/, "ws") + "/ws", { headers } as unknown as string[]);
  const frames: ServerEvent[] = [];
  const seen = new Set<ServerEvent>();
  const listeners: Array<() => void> = [];
  ws.onmessage = (m) => {
    frames.push(JSON.parse(String(m.data)));
    for (const l of listeners.splice(0)) l();
  };
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    ws.onclose = (e) => resolve({ code: e.code, reason: e.reason });
  });
  await new Promise<void>((resolve, reject) => {
    ws.onopen = () => resolve();
    ws.onerror = () => reject(new Error("websocket failed to open"));
  });
  return {
    ws,
    frames,
    closed,
    send: (data) => ws.send(data),
    async next(pred = () => true, timeoutMs = FRAME_TIMEOUT_MS) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const hit = frames.find((f) => !seen.has(f) && pred(f));
        if (hit) {
          seen.add(hit);
          return hit;
        }
        if (Date.now() > deadline) throw new Error(`no matching frame within ${timeoutMs} ms; got ${JSON.stringify(frames)}`);
        await Promise.race([new Promise<void>((r) => listeners.push(r)), Bun.sleep(50)]);
      }
    },
  };
}

let pings = 0;

/**
 * Resolves once every frame the server wrote to `sock` before it read a ping sent now has
 * arrived: the pong is written after them (one socket's frames stay in order). The server
 * publishes a change's frames before it answers the request or frame that made it, so after that
 * answer, `await caughtUp(sock)` is the moment to assert that `sock` got no frame for it —
 * never a fixed sleep. (A frame relayed by another instance needs a later relayed frame instead.)
 */
export async function caughtUp(sock: TestSocket): Promise<void> {
  const at = -1_000_000 - ++pings;
  sock.send(JSON.stringify({ type: "ping", at }));
  await sock.next((e) => e.type === "pong" && e.at === at);
}

/** Resolves with the HTTP status of a refused upgrade (or 101 if it opened). */
export function upgradeStatus(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url.replace(/^http/, "ws") + "/ws", { headers } as unknown as string[]);
    ws.onopen = () => {
      ws.close();
      resolve(101);
    };
    ws.onerror = () => resolve(0);
  });
}
