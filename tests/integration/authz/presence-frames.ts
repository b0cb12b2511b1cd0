/** The matrix rows of issue 13's websocket frames (presence.watch, presence.set); merged into frameRows in frames.ts. */
import type { ServerEvent, ServerEventOf } from "../../../shared/events.ts";
import type { TestSocket } from "../../helpers/ws.ts";
import type { FrameRow } from "./frames.ts";
import { OK, signedIn, type Outcome } from "./matrix.ts";

/** Sends a frame; resolves with the index of the pong to a ping sent after it (the frame was handled by then). */
async function say(sock: TestSocket, frame: object): Promise<number> {
  sock.send(JSON.stringify(frame));
  const at = Math.random();
  sock.send(JSON.stringify({ type: "ping", at }));
  return sock.frames.indexOf(await sock.next((e) => e.type === "pong" && e.at === at, 10_000));
}

const errorIn = (sock: TestSocket, from: number, to: number) =>
  sock.frames.slice(from, to).find((f): f is ServerEventOf<"error"> => f.type === "error");
const asOutcome = (e: ServerEventOf<"error">) => `${e.code} ${e.reason}` as Outcome;

export const presenceFrameRows: Record<string, FrameRow> = {
  // Signed-in people may watch anyone (what they see follows privacy and blocks: tests/integration/presence.test.ts).
  "presence.watch": {
    expect: signedIn,
    async run(x) {
      const from = x.sock.frames.length;
      const adminId = x.cast.actors.admin.user!.id;
      const pong = await say(x.sock, { type: "presence.watch", userIds: [adminId] });
      const refused = errorIn(x.sock, from, pong);
      if (refused) return asOutcome(refused);
      const answer = (await x.sock
        .next((e: ServerEvent) => e.type === "presence" && e.complete === true && x.sock.frames.indexOf(e) >= from, 10_000)
        .catch(() => null)) as ServerEventOf<"presence"> | null;
      if (!answer) return "ok, yet no answer to the watch";
      // The admin has a socket open (the row's watcher): online.
      const admin = answer.people.find((p) => p.userId === adminId);
      return admin?.state === "online" ? OK : `ok, yet the admin shows as ${JSON.stringify(admin)}`;
    },
  },
  // A guest's presence.set changes nothing (guests have no presence) and is not an error.
  "presence.set": {
    expect: { guest: OK, stranger: OK, member: OK, removed: OK, admin: OK, moderator: OK, siteAdmin: OK },
    async run(x) {
      const from = x.sock.frames.length;
      const pong = await say(x.sock, { type: "presence.set", state: "away" });
      await say(x.sock, { type: "presence.set", state: "online" });
      const refused = errorIn(x.sock, from, pong);
      return refused ? asOutcome(refused) : OK;
    },
  },
};
