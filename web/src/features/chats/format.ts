/** Names, previews and times of chats and messages in the current language. */
import type { ChatInfo, ChatPerson, MessagePreview, SystemEvent } from "../../../../shared/chats.ts";
import { locale, t } from "../../i18n/index.ts";
import type { AvatarPerson } from "../../components/Avatar.tsx";
import { DELETED_ACCOUNT_ID } from "../../../../shared/deleted-account.ts";
import { personName } from "../account-deletion/person-name.ts";

/** Whether this is the "deleted account" that messages of deleted people show as theirs (#17). */
export const isDeletedAccount = (p: { id?: string }) => p.id === DELETED_ACCOUNT_ID;

/** A person's name, "Видалений акаунт" for the deleted account's stand-in (account-deletion/person-name.ts). */
export const fullName = personName;

/** The other person of a personal chat (the first member who is not me). */
export function peerOf(chat: Pick<ChatInfo, "members">, meId: string | undefined): ChatPerson | undefined {
  return chat.members.find((m) => m.id !== meId) ?? chat.members[0];
}

/** Members named in place of a group's name a moderator removed. */
const UNTITLED_NAMES = 3;

/**
 * What a chat is called: the group's name, the other person's name, or "Public chat". A group
 * whose name a moderator removed is called by its members' first names (those the summary holds,
 * me left out), or "Group".
 */
export function chatTitle(chat: Pick<ChatInfo, "kind" | "name" | "members">, meId: string | undefined): string {
  if (chat.kind === "public") return t("chats.global");
  if (chat.kind === "group") {
    if (chat.name) return chat.name;
    const names = chat.members.filter((m) => m.id !== meId && m.firstName.trim()).map((m) => m.firstName.trim());
    if (!names.length) return t("chats.untitledGroup");
    return new Intl.ListFormat(locale(), { type: "conjunction" }).format(names.slice(0, UNTITLED_NAMES)) + (names.length > UNTITLED_NAMES ? "…" : "");
  }
  const peer = peerOf(chat, meId);
  return peer ? fullName(peer) : t("chats.deletedUser");
}

/** A group as an Avatar "person": its initials come from the first two words of the name (or of "Group"). */
export function groupAsPerson(chat: Pick<ChatInfo, "id" | "name">): AvatarPerson {
  const words = (chat.name || t("chats.untitledGroup")).trim().split(/\s+/);
  return { id: chat.id, firstName: words[0] ?? "", lastName: words[1] ?? "" };
}

/**
 * A system message as a sentence ("Olena Koval added Taras Shevchuk"). `actor` is who did it; the
 * people it is about carry the names they had then (they may have left since). Plain text.
 */
export function systemLine(event: SystemEvent, actor: string): string {
  const who = actor.trim() || t("chats.system.someone");
  const name = (p: { id: string; name: string }) => (isDeletedAccount(p) ? t("accountDeletion.deletedAccount") : p.name.trim() || t("chats.system.someone"));
  switch (event.event) {
    case "created":
      return t("chats.system.created", { actor: who, name: event.name });
    case "added":
      return t("chats.system.added", { actor: who, users: new Intl.ListFormat(locale(), { type: "conjunction" }).format(event.users.map(name)) });
    case "removed":
      return t("chats.system.removed", { actor: who, user: name(event.user) });
    case "left":
      return t("chats.system.left", { actor: who });
    case "adminTransferred":
      return t("chats.system.adminTransferred", { actor: who, user: name(event.user) });
    case "adminAssigned":
      // Nobody chose them (the admin left): the line names only the new admin.
      return t("chats.system.adminAssigned", { user: name(event.user) });
    case "renamed":
      return t("chats.system.renamed", { actor: who, name: event.name });
    case "avatarChanged":
      return t(event.removed ? "chats.system.avatarRemoved" : "chats.system.avatarChanged", { actor: who });
    case "moderated":
      // The moderator is not named: they need not be a member, and act for the service.
      return t(event.what === "name" ? "chats.system.moderatedName" : "chats.system.moderatedAvatar");
  }
}

/** A chat list preview in parts: ChatList shows the photos as an icon, not as an emoji. */
export interface PreviewParts {
  who: string;
  photos: boolean;
  text: string;
}

/**
 * What the chat list shows of a message: who wrote it ("Ви: " for me; in a group the author's
 * full name, as the conversation names them — the server's authorName is the full name), whether
 * it has photos, and its text on one line. A system message is its line, naming the actor as the
 * conversation does.
 */
export function previewParts(m: MessagePreview, meId: string | undefined, group: boolean): PreviewParts {
  const authorName = isDeletedAccount({ id: m.authorId }) ? t("accountDeletion.deletedAccount") : m.authorName;
  if (m.system) return { who: "", photos: false, text: systemLine(m.system, authorName) };
  const who = m.authorId === meId ? `${t("chats.you")}: ` : group ? `${authorName}: ` : "";
  if (m.deleted) return { who, photos: false, text: t("chats.messageDeleted") };
  return { who, photos: m.imageCount > 0, text: m.text.replace(/\s+/g, " ").trim() };
}

const sameDay = (a: Date, b: Date) => a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();

export function formatTime(ms: number): string {
  return new Intl.DateTimeFormat(locale(), { hour: "2-digit", minute: "2-digit" }).format(ms);
}

/** Chat list time: 14:05 today, a weekday this week, a date before that. */
export function formatListTime(ms: number, now = Date.now()): string {
  const d = new Date(ms);
  if (sameDay(d, new Date(now))) return formatTime(ms);
  if (now - ms < 6 * 86_400_000) return new Intl.DateTimeFormat(locale(), { weekday: "short" }).format(d);
  const year = d.getFullYear() === new Date(now).getFullYear() ? undefined : "numeric";
  return new Intl.DateTimeFormat(locale(), { day: "numeric", month: "short", year }).format(d);
}

/** The divider above a day's first message: Today, Yesterday, or the date. */
export function dayLabel(ms: number, now = Date.now()): string {
  const d = new Date(ms);
  const today = new Date(now);
  if (sameDay(d, today)) return t("chats.today");
  if (sameDay(d, new Date(today.getFullYear(), today.getMonth(), today.getDate() - 1))) return t("chats.yesterday");
  const year = d.getFullYear() === today.getFullYear() ? undefined : "numeric";
  return new Intl.DateTimeFormat(locale(), { day: "numeric", month: "long", year }).format(d);
}

export const dayKey = (ms: number) => {
  const d = new Date(ms);
  return `${d.getFullYear()}-${d.getMonth()}-${d.getDate()}`;
};

export function formatFullTime(ms: number): string {
  return new Intl.DateTimeFormat(locale(), { dateStyle: "long", timeStyle: "short" }).format(ms);
}
