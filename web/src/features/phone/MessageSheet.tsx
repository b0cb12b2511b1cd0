/**
 * A message's actions as an action sheet (issue 15, compact screens): the six quick reactions and
 * "+" for any other emoji (the lazily loaded picker, inside the sheet), then Reply, Forward, Pin
 * (replies feature), Edit and Delete (my stored messages), Delete as moderator and Report (someone
 * else's). The same actions MessageItem shows beside a message on wide screens with a mouse;
 * here they have words as well as icons. Which ones are offered, and what they do, MessageItem
 * decides (so this chunk shares no module with the chat's: bench/web.ts).
 */
import { createSignal, For, Show, type Component } from "solid-js";
import type { ReactionEmoji } from "../../../../shared/chats.ts";
import { REACTION_EMOJI } from "../../../../shared/chat-rules.ts";
import { PencilIcon, TrashIcon } from "../../components/icons.tsx";
import { t } from "../../i18n/index.ts";
import { errorText } from "../../lib/error-text.ts";
import { readError } from "../../lib/trpc.ts";
import type { EmojiPickerProps } from "../emoji/EmojiPicker.tsx";
import { FlagIcon } from "../reports/icons.tsx";
import { ActionSheet, type SheetAction } from "./ActionSheet.tsx";

const icon = (d: string) => () => (
  <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true">
    <path d={d} />
  </svg>
);
const ReplyIcon = icon("M10 9V5l-7 7 7 7v-4.1c5 0 8.5 1.6 11 5.1-1-5-4-10-11-11z");
const ForwardIcon = icon("M14 9V5l7 7-7 7v-4.1c-5 0-8.5 1.6-11 5.1 1-5 4-10 11-11z");
const PinIcon = icon("M9 4h6l-1 6 4 3v2h-5v5l-1 1-1-1v-5H6v-2l4-3z");

export function MessageSheet(props: {
  message: { body: string };
  /** Reactions offered: which are mine, and the toggle (errors go to onProblem). */
  react?: { mineOf: (emoji: string) => boolean; toggle: (emoji: ReactionEmoji, on: boolean) => Promise<void> };
  /** A stored, live message and a signed-in viewer: Reply, Forward and, where I may, Pin (rejects with the tRPC error). */
  replies?: { reply: () => void; forward: () => void; pin?: () => Promise<void> };
  /** The full emoji picker behind "+" (the chat's, loaded on first use: emoji/lazy.tsx). */
  picker: Component<EmojiPickerProps>;
  onEdit?: () => void;
  onDelete?: () => void;
  onModerate?: () => void;
  onReport?: () => void;
  onProblem: (text: string) => void;
  onClose: () => void;
}) {
  const m = () => props.message;
  const [all, setAll] = createSignal(false);
  const fail = (e: unknown) => props.onProblem(errorText(readError(e)));
  const react = (emoji: ReactionEmoji) => props.react!.toggle(emoji, !props.react!.mineOf(emoji)).catch(fail);

  const actions = (): SheetAction[] => {
    const list: SheetAction[] = [];
    const replies = props.replies;
    if (replies) {
      list.push({ id: "reply", label: t("replies.reply"), icon: ReplyIcon, run: replies.reply });
      list.push({ id: "forward", label: t("replies.forward"), icon: ForwardIcon, run: replies.forward });
      const pin = replies.pin;
      if (pin) list.push({ id: "pin", label: t("replies.pin"), icon: PinIcon, run: () => void pin().catch(fail) });
    }
    if (props.onEdit) list.push({ id: "edit", label: t("chats.editMessage"), icon: PencilIcon, run: props.onEdit });
    if (props.onDelete) list.push({ id: "delete", label: t("chats.deleteMessage"), icon: TrashIcon, danger: true, run: props.onDelete });
    if (props.onModerate) list.push({ id: "moderate", label: t("chatmod.deleteAsModerator"), icon: TrashIcon, danger: true, run: props.onModerate });
    if (props.onReport) list.push({ id: "report", label: t("reports.message"), icon: FlagIcon, run: props.onReport });
    return list;
  };

  const preview = () => {
    const line = m().body.split("\n", 1)[0] ?? "";
    return line.length > 80 ? `${line.slice(0, 79)}…` : line;
  };

  return (
    <ActionSheet
      title={t("phone.messageActions")}
      subtitle={preview() || undefined}
      actions={actions()}
      onClose={props.onClose}
      top={
        props.react
          ? (close) => (
              <>
                <div class="action-sheet-reactions" role="group" aria-label={t("phone.quickReactions")}>
                  <For each={REACTION_EMOJI}>
                    {(emoji) => (
                      <button
                        type="button"
                        aria-label={t("chats.reactWith", { emoji })}
                        aria-pressed={props.react!.mineOf(emoji) ? "true" : "false"}
                        onClick={() => close(() => void react(emoji))}
                      >
                        {emoji}
                      </button>
                    )}
                  </For>
                  <button type="button" class="reaction-more" aria-label={t("emoji.more")} aria-expanded={all() ? "true" : "false"} onClick={() => setAll(!all())}>
                    +
                  </button>
                </div>
                <Show when={all()}>
                  <div class="action-sheet-picker">
                    <props.picker label={t("emoji.more")} onPick={(emoji) => close(() => void react(emoji as ReactionEmoji))} onClose={() => setAll(false)} />
                  </div>
                </Show>
              </>
            )
          : undefined
      }
    />
  );
}
