/**
 * Everything the app is built from, created once per server (tests make one per test server).
 */
import type { Db } from "./db/create-db.ts";
import type { Env } from "./env.ts";
import { createAuthService } from "./features/auth/auth.service.ts";
import { createEmailCodes } from "./features/auth/email-codes.ts";
import { createLucia } from "./features/auth/lucia.ts";
import { countVisibleAlbums, createAlbumsService } from "./features/albums/albums.service.ts";
import { createProfilesService } from "./features/profiles/profiles.service.ts";
import { createSettingsService } from "./features/profiles/settings.service.ts";
import { createChatsService } from "./features/chats/chats.service.ts";
import { createMediaService } from "./features/media/media.service.ts";
import { createCommentsService } from "./features/posts/comments.service.ts";
import { createPostsService } from "./features/posts/posts.service.ts";
import { countPostsOf } from "./features/posts/posts.repository.ts";
import { createTagsService } from "./features/posts/tags.service.ts";
import { createNotificationsService } from "./features/notifications/notifications.service.ts";
import { createFriendsService } from "./features/friends/friends.service.ts";
import { createPresenceService } from "./features/presence/presence.service.ts";
import { createRecommendations } from "./features/friends/recommendations.ts";
import { createReportsService } from "./features/friends/reports.service.ts";
import { createModerationService } from "./features/moderation/moderation.service.ts";
import { createChatsModeration } from "./features/chats/chats.moderation.ts";
import { createMessageSearchService } from "./features/message-search/message-search.service.ts";
import { createMediaStorage } from "./features/media/media.storage.ts";
import { createPushService } from "./features/push/push.service.ts";
import { hubWithPush, notifyWithPush } from "./features/push/push.hooks.ts";
import type { AccountDeps } from "./features/auth/account-deps.ts";
import { createTotpService } from "./features/security/totp.service.ts";
import { createPasskeysService } from "./features/passkeys/passkeys.service.ts";
import { createDataExports } from "./features/account/data-export.service.ts";
import { createAccountDeletion } from "./features/account/deletion.service.ts";
import type { Clock } from "./lib/clock.ts";
import type { Logger } from "./lib/log.ts";
import type { Mailer } from "./lib/mail.ts";
import { createPasswordHasher } from "./lib/password.ts";
import type { RateLimiter } from "./lib/rate-limit.ts";
import type { Hub } from "./realtime/hub.ts";

export interface AppDeps {
  env: Env;
  db: Db;
  clock: Clock;
  log: Logger;
  mailer: Mailer;
  limiter: RateLimiter;
  hub: Hub;
  services: ReturnType<typeof createServices>;
}

export function createServices(base: Omit<AppDeps, "services">) {
  const lucia = createLucia(base.db.db, { secureCookies: base.env.secureCookies });
  const hasher = createPasswordHasher(base.env.ARGON2_CONCURRENCY);
  // Created first: other features receive it (attach images by id, register access policies).
  const media = createMediaService({
    db: base.db.db,
    dbKind: base.db.kind,
    clock: base.clock,
    log: base.log,
    storage: createMediaStorage(base.env),
    maxBytes: base.env.MEDIA_MAX_BYTES,
    quotaBytes: base.env.MEDIA_QUOTA_BYTES,
  });
  const publicUrl = base.env.PUBLIC_URL.replace(/\/$/, "");
  const notifications = createNotificationsService({
    db: base.db.db,
    clock: base.clock,
    hub: base.hub,
    log: base.log,
    frameIntervalMs: base.env.NOTIFICATION_FRAME_INTERVAL_MS,
  });
  // Issue 15: web push hooks into the bell's events and the chats' after-commit activity (push.hooks.ts).
  const push = createPushService({ db: base.db.db, clock: base.clock, log: base.log, publicUrl, mailFrom: base.env.MAIL_FROM, allowLocalEndpoints: base.env.PUSH_LOCAL_ENDPOINTS });
  const notify = notifyWithPush(notifications, push);
  const auth = createAuthService({
    db: base.db.db,
    clock: base.clock,
    mailer: base.mailer,
    limiter: base.limiter,
    hasher,
    lucia,
    hub: base.hub,
    log: base.log,
    publicUrl,
    secureCookies: base.env.secureCookies,
  });
  const friends = createFriendsService({ db: base.db.db, clock: base.clock, limiter: base.limiter, hub: base.hub, notify });
  return {
    notifications,
    push,
    friends,
    recommendations: createRecommendations({ db: base.db.db, friends }),
    reports: createReportsService({ db: base.db.db, clock: base.clock, limiter: base.limiter }),
    media,
    albums: createAlbumsService({ db: base.db.db, clock: base.clock, log: base.log, media }),
    profiles: createProfilesService({
      db: base.db.db,
      clock: base.clock,
      media,
      counters: {
        albums: (ownerId, viewerId) => countVisibleAlbums(base.db.db, ownerId, viewerId),
        posts: (ownerId) => countPostsOf(base.db.db, ownerId),
        people: (ownerId) => friends.countsOf(ownerId),
      },
      relation: (viewerId, ownerId) => friends.relation(viewerId, ownerId),
    }),
    settings: createSettingsService({
      db: base.db.db,
      clock: base.clock,
      media,
      hasher,
      codes: createEmailCodes({ db: base.db.db, clock: base.clock, limiter: base.limiter }),
      mailer: base.mailer,
      limiter: base.limiter,
      hub: base.hub,
      log: base.log,
      publicUrl,
    }),
    auth,
    ...accountServices({ ...base, hasher, auth, media, publicUrl }, notifications),
    posts: createPostsService({ db: base.db.db, clock: base.clock, limiter: base.limiter, hub: base.hub, log: base.log, media, notify }),
    comments: createCommentsService({ db: base.db.db, clock: base.clock, limiter: base.limiter, hub: base.hub, notify }),
    tags: createTagsService({ db: base.db.db, clock: base.clock }),
    presence: createPresenceService({ db: base.db.db, clock: base.clock, hub: base.hub }),
    chats: createChatsService({ db: base.db.db, clock: base.clock, log: base.log, hub: hubWithPush(base.hub, push), limiter: base.limiter, media }),
    messageSearch: createMessageSearchService({ db: base.db.db, dbKind: base.db.kind, limiter: base.limiter }),
    moderation: createModerationService({
      db: base.db.db,
      clock: base.clock,
      hub: base.hub,
      chats: createChatsModeration({ db: base.db.db, clock: base.clock, log: base.log, hub: base.hub, media }),
    }),
  };
}

/** Accounts, part two (#17): two-factor sign-in, passkeys, data export, deletion. */
function accountServices(d: AccountDeps, notifications: { changed(userIds: Iterable<string>): void }) {
  const dataExports = createDataExports(d);
  return {
    totp: createTotpService(d),
    passkeys: createPasskeysService(d),
    dataExports,
    accountDeletion: createAccountDeletion(d, { dataExports, notifications }),
  };
}
