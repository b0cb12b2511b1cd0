/**
 * The chat header's notifications menu (issue 13): mute for 1 hour, 8 hours, a week or for good,
 * or unmute (the list: MuteChoices.tsx, fetched when the menu first opens, or on hover or focus of
 * its button). The list store takes the answer at once; my other tabs get chat.muted.
 */
import { createSignal, onCleanup, Show } from "solid-js";
import type { MuteDuration } from "../../../../shared/mentions.ts";
import { MUTE_FOREVER } from "../../../../shared/mention-rules.ts";
import { lazyPart } from "../../components/lazy-parts.tsx";
import { t } from "../../i18n/index.ts";
import { errorText } from "../../lib/error-text.ts";
import { readError, trpc } from "../../lib/trpc.ts";
import { chatList, setMuted } from "../chats/chat-list.ts";
import { BellIcon, BellOffIcon } from "./icons.tsx";
import { chatMuted } from "./unread.ts";
import "./mentions.css";

const MuteChoices = lazyPart(() => import("./MuteChoices.tsx").then((m) => m.MuteChoices));

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
  const preload = () => void MuteChoices.preload().catch(() => {});

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
        onPointerEnter={preload}
        onFocus={preload}
        onClick={() => setOpen(!open())}
      >
        {muted() ? <BellOffIcon /> : <BellIcon />}
        <span class="chat-action-label">{muted() ? t("mentions.muted") : t("mentions.mute")}</span>
      </button>
      <Show when={open()}>
        <MuteChoices id={`mute-menu-${props.chatId}`} muted={muted()} onChoose={(duration) => void choose(duration)} />
      </Show>
    </div>
  );
}
