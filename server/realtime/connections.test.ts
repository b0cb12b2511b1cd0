import { describe, expect, test } from "bun:test";
import { createConnections, type Socket, type SocketData } from "./connections.ts";

const socket = (userId: string | null, sessionId: string | null, ip = "203.0.113.1") =>
  ({ data: { userId, sessionId, ip, tokens: 0, tokensAt: 0, openChats: null, watchedPosts: null } satisfies SocketData }) as unknown as Socket;

describe("connections", () => {
  test("a person's sockets are listed by person and by session, and the first and last one are told apart", () => {
    const conns = createConnections();
    const [a1, a2, b] = [socket("a", "s1"), socket("a", "s2"), socket("b", "s3")];
    expect(conns.add(a1)).toBe(true);
    expect(conns.add(a2)).toBe(false);
    expect(conns.add(b)).toBe(true);
    expect(conns.ofUser("a")).toEqual([a1, a2]);
    expect(conns.ofSession("s2")).toEqual([a2]);
    expect(conns.peopleCount()).toBe(2);
    expect(conns.remove(a1)).toBe(false);
    expect(conns.remove(a2)).toBe(true);
    expect(conns.ofUser("a")).toEqual([]);
    expect(conns.ofSession("s1")).toEqual([]);
    expect(conns.remove(a2)).toBe(false);
    expect(conns.peopleCount()).toBe(1);
  });

  test("a loop over a person's sockets that removes each one (a close handler) still reaches them all", () => {
    const conns = createConnections();
    const sockets = [socket("a", "s"), socket("a", "s"), socket("a", "s")];
    for (const ws of sockets) conns.add(ws);
    const reached: Socket[] = [];
    for (const ws of conns.ofSession("s")) {
      reached.push(ws);
      conns.remove(ws);
    }
    expect(reached).toEqual(sockets);
    expect(conns.ofUser("a")).toEqual([]);
    expect(conns.all().size).toBe(0);
  });

  test("guests are counted per address, not listed by person", () => {
    const conns = createConnections();
    const [g1, g2] = [socket(null, null), socket(null, null)];
    expect(conns.add(g1)).toBe(false);
    conns.add(g2);
    expect(conns.guests()).toBe(2);
    expect(conns.guestsFrom("203.0.113.1")).toBe(2);
    conns.remove(g1);
    expect(conns.guestsFrom("203.0.113.1")).toBe(1);
    expect(conns.peopleCount()).toBe(0);
  });
});
