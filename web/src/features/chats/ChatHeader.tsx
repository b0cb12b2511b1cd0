/**
 * The bar above a chat: back to the list (narrow screens), the picture and name, and a line
 * under it — the other person's @username, a group's member count, or the public chat's live
 * "online now". Groups get "Group info"; the public chat gets "Notify everyone" for signed-in people
 * and, for moderators, the slow-mode choice (SlowModeControl, a chunk of its own: only they load it);
 * a personal chat gets "Block" (asks first) or, when I blocked the other person, "Unblock".
 */
import { Match, Show, Switch } from "solid-js";
import type { ChatInfo } from "../../../../shared/chats.ts";
import { ArrowLeftIcon, InfoIcon, MegaphoneIcon } from "../../components/icons.tsx";
import { formatNumber, t, tPlural } from "../../i18n/index.ts";
import { me } from "../../lib/session.ts";
import { ChatAvatar } from "./ChatAvatar.tsx";
import { chatTitle, isDeletedAccount, peerOf } from "./format.ts";
import { onlineCount } from "./live.ts";
import { BlockToggle, type PeerSafety } from "../reports/chat-safety.tsx";
import { hasRole } from "../../../../shared/moderation-rules.ts";
import { SlowModeControl } from "./chat-parts.tsx";
import { MuteMenu } from "../mentions/MuteMenu.tsx";
import { PresenceLabel } from "../presence/PresenceLabel.tsx";

export function ChatHeader(props: {
  info: ChatInfo | undefined;
  /** A personal chat's relation with the other person (Block / Unblock). */
  safety?: PeerSafety;
  titleRef: (el: HTMLHeadingElement) => void;
  onInfo: () => void;
  onNotify: () => void;
}) {
  const info = () => props.info;
  const peer = () => (info()?.kind === "personal" ? peerOf(info()!, me()?.id) : undefined);
  return (
    <header class="chat-head">
      <Show when={me()}>
        <a href="/chats" class="icon-button chat-back" aria-label={t("chats.back")} title={t("chats.back")}>
          <ArrowLeftIcon />
        </a>
      </Show>
      <Show when={info()}>{(chat) => <ChatAvatar chat={chat()} size="md" />}</Show>
      <div class="chat-head-text">
        <h1 ref={props.titleRef} id="chat-title" class="chat-title" tabindex="-1">
          {info() ? chatTitle(info()!, me()?.id) : "\u00a0"}
        </h1>
        <p class="chat-sub">
          <Switch>
            <Match when={info()?.kind === "public"}>
              <span aria-live="polite">{onlineCount() === null ? t("chats.globalLead") : t("chats.onlineNow", { n: formatNumber(onlineCount()!) })}</span>
            </Match>
            <Match when={info()?.kind === "group"}>{tPlural("chats.members", info()!.memberCount)}</Match>
            <Match when={peer() && !isDeletedAccount(peer()!) && peer()}>
              {(p) => (
                <>
                  <a href={`/u/${encodeURIComponent(p().username)}`} aria-label={t("chats.profileOf", { name: `${p().firstName} ${p().lastName}` })}>
                    @{p().username}
                  </a>{" "}
                  <PresenceLabel userId={p().id} />
                </>
              )}
            </Match>
          </Switch>
        </p>
      </div>
      <div class="chat-head-actions">
        <Show when={info() && info()!.kind !== "public" && me()}>
          <MuteMenu chatId={info()!.id} />
        </Show>
        <Show when={info()?.kind === "group"}>
          <button type="button" class="btn btn-small" onClick={() => props.onInfo()}>
            <InfoIcon />
            <span class="chat-action-label">{t("chats.info")}</span>
          </button>
        </Show>
        <Show when={info()?.kind === "public" && hasRole(me()?.role ?? "member", "moderator")}>
          <SlowModeControl />
        </Show>
        <Show when={info()?.kind === "public" && me()}>
          <button type="button" class="btn btn-small" onClick={() => props.onNotify()}>
            <MegaphoneIcon />
            <span class="chat-action-label">{t("notice.open")}</span>
          </button>
        </Show>
        <Show when={props.safety && peer()}>{(p) => <BlockToggle safety={props.safety!} peer={p()} />}</Show>
      </div>
    </header>
  );
}
