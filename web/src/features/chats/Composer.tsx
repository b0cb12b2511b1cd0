/**
 * Writing a message: a growing textarea (Enter sends, Shift+Enter starts a new line), images by
 * the picker or dropped onto the page (each uploads at once with its progress; at most 10), a
 * counter near the 4096-character limit, and send. Sending is optimistic (chat-client). The text
 * not sent yet is kept per chat while the tab lives. Typing tells the chat's other open tabs
 * (typing.ts). Guests get a disabled box and a sign-in link.
 * An emoji button opens the picker (issue 13, loaded on first use); a pick goes in at the caret.
 * Editing one of my messages happens here too (like Telegram): a bar says "Editing message", the
 * box holds its text, Enter saves, Escape or the bar's button cancels; images cannot be changed,
 * so attaching is off meanwhile. The draft of a new message comes back afterwards.
 * In the public chat under slow mode a line says so ("Slow mode: 30 s") and, after I send, counts
 * down to when I may send again (send is off meanwhile; moderators are exempt: slow-mode.ts).
 */
import { createEffect, createSignal, For, on, onMount, Show } from "solid-js";
import type { ChatMessage } from "../../../../shared/chats.ts";
import { CHAT_LIMITS, GLOBAL_CHAT_ID, hasText } from "../../../../shared/chat-rules.ts";
import { IconButton } from "../../components/IconButton.tsx";
import { CloseIcon, PaperclipIcon, PencilIcon, SendIcon, UploadIcon } from "../../components/icons.tsx";
import { formatNumber, t } from "../../i18n/index.ts";
import { errorText } from "../../lib/error-text.ts";
import { createFileDrop } from "../../lib/file-drop.ts";
import { readError } from "../../lib/trpc.ts";
import { MEDIA_LIMITS } from "../../../../shared/media-rules.ts";
import { createLazyAttachments } from "./attachments-lazy.ts";
import { editingIn, editMessage, sendMessage, stopEditing } from "./chat-client.ts";
import { announceTyping, typingSent } from "./typing.ts";
import { sentInPublicChat, slowModeExempt, slowModeSeconds, slowModeTime, slowModeWait } from "./slow-mode.ts";
import "../../components/field.css";
import "../../components/drop-overlay.css";
import "./moderation.css";
import { createLazyMentionAutocomplete } from "../mentions/mention-lazy.tsx";
import { EmojiButton } from "../emoji/lazy.tsx";
import { ReplyBar } from "../replies/Replies.tsx";
import { cancelReply, replyingIn, takeReply } from "../replies/replies-state.ts";

/** What the file input accepts (as lib/upload.ts's ACCEPT_IMAGES, which is fetched with the first image). */
const ACCEPT_IMAGES = MEDIA_LIMITS.acceptedTypes.join(",");
/** The counter shows from this many characters on. */
const COUNTER_FROM = CHAT_LIMITS.bodyMax - 500;
const MAX_INPUT_PX = 200;
const drafts = new Map<string, string>();

export function Composer(props: { chatId: string }) {
  const id = props.chatId;
  const [text, setText] = createSignal(drafts.get(id) ?? "");
  const [problem, setProblem] = createSignal<string | null>(null);
  const [saving, setSaving] = createSignal(false);
  /** The attached images: their code and tray come with the first one (attachments-lazy.ts). */
  const attachments = createLazyAttachments();
  /** The message of mine being edited, or null (writing a new one). */
  const editing = () => editingIn(id);
  let area!: HTMLTextAreaElement;
  let fileInput!: HTMLInputElement;
  /** Issue 13: "@" suggestions from the chat's members. */
  const mention = createLazyMentionAutocomplete({ chatId: id, area: () => area });

  const length = () => text().length;
  const over = () => length() > CHAT_LIMITS.bodyMax;
  const full = () => attachments.items().length >= CHAT_LIMITS.imagesMax;
  const failed = () => attachments.items().filter((a) => a.status() === "failed");
  /** Seconds until slow mode lets me send here again (0: now; only the public chat has it). */
  const slowWait = () => (id === GLOBAL_CHAT_ID ? slowModeWait() : 0);
  /** The public chat's slow-mode line: the countdown after I sent, or the setting. */
  const slowLine = () => {
    const s = id === GLOBAL_CHAT_ID ? slowModeSeconds() : 0;
    if (s <= 0 || editing()) return null;
    if (slowWait() > 0) return t("chatmod.slowModeWait", { seconds: slowWait() });
    return t(slowModeExempt() ? "chatmod.slowModeExempt" : "chatmod.slowMode", { time: slowModeTime(s) });
  };
  const canSend = () => {
    const edited = editing();
    if (edited) return !over() && !saving() && (hasText(text()) || edited.images.length > 0);
    return !over() && !attachments.busy() && slowWait() === 0 && (hasText(text()) || attachments.ready().length > 0);
  };

  const resize = () => {
    area.style.height = "";
    // Empty: the CSS height (a long placeholder must not make it taller).
    if (area.value) area.style.height = `${Math.min(area.scrollHeight + 2, MAX_INPUT_PX)}px`;
  };
  onMount(resize);

  // Editing starts: the box takes the message's text. It ends: the new message's draft comes back.
  createEffect(
    on(
      editing,
      (message) => {
        setText(message ? message.body : (drafts.get(id) ?? ""));
        setProblem(null);
        resize();
      },
      { defer: true },
    ),
  );

  function addFiles(files: File[]) {
    if (editing()) return; // Images of a sent message stay as they are.
    attachments.add(files).then(
      (all) => setProblem(all ? null : t("chats.tooManyFiles")),
      (error: unknown) => setProblem(errorText(readError(error))),
    );
  }
  const dragging = createFileDrop(addFiles);

  /** Issue 13: a picked emoji goes in at the caret (replacing a selection), as if typed. */
  function insertEmoji(emoji: string) {
    area.setRangeText(emoji, area.selectionStart, area.selectionEnd, "end");
    area.dispatchEvent(new Event("input", { bubbles: true }));
    area.focus();
  }

  function cancelEdit() {
    stopEditing(id);
    area.focus();
  }

  /** Saves the edited text (the same text again: nothing to save); errors stay in the box's alert. */
  async function save(message: ChatMessage) {
    if (saving()) return;
    if (over()) return setProblem(t("chats.tooLongNow", { max: formatNumber(CHAT_LIMITS.bodyMax) }));
    const body = text().trim();
    if (body === message.body) return cancelEdit();
    // The server would refuse it too (a message needs text or an image): say so without asking.
    if (!hasText(body) && message.images.length === 0) return setProblem(t("chats.emptyMessage"));
    setSaving(true);
    try {
      await editMessage(id, message.id, body);
      if (editing()?.id === message.id) stopEditing(id);
      area.focus();
    } catch (error) {
      setProblem(errorText(readError(error)));
    } finally {
      setSaving(false);
    }
  }

  function submit() {
    const edited = editing();
    if (edited) return void save(edited);
    if (attachments.busy()) return setProblem(t("chats.waitUploads"));
    if (over()) return setProblem(t("chats.tooLongNow", { max: formatNumber(CHAT_LIMITS.bodyMax) }));
    // Enter while slow mode still counts down: the line under the box already says how long.
    if (slowWait() > 0) return;
    const body = text().trim();
    const images = attachments.ready();
    if (!body && images.length === 0) return;
    sendMessage(id, body, images, takeReply(id));
    if (id === GLOBAL_CHAT_ID) sentInPublicChat();
    typingSent(id);
    setText("");
    drafts.delete(id);
    attachments.clear();
    setProblem(null);
    resize();
    area.focus();
  }

  const onKeyDown = (e: KeyboardEvent) => {
    if (mention.onKeyDown(e)) return;
    if (e.key === "Escape" && editing()) {
      e.preventDefault();
      return cancelEdit();
    }
    // Issue 13: Escape also cancels a reply (the bar's button does too).
    if (e.key === "Escape" && replyingIn(id)) {
      e.preventDefault();
      return cancelReply(id);
    }
    if (e.key !== "Enter" || e.shiftKey || e.altKey || e.ctrlKey || e.metaKey || e.isComposing) return;
    e.preventDefault();
    submit();
  };

  return (
    <form
      class="composer"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <Show when={editing()}>
        {(message) => (
          <div class="composer-editing">
            <PencilIcon />
            <p class="composer-editing-text">
              <strong id={`composer-${id}-editing`}>{t("chats.editing")}</strong>
              <span class="composer-editing-quote">{message().body}</span>
            </p>
            <IconButton label={t("chats.cancelEdit")} onClick={cancelEdit}>
              <CloseIcon />
            </IconButton>
          </div>
        )}
      </Show>
      <Show when={!editing()}>
        <ReplyBar chatId={id} />
      </Show>
      <Show when={!editing() && attachments.items().length > 0 && attachments.Tray()}>
        {(Tray) => {
          const AttachmentTray = Tray();
          return <AttachmentTray items={attachments.items()} />;
        }}
      </Show>
      <div role="alert" class="composer-problems">
        <Show when={problem()}>
          <p class="field-error">{problem()}</p>
        </Show>
        <For each={failed()}>{(a) => <p class="field-error">{`${a.name}: ${errorText(a.error() ?? {})}`}</p>}</For>
      </div>
      <mention.Popup />
      <div class="composer-row">
        <input
          ref={fileInput}
          type="file"
          class="visually-hidden"
          tabindex="-1"
          accept={ACCEPT_IMAGES}
          multiple
          aria-label={t("chats.attachFiles")}
          onChange={(e) => {
            const files = [...(e.currentTarget.files ?? [])];
            e.currentTarget.value = "";
            if (files.length) addFiles(files);
          }}
        />
        <IconButton class="composer-attach" label={t("chats.attach")} disabled={full() || !!editing()} onClick={() => fileInput.click()}>
          <PaperclipIcon />
        </IconButton>
        <EmojiButton class="composer-emoji" onPick={insertEmoji} />
        <textarea
          ref={area}
          id={`composer-${id}`}
          class="composer-input"
          rows="1"
          aria-label={t("chats.messageLabel")}
          aria-describedby={`${editing() ? `composer-${id}-editing ` : ""}${slowLine() ? `composer-${id}-slow ` : ""}composer-${id}-hint composer-${id}-count`}
          aria-invalid={over() ? "true" : undefined}
          placeholder={t("chats.placeholder")}
          value={text()}
          aria-autocomplete="list"
          aria-expanded={mention.open()}
          aria-controls={mention.open() ? mention.listId : undefined}
          aria-activedescendant={mention.activeId()}
          onClick={() => void mention.update()}
          onBlur={() => mention.close()}
          onInput={(e) => {
            setText(e.currentTarget.value);
            resize();
            void mention.update();
            // An edit is not a new message: the draft stays, and nobody is "typing".
            if (editing()) return;
            drafts.set(id, e.currentTarget.value);
            // The public room is too big for "who is typing".
            if (e.currentTarget.value.trim() && id !== GLOBAL_CHAT_ID) announceTyping(id);
          }}
          onKeyDown={onKeyDown}
        />
        <button type="submit" class="btn btn-primary composer-send" disabled={!canSend()}>
          <SendIcon />
          <span class="composer-send-label">{editing() ? t("common.save") : t("chats.send")}</span>
        </button>
      </div>
      <div class="composer-foot">
        <Show when={slowLine()}>
          {(line) => (
            <p id={`composer-${id}-slow`} class="composer-slow" data-waiting={slowWait() > 0 ? "" : undefined}>
              {line()}
            </p>
          )}
        </Show>
        <p id={`composer-${id}-hint`} class="composer-hint">
          {editing() ? t("chats.editHint") : t("chats.composerHint")}
        </p>
        <p id={`composer-${id}-count`} class="field-counter" data-over={over() ? "" : undefined} hidden={length() < COUNTER_FROM}>
          {t("field.counter", { n: formatNumber(length()), max: formatNumber(CHAT_LIMITS.bodyMax) })}
        </p>
      </div>
      <Show when={dragging()}>
        <div class="drop-overlay" aria-hidden="true">
          <UploadIcon />
          <p>{t("chats.dropHere")}</p>
        </div>
      </Show>
    </form>
  );
}

/** What a guest sees instead of the composer in the public chat. */
export function GuestComposer(props: { next: string }) {
  return (
    <div class="composer composer-guest">
      <div class="composer-row">
        <textarea class="composer-input" rows="1" disabled aria-label={t("chats.messageLabel")} placeholder={t("chats.signInPrompt")} />
        <a href={`/login?next=${encodeURIComponent(props.next)}`} class="btn btn-primary">
          {t("nav.signIn")}
        </a>
      </div>
      <p class="composer-hint">{t("chats.guestLead")}</p>
    </div>
  );
}
