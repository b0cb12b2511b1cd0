/**
 * "Notify everyone" notices (and other features' notes, such as a comment on my post) as toasts
 * at the bottom of the screen (bottom right on wide screens, across the bottom on phones, above
 * the safe area), clear of the header and of a chat's header and its buttons: each slides in and
 * goes away after 5 s (the timer pauses while the pointer or focus is on it), several stack, the
 * newest lowest. With a chat on screen they sit above its composer, inside the chat's column: an
 * element marked `data-toast-floor` (the message log) that ends on screen is their floor,
 * followed as it moves (the composer grows, the phone's keyboard opens). The region is polite: a
 * screen reader reads a new notice when it is done with what it was saying.
 *
 * The region is here from the start (a live region must exist before what it announces); the
 * toasts' code and item styles (ToastItems.tsx) are fetched with the first notice, and one that
 * cannot be fetched (offline) is tried again with the next.
 */
import { createComponent, createEffect, Show } from "solid-js";
import { toastList } from "../features/chats/live.ts";
import { t } from "../i18n/index.ts";
import { loadedSignal } from "../lib/load-once.ts";

const { value: items, load: loadItems } = loadedSignal(() => import("./ToastItems.tsx").then((m) => m.ToastItems));

export function Toasts() {
  let region!: HTMLElement;
  createEffect(() => {
    if (toastList().length > 0 && !items()) loadItems().catch(() => undefined);
  });
  return (
    <section class="toasts" aria-label={t("notice.region")} ref={region}>
      <ol class="toast-list" aria-live="polite" aria-relevant="additions">
        <Show when={items()}>{(c) => createComponent(c(), { region })}</Show>
      </ol>
    </section>
  );
}
