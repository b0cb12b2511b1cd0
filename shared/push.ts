/**
 * Web push (issue 15): a device (one browser's push subscription) gets a system notification
 * for a new message, friend request or comment while none of its person's tabs is open.
 * Inputs of push.subscribe / push.unsubscribe / push.device and the payload the service worker shows.
 */
import { z } from "zod";

export const PUSH_LIMITS = {
  /** Push services' URLs are long (FCM: ~200 characters); anything longer is not one. */
  endpointMaxChars: 2_000,
  /** Devices kept per person; subscribing one more forgets the oldest. */
  devicesPerPerson: 20,
  /** Characters of message or comment text put in a notification (when previews are allowed). */
  textChars: 140,
} as const;

export const PUSH_LANGS = ["uk", "en"] as const;
export type PushLang = (typeof PUSH_LANGS)[number];

/** base64url without padding of exactly `bytes` bytes (a browser's PushSubscription.toJSON().keys). */
const base64url = (bytes: number, error: string) =>
  z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/, { error })
    .refine((s) => s.length === Math.ceil((bytes * 4) / 3), { error });

/** The endpoint's shape only; which hosts are allowed is the server's rule (push.service.ts). */
export const pushEndpointSchema = z
  .string()
  .max(PUSH_LIMITS.endpointMaxChars, { error: "push.badEndpoint" })
  .refine((s) => URL.canParse(s) && /^https?:$/.test(new URL(s).protocol), { error: "push.badEndpoint" });

export const pushSubscribeInput = z.object({
  endpoint: pushEndpointSchema,
  keys: z.object({
    /** The browser's P-256 public key, uncompressed point (65 bytes). */
    p256dh: base64url(65, "push.badKey").refine((s) => s.startsWith("B"), { error: "push.badKey" }),
    /** The 16-byte authentication secret. */
    auth: base64url(16, "push.badKey"),
  }),
  /** Show message and comment text in this device's notifications (else only who and where). */
  showText: z.boolean().default(false),
  /** The language the notifications of this device are written in. */
  lang: z.enum(PUSH_LANGS).default("uk"),
});
export type PushSubscribeInput = z.infer<typeof pushSubscribeInput>;

export const pushEndpointInput = z.object({ endpoint: pushEndpointSchema });

/** What push.device answers: whether this device is subscribed for me, and its preview setting. */
export interface PushDevice {
  subscribed: boolean;
  showText: boolean;
}

/** What a push message carries (JSON, encrypted): the service worker shows it as it is. */
export const pushPayloadSchema = z.object({
  title: z.string(),
  body: z.string(),
  /** The page a click opens: /chats/<id>, /friends/requests, /posts/<id>. */
  url: z.string().startsWith("/"),
  /** Notifications with one tag replace each other (one per chat, not one per message). */
  tag: z.string(),
});
export type PushPayload = z.infer<typeof pushPayloadSchema>;
