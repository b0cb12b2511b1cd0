/** The only place topic names are spelled. */
export const topics = {
  global: "global",
  user: (userId: string) => `user:${userId}`,
  chat: (chatId: string) => `chat:${chatId}`,
} as const;
