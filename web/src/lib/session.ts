/**
 * The signed-in person (`auth.me`) as a Solid resource shared by the whole app: undefined while
 * loading, null for a guest. Sign-in/out update it at once; other tabs hear about it over a
 * BroadcastChannel and refetch.
 */
import { createResource, createRoot } from "solid-js";
import type { Me } from "../../../shared/auth.ts";
import { clearOfflineStore, identityOffline, rememberIdentity, watchConnection } from "../features/offline/offline-session.ts";
import { resumeSocket, suspendSocket } from "./socket.ts";
import { readError, trpc, type AppError } from "./trpc.ts";

const channel = typeof BroadcastChannel === "function" ? new BroadcastChannel("world-it.session") : null;

async function fetchMe(): Promise<Me | null> {
  try {
    // Issue 15: a person is saved on this device, a guest clears what was saved (features/offline).
    return rememberIdentity(await trpc.auth.me.query());
  } catch (error) {
    // Unreachable server: offline, the identity saved on this device (the app shows what was saved);
    // otherwise act as a guest rather than break every page.
    return await identityOffline(error);
  }
}

const [me, { mutate, refetch }] = createRoot(() => createResource<Me | null>(fetchMe));
export { me };

/** True once the first `me` answer has arrived. */
export const sessionKnown = () => me.state === "ready" || me.state === "refreshing" || me.state === "errored";

export async function refreshMe(): Promise<Me | null> {
  return (await refetch()) ?? null;
}

function announce(): void {
  channel?.postMessage("changed");
}
channel?.addEventListener("message", () => void refetch());
// Back online (or the socket says hello again while offline): ask the server who I am again.
watchConnection(() => void refetch());

/** After verifyEmail or signIn answered with the user. */
export function setSignedIn(user: Me): void {
  rememberIdentity(user);
  mutate(user);
  announce();
}

/** The session is gone (signed out, revoked, password reset). */
export function setSignedOut(): void {
  void clearOfflineStore();
  mutate(null);
  announce();
}

/**
 * Ends this tab's session: `revokeId` ends it by id from the sessions list, otherwise signOut.
 * The socket is paused meanwhile so the server's "session revoked" close is not taken for a
 * revocation from elsewhere. Returns an error only when the session may still be alive.
 */
export async function endSession(revokeId?: string): Promise<AppError | null> {
  suspendSocket();
  try {
    if (revokeId) await trpc.auth.revokeSession.mutate({ id: revokeId });
    else await trpc.auth.signOut.mutate();
    setSignedOut();
    return null;
  } catch (error) {
    const failure = readError(error);
    if (failure.code === "UNAUTHORIZED") {
      setSignedOut();
      return null;
    }
    return failure;
  } finally {
    resumeSocket();
  }
}
