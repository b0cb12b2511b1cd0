/**
 * One WebSocket per tab to /ws on the page's host (wss: under https:). Reconnects with
 * exponential backoff and jitter, pings so idle connections stay open, parses frames and hands
 * them to listeners. A close with 4401 (session revoked) calls onRevoked. `socketStatus()` is a
 * signal: "reconnecting" while a lost connection is being re-established (the UI says so).
 */
import { createSignal } from "solid-js";
// Type-only: the frame schemas pull in zod, which the first paint does not need.
import type { ClientEvent, ServerEvent, WS_CLOSE } from "../../../shared/events.ts";

type Listener = (event: ServerEvent) => void;

/** idle: never opened or suspended; connecting: first attempt; reconnecting: lost and retrying. */
export type SocketStatus = "idle" | "connecting" | "open" | "reconnecting";

/** Checked against shared/events.ts at compile time. */
const SESSION_REVOKED: (typeof WS_CLOSE)["sessionRevoked"] = 4401;
const BASE_DELAY_MS = 1_000;
const MAX_DELAY_MS = 30_000;
const PING_EVERY_MS = 30_000;

let ws: WebSocket | null = null;
let attempt = 0;
let suspended = false;
let reconnectTimer: ReturnType<typeof setTimeout> | undefined;
let pingTimer: ReturnType<typeof setInterval> | undefined;
let onRevoked: () => void = () => {};
const listeners = new Set<Listener>();
const [status, setStatus] = createSignal<SocketStatus>("idle");
/** The connection's state, as a signal. */
export const socketStatus = status;

function socketUrl(): string {
  const scheme = location.protocol === "https:" ? "wss:" : "ws:";
  return `${scheme}//${location.host}/ws`;
}

/** Full jitter: a random delay up to the exponential cap, so tabs do not reconnect in lockstep. */
export function backoffDelay(n: number): number {
  const cap = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** n);
  return Math.round(cap / 2 + Math.random() * (cap / 2));
}

function parse(raw: unknown): ServerEvent | null {
  if (typeof raw !== "string") return null;
  try {
    const value: unknown = JSON.parse(raw);
    if (typeof value === "object" && value !== null && typeof (value as { type?: unknown }).type === "string") {
      return value as ServerEvent;
    }
  } catch {
    // Not JSON: ignore the frame.
  }
  return null;
}

function send(event: ClientEvent): boolean {
  if (ws?.readyState !== WebSocket.OPEN) return false;
  ws.send(JSON.stringify(event));
  return true;
}

/** Sends a frame if the socket is open; false when it is not (the caller retries after a reconnect). */
export const sendEvent = send;

function clearTimers(): void {
  clearTimeout(reconnectTimer);
  clearInterval(pingTimer);
  reconnectTimer = undefined;
  pingTimer = undefined;
}

/** Drops the current socket without triggering its close handling. */
function drop(): void {
  clearTimers();
  if (!ws) return;
  const old = ws;
  ws = null;
  old.onopen = old.onmessage = old.onclose = old.onerror = null;
  if (old.readyState === WebSocket.CONNECTING || old.readyState === WebSocket.OPEN) old.close(1000, "client reconnect");
}

function scheduleReconnect(): void {
  if (suspended || reconnectTimer) return;
  setStatus("reconnecting");
  const delay = backoffDelay(attempt++);
  reconnectTimer = setTimeout(() => {
    reconnectTimer = undefined;
    open();
  }, delay);
}

function open(): void {
  if (suspended) return;
  drop();
  const socket = new WebSocket(socketUrl());
  ws = socket;
  if (status() !== "reconnecting") setStatus("connecting");
  socket.onopen = () => {
    attempt = 0;
    setStatus("open");
    pingTimer = setInterval(() => send({ type: "ping", at: Date.now() }), PING_EVERY_MS);
  };
  socket.onmessage = (message) => {
    const event = parse(message.data);
    if (event) for (const listener of listeners) listener(event);
  };
  socket.onclose = (close) => {
    if (ws !== socket) return;
    ws = null;
    clearTimers();
    if (close.code === SESSION_REVOKED) onRevoked();
    scheduleReconnect();
  };
  // onerror is always followed by onclose, which handles the reconnect.
}

/** Sets the revoked-session handler; call once at startup. */
export function configureSocket(options: { onRevoked: () => void }): void {
  onRevoked = options.onRevoked;
}

/** (Re)opens the connection now — e.g. after sign-in, so the socket carries the new session. */
export function connectSocket(): void {
  attempt = 0;
  open();
}

/** Closes the socket and keeps it closed (while this tab signs itself out). */
export function suspendSocket(): void {
  suspended = true;
  drop();
  setStatus("idle");
}

export function resumeSocket(): void {
  suspended = false;
  connectSocket();
}

/** Subscribes to server frames; returns the unsubscribe function. */
export function onServerEvent(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function socketState(): number {
  return ws?.readyState ?? WebSocket.CLOSED;
}
