/**
 * The toasts themselves (components/Toasts.tsx): each notice with its timer, and the floor the
 * list keeps clear of, written on the region as --toast-lift and --toast-right. A chunk of its own,
 * fetched with the first notice: most visits never show one.
 */
import { createEffect, createSignal, For, onCleanup, onMount, Show } from "solid-js";
import { dismissToast, toastList, type Toast } from "../features/chats/live.ts";
import { personName } from "../features/account-deletion/person-name.ts";
import { t } from "../i18n/index.ts";
import { Avatar } from "./Avatar.tsx";
import { IconButton } from "./IconButton.tsx";
import { CloseIcon } from "./icons.tsx";
import "./toasts.css";

const SHOW_MS = 5_000;
/** Room between the toasts and the floor (or the screen's bottom edge). */
const GAP_PX = 12;

/**
 * Where the toasts must stay to clear what is under a chat's log: how far above the screen's
 * bottom edge (to the top of the composer) and, on wide screens, in from its right edge (inside
 * the chat's column). Zero when no floor ends on screen.
 */
function floorInsets(): { bottom: number; right: number } {
  const height = window.innerHeight;
  const insets = { bottom: 0, right: 0 };
  for (const el of document.querySelectorAll<HTMLElement>("[data-toast-floor]")) {
    const box = el.getBoundingClientRect();
    if (box.height > 0 && box.bottom <= height && box.bottom > 0) {
      insets.bottom = Math.max(insets.bottom, height - box.bottom);
      insets.right = Math.max(insets.right, document.documentElement.clientWidth - box.right);
    }
  }
  return insets;
}

/**
 * The insets, kept current while any toast is shown: on each change of the list, on a resize of
 * the window or of the visual viewport (a phone's keyboard), and when a floor or the page changes size.
 */
function createFloorInsets(shown: () => boolean) {
  const [insets, setInsets] = createSignal({ bottom: 0, right: 0 });
  createEffect(() => {
    if (!shown()) return;
    const measure = () => setInsets(floorInsets());
    measure();
    const observer = typeof ResizeObserver === "undefined" ? null : new ResizeObserver(measure);
    for (const el of document.querySelectorAll<HTMLElement>("[data-toast-floor]")) observer?.observe(el);
    // The page changing under them (another route) mostly resizes the body.
    observer?.observe(document.body);
    window.addEventListener("resize", measure);
    window.visualViewport?.addEventListener("resize", measure);
    onCleanup(() => {
      observer?.disconnect();
      window.removeEventListener("resize", measure);
      window.visualViewport?.removeEventListener("resize", measure);
    });
  });
  return insets;
}

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

  const name = () => personName(props.toast.from);
  return (
    <li class="toast" onPointerEnter={pause} onPointerLeave={() => timer ?? run()} onFocusIn={pause} onFocusOut={() => timer ?? run()}>
      <Avatar person={props.toast.from} avatar={props.toast.from.avatarId} size="sm" />
      <div class="toast-body">
        <p class="toast-from">{props.toast.heading ?? t("notice.from", { name: name() })}</p>
        <Show when={props.toast.href} fallback={<p class="toast-text">{props.toast.text}</p>}>
          {(href) => (
            <a class="toast-text toast-link" href={href()} onClick={() => dismissToast(props.toast.id)}>
              {props.toast.text}
            </a>
          )}
        </Show>
      </div>
      <IconButton class="toast-close" label={t("notice.dismiss")} onClick={() => dismissToast(props.toast.id)}>
        <CloseIcon />
      </IconButton>
    </li>
  );
}

export function ToastItems(props: { region: HTMLElement }) {
  // Re-measured whenever the list changes (the page may have changed since the last toast).
  const insets = createFloorInsets(() => toastList().length > 0);
  createEffect(() => {
    const { bottom, right } = insets();
    const style = props.region.style;
    if (bottom > 0) {
      style.setProperty("--toast-lift", `${bottom + GAP_PX}px`);
      style.setProperty("--toast-right", `${right + GAP_PX}px`);
    } else {
      style.removeProperty("--toast-lift");
      style.removeProperty("--toast-right");
    }
  });
  return <For each={toastList()}>{(toast) => <ToastItem toast={toast} />}</For>;
}
