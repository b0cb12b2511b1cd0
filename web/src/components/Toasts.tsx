/**
 * "Notify everyone" notices (and other features' notes, such as a comment on my post) as toasts
 * in the top-right corner: each slides in and goes away after 5 s (the timer pauses while the
 * pointer or focus is on it), several stack. The region is polite: a screen reader reads a new
 * notice when it is done with what it was saying.
 */
import { A } from "@solidjs/router";
import { For, onCleanup, onMount, Show } from "solid-js";
import { dismissToast, toastList, type Toast } from "../features/chats/live.ts";
import { fullName } from "../features/chats/format.ts";
import { t } from "../i18n/index.ts";
import { Avatar } from "./Avatar.tsx";
import { IconButton } from "./IconButton.tsx";
import { CloseIcon } from "./icons.tsx";

const SHOW_MS = 5_000;

function ToastItem(props: { toast: Toast }) {
  let left = SHOW_MS;
  let startedAt = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const run = () => {
    startedAt = Date.now();
    timer = setTimeout(() => dismissToast(props.toast.id), left);
  };
  const pause = () => {
    if (timer === undefined) return;
    clearTimeout(timer);
    timer = undefined;
    left = Math.max(1_000, left - (Date.now() - startedAt));
  };
  onMount(run);
  onCleanup(() => clearTimeout(timer));

  const name = () => fullName(props.toast.from);
  return (
    <li class="toast" onPointerEnter={pause} onPointerLeave={() => timer ?? run()} onFocusIn={pause} onFocusOut={() => timer ?? run()}>
      <Avatar person={props.toast.from} avatar={props.toast.from.avatarId} size="sm" />
      <div class="toast-body">
        <p class="toast-from">{props.toast.heading ?? t("notice.from", { name: name() })}</p>
        <Show when={props.toast.href} fallback={<p class="toast-text">{props.toast.text}</p>}>
          {(href) => (
            <A class="toast-text toast-link" href={href()} onClick={() => dismissToast(props.toast.id)}>
              {props.toast.text}
            </A>
          )}
        </Show>
      </div>
      <IconButton class="toast-close" label={t("notice.dismiss")} onClick={() => dismissToast(props.toast.id)}>
        <CloseIcon />
      </IconButton>
    </li>
  );
}

export function Toasts() {
  return (
    <section class="toasts" aria-label={t("notice.region")}>
      <ol class="toast-list" aria-live="polite" aria-relevant="additions">
        <For each={toastList()}>{(toast) => <ToastItem toast={toast} />}</For>
      </ol>
    </section>
  );
}
