/**
 * The sockets of this instance, by user and by session, and who they are (for the online count:
 * each signed-in person once, each guest connection once).
 */
import type { ServerWebSocket } from "bun";
import type { BucketState } from "./token-bucket.ts";

/**
 * Kept small (BENCHMARKS.md, memory per idle socket): ids and flat fields, no objects or
 * closures made per socket until it needs them.
 */
export interface SocketData extends BucketState {
  userId: string | null;
  sessionId: string | null;
  /** The client's address (behind TRUST_PROXY, the one our proxy saw): guests are capped per IP. */
  ip: string;
  // Per-connection frame rate limit: the token bucket's `tokens` and `tokensAt` (token-bucket.ts).
  /**
   * The chats whose chat:<id> topic this socket is subscribed to (null until it opens one). Kept
   * by chat-frames.ts next to every subscribe and unsubscribe, so the fan-out of list frames asks
   * a JS set instead of Bun's topic tree, once per member's socket per message batch.
   */
  openChats: Set<string> | null;
  /** The posts this socket watches (post.watch), null for none. */
  watchedPosts: Set<number> | null;
}
export type Socket = ServerWebSocket<SocketData>;

/** What `ofUser`/`ofSession` give for nobody: shared, never written to. */
const NO_SOCKETS: readonly Socket[] = Object.freeze([]);

export function createConnections() {
  const all = new Set<Socket>();
  // A person's (a session's) sockets as a small array, not a Set: most have one or two, and a
  // one-element Set costs ~300 bytes of heap against ~110 for the array (BENCHMARKS.md, memory
  // per idle socket). Arrays are replaced, never changed in place, so a caller looping over one
  // (closing each socket, whose close handler removes it) sees the sockets as they were.
  const bySession = new Map<string, readonly Socket[]>();
  const byUser = new Map<string, readonly Socket[]>();
  /** Bumped when a user loses a chat, so a chat.open racing with the removal re-checks. */
  const generations = new Map<string, number>();
  let guests = 0;
  const guestsByIp = new Map<string, number>();

  const add = (map: Map<string, readonly Socket[]>, key: string, ws: Socket) => {
    const sockets = map.get(key);
    if (!sockets) map.set(key, [ws]);
    else if (!sockets.includes(ws)) map.set(key, [...sockets, ws]);
  };
  const remove = (map: Map<string, readonly Socket[]>, key: string, ws: Socket) => {
    const sockets = map.get(key);
    if (!sockets?.includes(ws)) return;
    if (sockets.length === 1) map.delete(key);
    else map.set(key, sockets.filter((s) => s !== ws));
  };

  return {
    /** Registers a socket; true if it is its person's first one here. */
    add(ws: Socket): boolean {
      all.add(ws);
      if (!ws.data.userId) {
        guests++;
        guestsByIp.set(ws.data.ip, (guestsByIp.get(ws.data.ip) ?? 0) + 1);
        return false;
      }
      const first = !byUser.has(ws.data.userId);
      add(byUser, ws.data.userId, ws);
      add(bySession, ws.data.sessionId!, ws);
      return first;
    },
    /** Forgets a socket; true if it was its person's last one here. */
    remove(ws: Socket): boolean {
      if (!all.delete(ws)) return false;
      if (!ws.data.userId) {
        guests--;
        const left = (guestsByIp.get(ws.data.ip) ?? 1) - 1;
        if (left > 0) guestsByIp.set(ws.data.ip, left);
        else guestsByIp.delete(ws.data.ip);
        return false;
      }
      remove(byUser, ws.data.userId, ws);
      remove(bySession, ws.data.sessionId!, ws);
      if (byUser.has(ws.data.userId)) return false;
      generations.delete(ws.data.userId);
      return true;
    },
    all: () => all,
    has: (ws: Socket) => all.has(ws),
    ofUser: (userId: string): readonly Socket[] => byUser.get(userId) ?? NO_SOCKETS,
    ofSession: (sessionId: string): readonly Socket[] => bySession.get(sessionId) ?? NO_SOCKETS,
    /** Signed-in people with a socket here, and how many. */
    people: () => byUser.keys(),
    peopleCount: () => byUser.size,
    guests: () => guests,
    guestsFrom: (ip: string) => guestsByIp.get(ip) ?? 0,
    generation: (userId: string) => generations.get(userId) ?? 0,
    bumpGeneration(userId: string) {
      if (byUser.has(userId)) generations.set(userId, (generations.get(userId) ?? 0) + 1);
    },
  };
}
export type Connections = ReturnType<typeof createConnections>;
