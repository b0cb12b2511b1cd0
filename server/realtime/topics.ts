/** The only place topic names are spelled. */
export const topics = {
  global: "global",
  user: (userId: string) => `user:${userId}`,
  chat: (chatId: string) => `chat:${chatId}`,
  /** A post's live counters, edits and comments, for the sockets that have it on screen (post.watch). */
  post: (postId: number) => `post:${postId}`,
  /** "New posts" for sockets looking at a feed (feed.watch). */
  feed: "feed",
} as const;
