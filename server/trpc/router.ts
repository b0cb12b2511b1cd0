/**
 * The API: one tRPC router per feature, each loaded on its first call (`lazy`, ADR 0029). A start
 * does not evaluate the features' routers and their zod input schemas before /healthz answers;
 * main.ts loads them one by one right after the server listens (warmRouters), so the first real
 * request rarely waits. A call that comes earlier waits for its router's import; it is never
 * refused.
 */
import { lazy } from "@trpc/server";
import { router } from "./init.ts";

const friends = () => import("../features/friends/friends.router.ts");
const posts = () => import("../features/posts/posts.router.ts");
const profiles = () => import("../features/profiles/profiles.router.ts");

export const appRouter = router({
  albums: lazy(() => import("../features/albums/albums.router.ts").then((m) => m.albumsRouter)),
  auth: lazy(() => import("../features/auth/auth.router.ts").then((m) => m.authRouter)),
  chats: lazy(() => import("../features/chats/chats.router.ts").then((m) => m.chatsRouter)),
  messageSearch: lazy(() => import("../features/message-search/message-search.router.ts").then((m) => m.messageSearchRouter)),
  media: lazy(() => import("../features/media/media.router.ts").then((m) => m.mediaRouter)),
  profiles: lazy(() => profiles().then((m) => m.profilesRouter)),
  settings: lazy(() => profiles().then((m) => m.settingsRouter)),
  avatars: lazy(() => profiles().then((m) => m.avatarsRouter)),
  signature: lazy(() => profiles().then((m) => m.signatureRouter)),
  posts: lazy(() => posts().then((m) => m.postsRouter)),
  comments: lazy(() => posts().then((m) => m.commentsRouter)),
  tags: lazy(() => posts().then((m) => m.tagsRouter)),
  friends: lazy(() => friends().then((m) => m.friendsRouter)),
  people: lazy(() => friends().then((m) => m.peopleRouter)),
  blocks: lazy(() => friends().then((m) => m.blocksRouter)),
  reports: lazy(() => friends().then((m) => m.reportsRouter)),
  privacy: lazy(() => friends().then((m) => m.privacyRouter)),
  presence: lazy(() => import("../features/presence/presence.router.ts").then((m) => m.presenceRouter)),
  notifications: lazy(() => import("../features/notifications/notifications.router.ts").then((m) => m.notificationsRouter)),
  moderation: lazy(() => import("../features/moderation/moderation.router.ts").then((m) => m.moderationRouter)),
  security: lazy(() => import("../features/security/security.router.ts").then((m) => m.securityRouter)),
  passkeys: lazy(() => import("../features/passkeys/passkeys.router.ts").then((m) => m.passkeysRouter)),
  dataExport: lazy(() => import("../features/account/data-export.router.ts").then((m) => m.dataExportRouter)),
  accountDeletion: lazy(() => import("../features/account/deletion.router.ts").then((m) => m.accountDeletionRouter)),
  push: lazy(() => import("../features/push/push.router.ts").then((m) => m.pushRouter)),
});

export type AppRouter = typeof appRouter;

/**
 * Loads every feature router not loaded yet, one at a time, with `between()` awaited after each
 * (main.ts passes a turn of the event loop, so requests are served in between). Afterwards
 * `appRouter._def.procedures` lists every procedure (tests that enumerate them await this).
 */
export async function warmRouters(between: () => Promise<unknown> = async () => {}): Promise<typeof appRouter> {
  for (;;) {
    const next = Object.values(appRouter._def.lazy)[0];
    if (!next) return appRouter;
    await next.load();
    await between();
  }
}
