/**
 * The chat header's notifications menu (issue 13): mute for 1 hour, 8 hours, a week or for good,
 * or unmute. The list store takes the answer at once; my other tabs get chat.muted.
 */
import { createSignal, For, onCleanup, Show } from "solid-js";
import type { MuteDuration } from "../../../../shared/mentions.ts";
import { MUTE_FOREVER } from "../../../../shared/mention-rules.ts";
import { t, type MessageKey } from "../../i18n/index.ts";
import { errorText } from "../../lib/error-text.ts";
import { readError, trpc } from "../../lib/trpc.ts";
import { chatList, setMuted } from "../chats/chat-list.ts";
import { BellIcon, BellOffIcon } from "./icons.tsx";
import { chatMuted } from "./unread.ts";
import "./mentions.css";

const CHOICES: Array<[MuteDuration, MessageKey]> = [
  ["1h", "mentions.mute1h"],
  ["8h", "mentions.mute8h"],
  ["1w", "mentions.mute1w"],
  ["forever", "mentions.muteForever"],
];

/** "Muted" or "Muted until …" for a chat muted until `until`. */
export function mutedLabel(until: number): string {
  return until >= MUTE_FOREVER ? t("mentions.muted") : t("mentions.mutedUntil", { time: new Date(until).toLocaleString() });
}

export function MuteMenu(props: { chatId: string }) {
  const [open, setOpen] = createSignal(false);
  let root: HTMLDivElement | undefined;
  let button: HTMLButtonElement | undefined;
  const chat = () => chatList.byId(props.chatId);
  const muted = () => !!chat() && chatMuted(chat()!);

  const onDocument = (e: Event) => {
    if (open() && root && !root.contains(e.target as Node)) setOpen(false);
  };
  document.addEventListener("pointerdown", onDocument);
  onCleanup(() => document.removeEventListener("pointerdown", onDocument));

  async function choose(duration: MuteDuration) {
    setOpen(false);
    button?.focus();
    try {
      const r = await trpc.chats.mute.mutate({ chatId: props.chatId, duration });
      setMuted(r.chatId, r.mutedUntil);
    } catch (error) {
      window.alert(errorText(readError(error)));
    }
  }

  return (
    <div
      class="mute-menu"
      ref={root}
      onKeyDown={(e) => {
        if (e.key === "Escape" && open()) {
          e.stopPropagation();
          setOpen(false);
          button?.focus();
        }
      }}
    >
      <button
        ref={button}
        type="button"
        class="btn btn-small mute-toggle"
        aria-haspopup="true"
        aria-expanded={open()}
        aria-controls={`mute-menu-${props.chatId}`}
        title={muted() ? mutedLabel(chat()!.mutedUntil!) : t("mentions.muteMenu")}
        data-muted={muted() ? "" : undefined}
        onClick={() => setOpen(!open())}
      >
        {muted() ? <BellOffIcon /> : <BellIcon />}
        <span class="chat-action-label">{muted() ? t("mentions.muted") : t("mentions.mute")}</span>
      </button>
      <Show when={open()}>
        <ul class="mute-menu-list" id={`mute-menu-${props.chatId}`}>
          <For each={CHOICES}>
            {([duration, key]) => (
              <li>
                <button type="button" onClick={() => void choose(duration)}>
                  {t(key)}
                </button>
              </li>
            )}
          </For>
          <Show when={muted()}>
            <li>
              <button type="button" onClick={() => void choose("off")}>
                {t("mentions.unmute")}
              </button>
            </li>
          </Show>
        </ul>
      </Show>
    </div>
  );
}
