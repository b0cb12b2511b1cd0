/**
 * `chat.open` as a request: sends it with a ref and resolves on the `chat.opened` carrying that
 * ref (with the server's time of the open), or rejects with an OpenFailure — the error frame's code (NOT_FOUND: not a member),
 * TIMEOUT, or DISCONNECTED when the socket is not open or drops meanwhile.
 */
import { createEffect, createRoot, on } from "solid-js";
import { onServerEvent, sendEvent, socketStatus } from "../../lib/socket.ts";

const OPEN_TIMEOUT_MS = 10_000;

export class OpenFailure extends Error {
  constructor(readonly code: string) {
    super(code);
    this.name = "OpenFailure";
  }
}

interface Waiter {
  resolve: (opened: { at: number }) => void;
  reject: (e: OpenFailure) => void;
  timer: ReturnType<typeof setTimeout>;
}

let seq = 0;
const waiters = new Map<string, Waiter>();

function settle(ref: string | undefined, outcome: OpenFailure | { at: number }): void {
  const w = ref ? waiters.get(ref) : undefined;
  if (!w) return;
  waiters.delete(ref!);
  clearTimeout(w.timer);
  if (outcome instanceof OpenFailure) w.reject(outcome);
  else w.resolve(outcome);
}

/** Subscribes this tab's socket to the chat (after the server's membership check). */
export function openOnSocket(chatId: string): Promise<{ at: number }> {
  const ref = `open-${++seq}`;
  return new Promise((resolve, reject) => {
    if (!sendEvent({ type: "chat.open", chatId, ref })) return reject(new OpenFailure("DISCONNECTED"));
    const timer = setTimeout(() => settle(ref, new OpenFailure("TIMEOUT")), OPEN_TIMEOUT_MS);
    waiters.set(ref, { resolve, reject, timer });
  });
}

onServerEvent((event) => {
  if (event.type === "chat.opened") settle(event.ref, { at: event.at });
  else if (event.type === "error" && event.ref) settle(event.ref, new OpenFailure(event.code));
});

createRoot(() => {
  // A lost connection fails the opens waiting on it (the next hello resumes).
  createEffect(
    on(socketStatus, (status) => {
      if (status === "open") return;
      for (const ref of [...waiters.keys()]) settle(ref, new OpenFailure("DISCONNECTED"));
    }),
  );
});
