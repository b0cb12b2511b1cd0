/**
 * Public profiles, the avatar history and the signature image. Images arrive through the media
 * pipeline first (POST /api/media); here they are attached by id after an ownership check.
 */
import type { Kysely } from "kysely";
import type { Relation } from "../../../shared/friends.ts";
import type { AvatarEntry, Profile, ProfileCounts } from "../../../shared/profiles.ts";
import { hasRole, type Role } from "../../../shared/moderation.ts";
import { toMs, type Database } from "../../db/schema.ts";
import type { Clock } from "../../lib/clock.ts";
import { NotFoundError } from "../../lib/errors.ts";
import type { MediaService } from "../media/media.service.ts";
import type { Authenticated } from "../auth/auth.service.ts";
import { asRole } from "../moderation/roles.ts";
import { isSuspended } from "../moderation/visibility.ts";
import * as repo from "./profiles.repository.ts";

/** Counts owned by other features. */
export interface ProfileCounters {
  albums(ownerId: string, viewerId: string | null): Promise<number>;
  posts(ownerId: string): Promise<number>;
  people(ownerId: string): Promise<{ friends: number; followers: number }>;
}

export function createProfilesService(deps: {
  db: Kysely<Database>;
  clock: Clock;
  media: MediaService;
  counters: ProfileCounters;
  /** The viewer's relation with the owner (server/features/friends). */
  relation(viewerId: string, ownerId: string): Promise<Relation>;
}) {
  const { db, clock, media } = deps;

  async function counts(ownerId: string, viewerId: string | null): Promise<ProfileCounts> {
    const [albums, posts, people] = await Promise.all([deps.counters.albums(ownerId, viewerId), deps.counters.posts(ownerId), deps.counters.people(ownerId)]);
    return { friends: people.friends, followers: people.followers, posts, albums };
  }

  return {
    /** `viewerRole` (the session's, read with it on this request): staff also get `staffView`. */
    async byUsername(username: string, viewerId: string | null, viewerRole: Role = "member"): Promise<Profile> {
      const row = await repo.findByUsername(db, username);
      if (!row) throw new NotFoundError("profiles.notFound");
      const isOwner = viewerId === row.id;
      const ids = [row.avatar_media_id, row.signature_media_id].filter((x): x is string => !!x);
      const [infos, c, relation] = await Promise.all([
        media.infoMany(ids),
        counts(row.id, viewerId),
        viewerId && !isOwner ? deps.relation(viewerId, row.id) : null,
      ]);
      return {
        id: row.id,
        username: row.username,
        firstName: row.first_name,
        lastName: row.last_name,
        bio: row.bio,
        birthDate: isOwner || row.show_birth_date ? row.birth_date : null,
        avatar: row.avatar_media_id ? (infos.get(row.avatar_media_id) ?? null) : null,
        signature: row.signature_media_id ? (infos.get(row.signature_media_id) ?? null) : null,
        counts: c,
        isOwner,
        relation,
        staffView:
          viewerId && !isOwner && hasRole(viewerRole, "moderator")
            ? { role: asRole(row.role), suspendedUntil: isSuspended(row.suspended_until, clock()) ? toMs(row.suspended_until!) : null }
            : null,
      };
    },

    async listAvatars(auth: Authenticated): Promise<AvatarEntry[]> {
      const [rows, me] = await Promise.all([repo.listAvatars(db, auth.user.id), repo.findById(db, auth.user.id)]);
      const infos = await media.infoMany(rows.map((r) => r.media_id));
      return rows.flatMap((r) => {
        const info = infos.get(r.media_id);
        return info ? [{ media: info, active: r.media_id === me?.avatar_media_id }] : [];
      });
    },

    /** Attaches an uploaded avatar to the history and makes it the active one. */
    async addAvatar(auth: Authenticated, mediaId: string) {
      await media.getOwned(auth.user.id, mediaId, "avatar");
      await db.transaction().execute(async (trx) => {
        if (!(await repo.findAvatar(trx, auth.user.id, mediaId))) {
          await repo.insertAvatar(trx, { media_id: mediaId, user_id: auth.user.id, created_at: clock() });
        }
        await repo.update(trx, auth.user.id, { avatar_media_id: mediaId, updated_at: clock() });
      });
    },

    async setActiveAvatar(auth: Authenticated, mediaId: string) {
      if (!(await repo.findAvatar(db, auth.user.id, mediaId))) throw new NotFoundError("media.notFound");
      await repo.update(db, auth.user.id, { avatar_media_id: mediaId, updated_at: clock() });
    },

    /** Deletes one avatar (files too); if it was active, the newest remaining one takes over. */
    async removeAvatar(auth: Authenticated, mediaId: string) {
      const removed = await db.transaction().execute(async (trx) => {
        if (!(await repo.findAvatar(trx, auth.user.id, mediaId))) return false;
        await repo.deleteAvatar(trx, auth.user.id, mediaId);
        const me = await repo.findById(trx, auth.user.id);
        if (me?.avatar_media_id === mediaId) {
          const next = await repo.newestAvatar(trx, auth.user.id);
          await repo.update(trx, auth.user.id, { avatar_media_id: next?.media_id ?? null, updated_at: clock() });
        }
        return true;
      });
      if (!removed) throw new NotFoundError("media.notFound");
      await media.remove(auth.user.id, mediaId);
    },

    async setSignature(auth: Authenticated, mediaId: string) {
      await media.getOwned(auth.user.id, mediaId, "signature");
      const before = await repo.findById(db, auth.user.id);
      await repo.update(db, auth.user.id, { signature_media_id: mediaId, updated_at: clock() });
      const old = before?.signature_media_id;
      if (old && old !== mediaId) await media.remove(auth.user.id, old);
    },

    async removeSignature(auth: Authenticated) {
      const before = await repo.findById(db, auth.user.id);
      await repo.update(db, auth.user.id, { signature_media_id: null, updated_at: clock() });
      if (before?.signature_media_id) await media.remove(auth.user.id, before.signature_media_id);
    },
  };
}

export type ProfilesService = ReturnType<typeof createProfilesService>;
