/**
 * Offline, a signed-in person stays signed in (issue 15). session.ts asks the server who I am;
 * when that request cannot reach the server (the network is gone: no answer at all, or
 * navigator.onLine is false), the last identity saved on this device is used instead and the app
 * is in the offline state (`offlineMode()`: the banner, the saved chat list and chats). A real
 * answer ends it: a person is saved again, a guest (signed out, session revoked or expired) clears
 * the whole offline store — personal data must not outlive a sign-out on a shared computer.
 * Every saved record belongs to `owner()`: a different person signing in on this device starts
 * from an empty store.
 */
import { createSignal } from "solid-js";
import type { Me } from "../../../../shared/auth.ts";
import { connectSocket, onServerEvent, socketStatus } from "../../lib/socket.ts";
import { readError } from "../../lib/trpc.ts";
import { idb } from "./idb.ts";

const ME_KEY = "me";

const [offline, setOffline] = createSignal(false);
/** The app shows what was saved on this device because the server is out of reach. */
export const offlineMode = offline;

let currentOwner: string | null = null;
/** Bumped by every clear: a write scheduled before it must not bring anything back. */
let generation = 0;

/** Whose records the store may hold now (null: no one known — nothing is written). */
export const owner = () => currentOwner;
export const storeGeneration = () => generation;

/** A real answer from the server: a person (saved) or a guest (the store is cleared). Returns it. */
export function rememberIdentity(user: Me | null): Me | null {
  setOffline(false);
  if (!user) {
    void clearOfflineStore();
    return null;
  }
  if (currentOwner !== user.id) {
    const previous = currentOwner;
    currentOwner = user.id;
    // Someone else was saved on this device: nothing of theirs stays.
    void idb.get<Me>(ME_KEY).then(async (saved) => {
      if ((saved && saved.id !== user.id) || (previous && previous !== user.id)) {
        generation++;
        await idb.clear();
      }
      if (currentOwner === user.id) await idb.set(ME_KEY, user);
    });
  } else void idb.set(ME_KEY, user);
  return user;
}

/** Whether a failed request means "the network is gone" rather than an answer from the server. */
export function isNetworkFailure(error: unknown): boolean {
  return (typeof navigator !== "undefined" && navigator.onLine === false) || readError(error).reason === "errors.network";
}

/**
 * `auth.me` failed: offline, the identity saved on this device (the app goes offline); otherwise,
 * or with nothing saved, a guest (as before: an unreachable server never breaks every page).
 */
export async function identityOffline(error: unknown): Promise<Me | null> {
  if (!isNetworkFailure(error)) return null;
  const saved = await idb.get<Me>(ME_KEY);
  if (!saved) return null;
  currentOwner = saved.id;
  setOffline(true);
  return saved;
}

/** Signed out (or the session is gone): every saved record is deleted. */
export async function clearOfflineStore(): Promise<void> {
  generation++;
  currentOwner = null;
  setOffline(false);
  await idb.clear();
}

let watching = false;
/**
 * Back online: `recheck` asks the server who I am again (session.ts's refetch) and the socket
 * reconnects at once instead of after its backoff. Gone offline while signed in: the banner shows.
 * A hello on the socket means the server is reachable again (its answer to `me` follows).
 */
export function watchConnection(recheck: () => void): void {
  if (watching || typeof window === "undefined") return;
  watching = true;
  window.addEventListener("online", () => {
    if (!currentOwner) return;
    recheck();
    if (socketStatus() !== "open") connectSocket();
  });
  window.addEventListener("offline", () => {
    if (currentOwner) setOffline(true);
  });
  onServerEvent((event) => {
    if (event.type === "hello" && offline()) recheck();
  });
}
