/**
 * The emoji picker, loaded on first use (a chunk of its own with its data), so the chat's first
 * load does not grow by it: LazyEmojiPicker shows "Loading…" until it arrives; EmojiButton is the
 * composer's button that opens it (issue 13).
 */
import { createSignal, Show, type Component } from "solid-js";
import { SmileIcon } from "../../components/icons.tsx";
import { t } from "../../i18n/index.ts";
import { loadOnce } from "../../lib/load-once.ts";
import type { EmojiPickerProps } from "./EmojiPicker.tsx";
import "./emoji.css";

/** Starts loading the picker (once; again after a failure); hover or focus may call it early. */
export const loadEmojiPicker = loadOnce(() => import("./EmojiPicker.tsx").then((m) => m.default));

export function LazyEmojiPicker(props: EmojiPickerProps) {
  const [Picker, setPicker] = createSignal<Component<EmojiPickerProps>>();
  loadEmojiPicker().then(
    (c) => setPicker(() => c),
    () => undefined,
  );
  return (
    <Show
      when={Picker()}
      fallback={
        <div class="emoji-picker" role="status">
          {t("emoji.loading")}
        </div>
      }
    >
      {(P) => {
        const Loaded = P();
        return <Loaded {...props} />;
      }}
    </Show>
  );
}

/** A button that opens the picker above itself; a pick calls onPick (the host moves focus), Escape returns focus here. */
export function EmojiButton(props: { onPick: (emoji: string) => void; disabled?: boolean; align?: "start" | "end"; class?: string }) {
  const [open, setOpen] = createSignal(false);
  let button!: HTMLButtonElement;
  return (
    <span
      class="emoji-anchor"
      data-align={props.align ?? "start"}
      onFocusOut={(e) => {
        if (open() && !(e.currentTarget as HTMLElement).contains(e.relatedTarget as Node | null)) setOpen(false);
      }}
    >
      <button
        ref={button}
        type="button"
        class={`icon-button${props.class ? ` ${props.class}` : ""}`}
        aria-label={t("emoji.open")}
        title={t("emoji.open")}
        aria-haspopup="dialog"
        aria-expanded={open() ? "true" : "false"}
        disabled={props.disabled}
        onPointerEnter={() => void loadEmojiPicker().catch(() => undefined)}
        onClick={() => setOpen(!open())}
      >
        <SmileIcon />
      </button>
      <Show when={open()}>
        <LazyEmojiPicker
          onPick={(emoji) => {
            setOpen(false);
            props.onPick(emoji);
          }}
          onClose={() => {
            setOpen(false);
            button.focus();
          }}
        />
      </Show>
    </span>
  );
}
