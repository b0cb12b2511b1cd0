/** The only place topic names are spelled. */
export const topics = {
  global: "global",
  user: (userId: string) => `user:${userId}`,
  chat: (chatId: string) => `chat:${chatId}`,
  /** A chat's read receipts (chat.seen), for the sockets that opened it and whose person shares receipts (realtime/presence.ts). */
  chatSeen: (chatId: string) => `chat:${chatId}:seen`,
  /** A post's live counters, edits and comments, for the sockets that have it on screen (post.watch). */
  post: (postId: number) => `post:${postId}`,
  /** "New posts" for sockets looking at a feed (feed.watch). */
  feed: "feed",
} as const;
