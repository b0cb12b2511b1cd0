/**
 * The messenger's words for moderation (issue #16): the public chat's slow mode (the composer's
 * line and countdown, the moderators' control in the header), a moderator deleting any public
 * message, reporting a group, a group whose name or picture a moderator removed, and the server's
 * refusals of repeated messages and of new accounts over their first day's limits. Merged into the
 * app's dictionaries by web/src/i18n/features.ts; English is typed against Ukrainian. (The rest of
 * the messenger's words are in the core dictionaries, uk.ts and en.ts.)
 */
export const uk = {
  "chatmod.slowMode": "Повільний режим: {time}",
  "chatmod.slowModeExempt": "Повільний режим: {time} (на модераторів не діє)",
  "chatmod.slowModeWait": "Наступне повідомлення — через {seconds} с",
  "chatmod.slowModeLabel": "Повільний режим",
  "chatmod.slowModeOff": "Вимкнено",
  "chatmod.slowModeChanged": "Повільний режим змінено: {time}",
  "chatmod.slowModeTurnedOff": "Повільний режим вимкнено",
  "chatmod.seconds": "{n} с",
  "chatmod.minutes": "{n} хв",
  "chatmod.deleteAsModerator": "Видалити як модератор",
  "chatmod.deleteTitle": "Видалити повідомлення в загальному чаті?",
  "chatmod.deleteText": "Повідомлення зникне в усіх. Причина потрапить до журналу модерації.",
  "chatmod.deleteHint": "Її побачать лише модератори.",
  "chatmod.delete": "Видалити",
  "chatmod.reportGroup": "Поскаржитися на групу",
  "chats.untitledGroup": "Група",
  "chats.system.moderatedName": "Модератор прибрав назву групи",
  "chats.system.moderatedAvatar": "Модератор прибрав аватар групи",
  "chats.slowMode": "У чаті повільний режим: зачекайте трохи перед наступним повідомленням.",
  "chats.repeated": "Ви вже кілька разів надіслали це повідомлення. Напишіть щось інше або спробуйте пізніше.",
  "posts.repeatedComment": "Ви вже кілька разів надіслали цей коментар. Напишіть щось інше або спробуйте пізніше.",
  "errors.newAccountLimit": "Нові облікові записи мають нижчі ліміти в першу добу. Спробуйте пізніше.",
};

export const en: Record<keyof typeof uk, string> = {
  "chatmod.slowMode": "Slow mode: {time}",
  "chatmod.slowModeExempt": "Slow mode: {time} (moderators are exempt)",
  "chatmod.slowModeWait": "Next message in {seconds} s",
  "chatmod.slowModeLabel": "Slow mode",
  "chatmod.slowModeOff": "Off",
  "chatmod.slowModeChanged": "Slow mode changed: {time}",
  "chatmod.slowModeTurnedOff": "Slow mode turned off",
  "chatmod.seconds": "{n} s",
  "chatmod.minutes": "{n} min",
  "chatmod.deleteAsModerator": "Delete as moderator",
  "chatmod.deleteTitle": "Delete this message in the public chat?",
  "chatmod.deleteText": "The message disappears for everyone. The reason goes into the moderation log.",
  "chatmod.deleteHint": "Only moderators will see it.",
  "chatmod.delete": "Delete",
  "chatmod.reportGroup": "Report group",
  "chats.untitledGroup": "Group",
  "chats.system.moderatedName": "A moderator removed the group's name",
  "chats.system.moderatedAvatar": "A moderator removed the group's picture",
  "chats.slowMode": "The chat is in slow mode: wait a little before your next message.",
  "chats.repeated": "You have sent this message several times already. Write something else or try later.",
  "posts.repeatedComment": "You have sent this comment several times already. Write something else or try later.",
  "errors.newAccountLimit": "New accounts have lower limits in their first day. Try again later.",
};
