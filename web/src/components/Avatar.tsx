/**
 * A person's picture: their active avatar image, or — without one, or if it fails to load —
 * their initials on a colour derived from the user id (the same colour on every page and
 * device). Small sizes use the 96px variant, large ones the 512px one.
 */
import { createEffect, createSignal, on, Show } from "solid-js";
import type { MediaInfo } from "../../../shared/media.ts";

export type AvatarSize = "xs" | "sm" | "md" | "lg" | "xl";

export interface AvatarPerson {
  id: string;
  firstName: string;
  lastName: string;
}

export function initials(first: string, last: string): string {
  return `${[...first.trim()][0] ?? ""}${[...last.trim()][0] ?? ""}`.toUpperCase() || "?";
}

/** Hues (oklch degrees) that stay clear and pleasant at the same lightness; no muddy olives. */
const HUES = [15, 40, 150, 170, 195, 220, 245, 270, 295, 320, 345];

/** A stable hue for an id: FNV-1a over its characters picks one of HUES. */
export function hueFor(id: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    hash ^= id.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return HUES[(hash >>> 0) % HUES.length]!;
}

/**
 * URL of an avatar variant, from the media's own URLs when known. A group's picture is a
 * chat_image, which has no square variants: its thumbnail (small) or full image (large) stands in.
 */
export function avatarUrl(media: MediaInfo | string, variant: "s96" | "s512"): string {
  if (typeof media !== "string") {
    const url = media.urls[variant] ?? (variant === "s96" ? (media.urls.thumb ?? media.urls.full) : (media.urls.full ?? media.urls.thumb));
    if (url) return url;
  }
  const id = typeof media === "string" ? media : media.id;
  return `/media/${encodeURIComponent(id)}/${variant}.webp`;
}

export function Avatar(props: {
  person: AvatarPerson;
  /** The avatar media, or just its id (as `auth.me` gives it). */
  avatar?: MediaInfo | string | null;
  size?: AvatarSize;
  /** Text for the image; leave empty when the name is shown next to it. */
  alt?: string;
}) {
  const size = () => props.size ?? "md";
  const variant = () => (size() === "lg" || size() === "xl" ? "s512" : "s96");
  const src = () => (props.avatar ? avatarUrl(props.avatar, variant()) : null);
  const [broken, setBroken] = createSignal(false);
  createEffect(on(src, () => setBroken(false), { defer: true }));

  return (
    <Show
      when={src() && !broken()}
      fallback={
        <span
          class={`avatar avatar-${size()} avatar-initials`}
          style={{ "--avatar-hue": String(hueFor(props.person.id)) }}
          role={props.alt ? "img" : undefined}
          aria-label={props.alt || undefined}
          aria-hidden={props.alt ? undefined : "true"}
        >
          {initials(props.person.firstName, props.person.lastName)}
        </span>
      }
    >
      <img
        class={`avatar avatar-${size()}`}
        src={src()!}
        alt={props.alt ?? ""}
        decoding="async"
        onError={() => setBroken(true)}
      />
    </Show>
  );
}
