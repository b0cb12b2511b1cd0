/**
 * What replaces the composer in a personal chat I cannot write in (chat-safety.tsx: why, and Unblock
 * when it was me). Its styles come with the chat page (styles/chats.css).
 */
import { createUniqueId, onMount, Show } from "solid-js";
import type { ChatPerson } from "../../../../shared/chats.ts";
import { ErrorAlert } from "../../components/Alert.tsx";
import { t } from "../../i18n/index.ts";
import { errorText } from "../../lib/error-text.ts";
import type { PeerSafety } from "./chat-safety.tsx";

export function ClosedChatNotice(props: { safety: PeerSafety; peer: ChatPerson }) {
  const id = `chat-closed-${createUniqueId()}`;
  const pending = props.safety.unblocking;
  const failure = props.safety.unblockFailure;
  const r = () => props.safety.relation();
  const why = () => {
    const relation = r();
    if (relation?.blockedByMe) return t("safety.closedByMe");
    if (relation?.status === "blocked") return t("safety.closedBlocked");
    return t("safety.closedFriendsOnly");
  };
  let box!: HTMLElement;
  // The composer (and the focus in it) just went: the focus comes here instead of to the page.
  onMount(() => {
    if (!document.activeElement || document.activeElement === document.body) box.focus();
  });

  return (
    <section ref={box} class="chat-closed" aria-labelledby={`${id}-title`} tabindex="-1">
      <div role="status">
        <h2 id={`${id}-title`}>{t("safety.closedTitle")}</h2>
        <p>{why()}</p>
      </div>
      <p class="muted">{t("safety.closedHistory")}</p>
      <ErrorAlert message={failure() ? errorText(failure()!) : null} />
      <div class="chat-closed-actions">
        <Show
          when={r()?.blockedByMe}
          fallback={
            <a href={`/u/${encodeURIComponent(props.peer.username)}`} class="btn btn-small">
              {t("safety.openProfile")}
            </a>
          }
        >
          <button type="button" class="btn btn-small" disabled={pending()} onClick={() => void props.safety.unblock()}>
            {pending() ? t("common.working") : t("safety.unblock")}
          </button>
        </Show>
      </div>
    </section>
  );
}

