/** A websocket test client that records every frame and how it closed. */
import type { ServerEvent } from "../../shared/events.ts";

export interface TestSocket {
  ws: WebSocket;
  frames: ServerEvent[];
  /** Resolves with the next frame matching `pred` (already-received ones count). */
  next(pred?: (e: ServerEvent) => boolean, timeoutMs?: number): Promise<ServerEvent>;
  closed: Promise<{ code: number; reason: string }>;
  send(data: string): void;
}

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
    async next(pred = () => true, timeoutMs = 3000) {
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
