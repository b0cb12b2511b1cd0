import { albumsRouter } from "../features/albums/albums.router.ts";
import { authRouter } from "../features/auth/auth.router.ts";
import { chatsRouter } from "../features/chats/chats.router.ts";
import { messageSearchRouter } from "../features/message-search/message-search.router.ts";
import { blocksRouter, friendsRouter, peopleRouter, privacyRouter, reportsRouter } from "../features/friends/friends.router.ts";
import { notificationsRouter } from "../features/notifications/notifications.router.ts";
import { moderationRouter } from "../features/moderation/moderation.router.ts";
import { mediaRouter } from "../features/media/media.router.ts";
import { commentsRouter, postsRouter, tagsRouter } from "../features/posts/posts.router.ts";
import { avatarsRouter, profilesRouter, settingsRouter, signatureRouter } from "../features/profiles/profiles.router.ts";
import { securityRouter } from "../features/security/security.router.ts";
import { passkeysRouter } from "../features/passkeys/passkeys.router.ts";
import { dataExportRouter } from "../features/account/data-export.router.ts";
import { accountDeletionRouter } from "../features/account/deletion.router.ts";
import { pushRouter } from "../features/push/push.router.ts";
import { presenceRouter } from "../features/presence/presence.router.ts";
import { router } from "./init.ts";

export const appRouter = router({
  albums: albumsRouter,
  auth: authRouter,
  chats: chatsRouter,
  messageSearch: messageSearchRouter,
  media: mediaRouter,
  profiles: profilesRouter,
  settings: settingsRouter,
  avatars: avatarsRouter,
  signature: signatureRouter,
  posts: postsRouter,
  comments: commentsRouter,
  tags: tagsRouter,
  friends: friendsRouter,
  people: peopleRouter,
  blocks: blocksRouter,
  reports: reportsRouter,
  privacy: privacyRouter,
  presence: presenceRouter,
  notifications: notificationsRouter,
  moderation: moderationRouter,
  security: securityRouter,
  passkeys: passkeysRouter,
  dataExport: dataExportRouter,
  accountDeletion: accountDeletionRouter,
  push: pushRouter,
});

export type AppRouter = typeof appRouter;
