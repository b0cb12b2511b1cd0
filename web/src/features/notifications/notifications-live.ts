/**
 * The bell's number as this tab knows it live: read with `notifications.unseenCount` whenever the
 * socket says hello as a signed-in person (after every reconnect, when the socket is already
 * subscribed to my user topic, so nothing falls in between), then taken from each `notification`
 * frame (which carries the count itself). An answer asked before a frame arrived is dropped: the
 * frame is newer. Pages listen to the frames too (`onNotificationFrame`: /notifications reads its
 * first page again). Loaded with the header: small, imports nothing heavy.
 */
import { createSignal } from "solid-js";
import { onServerEvent } from "../../lib/socket.ts";
import { trpc } from "../../lib/trpc.ts";

type Listener = (unseen: number) => void;

const [unseen, setUnseen] = createSignal(0);
const listeners = new Set<Listener>();
/** Bumped by every frame and by every count I set: an answer asked before one is stale. */
let version = 0;
let myId: string | null = null;

/** Unseen notifications (the bell's badge). */
export const unseenNotifications = unseen;

/** A count straight from the server (markSeen's answer): newer than any answer still on its way. */
export function setUnseenNotifications(n: number): void {
  version++;
  setUnseen(n);
}

/** Reads the count again (also done on every hello). */
export async function refreshUnseen(): Promise<void> {
  const asked = version;
  try {
    const { unseen: n } = await trpc.notifications.unseenCount.query();
    if (asked === version) setUnseen(n);
  } catch {
    // The badge is a help: the next hello or frame corrects it.
  }
}

/** Listens to `notification` frames (after the count took them in); returns the unsubscribe. */
export function onNotificationFrame(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

onServerEvent((event) => {
  if (event.type === "hello") {
    version++;
    // Someone else (or nobody) now: the number was the previous person's.
    if (event.userId !== myId) setUnseen(0);
    myId = event.userId;
    if (event.userId) void refreshUnseen();
  } else if (event.type === "notification") {
    version++;
    setUnseen(event.unseen);
    for (const listener of listeners) listener(event.unseen);
  }
});
