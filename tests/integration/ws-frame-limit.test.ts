import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { WS_LIMITS, type ServerEvent } from "../../shared/events.ts";
import { testBackends } from "../helpers/backends.ts";
import { startTestServer, type TestServer } from "../helpers/test-server.ts";
import { openSocket, type TestSocket } from "../helpers/ws.ts";

/** Sends `n` pings at once (refs `<tag><i>`); resolves with each one's answer, a pong or an error frame. */
async function flood(sock: TestSocket, tag: string, n: number): Promise<ServerEvent[]> {
  for (let i = 0; i < n; i++) sock.send(JSON.stringify({ type: "ping", at: i, ref: `${tag}${i}` }));
  const answers: ServerEvent[] = [];
  for (let i = 0; i < n; i++) {
    answers.push(await sock.next((e) => (e.type === "pong" && e.at === i && !answers.includes(e)) || (e.type === "error" && e.ref === `${tag}${i}`)));
  }
  return answers;
}
const limited = (answers: ServerEvent[]) => answers.filter((e) => e.type === "error" && e.code === "RATE_LIMITED").length;

for (const backend of testBackends()) {
  describe(`the per-socket frame limit (${backend.name})`, () => {
    let srv: TestServer;
    beforeAll(async () => {
      // A burst far above the default, refilled slowly: both settings must be the ones in force.
      srv = await startTestServer({ backend, env: { WS_FRAME_BURST: "150", WS_FRAMES_PER_SECOND: "2" } });
    });
    afterAll(() => srv.stop());

    test("WS_FRAME_BURST lets a socket send that many frames at once, beyond the default burst", async () => {
      expect(150).toBeGreaterThan(WS_LIMITS.frameBurst * 2);
      const sock = await openSocket(srv.url, { origin: srv.url });
      const answers = await flood(sock, "a", 150);
      expect(limited(answers)).toBe(0);
      expect(answers.every((e) => e.type === "pong")).toBeTrue();
      sock.ws.close();
    });

    test("past the burst, WS_FRAMES_PER_SECOND refills slowly: a second flood is mostly refused, and the socket lives on", async () => {
      const sock = await openSocket(srv.url, { origin: srv.url });
      await flood(sock, "a", 150);
      const second = await flood(sock, "b", 100);
      // At 2 frames a second, only the few tokens refilled meanwhile get through (a busy machine: allow 60).
      expect(limited(second)).toBeGreaterThanOrEqual(40);
      expect(second.some((e) => e.type === "error" && e.code === "RATE_LIMITED" && e.ref?.startsWith("b"))).toBeTrue();
      expect(sock.ws.readyState).toBe(WebSocket.OPEN);
      sock.ws.close();
    });
  });
}
