/**
 * The words of push notifications. Written by the server (like mail), in the language the device
 * subscribed with (uk by default; en), since a service worker has no dictionary of its own.
 */
import type { PushLang } from "../../../shared/push.ts";

interface Words {
  newMessage: string;
  photo: string;
  friendRequestTitle: string;
  friendRequest: (name: string) => string;
  commentTitle: string;
  comment: (name: string) => string;
}

const words: Record<PushLang, Words> = {
  uk: {
    newMessage: "Нове повідомлення",
    photo: "📷 Фото",
    friendRequestTitle: "Запит у друзі",
    friendRequest: (name) => `${name} надсилає вам запит у друзі`,
    commentTitle: "Новий коментар",
    comment: (name) => `${name} коментує ваш допис`,
  },
  en: {
    newMessage: "New message",
    photo: "📷 Photo",
    friendRequestTitle: "Friend request",
    friendRequest: (name) => `${name} sent you a friend request`,
    commentTitle: "New comment",
    comment: (name) => `${name} commented on your post`,
  },
};

export const pushWords = (lang: string): Words => words[lang === "en" ? "en" : "uk"];
