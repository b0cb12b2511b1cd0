/**
 * This device's web push (issue 15), on the browser's APIs: the service worker's pushManager
 * (web/service-worker.js shows what arrives), Notification permission, and push.* on the server.
 * The server keeps one subscription per device (its endpoint), tied to this session.
 */
import type { PushDevice } from "../../../../shared/push.ts";
import { lang } from "../../i18n/index.ts";
import { trpc } from "../../lib/trpc.ts";

export type DeviceState = { kind: "unsupported" } | { kind: "denied" } | ({ kind: "ready" } & PushDevice);

export function pushSupported(): boolean {
  return typeof window !== "undefined" && "serviceWorker" in navigator && "PushManager" in window && "Notification" in window;
}

/** The worker that shows pushes (none in the dev server, or where the browser refused it). */
async function registration(): Promise<ServiceWorkerRegistration | null> {
  if (!pushSupported()) return null;
  return (await navigator.serviceWorker.getRegistration("/").catch(() => undefined)) ?? null;
}

const fromBase64url = (text: string): Uint8Array<ArrayBuffer> => {
  const b64 = text.replace(/-/g, "+").replace(/_/g, "/");
  const raw = atob(b64 + "=".repeat((4 - (b64.length % 4)) % 4));
  return Uint8Array.from(raw, (c) => c.charCodeAt(0));
};
const sameKey = (a: ArrayBuffer | null | undefined, b: Uint8Array) => !!a && a.byteLength === b.length && new Uint8Array(a).every((x, i) => x === b[i]);

async function tell(sub: PushSubscription, showText: boolean): Promise<PushDevice> {
  const json = sub.toJSON();
  return trpc.push.subscribe.mutate({
    endpoint: json.endpoint ?? sub.endpoint,
    keys: { p256dh: json.keys?.p256dh ?? "", auth: json.keys?.auth ?? "" },
    showText,
    lang: lang(),
  });
}

/** What the settings section shows: whether push can work here, and whether it is on for me. */
export async function readDeviceState(): Promise<DeviceState> {
  const reg = await registration();
  if (!reg) return { kind: "unsupported" };
  if (Notification.permission === "denied") return { kind: "denied" };
  const sub = await reg.pushManager.getSubscription();
  if (!sub || Notification.permission !== "granted") return { kind: "ready", subscribed: false, showText: false };
  return { kind: "ready", ...(await trpc.push.device.query({ endpoint: sub.endpoint })) };
}

/** Asks for permission (a click must lead here), subscribes with the server's key, tells the server. */
export async function enablePush(showText: boolean): Promise<DeviceState> {
  const reg = await registration();
  if (!reg) return { kind: "unsupported" };
  const permission = await Notification.requestPermission();
  if (permission === "denied") return { kind: "denied" };
  if (permission !== "granted") return { kind: "ready", subscribed: false, showText };
  const key = fromBase64url((await trpc.push.publicKey.query()).publicKey);
  let sub = await reg.pushManager.getSubscription();
  // Subscribed with another key (the server's keys were replaced): that subscription is dead.
  if (sub && !sameKey(sub.options?.applicationServerKey, key)) {
    await sub.unsubscribe().catch(() => false);
    sub = null;
  }
  sub ??= await reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: key });
  return { kind: "ready", ...(await tell(sub, showText)) };
}

export async function disablePush(): Promise<DeviceState> {
  const reg = await registration();
  const sub = await reg?.pushManager.getSubscription();
  if (sub) {
    await trpc.push.unsubscribe.mutate({ endpoint: sub.endpoint });
    await sub.unsubscribe().catch(() => false);
  }
  return { kind: "ready", subscribed: false, showText: false };
}

/** "Show message text" for this device (and the language its notifications are written in). */
export async function setShowText(showText: boolean): Promise<DeviceState> {
  const sub = await (await registration())?.pushManager.getSubscription();
  if (!sub) return { kind: "ready", subscribed: false, showText };
  return { kind: "ready", ...(await tell(sub, showText)) };
}
