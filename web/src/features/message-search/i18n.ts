/** The words of issue 13: message search. Merged by web/src/i18n/features.ts and english.ts. Keys start with "message-search.". */
export const uk = {
  "message-search.label": "Пошук чатів і повідомлень",
  "message-search.placeholder": "Пошук чатів і повідомлень",
  "message-search.messages": "Повідомлення",
  "message-search.searching": "Шукаємо…",
  "message-search.nothing": "Повідомлень зі словами «{query}» не знайдено",
  "message-search.more": "Показати ще",
  "message-search.untitled": "Чат",
  "message-search.queryTooLong": "Запит задовгий (до 100 символів)",
  "message-search.jumpToLatest": "До останніх повідомлень",
} as const;

export const en: Record<keyof typeof uk, string> = {
  "message-search.label": "Search chats and messages",
  "message-search.placeholder": "Search chats and messages",
  "message-search.messages": "Messages",
  "message-search.searching": "Searching…",
  "message-search.nothing": "No messages with “{query}”",
  "message-search.more": "Show more",
  "message-search.untitled": "Chat",
  "message-search.queryTooLong": "The query is too long (up to 100 characters)",
  "message-search.jumpToLatest": "Jump to latest",
};
