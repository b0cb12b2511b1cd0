/**
 * The sockets of this instance, by user and by session, and how many people they are (for the
 * online count: each signed-in person once, each guest connection once).
 */
import type { ServerWebSocket } from "bun";
import type { TokenBucket } from "./token-bucket.ts";

export interface SocketData {
  userId: string | null;
  sessionId: string | null;
  /** Per-connection frame rate limit. */
  bucket: TokenBucket;
}
export type Socket = ServerWebSocket<SocketData>;

export function createConnections() {
  const all = new Set<Socket>();
  const bySession = new Map<string, Set<Socket>>();
  const byUser = new Map<string, Set<Socket>>();
  /** Bumped when a user loses a chat, so a chat.open racing with the removal re-checks. */
  const generations = new Map<string, number>();
  let guests = 0;

  const add = (map: Map<string, Set<Socket>>, key: string, ws: Socket) => {
    let set = map.get(key);
    if (!set) map.set(key, (set = new Set()));
    set.add(ws);
  };
  const remove = (map: Map<string, Set<Socket>>, key: string, ws: Socket) => {
    const set = map.get(key);
    set?.delete(ws);
    if (set && set.size === 0) map.delete(key);
  };

  return {
    add(ws: Socket) {
      all.add(ws);
      if (ws.data.userId) {
        add(byUser, ws.data.userId, ws);
        add(bySession, ws.data.sessionId!, ws);
      } else guests++;
    },
    remove(ws: Socket) {
      if (!all.delete(ws)) return;
      if (ws.data.userId) {
        remove(byUser, ws.data.userId, ws);
        remove(bySession, ws.data.sessionId!, ws);
        if (!byUser.has(ws.data.userId)) generations.delete(ws.data.userId);
      } else guests--;
    },
    all: () => all,
    ofUser: (userId: string) => byUser.get(userId) ?? new Set<Socket>(),
    ofSession: (sessionId: string) => bySession.get(sessionId) ?? new Set<Socket>(),
    people: () => byUser.size + guests,
    generation: (userId: string) => generations.get(userId) ?? 0,
    bumpGeneration(userId: string) {
      if (byUser.has(userId)) generations.set(userId, (generations.get(userId) ?? 0) + 1);
    },
  };
}
export type Connections = ReturnType<typeof createConnections>;
