/** A chat's picture: the globe for the public chat, the group's image or initials, or the other person. */
import { Match, Switch } from "solid-js";
import type { ChatInfo } from "../../../../shared/chats.ts";
import { Avatar, type AvatarSize } from "../../components/Avatar.tsx";
import { GlobeIcon } from "../../components/icons.tsx";
import { me } from "../../lib/session.ts";
import { groupAsPerson, peerOf } from "./format.ts";

export function ChatAvatar(props: { chat: Pick<ChatInfo, "id" | "kind" | "name" | "avatar" | "members">; size?: AvatarSize; alt?: string }) {
  const peer = () => peerOf(props.chat, me()?.id);
  return (
    <Switch>
      <Match when={props.chat.kind === "public"}>
        <span class={`avatar avatar-${props.size ?? "md"} avatar-globe`} aria-hidden="true">
          <GlobeIcon />
        </span>
      </Match>
      <Match when={props.chat.kind === "group"}>
        <Avatar person={groupAsPerson(props.chat)} avatar={props.chat.avatar} size={props.size} alt={props.alt} />
      </Match>
      <Match when={peer()}>{(p) => <Avatar person={p()} avatar={p().avatarId} size={props.size} alt={props.alt} />}</Match>
    </Switch>
  );
}
