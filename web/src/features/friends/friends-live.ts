/**
 * The social graph as this tab knows it live: my received-requests count (the header badge) and
 * the latest status with each person a `friend.status` frame (or an action of mine) told about.
 * The count is read with `friends.counts` whenever the socket says hello as a signed-in person
 * (after every reconnect, when the socket is already subscribed, so nothing falls in between)
 * and then follows the frames' `incoming`; a counts answer that a frame overtook is dropped.
 * Cards and profiles read `liveStatus(id)` over the status they were loaded with, and pages can
 * listen to the frames themselves (`onFriendFrame`). Someone asking me, and someone accepting my
 * request, become toasts. Loaded with the header: small, imports nothing heavy.
 */
import { createSignal } from "solid-js";
import { createStore, reconcile } from "solid-js/store";
import type { ServerEventOf } from "../../../../shared/events.ts";
import type { FriendStatus } from "../../../../shared/friends.ts";
import { t } from "../../i18n/index.ts";
import { onServerEvent } from "../../lib/socket.ts";
import { trpc } from "../../lib/trpc.ts";
import { pushToast } from "../chats/live.ts";

export type FriendFrame = ServerEventOf<"friend.status">;
type Listener = (frame: FriendFrame) => void;

/** An action of mine that made us friends this recently explains an "accepted" frame: no toast. */
const OWN_ACTION_MS = 30_000;

const [incoming, setIncoming] = createSignal(0);
const [statuses, setStatuses] = createStore<Record<string, FriendStatus>>({});
const listeners = new Set<Listener>();
/** Person id → when an action of mine here made us friends. */
const befriendedHere = new Map<string, number>();
/** Bumped by every frame: a counts answer asked before one is stale. */
let frames = 0;
let myId: string | null = null;

/** Received friend requests waiting for me. */
export const incomingRequests = incoming;

/** The latest status with this person that this tab heard of, if any. */
export const liveStatus = (personId: string): FriendStatus | undefined => statuses[personId];

/** An action of mine answered with this status (the frame that follows says the same). */
export function noteStatus(personId: string, status: FriendStatus): void {
  if (status === "friends") befriendedHere.set(personId, Date.now());
  setStatuses(personId, status);
}

/** Listens to `friend.status` frames (after the store took them in); returns the unsubscribe. */
export function onFriendFrame(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Reads the badge count again (also done on every hello). */
export async function refreshFriendCounts(): Promise<void> {
  const asked = frames;
  try {
    const counts = await trpc.friends.counts.query();
    if (asked === frames) setIncoming(counts.incoming);
  } catch {
    // The badge is a help: the next hello or frame corrects it.
  }
}

const name = (p: { firstName: string; lastName: string }) => `${p.firstName} ${p.lastName}`.trim();

/**
 * "X accepted my request": an accepted frame that no action of mine here explains — my received
 * count did not drop (I did not accept theirs, on any tab) and they were not my follower (whom
 * my own request makes a friend at once).
 */
function acceptedMine(frame: FriendFrame, before: FriendStatus | undefined, incomingBefore: number): boolean {
  const mine = befriendedHere.get(frame.person.id);
  if (mine !== undefined && Date.now() - mine < OWN_ACTION_MS) return false;
  return frame.incoming >= incomingBefore && before !== "follower" && before !== "incoming";
}

function take(frame: FriendFrame): void {
  frames++;
  const before = statuses[frame.person.id];
  const incomingBefore = incoming();
  setIncoming(frame.incoming);
  setStatuses(frame.person.id, frame.status);
  const href = `/u/${encodeURIComponent(frame.person.username)}`;
  if (frame.event === "requested" && frame.status === "incoming") {
    pushToast({ heading: t("friends.toastRequested", { name: name(frame.person) }), text: t("friends.toastRequestedText"), from: frame.person, at: Date.now(), href: "/friends/requests" });
  } else if (frame.event === "accepted" && frame.status === "friends" && acceptedMine(frame, before, incomingBefore)) {
    pushToast({ heading: t("friends.toastAccepted", { name: name(frame.person) }), text: t("friends.toastAcceptedText"), from: frame.person, at: Date.now(), href });
  }
  for (const listener of listeners) listener(frame);
}

onServerEvent((event) => {
  if (event.type === "hello") {
    if (event.userId !== myId) {
      // Someone else (or nobody) now: what we knew was about the previous person.
      setStatuses(reconcile({}));
      befriendedHere.clear();
      setIncoming(0);
    }
    myId = event.userId;
    if (event.userId) void refreshFriendCounts();
  } else if (event.type === "friend.status") {
    take(event);
  }
});
