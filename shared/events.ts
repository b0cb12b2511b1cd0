/**
 * WebSocket frames in both directions. Every client frame is parsed with `clientEvent`;
 * a frame that fails gets an `error` frame back and the connection lives on.
 */
import { z } from "zod";

export const WS_LIMITS = { maxFrameBytes: 64 * 1024 } as const;

export const clientEvent = z.discriminatedUnion("type", [
  z.object({ type: z.literal("ping"), at: z.number().finite().optional() }),
]);
export type ClientEvent = z.infer<typeof clientEvent>;

export type ServerEvent =
  | { type: "hello"; userId: string | null }
  | { type: "pong"; at?: number }
  | { type: "error"; code: "BAD_FRAME" | "TOO_LARGE" | "RATE_LIMITED"; message: string }
  | { type: "notice"; text: string };

/** Close codes the server uses; the client reacts to them. */
export const WS_CLOSE = {
  goingAway: 1001,
  sessionRevoked: 4401,
} as const;
