/**
 * How a start loads the features' code once the server listens (ADR 0029): one dynamic import per
 * turn of the event loop, so requests — /healthz above all — are served between steps instead of
 * waiting for one long evaluation. The steps are the costly parts of app-runtime.ts's module
 * graph (zod schemas built at import, measured with START_TRACE / bench:start), in an order where
 * each mostly evaluates itself. They are about latency only: a module left out is evaluated by
 * the step that first imports it, and the app works the same.
 */
export const LOAD_STEPS: readonly (() => Promise<unknown>)[] = [
  () => import("hono"),
  () => import("@trpc/server/adapters/fetch"),
  () => import("../shared/media.ts"),
  () => import("../shared/chats.ts"),
  () => import("../shared/posts.ts"),
  () => import("../shared/friends.ts"),
  () => import("../shared/presence.ts"),
  () => import("../shared/notifications.ts"),
  () => import("../shared/events.ts"),
  () => import("../shared/auth.ts"),
  () => import("../shared/profiles.ts"),
  () => import("../shared/albums.ts"),
  () => import("../shared/passkeys.ts"),
  () => import("../shared/push.ts"),
  () => import("../shared/moderation.ts"),
  () => import("./features/auth/auth.service.ts"),
  () => import("./features/chats/chats.service.ts"),
  () => import("./features/notifications/notifications.service.ts"),
  () => import("./features/friends/friends.service.ts"),
  () => import("./deps.ts"),
  () => import("./realtime/socket.ts"),
  () => import("./app.ts"),
];
