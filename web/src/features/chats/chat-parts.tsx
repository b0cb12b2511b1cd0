/**
 * The messenger's parts that open on a person's action, as chunks of their own (lazyPart,
 * components/lazy-parts.tsx): fetched the first time one is shown (or earlier with preload(), on
 * hover of the button that opens it), so a first visit to a chat loads none of them. Show each
 * only while it is wanted (`<Show when={…}>`). bench/web.ts lists them apart ("on an action").
 */
import { lazyPart } from "../../components/lazy-parts.tsx";

/**
 * My chat list (ChatsPages.tsx's layout): with /chats, or beside an open chat on a wide screen,
 * where it comes after the chat's own code; a phone fetches it on going back to the list.
 */
export const ChatListPanel = lazyPart(() => import("./ChatList.tsx").then((m) => m.ChatListPanel));
/** A group's info: members, the admin's settings, leaving, moderation (the info button). */
export const GroupInfoDialog = lazyPart(() => import("./GroupInfoDialog.tsx").then((m) => m.GroupInfoDialog));
/** "New group" in the chat list. */
export const NewGroupDialog = lazyPart(() => import("./NewGroupDialog.tsx").then((m) => m.NewGroupDialog));
/** "Notify everyone" in the public chat. */
export const NotifyDialog = lazyPart(() => import("./NotifyDialog.tsx").then((m) => m.NotifyDialog));
/** "Forward" on a message. */
export const ForwardDialog = lazyPart(() => import("../replies/ForwardDialog.tsx").then((m) => m.ForwardDialog));
/** A message's actions as a sheet (a tap or long-press on compact screens). */
export const MessageSheet = lazyPart(() => import("../phone/MessageSheet.tsx").then((m) => m.MessageSheet));
/** The six quick reactions under a message's "Add reaction". */
export const ReactionBar = lazyPart(() => import("./ReactionBar.tsx").then((m) => m.ReactionBar));
/** A moderator's slow-mode choice in the public chat's header (moderators only). */
export const SlowModeControl = lazyPart(() => import("./SlowModeControl.tsx").then((m) => m.SlowModeControl));
/** Deleting a message (mine, or a moderator's in the public chat), asked first. */
export const DeleteMessageDialog = lazyPart(() => import("./DeleteDialogs.tsx").then((m) => m.DeleteMessageDialog));
export const ModerateMessageDialog = lazyPart(() => import("./DeleteDialogs.tsx").then((m) => m.ModerateMessageDialog));
