/**
 * The websocket's limits and close codes, without zod: the server's start (env.ts, main.ts) reads
 * them before any frame schema is built (ADR 0029); shared/events.ts re-exports them.
 */
export const WS_LIMITS = {
  /** Bun closes the connection (1009) above this. */
  maxFrameBytes: 64 * 1024,
  /** Frames above this (but under maxFrameBytes) get a TOO_LARGE error frame and are dropped. */
  maxParsedFrameBytes: 32 * 1024,
  /** Per-connection token bucket for client frames (defaults: the server's WS_FRAMES_PER_SECOND / WS_FRAME_BURST). */
  framesPerSecond: 20,
  frameBurst: 40,
  /** Open sockets per person on one instance (tabs, devices); more are closed with tooManySockets. */
  socketsPerPerson: 30,
  /** Open guest sockets per client IP on one instance; more are closed with tooManySockets. */
  guestSocketsPerIp: 20,
} as const;

/** Close codes the server uses; the client reacts to them. */
export const WS_CLOSE = {
  goingAway: 1001,
  sessionRevoked: 4401,
  /** Over WS_LIMITS.socketsPerPerson / guestSocketsPerIp: close a tab before opening another. */
  tooManySockets: 4429,
  /**
   * Events from other instances may have been lost (a Redis outage): reconnect and resume now.
   * Any close makes the web client reconnect (with jitter) and resume; this code says why.
   */
  resync: 4503,
} as const;
