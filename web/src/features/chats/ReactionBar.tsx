/**
 * The toolbar of the six reactions under a message's "Add reaction" (MessageItem's ReactionPicker):
 * arrow keys move, Home and End jump, Escape closes (focus back on the button), "+" opens the full
 * emoji picker. A chunk of its own (chat-parts.tsx); it takes the focus when it appears.
 */
import { For, onMount } from "solid-js";
import type { ReactionEmoji } from "../../../../shared/chats.ts";
import { REACTION_EMOJI } from "../../../../shared/chat-rules.ts";
import { t } from "../../i18n/index.ts";
import "./reaction-bar.css";

export function ReactionBar(props: {
  label: string;
  mineOf: (emoji: string) => boolean;
  /** The full picker is open ("+" pressed). */
  all: boolean;
  onPick: (emoji: ReactionEmoji) => void;
  onMore: () => void;
  onClose: () => void;
}) {
  let bar!: HTMLDivElement;
  onMount(() => bar.querySelector<HTMLButtonElement>("button")?.focus());
  const onKeyDown = (e: KeyboardEvent) => {
    const buttons = [...bar.querySelectorAll<HTMLButtonElement>("button")];
    const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
    const move = (to: number) => {
      e.preventDefault();
      buttons[(to + buttons.length) % buttons.length]?.focus();
    };
    if (e.key === "Escape") {
      e.preventDefault();
      e.stopPropagation();
      props.onClose();
    } else if (e.key === "ArrowRight" || e.key === "ArrowDown") move(at + 1);
    else if (e.key === "ArrowLeft" || e.key === "ArrowUp") move(at - 1);
    else if (e.key === "Home") move(0);
    else if (e.key === "End") move(buttons.length - 1);
  };
  return (
    <div ref={bar} class="reaction-picker" role="toolbar" aria-label={props.label} onKeyDown={onKeyDown}>
      <For each={REACTION_EMOJI}>
        {(emoji) => (
          <button
            type="button"
            aria-label={t("chats.reactWith", { emoji })}
            aria-pressed={props.mineOf(emoji) ? "true" : "false"}
            title={t("chats.reactWith", { emoji })}
            onClick={() => props.onPick(emoji)}
          >
            {emoji}
          </button>
        )}
      </For>
      <button type="button" class="reaction-more" aria-label={t("emoji.more")} title={t("emoji.more")} aria-haspopup="dialog" aria-expanded={props.all ? "true" : "false"} onClick={() => props.onMore()}>
        +
      </button>
    </div>
  );
}
